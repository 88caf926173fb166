from django.urls import path

from playground.lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.index, name="index"),
    path("docs/", views.docs_index, name="docs_index"),
    path("docs/<path:page>", views.doc, name="doc"),
    path("<slug:slug>/", views.lesson, name="lesson"),
    path("<slug:slug>/reset", views.reset, name="reset"),
    path("<slug:slug>/check", views.check, name="check"),
    path("<slug:slug>/<slug:step>/hint", views.hint, name="hint"),
    path("<slug:slug>/<slug:step>/solution", views.solution, name="solution"),
    path("<slug:slug>/<slug:step>/complete", views.complete, name="complete"),
]
