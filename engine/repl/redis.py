"""redis-cli's prompt (`docker exec -it r1 redis-cli`): one command a line, answered by the
server container through ``engine.binaries``."""

from __future__ import annotations

import shlex
from typing import Any

from engine.io import Stream
from engine.repl.common import ReplContext, ReplResult


def evaluate(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    # Imported here: engine.binaries imports this package to start redis-cli.
    from engine import binaries

    try:
        words = shlex.split(source)
    except ValueError:
        out.write("Invalid argument(s)\n")
        return ReplResult(1)
    if not words:
        return ReplResult()
    if words[0].lower() in ("exit", "quit"):
        return ReplResult(0, True)
    server = ctx.daemon.state.containers.get(session.get("server", "")) if ctx else None
    if server is None or not server.running:
        host, port = session.get("host", "127.0.0.1"), session.get("port", 6379)
        out.write(f"Could not connect to Redis at {host}:{port}: Connection refused\n")
        return ReplResult(1)
    reply, failed = binaries.redis_command(
        server, words, tty=True, lang=ctx.daemon.lang if ctx else "en"
    )
    out.write(f"(error) {reply}\n" if failed else reply + "\n")
    return ReplResult(1 if failed else 0)


def interrupt(session: dict[str, Any], pending: bool, out: Stream) -> ReplResult:
    """Ctrl+C leaves redis-cli."""
    return ReplResult(0, True)
