"""Helpers shared by the utilities: option parsing, GNU vs busybox wording, user names."""

from __future__ import annotations

from typing import NoReturn

from engine.fs import Node
from engine.process import Process


def busybox(p: Process) -> bool:
    """Alpine and busybox images speak busybox; everything else GNU coreutils."""
    return p.shell == "sh"


def getopt(
    args: list[str], flags: str, valued: str = "", *, long: dict[str, str] | None = None
) -> tuple[dict[str, str], list[str], str | None]:
    """Short options (combined, ``-n5`` / ``-n 5``), ``--long`` aliases; stops at ``--``.

    Returns (options, operands, the first unknown option or None).
    """
    opts: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i + 1 :])
            break
        if a.startswith("--") and long is not None:
            name, eq, value = a[2:].partition("=")
            if name not in long:
                return opts, rest, a
            key = long[name]
            if key in valued and not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            opts[key] = value if key in valued else "1"
            i += 1
            continue
        if a.startswith("-") and len(a) > 1 and not a[1:].isdigit():
            j = 1
            while j < len(a):
                c = a[j]
                if c in valued:
                    value = a[j + 1 :]
                    if not value:
                        i += 1
                        value = args[i] if i < len(args) else ""
                    opts[c] = value
                    break
                if c not in flags:
                    return opts, rest, "-" + c
                opts[c] = "1"
                j += 1
        else:
            rest.append(a)
        i += 1
    return opts, rest, None


def invalid_option(p: Process, option: str) -> int:
    name = p.name
    if busybox(p):
        p.err(f"{name}: unrecognized option '{option.lstrip('-')}'\n")
    elif option.startswith("--"):
        p.err(f"{name}: unrecognized option '{option}'\n")
        p.err(f"Try '{name} --help' for more information.\n")
    else:
        p.err(f"{name}: invalid option -- '{option[1:]}'\n")
        p.err(f"Try '{name} --help' for more information.\n")
    return 1 if busybox(p) else 2 if name == "ls" else 1


def names_by_id(p: Process, path: str) -> dict[int, str]:
    try:
        text = p.fs.read(path)
    except Exception:
        return {0: "root"}
    out: dict[int, str] = {}
    for line in text.splitlines():
        f = line.split(":")
        if len(f) > 2 and f[2].isdigit():
            out.setdefault(int(f[2]), f[0])
    return out or {0: "root"}


def ids_by_name(p: Process, path: str) -> dict[str, int]:
    return {v: k for k, v in names_by_id(p, path).items()}


def mode_string(node: Node) -> str:
    kind = {"dir": "d", "link": "l"}.get(node.kind, "-")
    bits = ""
    for shift in (6, 3, 0):
        v = (node.mode >> shift) & 7
        bits += ("r" if v & 4 else "-") + ("w" if v & 2 else "-") + ("x" if v & 1 else "-")
    if node.mode & 0o1000:  # sticky bit (/tmp)
        bits = bits[:-1] + ("t" if bits[-1] == "x" else "T")
    return kind + bits


def human(size: float) -> str:
    """GNU ``-h`` sizes: 4.0K, 12K, 1.5M (rounded up, one decimal below 10)."""
    import math

    if size < 1024:
        return str(int(size))
    for unit in "KMGTP":
        size /= 1024
        if size < 1024 or unit == "P":
            if size < 10:
                return f"{math.ceil(size * 10) / 10:.1f}{unit}"
            return f"{math.ceil(size)}{unit}"
    return str(size)


def read_input(p: Process, path: str) -> str:
    """A file's text, or stdin for ``-``."""
    return p.stdin if path == "-" else p.fs.read(path, p.cwd)


PIPE_LIMIT = 1_000_000  # characters one pipe carries (a file holds at most 1 MB too)


class PipePrefix(str):
    """The start of a pipe's data that outgrew ``PIPE_LIMIT``: the rest was never made.

    Only a utility that reads no further than a prefix (``PREFIX_READERS``) may use it, and
    only when what it needs is all there; any other reader would answer wrongly, so the shell
    stops instead.
    """


PREFIX_READERS = frozenset({"head"})


def overflowed(p: Process) -> bool:
    """True once ``p``'s stdout (a pipe) has dropped data: a producer can stop early."""
    return bool(getattr(p.stdout, "overflow", False))


def refuse(key: str) -> NoReturn:
    """Stop the whole line with the sandbox message ``key`` (engine/shell/messages.py)."""
    from engine.shell.interpreter import Budget  # the shell loads the utilities, not the reverse

    raise Budget(key)
