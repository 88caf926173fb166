"""What every docker command handler gets, the registry, and Docker's error framing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.catalog import CATALOG
from engine.daemon.core import Daemon, DaemonError, NotInCatalog
from engine.messages import text
from engine.model import Container, Terminal
from engine.process import Process


@dataclass
class Ctx:
    d: Daemon
    p: Process
    terminal: Terminal | None
    typed: str  # "docker run" / "docker container run" (for error trailers)

    def out(self, text: str) -> None:
        self.p.stdout.write(text)

    def err(self, text: str) -> None:
        self.p.stderr.write(text)

    def daemon_error(self, error: DaemonError | str) -> int:
        message = error.message if isinstance(error, DaemonError) else error
        self.err(f"Error response from daemon: {message}\n")
        self.catalog_hint(error)
        return 1

    def catalog_hint(self, error: DaemonError | str) -> None:
        """After Docker's error for an image the playground does not have: which ones it has."""
        if not isinstance(error, NotInCatalog):
            return
        if error.repository:
            tags = ", ".join(CATALOG.tags(error.repository))
            self.err(text("hint.tags", self.d.lang, tags=tags) + "\n")
        else:
            names = ", ".join(CATALOG.repositories())
            self.err(text("hint.catalog", self.d.lang, names=names) + "\n")

    def now(self) -> float:
        return self.d.now()


@dataclass
class Parsed:
    """The subset of ``engine.cli.ParsedCommand`` handlers use."""

    name: str
    typed: str
    flags: dict[str, Any]
    args: list[str]
    changed: set[str] = field(default_factory=set)  # flags the learner actually typed

    def given(self, name: str) -> bool:
        return name in self.changed


Handler = Callable[[Ctx, Parsed], int]
HANDLERS: dict[str, Handler] = {}


def command(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn

    return register


def stdin_not_a_tty(ctx: Ctx, flags: dict[str, Any]) -> bool:
    """`-it` with input piped in: the CLI refuses before doing anything (its CheckTty)."""
    if flags.get("interactive") and flags.get("tty") and ctx.p.stdin:
        ctx.err("the input device is not a TTY\n")
        return True
    return False


def run_error(ctx: Ctx, message: str, exit_code: int = 125, *, see: bool = True) -> int:
    """`docker run`/`create` failures, classic wording: one trailing period, then the See line."""
    text = message if message.endswith(".") else message + "."
    ctx.err(f"docker: {text}\n")
    if see:
        ctx.err(f"See '{ctx.typed} --help'.\n")
    return exit_code


def each_container(ctx: Ctx, refs: list[str], action: Callable[[Container], None]) -> int:
    """Apply ``action`` to every named container, echoing each success as typed (§4.4)."""
    status = 0
    for ref in refs:
        try:
            action(ctx.d.get_container(ref))
        except DaemonError as error:
            ctx.daemon_error(error)
            status = 1
            continue
        ctx.out(ref + "\n")
    return status


def print_rows(
    ctx: Ctx, fmt: str, rows: list[dict[str, Any]], headers: dict[str, str], default: str
) -> int:
    """A list command's `--format` (table, json, template) or its default table."""
    from engine.format.templates import TemplateError, format_rows

    try:
        ctx.out(format_rows(fmt, rows, headers, default_table=default))
    except TemplateError as error:
        ctx.err(error.message + "\n")
        return 1
    return 0


def flag_list(flags: dict[str, Any], name: str) -> list[str]:
    value = flags.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]
