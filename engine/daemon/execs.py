"""Running commands inside a container (`docker exec`, one-shot main processes, `docker top`)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.io import BufferStream, Stream
from engine.model import Container
from engine.process import Machine, Utility
from engine.shell.interpreter import ShellSession, run

if TYPE_CHECKING:
    from engine.daemon.core import Daemon
    from engine.fs import UnionFS


@dataclass
class ExecResult:
    stdout: str
    stderr: str
    exit_code: int


@dataclass
class ShellEnvironment:
    """A ``ShellContext`` for a shell running inside a container or on the host."""

    fs: UnionFS
    machine: Machine
    hostname: str
    user: str
    uid: int
    container: str
    stdout: Stream
    stderr: Stream
    externals: dict[str, Utility]

    def external(self, name: str) -> Utility | None:
        return self.externals.get(name)


def shell_kind(fs: UnionFS) -> str:
    """bash where the image has it, else busybox/dash `sh` wording."""
    return "bash" if fs.exists("/bin/bash") or fs.exists("/usr/bin/bash") else "sh"


def container_env(container: Container, extra: list[str] | None = None) -> dict[str, str]:
    env: dict[str, str] = {}
    for item in [*(container.config.get("Env") or []), *(extra or [])]:
        key, _, value = item.partition("=")
        env[key] = value
    env.setdefault("HOSTNAME", container.config.get("Hostname", container.short_id))
    env.setdefault("HOME", "/root")
    return env


def user_of(container: Container, override: str = "") -> tuple[str, int]:
    user = override or container.config.get("User") or "root"
    name = user.split(":", 1)[0]
    if name.isdigit():
        return ("root" if name == "0" else name), int(name)
    uid = {"root": 0, "node": 1000, "nginx": 101, "redis": 999, "mysql": 999, "www-data": 33}.get(
        name, 1000
    )
    return name, uid


def run_in_container(
    d: Daemon,
    container: Container,
    argv: list[str],
    *,
    env: list[str] | None = None,
    workdir: str = "",
    user: str = "",
    stdin: str = "",
) -> ExecResult:
    """Run ``argv`` (exec form, no shell parsing of its words) and capture its output."""
    from engine.machine import EngineMachine

    fs = d.container_fs(container)
    out, err = BufferStream("stdout"), BufferStream("stderr")
    name, uid = user_of(container, user)
    ctx = ShellEnvironment(
        fs=fs,
        machine=EngineMachine(d, container=container),
        hostname=container.config.get("Hostname", container.short_id),
        user=name,
        uid=uid,
        container=container.id,
        stdout=out,
        stderr=err,
        externals={},
    )
    session = ShellSession(
        cwd=workdir or container.config.get("WorkingDir") or "/",
        env=container_env(container, env),
        kind="sh",
        history=[],
    )
    if not fs.is_dir(session.cwd):
        session.cwd = "/"
    result = run(shlex.join(argv), session, ctx)
    return ExecResult(out.getvalue(), err.getvalue(), result.exit_code)
