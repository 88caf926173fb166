from django.urls import include, path

urlpatterns = [path("lessons/", include("playground.lessons.urls"))]
