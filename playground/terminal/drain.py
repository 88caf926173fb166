"""The worker side of the distributed executor: drain a session's mailbox, in order, once.

Commands of one session are applied by whichever worker holds the session's lock, oldest first.
A command leaves the mailbox in the same atomic step that writes the new state (compare-and-set on
the version) and publishes its outcome, so a worker killed mid-command leaves it queued, and a
retried command id is recognised as applied. The replies of a step are stored with the state until
marked sent; a drainer resends them if their sender died in between (clients drop a repeated
``seq``).

Per command a worker makes three Redis round trips: lock and load, commit and publish the outcome,
then publish the diagrams, mark sent and peek at the next command (releasing the lock when there is
none). Broadcasts are published straight to the Pub/Sub channel that channels-redis' Pub/Sub layer
listens on, so the worker needs no event loop.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid

from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from engine.facade import Engine
from playground.terminal.executors import (
    HTTP_REPLY_TTL,
    broadcast,
    group_name,
    layer_message,
    reply_key,
)
from playground.terminal.record import SessionRecord
from playground.terminal.redis_clients import sync_client
from playground.terminal.runner import (
    PANELS_SENT,
    EngineCache,
    Message,
    Step,
    apply,
    engine_from,
    finish,
)
from playground.terminal.sessions import (
    HISTORY_KEPT,
    MARK_SENT_SCRIPT,
    Loaded,
    RedisSessionStore,
    keys,
)

log = logging.getLogger(__name__)

LOCK_MS = 5000
RENEW_AFTER = 1.0  # seconds between lock renewals while draining a long queue

# Take the session's lock and read the first command and the state, in one call. Nothing to do
# (an empty mailbox and every step sent) returns {1} without locking: the task of the push that
# drained early already found its command gone. {0}: another worker holds the lock.
# KEYS[1] state, KEYS[2] mailbox, KEYS[3] lock; ARGV token, lock ms.
# Returns {1, first command, version, record, sent, panels} (false for what is missing).
LOCK_SCRIPT = """
local first = redis.call('LINDEX', KEYS[2], 0)
local state = redis.call('HMGET', KEYS[1], 'v', 'sent')
if not first and state[1] == state[2] then return {1} end
if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local rec = redis.call('HMGET', KEYS[1], 'rec', 'panels')
return {1, first, state[1], rec[1], state[2], rec[2]}
"""
# Release our lock and say how many commands are still queued (KEYS[1] lock, KEYS[2] mailbox).
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return redis.call('LLEN', KEYS[2])
"""
RENEW_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
# After a step's outcome is out: publish the rest (the diagrams), mark the step sent and push its
# undo step when the state is still ours, then return the next command, or release the lock when
# there is none (atomically with that check, so a command pushed meanwhile is never stranded).
# The panel digests of the diagrams published here are stored beside the state (field `panels`),
# so whichever worker takes the session next sends only the panels that change.
# KEYS state, undo, redo, mailbox, lock; ARGV version, token, channel, push undo ('1'/'0'),
# undo value, history kept, ttl, panels ('' for none), payloads...
FINISH_SCRIPT = """
for i = 9, #ARGV do redis.call('PUBLISH', ARGV[3], ARGV[i]) end
if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'sent', ARGV[1])
  if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'panels', ARGV[8]) end
  if ARGV[4] == '1' then
    redis.call('LPUSH', KEYS[2], ARGV[5])
    redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
    redis.call('EXPIRE', KEYS[2], tonumber(ARGV[7]))
    redis.call('DEL', KEYS[3])
  end
end
local next = redis.call('LINDEX', KEYS[4], 0)
if not next and redis.call('GET', KEYS[5]) == ARGV[2] then redis.call('DEL', KEYS[5]) end
return next
"""


def stored_panels(sid: str, version: int) -> str:
    """The panel digests just rendered for ``version``, as the state's `panels` field holds them."""
    digests = PANELS_SENT.held(sid, version)
    if digests is None:
        return ""
    tabs = {tab: digest.hex() for tab, digest in digests.items()}
    return json.dumps({"v": version, "p": tabs}, separators=(",", ":"))


def restore_panels(sid: str, stored: bytes | None) -> None:
    """Adopt the stored digests of the session's last diagrams broadcast, whoever sent it."""
    try:
        data = json.loads(stored or b"null")
        version = int(data["v"])
        digests = {str(tab): bytes.fromhex(value) for tab, value in data["p"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        PANELS_SENT.forget(sid)  # none stored (yet), or unreadable: the next diagrams are full
        return
    PANELS_SENT.restore(sid, version, digests)


class Publisher:
    """Broadcasts to a session's group as channels-redis' Pub/Sub layer encodes and routes them.

    A PUBLISH inside our own Lua scripts rides along with the write it belongs to: no event loop,
    no extra round trip. Only the Pub/Sub layer can be fed this way, so it is required.
    """

    def __init__(self) -> None:
        layer = get_channel_layer()
        if not isinstance(layer, RedisPubSubChannelLayer):
            raise ImproperlyConfigured("the Celery executor needs RedisPubSubChannelLayer")
        self.serialize = layer.serialize
        # As RedisPubSubLoopLayer._get_group_channel_name; test_drain receives through the layer.
        self.prefix = settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("prefix", "asgi")

    def channel(self, sid: str) -> str:
        return f"{self.prefix}__group__{group_name(sid)}"

    def payloads(self, messages: list[Message]) -> list[bytes]:
        return [self.serialize(layer_message(m)) for m in messages]


class Drainer:
    """Per worker process: a Redis store, an engine cache and the publisher."""

    def __init__(self) -> None:
        self.client = sync_client()
        self.store = RedisSessionStore(self.client)
        self.engines = EngineCache()
        self.publisher = Publisher()
        self._lock = self.client.register_script(LOCK_SCRIPT)
        self._release = self.client.register_script(RELEASE_SCRIPT)
        self._renew = self.client.register_script(RENEW_SCRIPT)
        self._finish = self.client.register_script(FINISH_SCRIPT)
        self._mark_sent = self.client.register_script(MARK_SENT_SCRIPT)

    def drain(self, sid: str) -> bool:
        """Drain the mailbox; False when another worker holds the session (it will re-check)."""
        k = keys(sid)
        while True:
            token = uuid.uuid4().hex
            got = self._lock(keys=[k["state"], k["mailbox"], k["lock"]], args=[token, LOCK_MS])
            if not got[0]:
                return False
            if len(got) == 1:
                return True  # nothing to do
            _, first, version, rec, sent, panels = got
            loaded = RedisSessionStore.loaded(version, rec, sent)
            restore_panels(sid, panels)
            released = False
            try:
                released = self._drain_locked(sid, token, loaded, first)
            finally:
                # A command pushed while we held the lock found it taken and its task gave up, so
                # the release also re-checks the mailbox.
                queued = (
                    0 if released else self._release(keys=[k["lock"], k["mailbox"]], args=[token])
                )
            if not queued:
                return True

    def _drain_locked(self, sid: str, token: str, loaded: Loaded, raw: bytes | None) -> bool:
        """Apply the queued commands; True when the lock was released on the way out."""
        k = keys(sid)
        renewed = time.monotonic()
        record = loaded.record
        if record is not None and record.outbox and loaded.sent < record.version:
            # The previous drainer wrote this state but may have died before sending.
            self._resend(sid, record, self.engines.get(sid, record), mark_sent=True)
        while raw is not None:
            if time.monotonic() - renewed > RENEW_AFTER:
                if not self._renew(keys=[k["lock"]], args=[token, LOCK_MS]):
                    return False  # lost the lock (we stalled); the new holder carries on
                renewed = time.monotonic()
            try:
                command = json.loads(raw)
                assert isinstance(command, dict)
            except (ValueError, AssertionError):
                log.warning("dropping a malformed mailbox entry of session %s", sid)
                raw = self._pop_and_peek(sid)
                continue
            if command.get("kind") == "control":
                loaded = self.store.load(sid)  # undo and redo need the history, read only here
            step = apply(sid, loaded, command, self.engines)
            if step.commit is None:  # an applied command again (a retry): resend, never re-run
                if step.engine is not None and loaded.record is not None:
                    self._resend(sid, loaded.record, step.engine, mark_sent=False)
                raw = self._pop_and_peek(sid)
                continue
            if not self._commit(sid, step):
                # Someone else wrote (a stalled former holder); start over from the stored state.
                self.engines.drop(sid)
                loaded = self.store.load(sid)
                raw = self.client.lindex(k["mailbox"], 0)
                continue
            raw = self._after_commit(sid, token, step)
            if raw is None:
                return True
            loaded = Loaded(step.commit.record, sent=step.commit.record.version)
        return False

    def _commit(self, sid: str, step: Step) -> bool:
        """Save the step, take its command off the mailbox and publish its outcome, atomically.

        The diagrams wait: rendering them is slow and the terminal is what users wait on."""
        assert step.commit is not None and step.engine is not None
        # The undo decision (a world digest) waits until the outcome is out.
        step.seal(decide_undo=False)
        commit = step.commit
        commit.pop_mailbox = True
        commit.channel = self.publisher.channel(sid)
        commit.publish = self.publisher.payloads(
            [m for m in broadcast(step.messages) if m["type"] != "diagrams"]
        )
        if not self.store.commit(sid, commit):
            return False
        self.engines.put(sid, commit.record.version, step.engine)
        self._reply_http(sid, step.messages)
        return True

    def _after_commit(self, sid: str, token: str, step: Step) -> bytes | None:
        """Publish the diagrams, mark the step sent, push its undo step if the world changed;
        returns the next command (None: the mailbox is empty and our lock, if still ours, gone)."""
        assert step.commit is not None and step.engine is not None
        k = keys(sid)
        record = step.commit.record
        diagrams = [m for m in step.messages if m["type"] == "diagrams"]
        payloads = self.publisher.payloads(finish(diagrams, step.engine, record.lang))
        undo = step.deferred_undo if step.deferred_undo is not None and step.changed() else None
        return self._finish(  # type: ignore[no-any-return]
            keys=[k["state"], k["undo"], k["redo"], k["mailbox"], k["lock"]],
            args=[
                str(record.version),
                token,
                self.publisher.channel(sid),
                "1" if undo is not None else "0",
                undo or b"",
                HISTORY_KEPT,
                self.store.ttl,
                stored_panels(sid, record.version),
                *payloads,
            ],
        )

    def _pop_and_peek(self, sid: str) -> bytes | None:
        mailbox = keys(sid)["mailbox"]
        pipe = self.client.pipeline(transaction=False)
        pipe.lpop(mailbox)
        pipe.lindex(mailbox, 0)
        return pipe.execute()[1]  # type: ignore[no-any-return]

    def _reply_http(self, sid: str, messages: list[Message]) -> None:
        """A port preview's response goes to the web process waiting for it, not to the group."""
        replies = [m for m in messages if m["type"] == "http"]
        if replies:
            pipe = self.client.pipeline(transaction=False)
            for reply in replies:
                key = reply_key(sid, str(reply["id"]))
                pipe.rpush(key, json.dumps(reply, separators=(",", ":")))
                pipe.expire(key, HTTP_REPLY_TTL)
            pipe.execute()

    def _resend(self, sid: str, record: SessionRecord, engine: Engine, mark_sent: bool) -> None:
        """Send a stored step's replies again (rare: a retry or a dead sender)."""
        self.engines.put(sid, record.version, engine)
        self._reply_http(sid, record.outbox)
        pipe = self.client.pipeline(transaction=False)
        channel = self.publisher.channel(sid)
        rendered = finish(broadcast(record.outbox), engine, record.lang)
        for payload in self.publisher.payloads(rendered):
            pipe.publish(channel, payload)
        if mark_sent:
            self._mark_sent(keys=[keys(sid)["state"]], args=[str(record.version)], client=pipe)
        pipe.execute()


_drainer: Drainer | None = None
_drainer_lock = threading.Lock()


def drainer() -> Drainer:
    global _drainer
    with _drainer_lock:
        if _drainer is None:
            _drainer = Drainer()
        return _drainer


__all__ = ["Drainer", "Loaded", "drainer", "engine_from"]
