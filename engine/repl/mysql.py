r"""The mysql monitor (`docker exec -it db mysql -p`): the password question, then SQL statements
ended by `;`, `\g` or `\G`, run against the server container by ``engine.binaries``."""

from __future__ import annotations

from typing import Any

from engine.io import Stream
from engine.repl.common import MAX_BUFFER, ReplContext, ReplResult, statement_so_far


def evaluate(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    # Imported here: engine.binaries imports this package to start the monitor.
    from engine import binaries

    server = ctx.daemon.state.containers.get(session.get("server", "")) if ctx else None
    if session.get("phase") == "password":
        user = str(session.get("user", "root"))
        if server is None or not binaries.mysql_authorised(server, user, source):
            err.write(binaries.mysql_access_denied(user, bool(source)) + "\n")
            return ReplResult(1, True)
        session.pop("phase", None)
        out.write(binaries.mysql_banner(server, ctx.daemon if ctx else None))
        return ReplResult()
    text = statement_so_far(session, source)
    if not session.get("buffer") and source.strip().rstrip(";").strip().lower() in (
        "exit",
        "quit",
        "\\q",
    ):
        out.write("Bye\n")
        return ReplResult(0, True)
    statements, rest = _sql_split(text)
    if rest.strip().endswith("\\c"):
        statements, rest = [], ""
    session["buffer"] = rest if rest.strip() else ""
    if not session["buffer"] or len(rest) > MAX_BUFFER:
        session.pop("buffer")
    status = 0
    for statement in statements:
        if server is None or not server.running:
            err.write("ERROR 2013 (HY000): Lost connection to MySQL server during query\n")
            return ReplResult(1)
        if not binaries.mysql_statement(ctx.daemon, server, statement, session, out, err):  # type: ignore[union-attr]
            status = 1
    return ReplResult(status)


def _sql_split(text: str) -> tuple[list[str], str]:
    """Complete statements (ended by `;`, `\\g` or `\\G`) and what is left unterminated."""
    statements: list[str] = []
    current: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
        elif ch == ";" or (ch == "\\" and text[i + 1 : i + 2] in ("g", "G")):
            statements.append("".join(current).strip())
            current = []
            i += 1 if ch == ";" else 2
            continue
        current.append(ch)
        i += 1
    return statements, "".join(current)


def interrupt(session: dict[str, Any], pending: bool, out: Stream) -> ReplResult:
    """Ctrl+C: at the password question the client gives up; at the prompt it drops the
    statement being typed."""
    if session.get("phase") == "password":
        return ReplResult(1, True)
    return ReplResult(130)
