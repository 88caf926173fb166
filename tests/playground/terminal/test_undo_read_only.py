"""Undo history: only commands that change the world push a step; read-only ones do not."""

from __future__ import annotations

from typing import Any

import pytest
from channels.testing import WebsocketCommunicator
from django.test import AsyncClient
from socket_helpers import ORIGIN, run, until

from playground.asgi import application
from playground.terminal.runner import EngineCache, apply
from playground.terminal.sessions import Loaded, MemorySessionStore

pytestmark = pytest.mark.django_db(transaction=True)


def step_undo(store: MemorySessionStore, line: str, command_id: str, engines: EngineCache) -> str:
    step = apply("s", store.load("s"), {"kind": "input", "line": line, "id": command_id}, engines)
    step.seal()
    assert step.commit is not None and store.commit("s", step.commit)
    return step.commit.undo


def test_read_only_commands_are_saved_without_an_undo_step() -> None:
    store, engines = MemorySessionStore(), EngineCache()
    assert step_undo(store, "docker volume create v1", "a", engines) == "push"
    assert step_undo(store, "docker volume ls", "b", engines) == ""
    assert step_undo(store, "docker ps -a", "c", engines) == ""
    assert step_undo(store, "touch notes.txt", "d", engines) == "push"
    loaded: Loaded = store.load("s")
    assert loaded.record is not None and loaded.record.applied == ["a", "b", "c", "d"]


async def test_one_undo_skips_the_read_only_commands_after_a_change(session_cookie: Any) -> None:
    cookie = await session_cookie()
    socket = WebsocketCommunicator(application, "/ws/terminal/", headers=[ORIGIN, cookie])
    assert (await socket.connect())[0]
    client = AsyncClient()
    client.cookies["sessionid"] = cookie[1].decode().split("=", 1)[1]
    await run(socket, "docker volume create v1", "a")
    await run(socket, "docker volume create v2", "b")
    assert await run(socket, "docker volume ls -q", "c") == "v1\nv2\n"
    assert await run(socket, "docker images", "d") != ""
    await client.post("/session/undo")
    await until(socket, "diagrams")
    assert await run(socket, "docker volume ls -q", "e") == "v1\n"
    await socket.disconnect()
