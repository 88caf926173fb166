"""The page and the published-port preview. Plain function views."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from playground.terminal.preview import published_port_response
from playground.web.diagrams import TABS, render_diagrams

log = logging.getLogger(__name__)

EMPTY_VIEW: dict[str, Any] = {
    "images": [],
    "layers": {},
    "containers": [],
    "volumes": [],
    "networks": [],
    "disk": {},
    "build": None,
    "ports": [],
}


async def session_engine(request: HttpRequest) -> Any | None:
    """The engine of this browser session, through the runtime's executor (None if unavailable).

    Also creates the Django session when the visitor has none, so the websocket that the page
    opens next carries a session cookie. The engine is a snapshot: for reading only.
    """
    try:
        from playground.terminal.executors import get_executor
        from playground.terminal.sessions import request_session_id
    except ImportError:  # the runtime app is optional for rendering the page
        return None
    try:
        sid = await sync_to_async(request_session_id)(request)
        _record, engine = await get_executor().snapshot(sid)
    except Exception:  # the page must render even when the session store is unreachable
        log.exception("could not load the session's engine")
        return None
    return engine


async def lesson_pane(request: HttpRequest) -> str:
    """The lesson column as the lessons app renders it (resumes the open lesson), if installed."""
    try:
        from playground.lessons.views import pane_html
    except ImportError:
        return ""
    return await sync_to_async(pane_html)(request)


def _session_lang(request: HttpRequest) -> str | None:
    """The language stored for the session by ``/session/lang`` or a shared link, if any."""
    chosen = request.session.get("lang")
    codes = {code for code, _name in settings.LANGUAGES}
    return chosen if isinstance(chosen, str) and chosen in codes else None


@require_GET
async def index(request: HttpRequest) -> HttpResponse:
    engine = await session_engine(request)
    chosen = await sync_to_async(_session_lang)(request)
    if chosen:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
    lang = translation.get_language() or settings.LANGUAGE_CODE
    view = engine.view() if engine is not None else EMPTY_VIEW
    prompt = engine.prompt("t1") if engine is not None else "$ "
    # Strings the terminal script shows; ours, so they come from the catalogue like the page's.
    strings = {
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "too_long": _("That line is too long to send."),
        "step_reset": _("Resetting this step…"),
        "copied": _("Copied."),
        "copy_failed": _("Could not copy; select the text instead."),
        "close_terminal": _("Close terminal"),
    }
    context = {
        "diagrams_html": render_diagrams(view, [], lang),
        "lesson_pane": await lesson_pane(request),
        "prompt": prompt,
        "tabs": [(tab, _tab_label(tab)) for tab in TABS],
        "page_config": {
            "lang": lang,
            "wsPath": "/ws/terminal/",
            "langCookie": settings.LANGUAGE_COOKIE_NAME,
            "prompt": prompt,
            "strings": strings,
        },
    }
    return await sync_to_async(render)(request, "playground/index.html", context)


def _tab_label(tab: str) -> str:
    labels = {
        "images": _("Images & layers"),
        "containers": _("Containers"),
        "inside": _("Inside a container"),
        "volumes": _("Volumes"),
        "build": _("Build"),
        "disk": _("Disk"),
    }
    return labels[tab]


@require_GET
async def published_port(request: HttpRequest, port: int, path: str = "") -> HttpResponse:
    """What the simulated program behind ``localhost:<port>`` serves, for a sandboxed iframe."""
    # Through the session's executor, so the access-log line and its events are kept and shown.
    status, headers, body = await published_port_response(request, port, "/" + path)
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        # Hop-by-hop and security headers are ours to set, not the simulated program's.
        if name.lower() not in {
            "content-security-policy",
            "x-content-type-options",
            "connection",
            "transfer-encoding",
            "content-length",
            "set-cookie",
        }:
            response[name] = value
    if "Content-Type" not in response:
        response["Content-Type"] = "text/html; charset=utf-8"
    # The page is untrusted learner content: no scripts, no same-origin access, no sniffing.
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
