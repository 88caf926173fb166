"""Diagrams messages carry only the panels that changed since the session's last broadcast."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from engine.facade import Engine
from playground.asgi import application
from playground.terminal.drain import Drainer
from playground.terminal.executors import group_name
from playground.terminal.runner import (
    PANELS_SENT,
    EngineCache,
    Message,
    PanelMemory,
    apply,
    finish,
)
from playground.terminal.sessions import MemorySessionStore, keys
from playground.web.diagrams import render_diagrams, render_panels

ORIGIN = (b"origin", b"http://testserver")


class Session:
    """One session driven through ``apply`` as an executor does: commit, then render."""

    def __init__(self) -> None:
        self.sid = "panels-" + uuid.uuid4().hex
        self.store = MemorySessionStore(ttl=3600)
        self.engines = EngineCache()
        self.engine: Engine | None = None

    def run(self, line: str, kind: str = "input", **fields: str) -> Message:
        command = {"kind": kind, "tty": "t1", "line": line, "id": uuid.uuid4().hex, **fields}
        step = apply(self.sid, self.store.load(self.sid), command, self.engines)
        step.seal()
        assert step.commit is not None and step.engine is not None
        assert self.store.commit(self.sid, step.commit)
        self.engines.put(self.sid, step.commit.record.version, step.engine)
        self.engine = step.engine
        diagrams = [m for m in step.messages if m["type"] == "diagrams"]
        return finish(diagrams, step.engine, step.commit.record.lang)[0]

    def panel(self, tab: str) -> str:
        assert self.engine is not None
        panels = render_panels(self.engine.view(), [], "en").panels
        return next(str(panel.html) for panel in panels if panel.tab == tab)


@pytest.mark.django_db
def test_a_volume_command_sends_only_the_volume_panels_and_a_sync_gets_every_panel() -> None:
    session = Session()
    first = session.run("docker volume create site-data")
    assert set(first) == {"type", "seq", "html"}  # nothing broadcast before: every panel
    assert first["html"].startswith(
        '<section id="diagrams" class="diagrams" data-focus-tab="volumes"'
    )
    assert first["html"].count('<div class="panel" id="panel-') == 6

    second = session.run("docker volume create more-data")
    assert set(second) == {"type", "seq", "focus", "panels"}
    assert second["seq"] == first["seq"] + 2
    assert second["focus"] == "volumes"
    # The disk panel counts volumes, so it changes with them; images, containers, the inside
    # view and the build are not sent.
    assert sorted(second["panels"]) == ["disk", "volumes"]
    assert second["panels"]["volumes"] == session.panel("volumes")
    assert 'id="vol-more-data"' in second["panels"]["volumes"]
    assert second["panels"]["volumes"].startswith('<div class="panel" id="panel-volumes" ')

    # A socket that connects (or resyncs) asks for a sync: a placeholder without a session.
    sync = finish([{"type": "diagrams", "seq": 9, "events": []}], session.engine, "en")[0]  # type: ignore[arg-type]
    assert sync == {
        "type": "diagrams",
        "seq": 9,
        "html": render_diagrams(session.engine.view(), [], "en"),  # type: ignore[union-attr]
    }


@pytest.mark.django_db
def test_a_read_only_command_sends_no_panel_and_a_language_switch_sends_every_one() -> None:
    session = Session()
    session.run("docker volume create site-data")
    quiet = session.run("docker volume ls")
    assert (quiet["focus"], quiet["panels"]) == ("", {})
    switched = session.run("", kind="control", op="lang", lang="zh-hans")
    assert sorted(switched["panels"]) == sorted(
        ["images", "containers", "inside", "volumes", "build", "disk"]
    )


def test_the_memory_answers_only_for_the_broadcast_right_before() -> None:
    memory = PanelMemory()
    assert memory.swap("s", 0, 1, {"images": b"a"}) == {}
    assert memory.swap("s", 1, 2, {"images": b"b"}) == {"images": b"a"}
    # Version 3 was broadcast by another worker: what this process remembers is not the truth.
    assert memory.swap("s", 3, 4, {"images": b"c"}) == {}
    assert memory.swap("s", 4, 5, {"images": b"c"}) == {"images": b"c"}
    memory.forget("s")
    assert memory.swap("s", 5, 6, {"images": b"c"}) == {}
    stale = PanelMemory(lifetime=-1.0)
    stale.swap("s", 0, 1, {"images": b"a"})
    assert stale.swap("s", 1, 2, {"images": b"a"}) == {}


async def _connect(cookie: tuple[bytes, bytes]) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/terminal/", headers=[ORIGIN, cookie])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _next(communicator: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        message = json.loads(await communicator.receive_from(timeout=3))
        if message["type"] == kind:
            return message


async def _input(communicator: WebsocketCommunicator, line: str) -> None:
    await communicator.send_json_to(
        {"type": "input", "tty": "t1", "id": uuid.uuid4().hex, "line": line}
    )


@pytest.mark.django_db(transaction=True)
async def test_the_embedded_executor_broadcasts_changed_panels_and_syncs_every_panel(
    session_cookie: Any,
) -> None:
    cookie = await session_cookie()
    learner = await _connect(cookie)
    await _input(learner, "docker volume create site-data")
    assert "html" in await _next(learner, "diagrams")
    await _input(learner, "docker volume create more-data")
    partial = await _next(learner, "diagrams")
    assert sorted(partial["panels"]) == ["disk", "volumes"]
    assert 'id="vol-more-data"' in partial["panels"]["volumes"]

    watcher = await _connect(cookie)  # a second page of the session connects and syncs
    await watcher.send_json_to({"type": "sync"})
    await _next(watcher, "sync")
    full = await _next(watcher, "diagrams")
    assert set(full) == {"type", "seq", "html"}
    assert 'id="vol-site-data"' in full["html"] and 'id="panel-images"' in full["html"]

    await _input(learner, "docker volume ls")
    for socket in (learner, watcher):
        quiet = await _next(socket, "diagrams")
        assert (quiet["seq"], quiet["panels"]) == (partial["seq"] + 2, {})
    await learner.disconnect()
    await watcher.disconnect()


async def _drain(drainer: Drainer, sid: str, *lines: str) -> list[dict[str, Any]]:
    """Queue ``lines`` and drain them; the diagrams messages the session's group received."""
    for line in lines:
        command = {"kind": "input", "tty": "t1", "id": uuid.uuid4().hex, "line": line}
        drainer.client.rpush(keys(sid)["mailbox"], json.dumps(command))
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group_name(sid), channel)
    await asyncio.sleep(0.2)  # subscribed before anything is published
    await asyncio.to_thread(drainer.drain, sid)
    messages = []
    for _ in range(2 * len(lines)):
        event = await asyncio.wait_for(layer.receive(channel), 5)
        messages.append(json.loads(event["text"]))
    await layer.flush()
    return [m for m in messages if m["type"] == "diagrams"]


async def test_the_celery_path_sends_changed_panels_whichever_worker_sent_the_last(
    drainer: Drainer,
) -> None:
    sid = "panels-" + uuid.uuid4().hex
    first, second = await _drain(
        drainer, sid, "docker volume create site-data", "docker volume create more-data"
    )
    assert "html" in first
    assert sorted(second["panels"]) == ["disk", "volumes"]
    # Another worker process takes the next command: it knows nothing but what the state holds.
    PANELS_SENT.forget(sid)
    (third,) = await _drain(drainer, sid, "docker volume rm more-data")
    assert sorted(third["panels"]) == ["disk", "volumes"]
    assert 'id="vol-more-data"' not in third["panels"]["volumes"]
    # Without the stored digests (a session from before them, say), every panel goes out.
    PANELS_SENT.forget(sid)
    drainer.client.hdel(keys(sid)["state"], "panels")
    (fourth,) = await _drain(drainer, sid, "docker volume ls")
    assert set(fourth) == {"type", "seq", "html"}
