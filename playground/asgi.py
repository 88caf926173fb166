"""ASGI entry point: HTTP through Django, websockets through the terminal consumer.

Websockets are origin-checked against ALLOWED_HOSTS and carry the Django session cookie, which is
the only thing that decides which engine a socket talks to.
"""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")
django_asgi_app = get_asgi_application()

# Imported after Django is set up: the consumer imports models and settings.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402

from engine.catalog import CATALOG  # noqa: E402
from playground.terminal.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            SessionMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Django, Channels and the engine's catalog live as long as the process: load the catalog now
# (not in the first learner's command) and keep all of it out of the collector's full passes,
# which otherwise pause a command for tens of milliseconds now and then.
CATALOG.preload()
gc.collect()
gc.freeze()
