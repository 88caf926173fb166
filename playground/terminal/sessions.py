"""Session stores: where a session's record and its undo/redo dumps live between commands.

Two stores with the same semantics: `MemorySessionStore` (embedded mode, one process) and
`RedisSessionStore` (distributed mode: TTL on every key, compare-and-set on the version so a
worker that lost its lock can never overwrite a newer state).

A session's storage id is derived from the server-side Django session key with an HMAC, so a
client can only ever reach the engine of the session its cookie proves.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings

from playground.terminal.record import SessionRecord

HISTORY_KEPT = 20  # undo steps per session; dumps are a few KB each

HistoryOp = Literal["", "push", "pop", "clear"]


def session_id(django_session_key: str) -> str:
    """The storage id of the session behind a Django session key (never client-chosen)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"terminal:" + django_session_key.encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


@dataclass(slots=True)
class Loaded:
    record: SessionRecord | None
    undo_top: bytes | None = None
    redo_top: bytes | None = None
    sent: int = 0  # version whose outbox is known to be sent


@dataclass(slots=True)
class Commit:
    record: SessionRecord  # new content; ``record.version`` is the version it was based on
    undo: HistoryOp = ""
    redo: HistoryOp = ""
    history_value: bytes = b""  # the dump pushed by a "push"
    pop_mailbox: bool = False
    # Redis only: payloads published to `channel` by the write itself, so the replies of a step
    # go out in the round trip that saves it and never before it.
    channel: str = ""
    publish: list[bytes] = field(default_factory=list)


def _apply_history(stack: list[bytes], op: HistoryOp, value: bytes) -> None:
    if op == "push":
        stack.insert(0, value)
        del stack[HISTORY_KEPT:]
    elif op == "pop" and stack:
        stack.pop(0)
    elif op == "clear":
        stack.clear()


class MemorySessionStore:
    """Process memory; the embedded mode's store. Thread-safe, with idle expiry."""

    def __init__(self, ttl: int | None = None) -> None:
        self.ttl = ttl if ttl is not None else settings.PLAYGROUND_SESSION_TTL
        self._lock = threading.Lock()
        self._records: dict[str, SessionRecord] = {}
        self._undo: dict[str, list[bytes]] = {}
        self._redo: dict[str, list[bytes]] = {}
        self._touched: dict[str, float] = {}
        self._last_sweep = time.monotonic()

    def load(self, sid: str) -> Loaded:
        with self._lock:
            self._sweep()
            record = self._records.get(sid)
            if record is None:
                return Loaded(None)
            self._touched[sid] = time.monotonic()
            undo, redo = self._undo.get(sid, []), self._redo.get(sid, [])
            return Loaded(
                record.copy(), undo[0] if undo else None, redo[0] if redo else None, record.version
            )

    def commit(self, sid: str, commit: Commit) -> bool:
        with self._lock:
            current = self._records.get(sid)
            if (current.version if current else 0) != commit.record.version:
                return False
            record = commit.record.copy()
            record.version += 1
            self._records[sid] = record
            _apply_history(self._undo.setdefault(sid, []), commit.undo, commit.history_value)
            _apply_history(self._redo.setdefault(sid, []), commit.redo, commit.history_value)
            self._touched[sid] = time.monotonic()
            commit.record.version = record.version
            return True

    def mark_sent(self, sid: str, version: int) -> None:
        return None  # one process: the send happens right after the commit

    def exists(self, sid: str) -> bool:
        with self._lock:
            return sid in self._records

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        for sid in [s for s, t in self._touched.items() if now - t > self.ttl]:
            for table in (self._records, self._undo, self._redo, self._touched):
                table.pop(sid, None)


# --- Redis ---------------------------------------------------------------------------------------

PREFIX = "pg:s:"


def keys(sid: str) -> dict[str, str]:
    base = PREFIX + sid
    return {
        "state": base,
        "undo": base + ":undo",
        "redo": base + ":redo",
        "mailbox": base + ":mbox",
        "lock": base + ":lock",
        "rate": base + ":rate",
    }


# Compare-and-set of the record plus the history and mailbox changes and the step's first
# broadcasts (ARGV[10..] published to ARGV[9]), atomically.
COMMIT_SCRIPT = """
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then return 0 end
local nv = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'v', nv, 'rec', ARGV[2])
local ttl = tonumber(ARGV[3])
local function history(key, op)
  if op == 'push' then
    redis.call('LPUSH', key, ARGV[6]); redis.call('LTRIM', key, 0, tonumber(ARGV[8]) - 1)
  elseif op == 'pop' then redis.call('LPOP', key)
  elseif op == 'clear' then redis.call('DEL', key) end
end
history(KEYS[2], ARGV[4])
history(KEYS[3], ARGV[5])
if ARGV[7] == '1' then redis.call('LPOP', KEYS[4]) end
for i = 10, #ARGV do redis.call('PUBLISH', ARGV[9], ARGV[i]) end
for i = 1, 4 do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('EXPIRE', KEYS[i], ttl) end
end
return nv
"""

MARK_SENT_SCRIPT = """
if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then redis.call('HSET', KEYS[1], 'sent', ARGV[1]) end
return 1
"""


class RedisSessionStore:
    """Redis: one hash per session (version, record, sent marker) plus undo/redo/mailbox lists."""

    def __init__(self, client: object, ttl: int | None = None) -> None:
        import redis

        assert isinstance(client, redis.Redis)
        self.client = client
        self.ttl = ttl if ttl is not None else settings.PLAYGROUND_SESSION_TTL
        self._commit = client.register_script(COMMIT_SCRIPT)
        self._mark_sent = client.register_script(MARK_SENT_SCRIPT)

    def load(self, sid: str) -> Loaded:
        k = keys(sid)
        pipe = self.client.pipeline(transaction=False)
        pipe.hmget(k["state"], "v", "rec", "sent")
        pipe.lindex(k["undo"], 0)
        pipe.lindex(k["redo"], 0)
        (version, rec, sent), undo_top, redo_top = pipe.execute()
        loaded = self.loaded(version, rec, sent)
        loaded.undo_top, loaded.redo_top = undo_top, redo_top
        return loaded

    @staticmethod
    def loaded(version: bytes | None, rec: bytes | None, sent: bytes | None) -> Loaded:
        """A `Loaded` without the history from the state hash's fields."""
        if rec is None:
            return Loaded(None)
        return Loaded(SessionRecord.from_json(rec, int(version or 0)), sent=int(sent or 0))

    def commit(self, sid: str, commit: Commit) -> bool:
        k = keys(sid)
        result = self._commit(
            keys=[k["state"], k["undo"], k["redo"], k["mailbox"]],
            args=[
                str(commit.record.version),
                commit.record.to_json(),
                self.ttl,
                commit.undo,
                commit.redo,
                commit.history_value,
                "1" if commit.pop_mailbox else "0",
                HISTORY_KEPT,
                commit.channel,
                *commit.publish,
            ],
        )
        if not result:
            return False
        commit.record.version = int(result)
        return True

    def mark_sent(self, sid: str, version: int) -> None:
        self._mark_sent(keys=[keys(sid)["state"]], args=[str(version)])

    def exists(self, sid: str) -> bool:
        return bool(self.client.exists(keys(sid)["state"]))


def request_session_id(request: object) -> str:
    """The storage id for an HTTP request's session, creating the Django session if needed.

    The page view calls this so the websocket that follows carries a session cookie.
    """
    session = request.session  # type: ignore[attr-defined]
    if session.session_key is None:
        session.save()
    return session_id(session.session_key)
