"""The distributed path end to end: two daphne processes, two Celery workers, a real redis-server.

A learner on daphne A types 200 commands while a second socket of the same session on daphne B
watches. One worker is SIGKILLed mid-run. Every reply must arrive once (after dropping repeated
`seq`s, which the protocol lets clients do), in order, on both sockets, and no command may be
applied twice (the session's final `seq` counts exactly two broadcasts per command).
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import websockets

from playground.terminal.consumers import KICK_AFTER
from playground.terminal.localstack import Stack

pytestmark = pytest.mark.distributed

COMMANDS = 200
KILL_AT = 80


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    stack = Stack()
    try:
        stack.distributed_env(stack.redis())
        stack.manage("migrate", "--noinput", "-v", "0")
        yield stack
    finally:
        stack.stop()


def line_for(n: int) -> str:
    return f"echo {n}" if n % 3 else f"docker ps -a --filter name=n{n}"


class Socket:
    def __init__(self, port: int, cookie: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws/terminal/"
        self.headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": f"sessionid={cookie}"}
        self.messages: list[dict[str, Any]] = []
        self.arrived = asyncio.Condition()

    async def run(self, ready: asyncio.Event) -> None:
        async with websockets.connect(self.url, additional_headers=self.headers) as ws:
            self.ws = ws
            ready.set()
            async for text in ws:
                async with self.arrived:
                    self.messages.append(json.loads(text))
                    self.arrived.notify_all()

    async def wait_until(self, seen: Callable[[dict[str, Any]], bool], timeout: float) -> bool:
        """Whether a message for which ``seen`` holds arrived within ``timeout`` seconds."""
        async with self.arrived:
            try:
                await asyncio.wait_for(
                    self.arrived.wait_for(lambda: any(seen(m) for m in self.messages)), timeout
                )
            except TimeoutError:
                return False
        return True

    async def wait_for(self, command_id: str, timeout: float) -> bool:
        return await self.wait_until(lambda m: m.get("id") == command_id, timeout)


def unique_by_seq(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[int] = set()
    unique = []
    for message in messages:
        if "seq" in message and message["seq"] not in seen:
            seen.add(message["seq"])
            unique.append(message)
    return unique


async def drive(stack: Stack, port_a: int, port_b: int, victim: Any) -> tuple[Socket, Socket]:
    cookie = stack.new_session()
    learner, watcher = Socket(port_a, cookie), Socket(port_b, cookie)
    ready_a, ready_b = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(learner.run(ready_a)), asyncio.create_task(watcher.run(ready_b))]
    await asyncio.wait_for(asyncio.gather(ready_a.wait(), ready_b.wait()), 10)
    for n in range(COMMANDS):
        frame = json.dumps({"type": "input", "tty": "t1", "id": f"c{n}", "line": line_for(n)})
        await learner.ws.send(frame)
        if n == KILL_AT:
            victim.send_signal(signal.SIGKILL)  # mid-run, with this command possibly in flight
        while not await learner.wait_for(f"c{n}", timeout=6):
            await learner.ws.send(frame)  # a client retry: the same id must not apply twice
    await learner.ws.send(json.dumps({"type": "sync"}))
    # Waits, not sleeps, so a loaded machine is no failure; a lost message still is, after them.
    await learner.wait_until(lambda m: m["type"] == "sync", 30)
    for socket in (learner, watcher):
        await socket.wait_until(
            lambda m: (m["type"], m.get("seq")) == ("diagrams", 2 * COMMANDS), 30
        )
    for task in tasks:
        task.cancel()
    return learner, watcher


def test_two_daphnes_two_workers_in_order_exactly_once_across_a_worker_kill(stack: Stack) -> None:
    port_a, port_b = stack.daphne(), stack.daphne()
    victim = stack.worker("w1")
    stack.worker("w2")
    learner, watcher = asyncio.run(drive(stack, port_a, port_b, victim))

    assert victim.wait(timeout=5) == -signal.SIGKILL
    broadcasts = [m for m in learner.messages if m["type"] in {"outcome", "diagrams"}]
    stream = unique_by_seq(broadcasts)
    outcomes = [m for m in stream if m["type"] == "outcome"]
    assert [m["id"] for m in outcomes] == [f"c{n}" for n in range(COMMANDS)]
    assert [m["input"] for m in outcomes] == [line_for(n) for n in range(COMMANDS)]
    assert [m["seq"] for m in stream] == list(range(1, 2 * COMMANDS + 1))
    sync = [m for m in learner.messages if m["type"] == "sync"][-1]
    assert sync["seq"] == 2 * COMMANDS  # nothing applied twice

    watched = unique_by_seq([m for m in watcher.messages if m["type"] in {"outcome", "diagrams"}])
    assert [(m["seq"], m.get("id")) for m in watched] == [(m["seq"], m.get("id")) for m in stream]


async def run_one(port: int, cookie: str, line: str, command_id: str) -> tuple[str, int]:
    headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": f"sessionid={cookie}"}
    url = f"ws://127.0.0.1:{port}/ws/terminal/"
    async with websockets.connect(url, additional_headers=headers) as ws:
        await ws.send(json.dumps({"type": "input", "tty": "t1", "id": command_id, "line": line}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if message["type"] == "outcome" and message["id"] == command_id:
                return "".join(f["text"] for f in message["frames"]), message["seq"]


def test_a_session_survives_a_restart_of_every_web_and_worker_process(stack: Stack) -> None:
    cookie = stack.new_session()
    web = stack.daphne()
    stack.worker("before")
    asyncio.run(run_one(web, cookie, "docker volume create kept", "a"))
    for process in stack.processes[1:]:  # everything but redis-server
        process.terminate()
        process.wait(timeout=10)
    web = stack.daphne()
    stack.worker("after")
    output, seq = asyncio.run(run_one(web, cookie, "docker volume ls -q", "b"))
    assert output == "kept\n"
    assert seq == 3  # outcome 1, diagrams 2, then this one


def test_a_drain_task_lost_with_its_worker_is_made_up_for_by_the_consumer(stack: Stack) -> None:
    """Workers keep no unacked copy of a task (kombu's ack emulation is off): when a worker dies
    holding one, the command waits in the mailbox and the consumer's kick drains it."""
    for process in stack.processes[1:]:  # no worker may take the task: everything but redis-server
        process.terminate()
        process.wait(timeout=10)
    queue = redis.Redis.from_url(stack.env["REDIS_URL"])
    cookie, web = stack.new_session(), stack.daphne()

    async def lose_the_task_then_wait() -> float:
        headers = {"Origin": f"http://127.0.0.1:{web}", "Cookie": f"sessionid={cookie}"}
        async with websockets.connect(
            f"ws://127.0.0.1:{web}/ws/terminal/", additional_headers=headers
        ) as ws:
            frame = {"type": "input", "tty": "t1", "id": "lost", "line": "echo found"}
            await ws.send(json.dumps(frame))
            sent = time.monotonic()
            while not queue.delete("celery"):  # what a worker that took it and died leaves
                await asyncio.sleep(0.01)
            await asyncio.to_thread(stack.worker, "late")
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), KICK_AFTER + 10))
                if message["type"] == "outcome":
                    assert message["id"] == "lost"
                    assert message["frames"][0]["text"] == "found\n"
                    return time.monotonic() - sent

    assert asyncio.run(lose_the_task_then_wait()) >= KICK_AFTER
