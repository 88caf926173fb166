"""Redis clients, one per process (sync) or per event loop (asyncio), created on first use.

Created lazily so a forked Celery child never inherits its parent's sockets. Timeouts are set
explicitly: redis-py 8 otherwise closes idle sockets after 5 s.
"""

from __future__ import annotations

import asyncio
import os
import weakref

import redis
import redis.asyncio
from django.conf import settings

_sync: dict[int, redis.Redis] = {}
_async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis] = (
    weakref.WeakKeyDictionary()
)


def sync_client() -> redis.Redis:
    pid = os.getpid()
    client = _sync.get(pid)
    if client is None:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=30,
            socket_connect_timeout=5,
            health_check_interval=30,
        )
        _sync.clear()
        _sync[pid] = client
    return client


def async_client() -> redis.asyncio.Redis:
    loop = asyncio.get_running_loop()
    client = _async.get(loop)
    if client is None:
        client = redis.asyncio.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=30,
            socket_connect_timeout=5,
            health_check_interval=30,
            max_connections=2000,
        )
        _async[loop] = client
    return client
