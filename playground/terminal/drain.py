"""The worker side of the distributed executor: drain a session's mailbox, in order, once.

Commands of one session are applied by whichever worker holds the session's lock, oldest first.
A command leaves the mailbox in the same atomic step that writes the new state (compare-and-set on
the version), so a worker killed mid-command leaves it queued, and a retried command id is
recognised as applied. The replies of a step are stored with the state until marked sent; a
drainer resends them if their sender died in between (clients drop a repeated ``seq``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from typing import Any

from channels.layers import get_channel_layer

from playground.terminal.executors import (
    HTTP_REPLY_TTL,
    broadcast,
    group_name,
    layer_message,
    reply_key,
)
from playground.terminal.redis_clients import sync_client
from playground.terminal.runner import EngineCache, apply, engine_from, finish
from playground.terminal.sessions import MARK_SENT_SCRIPT, Loaded, RedisSessionStore, keys

log = logging.getLogger(__name__)

LOCK_MS = 5000
RENEW_AFTER = 1.0  # seconds between lock renewals while draining a long queue

# Release our lock and say how many commands are still queued (KEYS[1] lock, KEYS[2] mailbox).
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return redis.call('LLEN', KEYS[2])
"""
RENEW_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class LoopSender:
    """One persistent event loop per worker process for channel-layer sends.

    `async_to_sync` per call costs milliseconds and a new Redis connection each time. The loop is
    run only while sending, in the task's own thread (prefork/solo pools: one task at a time per
    process), which saves two thread hops per message; publishing needs no background task.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def send(self, sid: str, messages: list[dict[str, Any]]) -> None:
        if messages:
            self.loop.run_until_complete(asyncio.wait_for(self._send(sid, messages), 30))

    async def _send(self, sid: str, messages: list[dict[str, Any]]) -> None:
        layer = get_channel_layer()
        for message in messages:
            await layer.group_send(group_name(sid), layer_message(message))


class Drainer:
    """Per worker process: a Redis store, an engine cache and the sender."""

    def __init__(self) -> None:
        self.client = sync_client()
        self.store = RedisSessionStore(self.client)
        self.engines = EngineCache()
        self.sender = LoopSender()
        self._release = self.client.register_script(RELEASE_SCRIPT)
        self._renew = self.client.register_script(RENEW_SCRIPT)
        self._mark_sent_script = self.client.register_script(MARK_SENT_SCRIPT)

    def drain(self, sid: str) -> bool:
        """Drain the mailbox; False when another worker holds the session (it will re-check)."""
        k = keys(sid)
        while True:
            token = uuid.uuid4().hex
            # Take the lock and read the state and the first command in one round trip; the reads
            # are simply dropped when the lock is someone else's.
            pipe = self.client.pipeline(transaction=False)
            pipe.set(k["lock"], token, nx=True, px=LOCK_MS)
            self.store.queue_load(pipe, sid)
            pipe.lindex(k["mailbox"], 0)
            got, *state, first = pipe.execute()
            if not got:
                return False
            try:
                self._drain_locked(sid, token, self.store.parse_load(state), first)
            finally:
                # A command pushed while we held the lock found it taken and its task gave up, so
                # the release also re-checks the mailbox.
                queued = self._release(keys=[k["lock"], k["mailbox"]], args=[token])
            if not queued:
                return True

    def _drain_locked(self, sid: str, token: str, loaded: Loaded, raw: bytes | None) -> None:
        k = keys(sid)
        renewed = time.monotonic()
        record = loaded.record
        if record is not None and record.outbox and loaded.sent < record.version:
            # The previous drainer wrote this state but may have died before sending.
            engine = self.engines.get(sid, record)
            self._send(sid, record.outbox, engine, record.lang)
            self.store.mark_sent(sid, record.version)
        while raw is not None:
            if time.monotonic() - renewed > RENEW_AFTER:
                if not self._renew(keys=[k["lock"]], args=[token, LOCK_MS]):
                    return  # lost the lock (we stalled); the new holder carries on
                renewed = time.monotonic()
            try:
                command = json.loads(raw)
                assert isinstance(command, dict)
            except (ValueError, AssertionError):
                log.warning("dropping a malformed mailbox entry of session %s", sid)
                self.client.lpop(k["mailbox"])
                raw = self.client.lindex(k["mailbox"], 0)
                continue
            step = apply(sid, loaded, command, self.engines)
            if step.commit is None:
                self.client.lpop(k["mailbox"])
                if step.engine is not None and loaded.record is not None:
                    self._send(sid, step.messages, step.engine, loaded.record.lang)
                raw = self.client.lindex(k["mailbox"], 0)
                continue
            # The undo decision (a world digest) waits until the outcome is out.
            step.seal(decide_undo=False)
            step.commit.pop_mailbox = True
            if not self.store.commit(sid, step.commit):
                # Someone else wrote (a stalled former holder); start over from the stored state.
                self.engines.drop(sid)
                loaded = self.store.load(sid)
                raw = self.client.lindex(k["mailbox"], 0)
                continue
            commit = step.commit
            version = commit.record.version
            assert step.engine is not None
            self.engines.put(sid, version, step.engine)
            self._send(sid, step.messages, step.engine, commit.record.lang)
            # Mark sent, push the undo step if the world changed, and peek at the next command, in
            # one round trip.
            pipe = self.client.pipeline(transaction=False)
            self._mark_sent_script(keys=[k["state"]], args=[str(version)], client=pipe)
            pipe.lindex(k["mailbox"], 0)
            undo_value = step.deferred_undo
            if undo_value is not None and step.changed():
                self.store.queue_undo_push(pipe, sid, undo_value)
            else:
                undo_value = None
            raw = pipe.execute()[1]
            if command.get("kind") == "control" or commit.undo not in {"", "push"}:
                loaded = self.store.load(sid)
            else:  # what the store now holds, without reading it back
                undo_top = commit.history_value if commit.undo == "push" else loaded.undo_top
                redo_top = None if commit.redo == "clear" else loaded.redo_top
                if undo_value is not None:
                    undo_top, redo_top = undo_value, None
                loaded = Loaded(commit.record, undo_top, redo_top, version)

    def _send(self, sid: str, messages: list[dict[str, Any]], engine: object, lang: str) -> None:
        replies = [m for m in messages if m["type"] == "http"]
        if replies:  # a port preview's response goes to the web process waiting for it
            pipe = self.client.pipeline(transaction=False)
            for reply in replies:
                key = reply_key(sid, str(reply["id"]))
                pipe.rpush(key, json.dumps(reply, separators=(",", ":")))
                pipe.expire(key, HTTP_REPLY_TTL)
            pipe.execute()
            messages = broadcast(messages)
        # The outcome goes out before the diagrams are rendered: the terminal is what users wait on.
        plain = [m for m in messages if m["type"] != "diagrams"]
        self.sender.send(sid, plain)
        rest = [m for m in messages if m["type"] == "diagrams"]
        if rest:
            self.sender.send(sid, finish(rest, engine, lang))  # type: ignore[arg-type]


_drainer: Drainer | None = None
_drainer_lock = threading.Lock()


def drainer() -> Drainer:
    global _drainer
    with _drainer_lock:
        if _drainer is None:
            _drainer = Drainer()
        return _drainer


__all__ = ["Drainer", "Loaded", "drainer", "engine_from"]
