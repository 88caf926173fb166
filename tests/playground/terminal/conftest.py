"""Fixtures for the terminal app: a fresh executor and channel layer per test, session cookies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from django.contrib.sessions.backends.db import SessionStore

from playground.terminal import executors

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
