"""Start the distributed stack as local processes: redis-server, daphne, Celery workers.

Used by the distributed tests and by `make bench`; nothing here runs in production.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def wait_for_text(path: Path, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} never appeared in {path}")


@dataclass
class Stack:
    """A set of local processes sharing one environment; `stop()` ends exactly those."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pg-stack-")))
    env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def spawn(
        self, args: list[str], log_name: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = open(self.workdir / log_name, "wb")  # noqa: SIM115 - lives as long as the process
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**os.environ, **self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def redis(self) -> str:
        port = free_port()
        binary = shutil.which("redis-server") or "redis-server"
        self.spawn(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            "redis.log",
        )
        wait_for_port(port)
        return f"redis://127.0.0.1:{port}/0"

    def distributed_env(self, redis_url: str) -> None:
        self.env.update(
            {
                "PLAYGROUND_EXECUTOR": "celery",
                "REDIS_URL": redis_url,
                "DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}",
                "DEBUG": "1",
                "DJANGO_SETTINGS_MODULE": "playground.settings",
                "PYTHONUNBUFFERED": "1",
            }
        )

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**os.environ, **self.env},
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def daphne(self, application: str = "playground.asgi:application") -> int:
        port = free_port()
        self.spawn(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), application],
            f"daphne-{port}.log",
        )
        wait_for_port(port)
        return port

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        log = f"worker-{name}.log"
        process = self.spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "playground",
                "worker",
                "--pool=solo",
                "-n",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            log,
        )
        wait_for_text(self.workdir / log, " ready.")
        return process

    def new_session(self) -> str:
        """A Django session made the way the page makes it; returns its cookie value."""
        code = (
            "from django.contrib.sessions.backends.cached_db import SessionStore as S;"
            "s = S(); s.create(); print(s.session_key)"
        )
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)
