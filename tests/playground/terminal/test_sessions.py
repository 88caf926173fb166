"""Session stores: compare-and-set, history, expiry; the same semantics in memory and in Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from playground.terminal.record import SessionRecord
from playground.terminal.sessions import (
    HISTORY_KEPT,
    Commit,
    MemorySessionStore,
    RedisSessionStore,
    keys,
    session_id,
)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[MemorySessionStore | RedisSessionStore]:
    if request.param == "memory":
        yield MemorySessionStore(ttl=60)
        return
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
    client.flushdb()
    yield RedisSessionStore(client, ttl=60)
    client.close()


def test_session_ids_are_derived_server_side_and_stable() -> None:
    assert session_id("abc") == session_id("abc")
    assert session_id("abc") != session_id("abd")
    assert len(session_id("abc")) == 32


def test_commit_is_compare_and_set_on_the_version(
    store: MemorySessionStore | RedisSessionStore,
) -> None:
    assert store.load("s1").record is None
    first = Commit(SessionRecord(version=0, dump=b"one", seq=2))
    assert store.commit("s1", first)
    assert first.record.version == 1
    stale = Commit(SessionRecord(version=0, dump=b"stale"))
    assert not store.commit("s1", stale)
    loaded = store.load("s1").record
    assert loaded is not None
    assert (loaded.version, loaded.dump, loaded.seq) == (1, b"one", 2)


def test_history_push_pop_and_limit(store: MemorySessionStore | RedisSessionStore) -> None:
    version = 0
    for n in range(HISTORY_KEPT + 5):
        commit = Commit(
            SessionRecord(version=version, dump=f"d{n}".encode()),
            undo="push",
            redo="clear",
            history_value=f"d{n - 1}".encode(),
        )
        assert store.commit("s2", commit)
        version = commit.record.version
    loaded = store.load("s2")
    assert loaded.undo_top == f"d{HISTORY_KEPT + 3}".encode()
    assert loaded.redo_top is None
    undo = Commit(
        SessionRecord(version=version, dump=loaded.undo_top or b""),
        undo="pop",
        redo="push",
        history_value=f"d{HISTORY_KEPT + 4}".encode(),
    )
    assert store.commit("s2", undo)
    after = store.load("s2")
    assert after.redo_top == f"d{HISTORY_KEPT + 4}".encode()
    assert after.undo_top == f"d{HISTORY_KEPT + 2}".encode()


def test_redis_keys_expire_and_the_mailbox_pops_with_the_commit(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    store = RedisSessionStore(client, ttl=30)
    client.rpush(keys("s3")["mailbox"], b"cmd1", b"cmd2")
    commit = Commit(
        SessionRecord(version=0, dump=b"x"), undo="push", history_value=b"w", pop_mailbox=True
    )
    assert store.commit("s3", commit)
    assert client.lrange(keys("s3")["mailbox"], 0, -1) == [b"cmd2"]
    for name in ("state", "undo", "mailbox"):
        assert 0 < client.ttl(keys("s3")[name]) <= 30
    store.mark_sent("s3", 1)
    assert store.load("s3").sent == 1
    client.close()


def test_a_redis_commit_publishes_its_replies_only_when_it_writes(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    store = RedisSessionStore(client, ttl=30)
    listener = client.pubsub()
    listener.subscribe("replies")
    assert listener.get_message(timeout=1)["type"] == "subscribe"  # type: ignore[index]
    fresh = Commit(SessionRecord(version=0, dump=b"a"), channel="replies", publish=[b"1", b"2"])
    stale = Commit(SessionRecord(version=0, dump=b"b"), channel="replies", publish=[b"never"])
    assert store.commit("s4", fresh)
    assert not store.commit("s4", stale)
    heard = []
    while (message := listener.get_message(timeout=0.5)) is not None:
        heard.append(message["data"])
    assert heard == [b"1", b"2"]
    listener.close()
    client.close()
