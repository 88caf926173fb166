"""Executors: how a command travels from a websocket consumer to the engine and back.

- `InProcessExecutor` (embedded default): the engine runs in the web process, inside the event
  loop (commands take well under a millisecond), one asyncio lock per session for ordering.
- `CeleryExecutor` (distributed): the command is appended to the session's mailbox in Redis and a
  Celery task is sent to drain it; the worker broadcasts the replies through the channel layer.

Both broadcast to the session's group; every socket of the session is in that group.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
import weakref
from functools import cache
from typing import Any, Protocol

from channels.layers import get_channel_layer
from django.conf import settings

from engine.facade import Engine
from playground.terminal import limits
from playground.terminal.record import SessionRecord
from playground.terminal.runner import EngineCache, apply, finish, new_record
from playground.terminal.sessions import Loaded, MemorySessionStore, keys

BUSY = "busy"
RATE_LIMITED = "rate_limited"
HTTP_REPLY_SECONDS = 10.0  # how long the preview waits for a worker before answering 504
HTTP_REPLY_TTL = 60  # seconds a reply nobody read stays in Redis

HttpResponse = tuple[int, dict[str, str], str]


def http_command(port: int, path: str) -> dict[str, Any]:
    return {"kind": "http", "port": port, "path": path, "id": "http-" + uuid.uuid4().hex}


def http_response(message: dict[str, Any]) -> HttpResponse:
    return int(message["status"]), dict(message["headers"]), str(message["body"])


def plain_error(status: int, text: str) -> HttpResponse:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, text + "\n"


def reply_key(sid: str, command_id: str) -> str:
    return f"{keys(sid)['state']}:reply:{command_id}"


def broadcast(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages that go to the session's sockets (an ``http`` reply goes to its caller)."""
    return [m for m in messages if m["type"] != "http"]


def group_name(sid: str) -> str:
    return f"terminal.{sid}"


def layer_message(message: dict[str, Any]) -> dict[str, Any]:
    # Serialised once here, not once per socket.
    return {
        "type": "session.message",
        "text": json.dumps(message, ensure_ascii=False, separators=(",", ":")),
        "id": message.get("id"),
    }


class Executor(Protocol):
    remote: bool
    folds_rate_limit: bool

    async def submit(
        self, sid: str, command: dict[str, Any], *, rate_limit: bool = False
    ) -> str | None:
        """Queue or run ``command``; returns an error code ("busy", "rate_limited") or None.

        ``rate_limit``: take the session's rate-limit token as part of the submission (only
        executors with ``folds_rate_limit`` do; the caller checks the limiter itself otherwise).
        """

    async def snapshot(self, sid: str) -> tuple[SessionRecord, Engine]:
        """The session's current record and an engine for it (read-only use)."""

    async def kick(self, sid: str) -> None:
        """Make sure someone drains the session's queued commands."""

    async def http(self, sid: str, port: int, path: str) -> HttpResponse:
        """A request to ``localhost:<port><path>`` in the session's world, applied in order with
        its commands; the side effects are saved and broadcast, the response is returned."""


class InProcessExecutor:
    remote = False  # replies are sent before submit() returns
    folds_rate_limit = False  # the in-memory bucket costs nothing to check separately

    def __init__(self) -> None:
        self.store = MemorySessionStore()
        self.engines = EngineCache()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def submit(
        self, sid: str, command: dict[str, Any], *, rate_limit: bool = False
    ) -> str | None:
        return (await self._run(sid, command))[0]

    async def http(self, sid: str, port: int, path: str) -> HttpResponse:
        error, replies = await self._run(sid, http_command(port, path))
        if error or not replies:
            return plain_error(503, "busy")
        return http_response(replies[0])

    async def _run(
        self, sid: str, command: dict[str, Any]
    ) -> tuple[str | None, list[dict[str, Any]]]:
        async with self._lock(sid):
            step = apply(sid, self.store.load(sid), command, self.engines)
            replies = [m for m in step.messages if m["type"] == "http"]
            step.messages = broadcast(step.messages)
            layer = get_channel_layer()
            group = group_name(sid)
            early = [m for m in step.messages if m["type"] != "diagrams"]
            if step.commit is not None and early:
                # The outcome goes out before the dump and the diagrams: it is what the learner
                # waits for. The sockets get it on the next loop turns, while we finish the step.
                for message in early:
                    await layer.group_send(group, layer_message(message))
                # A timer, not sleep(0): the loop runs every ready callback (the whole delivery
                # chain) before it fires.
                await asyncio.sleep(0.0005)
            step.seal()
            if step.commit is not None:
                if not self.store.commit(sid, step.commit):  # cannot happen under the lock
                    self.engines.drop(sid)
                    return BUSY, []
                if step.engine is not None:
                    self.engines.put(sid, step.commit.record.version, step.engine)
            lang = step.commit.record.lang if step.commit else "en"
            for message in step.messages:
                if step.commit is not None and any(message is m for m in early):
                    continue
                if step.engine is not None:
                    message = finish([message], step.engine, lang)[0]
                await layer.group_send(group, layer_message(message))
        return None, replies

    async def snapshot(self, sid: str) -> tuple[SessionRecord, Engine]:
        # Behind the session's lock: a command whose outcome is already out may not be stored yet.
        async with self._lock(sid):
            record = self.store.load(sid).record or new_record()
            return record, self.engines.get(sid, record)

    def _lock(self, sid: str) -> asyncio.Lock:
        lock = self._locks.get(sid)
        if lock is None:
            lock = self._locks[sid] = asyncio.Lock()
        return lock

    async def kick(self, sid: str) -> None:
        return None


# Take a rate-limit token (when ARGV[5] is set), append to the mailbox unless it is already full,
# and (when ARGV[4] is set) hand Celery its drain task: one round trip for all three.
# KEYS[1] mailbox, KEYS[2] the Celery queue list, KEYS[3] the session's token bucket.
# Returns the mailbox length, -1 when full, -2 when rate-limited.
PUSH_SCRIPT = (
    limits.TOKEN_BUCKET_LUA
    + """
if ARGV[5] ~= '' and take(KEYS[3], ARGV[5], ARGV[6]) == 0 then return -2 end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local n = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
if ARGV[4] ~= '' then redis.call('LPUSH', KEYS[2], ARGV[4]) end
return n
"""
)


def build_drain_envelope(sid: str, task_id: str, delivery_tag: str) -> str:
    """The Redis-transport message of a `drain_session(sid)` task, as kombu would write it.

    Celery's own `as_task_v2` builds the protocol-2 headers and body; only kombu's Redis envelope
    is assembled here. Publishing through kombu creates a Redis client object per message
    (about 1 ms); this rides along with the mailbox push instead.
    """
    from playground.celery import app

    message = app.amqp.as_task_v2(
        task_id, "terminal.drain_session", args=(sid,), kwargs={}, ignore_result=True
    )
    body = json.dumps(message.body, separators=(",", ":")).encode()
    return json.dumps(
        {
            "body": base64.b64encode(body).decode("ascii"),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": message.headers,
            "properties": {
                **message.properties,
                "delivery_mode": 2,
                "delivery_info": {"exchange": "", "routing_key": app.conf.task_default_queue},
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": delivery_tag,
            },
        },
        separators=(",", ":"),
    )


# Placeholders of the cached envelope: hex, so neither JSON nor base64 changes them.
_SID = "5e55" * 16
_TASK_ID = "7a5c" * 8 + "-id"
_TAG = "d1e7" * 8 + "-tag"
_BODY = "b0d1" * 8 + "-body"


@cache
def _envelope_parts() -> tuple[str, str]:
    """The envelope with placeholders, and the task body's JSON with the sid placeholder."""
    from playground.celery import app

    message = app.amqp.as_task_v2(
        _TASK_ID, "terminal.drain_session", args=(_SID,), kwargs={}, ignore_result=True
    )
    body = json.dumps(message.body, separators=(",", ":"))
    envelope = build_drain_envelope(_SID, _TASK_ID, _TAG)
    encoded = base64.b64encode(body.encode()).decode("ascii")
    return envelope.replace(encoded, _BODY), body


def drain_task_envelope(sid: str) -> str:
    """`build_drain_envelope` with fresh ids, from a cached template: as_task_v2 per command costs
    about 0.35 ms of the web process' time."""
    envelope, body = _envelope_parts()
    encoded = base64.b64encode(body.replace(_SID, sid).encode()).decode("ascii")
    return (
        envelope.replace(_BODY, encoded)
        .replace(_TASK_ID, str(uuid.uuid4()))
        .replace(_TAG, str(uuid.uuid4()))
        .replace(_SID, sid)
    )


def fast_enqueue() -> bool:
    # Only when the broker is the very Redis the mailbox lives in.
    return bool(
        settings.CELERY_BROKER_URL == settings.REDIS_URL and settings.PLAYGROUND_FAST_ENQUEUE
    )


class CeleryExecutor:
    remote = True  # replies come later, from a worker that may die
    folds_rate_limit = True  # the token is taken by the push script: one round trip, not two

    def __init__(self) -> None:
        self.engines = EngineCache(size=64)

    async def submit(
        self, sid: str, command: dict[str, Any], *, rate_limit: bool = False
    ) -> str | None:
        from playground.celery import app
        from playground.terminal.redis_clients import async_client

        push = async_client().register_script(PUSH_SCRIPT)  # cheap; the client is per event loop
        payload = json.dumps(command, separators=(",", ":"))
        fast = fast_enqueue()
        k = keys(sid)
        queued = await push(
            keys=[k["mailbox"], app.conf.task_default_queue, k["rate"]],
            args=[
                payload,
                limits.MAX_MAILBOX,
                settings.PLAYGROUND_SESSION_TTL,
                drain_task_envelope(sid) if fast else "",
                settings.PLAYGROUND_RATE if rate_limit else "",
                settings.PLAYGROUND_BURST,
            ],
        )
        if int(queued) == -2:
            return RATE_LIMITED
        if int(queued) < 0:
            await self.kick(sid)
            return BUSY
        if not fast:
            await self.kick(sid)
        return None

    async def http(self, sid: str, port: int, path: str) -> HttpResponse:
        from playground.terminal.redis_clients import async_client

        command = http_command(port, path)
        error = await self.submit(sid, command)
        if error:
            return plain_error(503, error)
        key = reply_key(sid, command["id"])
        got = await async_client().blpop([key], timeout=HTTP_REPLY_SECONDS)
        if got is None:
            await self.kick(sid)  # a worker may have died holding the session
            return plain_error(504, "timeout")
        return http_response(json.loads(got[1]))

    async def kick(self, sid: str) -> None:
        from playground.terminal.tasks import drain_session

        # A publish to the local broker takes a fraction of a millisecond; a thread hop costs more.
        drain_session.delay(sid)

    async def snapshot(self, sid: str) -> tuple[SessionRecord, Engine]:
        from playground.terminal.record import SessionRecord as Record
        from playground.terminal.redis_clients import async_client

        version, rec = await async_client().hmget(keys(sid)["state"], "v", "rec")
        record = Record.from_json(rec, int(version)) if rec is not None else new_record()
        engine = self.engines.get(sid, record)
        # Read-only use: cache it for the next completion of the same version.
        self.engines.put(sid, record.version, engine)
        return record, engine


@cache
def get_executor() -> Executor:
    if settings.PLAYGROUND_EXECUTOR == "celery":
        return CeleryExecutor()
    return InProcessExecutor()


def get_limiter() -> limits.RateLimiter:
    return _limiter()


@cache
def _limiter() -> limits.RateLimiter:
    if settings.PLAYGROUND_EXECUTOR == "celery":
        from playground.terminal.redis_clients import async_client

        return limits.RedisTokenBucket(
            async_client, settings.PLAYGROUND_RATE, settings.PLAYGROUND_BURST
        )
    return limits.MemoryTokenBucket(settings.PLAYGROUND_RATE, settings.PLAYGROUND_BURST)


def reset() -> None:
    """Forget the process-wide executor and limiter (tests switch settings)."""
    get_executor.cache_clear()
    _limiter.cache_clear()


__all__ = [
    "BUSY",
    "RATE_LIMITED",
    "CeleryExecutor",
    "InProcessExecutor",
    "Loaded",
    "get_executor",
    "group_name",
]
