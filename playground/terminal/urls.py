from django.urls import path

from playground.terminal import views

app_name = "terminal"

urlpatterns = [
    path("new", views.new, name="new"),
    path("reset", views.reset, name="reset"),
    path("undo", views.undo, name="undo"),
    path("redo", views.redo, name="redo"),
    path("share", views.share, name="share"),
    path("lang", views.lang, name="lang"),
]
