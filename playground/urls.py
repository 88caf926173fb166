"""Root URLs: the page (UI app), session controls, shared snapshots."""

from __future__ import annotations

from importlib.util import find_spec

from django.urls import URLPattern, URLResolver, include, path

from playground.terminal import views as terminal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("session/", include("playground.terminal.urls")),
    path("s/<str:token>", terminal_views.open_share, name="open-share"),
]
if find_spec("playground.lessons.urls") is not None:
    urlpatterns.append(path("lessons/", include("playground.lessons.urls")))
if find_spec("playground.web.urls") is not None:
    urlpatterns.append(path("", include("playground.web.urls")))
