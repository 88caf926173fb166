"""Session controls over HTTP (`/session/...`) with the embedded executor, seen from a socket."""

from __future__ import annotations

from typing import Any

import pytest
from channels.testing import WebsocketCommunicator
from django.test import AsyncClient
from socket_helpers import ORIGIN, run, until

from playground.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def open_socket(cookie: tuple[bytes, bytes]) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(application, "/ws/terminal/", headers=[ORIGIN, cookie])
    assert (await socket.connect())[0]
    return socket


def client_for(cookie: tuple[bytes, bytes]) -> AsyncClient:
    client = AsyncClient()
    client.cookies["sessionid"] = cookie[1].decode().split("=", 1)[1]
    return client


async def test_undo_and_redo_move_through_the_last_commands(session_cookie: Any) -> None:
    cookie = await session_cookie()
    socket, client = await open_socket(cookie), client_for(cookie)
    await run(socket, "docker volume create v1", "a")
    await run(socket, "docker volume create v2", "b")

    response = await client.post("/session/undo", headers={"HX-Request": "true"})
    assert response.status_code == 204
    sync = await until(socket, "sync")
    assert sync["ttys"]["t1"]["prompt"] == "$ "
    await until(socket, "diagrams")
    assert await run(socket, "docker volume ls -q", "c") == "v1\n"

    await client.post("/session/undo")
    await client.post("/session/redo")
    assert await run(socket, "docker volume ls -q", "d") == "v1\n"
    await socket.disconnect()


async def test_reset_empties_the_engine_and_can_be_undone(session_cookie: Any) -> None:
    cookie = await session_cookie()
    socket, client = await open_socket(cookie), client_for(cookie)
    await run(socket, "docker volume create keep", "a")
    await client.post("/session/reset")
    await until(socket, "diagrams")
    await client.post("/session/undo")
    assert await run(socket, "docker volume ls -q", "b") == "keep\n"
    await client.post("/session/reset")
    assert await run(socket, "docker volume ls -q", "c") == ""
    await socket.disconnect()


async def test_share_link_starts_a_new_session_from_the_snapshot(session_cookie: Any) -> None:
    cookie = await session_cookie()
    socket, client = await open_socket(cookie), client_for(cookie)
    await run(socket, "docker volume create shared", "a")
    response = await client.post("/session/share")
    assert response.status_code == 200
    link = response.content.decode().split('href="', 1)[1].split('"', 1)[0]
    assert link.startswith("http://testserver/s/")

    visitor = AsyncClient()
    opened = await visitor.get(link.removeprefix("http://testserver"))
    assert opened.status_code == 302
    visitor_cookie = (b"cookie", f"sessionid={visitor.cookies['sessionid'].value}".encode())
    assert visitor_cookie != cookie
    theirs = await open_socket(visitor_cookie)
    assert await run(theirs, "docker volume ls -q", "b") == "shared\n"
    # The visitor's commands never reach the sharer's session.
    await run(theirs, "docker volume create mine", "c")
    assert await run(socket, "docker volume ls -q", "d") == "shared\n"
    await socket.disconnect()
    await theirs.disconnect()


async def test_unknown_share_token_is_404() -> None:
    assert (await AsyncClient().get("/s/nope")).status_code == 404


async def test_lang_is_stored_and_used_for_our_messages(session_cookie: Any) -> None:
    cookie = await session_cookie()
    client = client_for(cookie)
    response = await client.post(
        "/session/lang", {"lang": "zh-hans"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    socket = await open_socket(cookie)
    await socket.send_to(text_data="nonsense")
    error = await until(socket, "error")
    assert error["message"] == "消息格式不正确，已忽略。"
    assert (await client.post("/session/lang", {"lang": "xx"})).status_code == 400
    await socket.disconnect()


async def test_controls_need_post_and_csrf(session_cookie: Any) -> None:
    cookie = await session_cookie()
    assert (await client_for(cookie).get("/session/reset")).status_code == 405
    strict = AsyncClient(enforce_csrf_checks=True)
    strict.cookies["sessionid"] = cookie[1].decode().split("=", 1)[1]
    assert (await strict.post("/session/reset")).status_code == 403
