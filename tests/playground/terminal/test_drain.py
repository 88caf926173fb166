"""The worker-side drain against a real Redis: order, exactly once, resend after a crash."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import redis
from channels.layers import get_channel_layer

from playground.terminal.drain import Drainer
from playground.terminal.executors import group_name
from playground.terminal.sessions import keys


def push(client: redis.Redis, sid: str, *commands: dict[str, Any]) -> None:
    client.rpush(keys(sid)["mailbox"], *[json.dumps(c) for c in commands])


async def collect(sid: str, run: Any, count: int) -> list[dict[str, Any]]:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group_name(sid), channel)
    await asyncio.sleep(0.2)  # the subscription is in place before anything is published
    await asyncio.to_thread(run)
    messages = []
    for _ in range(count):
        event = await asyncio.wait_for(layer.receive(channel), 5)
        messages.append(json.loads(event["text"]))
    await layer.flush()
    return messages


def line(n: int, command_id: str | None = None) -> dict[str, Any]:
    return {"kind": "input", "tty": "t1", "id": command_id or f"c{n}", "line": f"echo {n}"}


async def test_commands_apply_in_order_once_and_leave_the_mailbox(drainer: Drainer) -> None:
    push(drainer.client, "s", line(0), line(1), line(1), line(2))  # c1 twice: a client retry
    messages = await collect("s", lambda: drainer.drain("s"), 8)
    outcomes = [m for m in messages if m["type"] == "outcome"]
    assert [m["id"] for m in outcomes] == ["c0", "c1", "c1", "c2"]
    # The retry got c1's replies again, same seqs (clients drop them); nothing ran twice.
    assert [m["seq"] for m in messages] == [1, 2, 3, 4, 3, 4, 5, 6]
    assert outcomes[2] == outcomes[1]
    assert drainer.client.llen(keys("s")["mailbox"]) == 0
    assert drainer.store.load("s").record.seq == 6  # type: ignore[union-attr]


class Killed(Exception):
    """Stands for the worker process dying at that point."""


async def test_the_outcome_goes_out_with_the_commit_and_a_dead_sender_s_rest_is_resent(
    drainer: Drainer,
) -> None:
    push(drainer.client, "r", line(0))

    def die(*_args: object) -> None:
        raise Killed("killed after the commit, before the diagrams")

    def crash_then_drain_again() -> None:
        drainer._after_commit = die  # type: ignore[method-assign]
        with pytest.raises(Killed):
            drainer.drain("r")
        del drainer._after_commit
        assert drainer.client.llen(keys("r")["mailbox"]) == 0
        drainer.drain("r")

    messages = await collect("r", crash_then_drain_again, 3)
    # The outcome was published by the write itself; the next drainer sends the step again and
    # clients drop the repeated seq.
    assert [(m["type"], m["seq"]) for m in messages] == [
        ("outcome", 1),
        ("outcome", 1),
        ("diagrams", 2),
    ]
    assert messages[0] == messages[1]
    assert messages[0]["id"] == "c0"
    assert drainer.store.load("r").sent == 1


def test_a_held_lock_makes_drain_give_up(drainer: Drainer) -> None:
    drainer.client.set(keys("h")["lock"], "someone-else", px=5000)
    push(drainer.client, "h", line(0))
    assert drainer.drain("h") is False
    assert drainer.client.llen(keys("h")["mailbox"]) == 1


def test_a_drain_with_nothing_to_do_does_not_wait_for_the_lock(drainer: Drainer) -> None:
    push(drainer.client, "n", line(0))
    assert drainer.drain("n") is True
    drainer.client.set(keys("n")["lock"], "someone-else", px=5000)
    # The late task of a command an earlier drain already applied and sent.
    assert drainer.drain("n") is True
    assert drainer.client.get(keys("n")["lock"]) == b"someone-else"


async def test_only_commands_that_change_the_world_push_an_undo_step(drainer: Drainer) -> None:
    k = keys("u")
    push(
        drainer.client,
        "u",
        {"kind": "input", "tty": "t1", "id": "a", "line": "docker volume create v1"},
        {"kind": "input", "tty": "t1", "id": "b", "line": "docker volume ls"},
        {"kind": "input", "tty": "t1", "id": "c", "line": "docker ps"},
    )
    await collect("u", lambda: drainer.drain("u"), 6)
    assert drainer.client.llen(k["undo"]) == 1
    push(drainer.client, "u", {"kind": "control", "op": "undo", "id": "d"})
    push(
        drainer.client,
        "u",
        {"kind": "input", "tty": "t1", "id": "e", "line": "docker volume ls -q"},
    )
    messages = await collect("u", lambda: drainer.drain("u"), 4)
    outcome = next(m for m in messages if m["type"] == "outcome")
    assert "".join(f["text"] for f in outcome["frames"]) == ""
    assert drainer.client.llen(k["undo"]) == 0
    assert drainer.client.llen(k["redo"]) == 1
