"""Celery tasks of the distributed executor."""

from __future__ import annotations

from playground.celery import app
from playground.terminal.drain import LOCK_MS, drainer


@app.task(name="terminal.drain_session", bind=True, ignore_result=True, max_retries=None)
def drain_session(self: object, sid: str) -> None:
    if not drainer().drain(sid):
        # Another worker holds the session and will re-check the mailbox when it lets go. If that
        # worker died, its lock expires; look again then so the queued commands are not stranded.
        self.retry(countdown=LOCK_MS / 1000 + 0.1)  # type: ignore[attr-defined]
