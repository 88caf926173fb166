"""The published-port preview for HTTP views: the request runs through the session's executor.

Running it there (not on a read-only snapshot) keeps it in order with the session's commands and
saves and broadcasts its side effects: access-log lines for `docker logs -f` terminals and
`http.request` events for the diagrams.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.http import HttpRequest

from playground.terminal.executors import HttpResponse, get_executor
from playground.terminal.sessions import request_session_id


async def published_port_response(request: HttpRequest, port: int, path: str) -> HttpResponse:
    """(status, headers, body) of ``http://localhost:<port><path>`` in this browser's session."""
    sid = await sync_to_async(request_session_id)(request)
    return await get_executor().http(sid, port, path)
