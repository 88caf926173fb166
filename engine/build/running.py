"""RUN: a command through the simulated shell over the stage's layers, output timestamped."""

from __future__ import annotations

import json
import posixpath
import shlex
from typing import Any

from engine.build.dockerfile import Instruction, heredocs
from engine.build.instructions import env_dict
from engine.build.model import BuildError, Output
from engine.daemon.core import Daemon
from engine.fs import UnionFS

UIDS = {"root": 0, "node": 1000, "nginx": 101, "redis": 999, "mysql": 999, "www-data": 33}


class TimedBuffer:
    """A stream that remembers when each piece was written (RUN output lines get timestamps)."""

    name = "stdout"

    def __init__(self) -> None:
        self.now = 0.0
        self.pieces: list[tuple[float, str]] = []

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        if text:
            self.pieces.append((self.now, text))

    def progress(self, key: str, line: str) -> None:
        self.write(line + "\n")

    def wait(self, seconds: float) -> None:
        self.now += seconds

    def output(self, start: float) -> Output:
        lines: list[tuple[float, str]] = []
        pending = ""
        at = start
        for when, text in self.pieces:
            if not pending:
                at = start + when
            pending += text
            while "\n" in pending:
                line, pending = pending.split("\n", 1)
                lines.append((at, line))
                at = start + when
        if pending:
            lines.append((at, pending))
        return Output(lines, start + self.now)


def uid_of(name: str) -> int:
    return int(name) if name.isdigit() else UIDS.get(name, 1000)


def run_instruction(
    d: Daemon,
    fs: UnionFS,
    config: dict[str, Any],
    instr: Instruction,
    argv: list[str],
    build_args: dict[str, str],
    *,
    hostname: str,
    start: float,
) -> tuple[int, Output]:
    """Run a RUN instruction in ``fs`` (its writable layer collects the changes)."""
    from engine.daemon.execs import ShellEnvironment
    from engine.machine import EngineMachine
    from engine.shell.interpreter import DEFAULT_PATH, ShellSession, run

    buffer = TimedBuffer()
    name = (config.get("User") or "root").split(":", 1)[0]
    uid = uid_of(name)
    env = {**build_args, **env_dict(config)}
    env.setdefault("PATH", DEFAULT_PATH)
    env.setdefault("HOME", "/root" if uid == 0 else f"/home/{name}")
    env.setdefault("HOSTNAME", hostname)
    cwd = config.get("WorkingDir") or "/"
    if not fs.is_dir(cwd):
        fs.mkdir(cwd, parents=True)
    ctx = ShellEnvironment(fs, EngineMachine(d), hostname, name, uid, "", buffer, buffer, {})
    if instr.json is not None:
        script, kind = shlex.join(argv), "sh"
    else:
        first, docs = heredocs(instr.args)
        # `RUN <<EOF` runs the body as the script; `RUN python3 <<EOF` is plain shell.
        script = docs[0][1] if docs and first.strip().startswith("<<") else instr.args
        kind = "bash" if posixpath.basename(argv[0]) == "bash" else "sh"
    session = ShellSession(cwd=cwd, env=env, kind=kind, history=[])  # type: ignore[arg-type]
    result = run(script, session, ctx)
    status = result.exit_status if result.exited else result.exit_code
    return status, buffer.output(start)


def run_failure(instr: Instruction, argv: list[str], status: int) -> BuildError:
    """Both builders' words for a RUN that exited non-zero (reference §6.3)."""
    shown = " ".join(argv) if instr.json is None else shlex.join(argv)
    label = json.dumps(shown)[1:-1]
    message = f'process "{label}" did not complete successfully: exit code: {status}'
    return BuildError(
        message,
        f"The command '{shown}' returned a non-zero code: {status}",
        instr=instr,
        exit_code=status,
        vertex_error=message,
    )
