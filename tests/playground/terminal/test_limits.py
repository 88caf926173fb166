"""Token buckets: 20/s with a burst of 50, in memory and in Redis (shared by every web process)."""

from __future__ import annotations

import redis.asyncio

from playground.terminal.limits import MemoryTokenBucket, RedisTokenBucket


def test_memory_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    bucket = MemoryTokenBucket(rate=20, burst=50)
    now = [100.0]
    bucket.now = lambda: now[0]
    assert [bucket.take("s") for _ in range(51)] == [True] * 50 + [False]
    assert bucket.take("other")  # buckets are per session
    now[0] += 0.11  # two tokens (and a bit) at 20/s
    assert [bucket.take("s") for _ in range(3)] == [True, True, False]


async def test_redis_bucket_is_shared_by_every_client(redis_url: str) -> None:
    first = redis.asyncio.Redis.from_url(redis_url)
    second = redis.asyncio.Redis.from_url(redis_url)
    await first.delete("pg:s:shared:rate")
    web_a = RedisTokenBucket(lambda: first, rate=20, burst=50)
    web_b = RedisTokenBucket(lambda: second, rate=20, burst=50)
    results = [await (web_a if n % 2 else web_b).allow("shared") for n in range(50)]
    assert all(results)
    assert not await web_a.allow("shared")
    assert not await web_b.allow("shared")
    assert 0 < await first.ttl("pg:s:shared:rate") <= 4
    await first.aclose()
    await second.aclose()
