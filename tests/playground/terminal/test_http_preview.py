"""The port preview through the executor: the response goes to the caller, side effects to all."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from socket_helpers import ORIGIN, until

from playground.asgi import application
from playground.terminal.drain import Drainer
from playground.terminal.executors import (
    PUSH_SCRIPT,
    InProcessExecutor,
    get_executor,
    group_name,
    reply_key,
)
from playground.terminal.sessions import keys, session_id

pytestmark = pytest.mark.django_db(transaction=True)

ACCESS_LINE = '"GET /index.html HTTP/1.1" 200 615'


async def run(socket: WebsocketCommunicator, tty: str, line: str, command_id: str) -> None:
    await socket.send_json_to({"type": "input", "tty": tty, "id": command_id, "line": line})
    await until(socket, "outcome")
    await until(socket, "diagrams")


async def test_preview_returns_the_page_and_feeds_a_logs_follower(session_cookie: Any) -> None:
    cookie = await session_cookie()
    socket = WebsocketCommunicator(application, "/ws/terminal/", headers=[ORIGIN, cookie])
    assert (await socket.connect())[0]
    await run(socket, "t1", "docker run -d --name web -p 8080:80 nginx", "a")
    await run(socket, "t2", "docker logs -f web", "b")
    sid = session_id(cookie[1].decode().split("=", 1)[1])

    executor = get_executor()
    assert isinstance(executor, InProcessExecutor)
    status, headers, body = await executor.http(sid, 8080, "/index.html")
    assert status == 200
    assert headers["Server"] == "nginx/1.25.2"
    assert "<title>Welcome to nginx!</title>" in body

    output = await until(socket, "output")
    assert output["tty"] == "t2"
    assert ACCESS_LINE in output["frames"][0]["text"]
    await until(socket, "diagrams")
    # Saved: the follower does not get the same line again with the next request.
    assert (await executor.http(sid, 8080, "/nope"))[0] == 404
    again = "".join(f["text"] for f in (await until(socket, "output"))["frames"])
    assert ACCESS_LINE not in again
    assert '"GET /nope HTTP/1.1" 404' in again
    await socket.disconnect()


async def test_preview_of_an_unpublished_port_is_a_bad_gateway(session_cookie: Any) -> None:
    cookie = await session_cookie()
    sid = session_id(cookie[1].decode().split("=", 1)[1])
    status, _headers, body = await get_executor().http(sid, 9999, "/")
    assert status == 502
    assert body.startswith("curl: (7) ")


async def test_worker_replies_to_the_caller_and_broadcasts_the_side_effects(
    drainer: Drainer,
) -> None:
    mailbox = keys("w")["mailbox"]
    commands = [
        {"kind": "input", "tty": "t1", "id": "a", "line": "docker run -d -p 8080:80 nginx"},
        {"kind": "http", "port": 8080, "path": "/", "id": "http-1"},
    ]
    drainer.client.rpush(mailbox, *[json.dumps(c) for c in commands])
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group_name("w"), channel)
    await asyncio.sleep(0.2)
    await asyncio.to_thread(drainer.drain, "w")
    kinds = []
    for _ in range(3):
        kinds.append(
            json.loads((await asyncio.wait_for(layer.receive(channel), 5))["text"])["type"]
        )
    # The command's outcome and diagrams, then the request's diagrams (http.request); no reply.
    assert kinds == ["outcome", "diagrams", "diagrams"]
    await layer.flush()
    reply = json.loads(drainer.client.lpop(reply_key("w", "http-1")) or b"{}")
    assert reply["status"] == 200 and "Welcome to nginx!" in reply["body"]


def test_push_script_takes_the_rate_limit_token_in_the_same_call(drainer: Drainer) -> None:
    push = drainer.client.register_script(PUSH_SCRIPT)
    k = keys("rl")
    args = ["{}", 100, 60, "", 20, 3]
    results = [push(keys=[k["mailbox"], "q", k["rate"]], args=args) for _ in range(4)]
    assert results == [1, 2, 3, -2]
    assert drainer.client.llen(k["mailbox"]) == 3
    # Without a rate (controls from HTTP views) no token is needed.
    assert push(keys=[k["mailbox"], "q", k["rate"]], args=["{}", 100, 60, "", "", 3]) == 4


async def test_the_view_helper_uses_the_request_session(session_cookie: Any) -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from playground.terminal.preview import published_port_response

    cookie = await session_cookie()
    key = cookie[1].decode().split("=", 1)[1]
    request = RequestFactory().get("/")
    request.session = await asyncio.to_thread(SessionStore, key)
    status, _headers, body = await published_port_response(request, 8081, "/")
    assert status == 502
    assert body.startswith("curl: (7) Failed to connect to localhost port 8081")


def test_cached_drain_envelope_equals_a_freshly_built_one() -> None:
    from playground.terminal.executors import build_drain_envelope, drain_task_envelope

    sid = "ab" * 16
    envelope = json.loads(drain_task_envelope(sid))
    task_id, tag = envelope["headers"]["id"], envelope["properties"]["delivery_tag"]
    assert drain_task_envelope(sid) != drain_task_envelope(sid)  # fresh ids every time
    assert json.dumps(envelope, separators=(",", ":")) == build_drain_envelope(sid, task_id, tag)
    assert envelope["headers"]["argsrepr"] == f"('{sid}',)"
