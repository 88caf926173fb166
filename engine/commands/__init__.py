"""The docker CLI: parse argv, dispatch to a handler, frame errors as Docker does."""

from __future__ import annotations

import functools

from engine.cli import CliError, ParsedCommand, help_text, parse_command
from engine.commands import (  # noqa: F401 - importing registers the handlers
    archive,
    build,
    compose,
    containers,
    images,
    inspect,
    interact,
    networks,
    observe,
    registry,
    system,
    volumes,
)
from engine.commands.base import HANDLERS, Ctx, Parsed
from engine.daemon.core import Daemon
from engine.messages import text
from engine.process import Process

# CLI plugins Docker Desktop installs (tutorials use them): a real engine without them says
# "not a docker command" too, so the playground adds that it does not simulate them.
DESKTOP_PLUGINS = frozenset({"scout", "init", "debug", "extension", "ai", "sbom", "feedback"})


@functools.lru_cache(maxsize=512)
def _parse(argv: tuple[str, ...]) -> ParsedCommand:
    # Cached: the same lines come back often; handlers only read the parsed flags.
    return parse_command(list(argv))


def run_docker(d: Daemon, p: Process, *, terminal: str = "") -> int:
    """`docker ARGS...` as typed in the host shell."""
    try:
        parsed = _parse(tuple(p.argv[1:]))
    except CliError as error:
        p.stderr.write(error.message + "\n")
        plugin = next((a for a in p.argv[1:] if not a.startswith("-")), "")
        if plugin in DESKTOP_PLUGINS and "is not a docker command" in error.message:
            p.stderr.write(text("unsupported", d.lang, what=f"docker {plugin}") + "\n")
        return error.exit_code
    for warning in parsed.warnings:
        p.stderr.write(warning + "\n")
    if parsed.help_requested:
        (p.stderr if parsed.help_to_stderr else p.stdout).write(
            help_text(parsed.name, parsed.typed)
        )
        return 0
    handler = HANDLERS.get(parsed.name)
    if handler is None:
        p.stderr.write(text("unsupported", d.lang, what=parsed.typed) + "\n")
        return 1
    ctx = Ctx(d, p, d.state.terminals.get(terminal), parsed.typed)
    return handler(
        ctx,
        Parsed(
            parsed.name, parsed.typed, dict(parsed.flags), list(parsed.args), set(parsed.changed)
        ),
    )
