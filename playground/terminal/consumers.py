"""The terminal websocket: one per page; every socket of a session joins the session's group.

The session (and so the engine) comes only from the Django session cookie. Client frames are
validated here; anything malformed gets an `error` message and the socket stays open. Every frame,
malformed or not, takes a token of the session's rate limit. Only an oversized frame (1009) or a
flood of rate-limited frames (a `flood` error, then 1008) closes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation

from playground.terminal import limits
from playground.terminal.errors import error_message
from playground.terminal.executors import RATE_LIMITED, get_executor, get_limiter, group_name
from playground.terminal.langs import lang_from_scope
from playground.terminal.runner import finish, tty_state
from playground.terminal.sessions import session_id

log = logging.getLogger(__name__)

KICK_AFTER = 3.0  # seconds without the reply to an input before the drain is re-triggered
KICKS = 5
TTY_MAX = 16


def _valid_tty(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= TTY_MAX and value.isalnum()


def _valid_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limits.MAX_ID_CHARS


def frame_problem(message: object) -> str | None:
    """The error code for a malformed client frame; None when it is well-formed."""
    if not isinstance(message, dict):
        return "bad_frame"
    # Tuples, not sets: a client may send any JSON value here, lists included (unhashable).
    kind = message.get("type")
    if kind in ("input", "complete"):
        line = message.get("line")
        if not (
            _valid_tty(message.get("tty"))
            and isinstance(line, str)
            and _valid_id(message.get("id"))
        ):
            return "bad_frame"
        if len(line.encode()) > limits.MAX_LINE_BYTES:
            return "line_too_long"
        return None
    if kind == "signal":
        valid = _valid_tty(message.get("tty")) and message.get("signal") in ("interrupt", "detach")
        return None if valid else "bad_frame"
    return None if kind == "sync" else "bad_frame"


class TerminalConsumer(AsyncWebsocketConsumer):
    sid: str
    group: str
    lang: str

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale DB connections before every message, through a thread hop (about a
        # millisecond). Only connect() touches the database here, inside database_sync_to_async,
        # which does that cleanup itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        key, self.lang = await database_sync_to_async(self._identify)()
        self.sid = session_id(key)
        self.group = group_name(self.sid)
        self.rejected = 0
        self.closing = False  # set once we close for a flood: later frames are dropped
        self.flood_window = 0.0
        self.last_rate_error = 0.0
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.kicks: set[asyncio.Task[None]] = set()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    def _identify(self) -> tuple[str, str]:
        """The Django session key and language (database access, so off the event loop)."""
        session = self.scope["session"]
        key = session.session_key
        if key is None or not session.exists(key):
            # No page load created a session (a bare websocket client): give this socket a private one.
            if key:
                session.cycle_key()
            else:
                session.save()
            key = session.session_key
        return key, lang_from_scope(self.scope)

    async def disconnect(self, code: int) -> None:
        for handle in self.pending.values():
            handle.cancel()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > limits.MAX_FRAME_BYTES:
            await get_limiter().allow(self.sid)  # counts, though the socket closes anyway
            await self.error("too_large")
            await self.close(code=1009)
            return
        try:
            message = json.loads(text_data) if text_data is not None else None
        except ValueError:
            message = None
        problem = frame_problem(message)
        # Well-formed commands take their token inside the executor's submission when it can (one
        # Redis round trip instead of two); every other frame, malformed ones included, here.
        folded = (
            problem is None
            and get_executor().folds_rate_limit
            and message["type"] in {"input", "signal"}  # type: ignore[index]
        )
        if not folded and not await get_limiter().allow(self.sid):
            await self.rate_limited()
            return
        if problem is not None:
            await self.error(problem)
            return
        assert isinstance(message, dict)
        handler = {
            "input": self.on_input,
            "signal": self.on_signal,
            "complete": self.on_complete,
            "sync": self.on_sync,
        }[message["type"]]
        await handler(message)

    async def rate_limited(self) -> None:
        now = time.monotonic()
        if now - self.flood_window > limits.FLOOD_WINDOW:
            self.flood_window, self.rejected = now, 0
        self.rejected += 1
        if self.rejected >= limits.FLOOD_REJECTIONS:
            self.closing = True
            await self.error("flood")
            await self.close(code=1008)
            return
        if now - self.last_rate_error > 1.0:
            self.last_rate_error = now
            await self.error("rate_limited")

    async def on_input(self, message: dict[str, Any]) -> None:
        command = {
            "kind": "input",
            "tty": message["tty"],
            "line": message["line"],
            "id": message["id"],
            "lang": self.lang,
        }
        await self.submit(command)

    async def on_signal(self, message: dict[str, Any]) -> None:
        command_id = message.get("id")
        if not _valid_id(command_id):
            command_id = f"sig-{self.channel_name}-{time.monotonic_ns()}"
        signal = {"kind": "signal", "tty": message["tty"], "signal": message["signal"]}
        await self.submit({**signal, "id": command_id})

    async def submit(self, command: dict[str, Any]) -> None:
        executor = get_executor()
        if not executor.remote:
            # The embedded executor broadcasts from inside submit(); run it beside this consumer so
            # the consumer is free to deliver the outcome to its own socket meanwhile. The
            # session's lock is FIFO and is the task's first wait, so order is kept.
            task = asyncio.get_running_loop().create_task(self._submit_here(command))
            self.kicks.add(task)
            task.add_done_callback(self.kicks.discard)
            return
        # Remote: the push must finish before the next frame's push starts, to keep order.
        error = await executor.submit(self.sid, command, rate_limit=executor.folds_rate_limit)
        if error == RATE_LIMITED:
            await self.rate_limited()
            return
        if error:
            await self.error(error)
            return
        self._watch(command["id"], KICKS)

    async def _submit_here(self, command: dict[str, Any]) -> None:
        error = await get_executor().submit(self.sid, command)
        if error:
            await self.error(error)

    def _watch(self, command_id: str, kicks_left: int) -> None:
        # If a worker died holding the session, its replies stop; nudge the queue until they come.
        if kicks_left <= 0 or (command_id in self.pending and kicks_left == KICKS):
            return
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self.pending.pop(command_id, None)
            task = loop.create_task(get_executor().kick(self.sid))
            self.kicks.add(task)
            task.add_done_callback(self.kicks.discard)
            self._watch(command_id, kicks_left - 1)

        self.pending[command_id] = loop.call_later(KICK_AFTER, fire)

    async def on_complete(self, message: dict[str, Any]) -> None:
        tty, line, command_id = message["tty"], message["line"], message["id"]
        _record, engine = await get_executor().snapshot(self.sid)
        candidates = engine.complete(line, tty)
        await self.send_json(
            {"type": "completion", "tty": tty, "id": command_id, "candidates": candidates}
        )

    async def on_sync(self, message: dict[str, Any]) -> None:
        record, engine = await get_executor().snapshot(self.sid)
        await self.send_json({"type": "sync", "ttys": tty_state(record, engine), "seq": record.seq})
        diagrams = {"type": "diagrams", "seq": record.seq, "events": []}
        await self.send_json(finish([diagrams], engine, record.lang or self.lang)[0])

    async def session_message(self, event: dict[str, Any]) -> None:
        """A broadcast of the session (from an executor, possibly on another machine)."""
        command_id = event.get("id")
        if command_id:
            handle = self.pending.pop(command_id, None)
            if handle is not None:
                handle.cancel()
        await self.send(text_data=event["text"])

    async def error(self, code: str) -> None:
        with translation.override(self.lang):
            text = error_message(code)
        await self.send_json({"type": "error", "code": code, "message": text})

    async def send_json(self, message: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(message, ensure_ascii=False, separators=(",", ":")))
