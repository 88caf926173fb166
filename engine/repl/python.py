"""The python REPL (`docker exec -it p1 python3`): statements run by the shared evaluator,
expression values echoed with ``repr``, errors as a traceback from ``<stdin>``."""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any

from engine.io import Stream
from engine.repl.common import (
    Function,
    LangError,
    Limit,
    ReplContext,
    ReplResult,
    Unsupported,
    complete_statement,
    keep_names,
    names_of,
    texts,
)
from engine.repl.evaluator import Evaluator, Returned
from engine.repl.messages import message

TRACEBACK = 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'


def evaluate(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    if not session.get("buffer"):
        word = source.strip()
        if word in ("exit()", "quit()"):
            return ReplResult(0, True)
        if word in ("exit", "quit"):  # Python 3.12: the name alone only explains itself
            out.write(f"Use {word}() or Ctrl-D (i.e. EOF) to exit\n")
            return ReplResult()
        if word == "help":
            out.write("Type help() for interactive help, or help(object) for help about object.\n")
            return ReplResult()
    code = complete_statement(session, source, "python")
    if code is None or not code.strip():
        return ReplResult()
    try:
        tree = ast.parse(code.strip("\n"), mode="exec")
    except SyntaxError as error:
        out.write(syntax_error(error))
        return ReplResult(1)
    except (ValueError, RecursionError, MemoryError):
        return ReplResult(1)
    names = names_of(session)
    evaluator = Evaluator("python", names, out, call)
    try:
        evaluator.run(tree.body, echo=True)
    except LangError as error:
        out.write(f"{TRACEBACK}{''.join(error.frames)}{error_line(error)}\n")
        return ReplResult(1)
    except Limit as limit:
        out.write(message(limit.key, ctx.daemon.lang if ctx else "en") + "\n")
        return ReplResult(1)
    except (Unsupported, RecursionError):
        pass  # code we do not model: like a statement that prints nothing
    finally:
        kept = keep_names(session, names)
    if not kept:
        out.write(f"{TRACEBACK}MemoryError\n")
        return ReplResult(1)
    return ReplResult()


def error_line(error: LangError) -> str:
    """The last line of python's traceback: ``ValueError: ...``, or ``MemoryError`` alone."""
    return f"{error.kind}: {error.message}" if error.message else error.kind


def call(scope: Evaluator, function: Function) -> Any:
    """Run a `def` or `lambda` typed earlier in ``scope``, where its parameters are bound."""
    try:
        if function.expression:
            return scope.value(_expression(function.body))
        scope.run(_definition(function.body).body, echo=False)
    except Returned as returned:
        return returned.value
    except LangError as error:
        error.frames.insert(0, f'  File "<stdin>", line {scope.line}, in {function.name}\n')
        raise
    return None


@lru_cache(maxsize=64)
def _definition(source: str) -> ast.FunctionDef:
    statement = ast.parse(source).body[0]  # the `def` the evaluator kept, as ast.unparse wrote it
    if not isinstance(statement, ast.FunctionDef):
        raise Unsupported
    return statement


@lru_cache(maxsize=64)
def _expression(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body  # a lambda's body, as ast.unparse wrote it


def syntax_error(error: SyntaxError, origin: str = "<stdin>") -> str:
    text = (error.text or "").rstrip("\n")
    stripped = text.lstrip()
    caret = max((error.offset or 1) - 1 - (len(text) - len(stripped)), 0)
    return (
        f'  File "{origin}", line {error.lineno or 1}\n'
        f"    {stripped}\n    {' ' * caret}^\n"
        f"SyntaxError: {error.msg}\n"
    )


def interrupt(session: dict[str, Any], pending: bool, out: Stream) -> ReplResult:
    """Ctrl+C: python drops what is being typed and says so."""
    out.write(str(texts("python").get("keyboard_interrupt", "KeyboardInterrupt")) + "\n")
    return ReplResult(130)
