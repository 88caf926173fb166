"""Interactive programs that hold a terminal: the node and python REPLs, the mysql monitor and
redis-cli, one module each.

A REPL lives on a terminal's frame stack (``model.ShellFrame`` with ``shell`` set to the
language). What it must remember between lines (variables, a half-typed statement, the current
database) is kept as JSON in ``frame.variables["repl"]`` so it survives ``Engine.dump/load``.
This module routes a frame's lines and Ctrl+C to its program; node and python evaluate
expressions with ``evaluator.py``, which walks Python's AST over a small whitelist: never ``eval``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.io import Stream
from engine.model import ShellFrame
from engine.repl import mysql, node, python, redis
from engine.repl.common import ReplContext, ReplResult, js_string

if TYPE_CHECKING:
    from engine.process import Process

__all__ = [
    "ReplContext",
    "ReplResult",
    "can_enter",
    "enter",
    "evaluate",
    "interrupt",
    "js_string",
    "prompt",
    "session_of",
]

STATE_KEY = "repl"
PROMPTS = {"node": "> ", "python": ">>> ", "mysql": "mysql> "}
CONTINUATION = {"node": "... ", "python": "... ", "mysql": "    -> "}


@dataclass(frozen=True)
class Program:
    """What a REPL program does with a line, and with Ctrl+C after what was being typed
    (``pending``) has been dropped."""

    evaluate: Callable[[str, dict[str, Any], Stream, Stream, ReplContext | None], ReplResult]
    interrupt: Callable[[dict[str, Any], bool, Stream], ReplResult]


PROGRAMS = {
    "node": Program(node.evaluate, node.interrupt),
    "python": Program(python.evaluate, python.interrupt),
    "mysql": Program(mysql.evaluate, mysql.interrupt),
    "redis": Program(redis.evaluate, redis.interrupt),
}


# -- session memory ---------------------------------------------------------------------------


def session_of(frame: ShellFrame | None) -> dict[str, Any]:
    if frame is None:
        return {}
    try:
        data = json.loads(frame.variables.get(STATE_KEY, "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _save(frame: ShellFrame, session: dict[str, Any]) -> None:
    frame.variables[STATE_KEY] = json.dumps(session, separators=(",", ":"))


def prompt(language: str, frame: ShellFrame | None = None) -> str:
    """The prompt to show; ``frame`` lets it depend on the session (continuation lines, the
    password question, redis-cli's host:port)."""
    session = session_of(frame)
    if language == "redis":
        return f"{session.get('host', '127.0.0.1')}:{session.get('port', 6379)}> "
    if language == "mysql" and session.get("phase") == "password":
        return ""
    if session.get("buffer"):
        return CONTINUATION.get(language, "... ")
    return PROMPTS.get(language, "> ")


# -- starting a REPL from a shell -------------------------------------------------------------


def enter(p: Process, language: str, session: dict[str, Any], banner: str = "") -> bool:
    """Push a REPL frame over the shell that ran ``p`` (`node` typed in a container's shell,
    `docker exec -it db mysql ...`). False when ``p`` has no terminal to take over."""
    from engine.machine import EngineMachine

    machine = p.machine
    if not isinstance(machine, EngineMachine) or machine.container is None:
        return False
    terminal = machine.d.state.terminals.get(machine.terminal)
    if terminal is None or not p.stdout.is_terminal:
        return False
    frame = ShellFrame(
        kind="container",
        cwd=p.cwd,
        env=dict(p.env),
        container=machine.container.id,
        exec_session=True,  # leaving the REPL returns to the shell, never stops the container
        shell=language,
        user=p.user,
    )
    _save(frame, session)
    terminal.stack.append(frame)
    # `_leave_container_shell` pops one entry per exec frame, so every REPL frame adds one.
    machine.container.program.setdefault("execs", []).append(" ".join(p.argv))
    if banner:
        p.out(banner)
    return True


def can_enter(p: Process) -> bool:
    """True when ``p`` runs on a terminal inside a container with nothing piped in."""
    from engine.machine import EngineMachine

    machine = p.machine
    return (
        isinstance(machine, EngineMachine)
        and machine.container is not None
        and machine.terminal in machine.d.state.terminals
        and p.stdout.is_terminal
        and not p.stdin
    )


# -- the two entry points the facade calls -----------------------------------------------------


def evaluate(
    language: str, source: str, out: Stream, err: Stream, ctx: ReplContext | None = None
) -> ReplResult:
    frame = ctx.frame if ctx else ShellFrame("container", "/", {})
    session = session_of(frame)
    session.pop("interrupted", None)
    result = _program(language).evaluate(source, session, out, err, ctx)
    if not result.exited:
        _save(frame, session)
    return result


def interrupt(language: str, out: Stream, ctx: ReplContext) -> ReplResult:
    """Ctrl+C (the caller has already echoed ``^C``): what was being typed is dropped, then
    the program answers."""
    session = session_of(ctx.frame)
    pending = bool(session.pop("buffer", ""))
    result = _program(language).interrupt(session, pending, out)
    if not result.exited:
        _save(ctx.frame, session)
    return result


def _program(language: str) -> Program:
    return PROGRAMS.get(language, PROGRAMS["python"])
