"""``test`` / ``[``: file tests, string and integer comparisons, ``!``, ``-a``, ``-o``."""

from __future__ import annotations

import re

from engine.process import Process

UNARY = set("efdsxrwLhznbcpSgukGOt")
BINARY = {"=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "<", ">"}


class TestError(Exception):
    pass


def test_command(p: Process) -> int:
    args = p.argv[1:]
    shell = p.shell
    if p.argv[0] == "[":
        if not args or args[-1] != "]":
            p.err(f"{shell}: [: missing `]'\n" if shell == "bash" else "sh: missing ]\n")
            return 2
        args = args[:-1]
    elif p.argv[0] == "[[":
        if not args or args[-1] != "]]":
            p.err(f"{shell}: syntax error in conditional expression\n")
            return 2
        args = [a for a in args[:-1] if a not in ("&&", "||")]
    try:
        return 0 if _or(p, args) else 1
    except TestError as e:
        p.err(f"{shell}: {p.argv[0]}: {e}\n")
        return 2


def _or(p: Process, args: list[str]) -> bool:
    if "-o" in args[1:-1]:
        i = args.index("-o", 1)
        return _or(p, args[:i]) or _or(p, args[i + 1 :])
    if "-a" in args[1:-1]:
        i = args.index("-a", 1)
        return _or(p, args[:i]) and _or(p, args[i + 1 :])
    return _simple(p, args)


def _int(value: str) -> int:
    if not re.fullmatch(r"\s*-?\d+\s*", value):
        raise TestError(f"{value}: integer expression expected")
    return int(value)


def _simple(p: Process, args: list[str]) -> bool:
    if not args:
        return False
    if args[0] == "!" and len(args) > 1:
        return not _simple(p, args[1:])
    if args[0] == "(" and args[-1] == ")" and len(args) > 2:
        return _or(p, args[1:-1])
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, value = args
        if len(op) == 2 and op[0] == "-" and op[1] in UNARY:
            return _unary(p, op[1], value)
        raise TestError(f"{op}: unary operator expected")
    if len(args) == 3 and args[1] in BINARY:
        a, op, b = args
        if op in ("=", "=="):
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op in ("-nt", "-ot"):
            return False
        x, y = _int(a), _int(b)
        return {
            "-eq": x == y,
            "-ne": x != y,
            "-lt": x < y,
            "-le": x <= y,
            "-gt": x > y,
            "-ge": x >= y,
        }[op]
    raise TestError("too many arguments")


def _unary(p: Process, op: str, value: str) -> bool:
    if op == "z":
        return value == ""
    if op == "n":
        return value != ""
    if op == "t":
        return False
    if op in ("L", "h"):
        node = p.fs.lstat(value, p.cwd)
        return node is not None and node.kind == "link"
    node = p.fs.stat(value, p.cwd)
    if node is None:
        return False
    if op == "f":
        return node.kind == "file"
    if op == "d":
        return node.kind == "dir"
    if op == "s":
        return node.size > 0 or node.kind == "dir"
    if op == "x":
        return bool(node.mode & 0o111)
    if op == "r":
        return p.uid == 0 or bool(node.mode & 0o444)
    if op == "w":
        return p.uid == 0 or bool(node.mode & 0o222)
    return op == "e"
