"""Running commands inside a container (`docker exec`, one-shot main processes, `docker top`)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.fs import FsError
from engine.io import BufferStream, Stream
from engine.model import Container
from engine.process import Machine, Process, Utility
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
    lang: str = "en"
    interactive: bool = False

    def external(self, name: str) -> Utility | None:
        from engine.binaries import BINARIES

        found = self.externals.get(name) or BINARIES.get(name)
        if found is None and name in ("sh", "bash", "ash", "dash"):
            return self.nested_shell
        return found

    def nested_shell(self, p: Process) -> int:
        """`sh -c 'script'` and `bash -c ...`: a child shell sharing this context."""
        kind = "bash" if p.name == "bash" else "sh"
        args = p.argv[1:]
        while args and args[0].startswith("-") and args[0] != "-c":
            args = args[1:]
        if args and args[0] == "-c":
            if len(args) < 2:
                p.err(f"{kind}: -c: option requires an argument\n")
                return 2
            script = args[1]
        elif args:
            try:
                script = self.fs.read(args[0], p.cwd)
            except FsError as error:
                p.err(
                    f"{kind}: {args[0]}: {error.strerror}\n"
                    if kind == "bash"
                    else f"{kind}: can't open '{args[0]}': {error.strerror}\n"
                )
                return 127
        else:
            script = p.stdin
        child = ShellEnvironment(
            self.fs,
            self.machine,
            self.hostname,
            self.user,
            self.uid,
            self.container,
            p.stdout,
            p.stderr,
            self.externals,
            self.lang,
        )
        session = ShellSession(cwd=p.cwd, env=dict(p.env), kind=kind, history=[])
        return run(script, session, child).exit_code


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
    stdout: Stream | None = None,
    stderr: Stream | None = None,
) -> ExecResult:
    """Run ``argv`` (exec form, no shell parsing of its words). Output goes to ``stdout`` and
    ``stderr`` when given (a terminal keeps their interleaving), else it is captured."""
    from engine.machine import EngineMachine

    fs = d.container_fs(container)
    out: Stream = stdout or BufferStream("stdout")
    err: Stream = stderr or BufferStream("stderr")
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
        lang=d.lang,
    )
    session = ShellSession(
        cwd=workdir or container.config.get("WorkingDir") or "/",
        env=container_env(container, env),
        kind="sh",
        history=[],
    )
    if not fs.is_dir(session.cwd):
        session.cwd = "/"
    result = run(shlex.join(argv), session, ctx, stdin)
    captured = (s.getvalue() if isinstance(s, BufferStream) else "" for s in (out, err))
    return ExecResult(*captured, result.exit_code)
