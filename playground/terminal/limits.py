"""Limits on what one session may send: a token bucket per session, frame and line sizes.

The bucket is keyed by the server-side session id, so every tab and socket of a session shares it.
Distributed mode keeps it in Redis (one Lua call, Redis' own clock) so all web processes agree.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

MAX_FRAME_BYTES = 16 * 1024
MAX_LINE_BYTES = 8 * 1024
MAX_ID_CHARS = 64
MAX_MAILBOX = 100  # queued commands per session before we answer "busy"
FLOOD_REJECTIONS = 200  # rate-limited frames within FLOOD_WINDOW before the socket is closed
FLOOD_WINDOW = 10.0


class RateLimiter(Protocol):
    async def allow(self, sid: str) -> bool: ...


class MemoryTokenBucket:
    """Token bucket in process memory (embedded mode)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.now = time.monotonic
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, sid: str) -> bool:
        with self._lock:
            now = self.now()
            tokens, last = self._buckets.get(sid, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[sid] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > 100_000:  # forget idle sessions; a full bucket is the default
                self._buckets = {
                    s: v for s, v in self._buckets.items() if now - v[1] < self.burst / self.rate
                }
            return allowed

    async def allow(self, sid: str) -> bool:
        return self.take(sid)


# take(key, rate, burst) -> 1 when a token was taken. Uses the server's clock so web processes need
# not agree. A Lua prefix, so the mailbox push can take the token in the same round trip.
TOKEN_BUCKET_LUA = """
local function take(key, rate, burst)
  rate = tonumber(rate)
  burst = tonumber(burst)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  local allowed = 0
  if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('EXPIRE', key, math.ceil(burst / rate) + 1)
  return allowed
end
"""

# KEYS[1] bucket hash; ARGV rate, burst.
TOKEN_BUCKET_SCRIPT = TOKEN_BUCKET_LUA + "return take(KEYS[1], ARGV[1], ARGV[2])\n"


class RedisTokenBucket:
    """Token bucket in Redis (distributed mode); ``client`` is a redis.asyncio client factory."""

    def __init__(self, client_for_loop: object, rate: float, burst: int) -> None:
        self.client_for_loop = client_for_loop
        self.rate = rate
        self.burst = burst

    async def allow(self, sid: str) -> bool:
        from playground.terminal.sessions import keys

        client = self.client_for_loop()  # type: ignore[operator]
        script = client.register_script(TOKEN_BUCKET_SCRIPT)  # EVALSHA: the body is sent once
        return bool(await script(keys=[keys(sid)["rate"]], args=[self.rate, self.burst]))
