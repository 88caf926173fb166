"""A very small Node and Python REPL: enough for `docker run -it node` / `python` to feel real.

It evaluates literals, arithmetic and printing; anything else gets the language's own error.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.io import Stream
from engine.model import Container, ShellFrame

if TYPE_CHECKING:
    from engine.daemon.core import Daemon

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.FloorDiv: operator.floordiv,
}


@dataclass
class ReplResult:
    status: int = 0
    exited: bool = False


def _arith(node: ast.AST) -> object:
    """Literals and + - * / % ** // on them; nothing else (never eval)."""
    if (
        isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool))
    ) or node is None:
        return node.value  # type: ignore[union-attr]
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _arith(node.left), _arith(node.right)
        if (
            isinstance(left, (int, float))
            and isinstance(right, (int, float))
            and abs(right) < 10**6
        ):
            if isinstance(node.op, ast.Pow) and abs(right) > 64:
                raise ValueError("too big")
            return _OPS[type(node.op)](left, right)
        if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
            return left + right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _arith(node.operand)
        if isinstance(value, (int, float)):
            return -value
    raise ValueError("unsupported")


def _parse(expr: str) -> object:
    if len(expr) > 200:
        raise ValueError("too long")
    return _arith(ast.parse(expr, mode="eval").body)


PROMPTS = {"node": "> ", "python": ">>> "}


def prompt(language: str) -> str:
    return PROMPTS.get(language, "> ")


@dataclass
class ReplContext:
    """Where a REPL runs: the daemon (state), its container, and the terminal frame."""

    daemon: Daemon
    container: Container
    frame: ShellFrame


def evaluate(
    language: str, source: str, out: Stream, err: Stream, ctx: ReplContext | None = None
) -> ReplResult:
    line = source.strip()
    if language == "node":
        return _node(line, out, err)
    return _python(line, out, err)


def _node(line: str, out: Stream, err: Stream) -> ReplResult:
    if line in (".exit", "process.exit()", "process.exit(0)"):
        return ReplResult(0, True)
    if not line:
        return ReplResult()
    match = re.fullmatch(r"console\.log\((.*)\);?", line)
    try:
        if match:
            value = _parse(match.group(1))
            out.write(f"{_js(value, top=True)}\nundefined\n")
        else:
            out.write(_js(_parse(line.rstrip(";")), top=False) + "\n")
    except (ValueError, SyntaxError, ZeroDivisionError):
        name = re.match(r"[A-Za-z_$][\w$]*", line)
        word = name.group(0) if name else line.split()[0]
        out.write(f"Uncaught ReferenceError: {word} is not defined\n")
        return ReplResult(1)
    return ReplResult()


def _js(value: object, *, top: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value if top else f"'{value}'"
    return str(value)


def _python(line: str, out: Stream, err: Stream) -> ReplResult:
    if line in ("exit()", "quit()", "exit", "quit"):
        return ReplResult(0, True)
    if not line:
        return ReplResult()
    match = re.fullmatch(r"print\((.*)\)", line)
    try:
        if match:
            out.write(f"{_parse(match.group(1))}\n")
        else:
            value = _parse(line)
            out.write(f"{value!r}\n")
    except ZeroDivisionError:
        out.write(
            'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nZeroDivisionError: division by zero\n'
        )
        return ReplResult(1)
    except (ValueError, SyntaxError):
        name = re.match(r"[A-Za-z_]\w*", line)
        word = name.group(0) if name else line
        out.write(
            'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'
            f"NameError: name '{word}' is not defined\n"
        )
        return ReplResult(1)
    return ReplResult()
