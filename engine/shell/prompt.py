"""The prompt a shell shows before each line (bash: ``root@3f9c2b7a1d4e:/# ``, busybox: ``/ # ``)."""

from __future__ import annotations

from engine.shell.interpreter import ShellSession


def prompt(session: ShellSession, hostname: str, user: str) -> str:
    home = session.env.get("HOME", "/root")
    where = session.cwd
    if where == home or where.startswith(home.rstrip("/") + "/"):
        where = "~" + where[len(home) :] if home != "/" else where
    sign = "#" if user == "root" else "$"
    if session.kind == "sh":
        return f"{session.cwd} {sign} "
    return f"{user}@{hostname}:{where}{sign} "
