"""Session controls (`/session/...`, htmx POSTs, CSRF-protected) and opening a shared snapshot.

Controls go through the executor like commands, so they are ordered with the session's commands;
their effect reaches every socket of the session as a `sync` and a `diagrams` broadcast.
"""

from __future__ import annotations

import secrets
import uuid

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from playground.terminal.executors import get_executor
from playground.terminal.langs import LANG_SESSION_KEY, supported
from playground.terminal.models import Snapshot
from playground.terminal.sessions import request_session_id


async def _sid(request: HttpRequest) -> str:
    return await sync_to_async(request_session_id)(request)


def _done(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    return HttpResponseRedirect("/")


async def _control(request: HttpRequest, op: str, **extra: str) -> str | None:
    command = {"kind": "control", "op": op, "id": f"ctl-{uuid.uuid4().hex}", **extra}
    return await get_executor().submit(await _sid(request), command)


@require_POST
async def new(request: HttpRequest) -> HttpResponse:
    await _control(request, "new")
    return _done(request)


@require_POST
async def reset(request: HttpRequest) -> HttpResponse:
    await _control(request, "reset")
    return _done(request)


@require_POST
async def undo(request: HttpRequest) -> HttpResponse:
    await _control(request, "undo")
    return _done(request)


@require_POST
async def redo(request: HttpRequest) -> HttpResponse:
    await _control(request, "redo")
    return _done(request)


@require_POST
async def lang(request: HttpRequest) -> HttpResponse:
    chosen = supported(str(request.POST.get("lang", "")))
    if chosen is None:
        return HttpResponse(status=400)

    def store() -> None:
        request.session[LANG_SESSION_KEY] = chosen
        request.session.save()

    await sync_to_async(store)()
    await _control(request, "lang", lang=chosen)
    response = _done(request)
    if request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the page's own text changes language too
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
    return response


@require_POST
async def share(request: HttpRequest) -> HttpResponse:
    record, _engine = await get_executor().snapshot(await _sid(request))
    token = secrets.token_urlsafe(12)
    await Snapshot.objects.acreate(token=token, dump=record.dump, lang=record.lang)
    link = request.build_absolute_uri(f"/s/{token}")
    return HttpResponse(format_html('<a class="share-link" href="{0}">{0}</a>', link))


@require_GET
async def open_share(request: HttpRequest, token: str) -> HttpResponse:
    try:
        snapshot = await Snapshot.objects.aget(token=token)
    except Snapshot.DoesNotExist as missing:
        raise Http404 from missing

    def fresh_session() -> str:
        # A new Django session: the snapshot starts a session of its own, never the sharer's.
        request.session.flush()
        request.session[LANG_SESSION_KEY] = snapshot.lang
        request.session.save()
        return request_session_id(request)

    sid = await sync_to_async(fresh_session)()
    command = {
        "kind": "control",
        "op": "load",
        "id": f"load-{token}",
        "dump": bytes(snapshot.dump).hex(),
        "lang": snapshot.lang,
    }
    await get_executor().submit(sid, command)
    return HttpResponseRedirect("/")
