from django.urls import path

from playground.web import views

app_name = "web"

urlpatterns = [
    path("", views.index, name="index"),
    path("port/<int:port>/", views.published_port, name="port-root"),
    path("port/<int:port>/<path:path>", views.published_port, name="port"),
]
