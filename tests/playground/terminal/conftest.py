"""Fixtures for the terminal app: a fresh executor and channel layer per test, session cookies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

from playground.terminal import drain as drain_module
from playground.terminal import executors
from playground.terminal.drain import Drainer

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(autouse=True)
def fresh_runtime() -> Iterator[None]:
    executors.reset()
    channel_layers.backends.clear()
    yield
    executors.reset()
    channel_layers.backends.clear()


def new_session_cookie(**data: str) -> tuple[bytes, bytes]:
    session = SessionStore()
    for key, value in data.items():
        session[key] = value
    session.create()
    return (b"cookie", f"sessionid={session.session_key}".encode())


@pytest.fixture
def session_cookie() -> object:
    """An async factory: a new Django session (optionally with data) as a Cookie header."""
    return database_sync_to_async(new_session_cookie)


@pytest.fixture
def drainer(redis_url: str) -> Iterator[Drainer]:
    """A worker-side drainer against a private redis-server and a PubSub channel layer."""
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": None}]},
        }
    }
    with override_settings(REDIS_URL=redis_url, CHANNEL_LAYERS=layers):
        channel_layers.backends.clear()
        drain_module.sync_client.__globals__["_sync"].clear()
        redis.Redis.from_url(redis_url).flushdb()
        worker = Drainer()
        yield worker
        channel_layers.backends.clear()
