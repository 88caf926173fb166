from django.urls import path

from playground.terminal.consumers import TerminalConsumer

websocket_urlpatterns = [path("ws/terminal/", TerminalConsumer.as_asgi())]
