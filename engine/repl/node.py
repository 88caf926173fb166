"""The node REPL (`docker exec -it n1 node`): `let`/`const` declarations, assignments,
expressions and simple functions, echoed the way node echoes them; what is not modelled answers
``undefined``."""

from __future__ import annotations

import ast
import re
from functools import partial
from typing import Any

from engine.io import Stream
from engine.repl.common import (
    OPAQUE,
    UNDEFINED,
    Brackets,
    Function,
    LangError,
    Limit,
    ReplContext,
    ReplResult,
    Unsupported,
    complete_statement,
    js_string,
    keep_names,
    names_of,
    texts,
)
from engine.repl.evaluator import Evaluator
from engine.repl.messages import message

_JS_DECLARATION = re.compile(r"(let|const|var)\s+([A-Za-z_$][\w$]*)\s*(?:=\s*(.+))?", re.S)
_JS_ASSIGN = re.compile(r"([A-Za-z_$][\w$]*)\s*(\+=|-=|\*=|/=|=)(?![=>])\s*(.+)", re.S)
_JS_FUNCTION = re.compile(r"function\b\s*([A-Za-z_$][\w$]*)?\s*\(([^)]*)\)\s*\{(.*)\}", re.S)
_JS_ARROW = re.compile(r"(?:\(([^)]*)\)|([A-Za-z_$][\w$]*))\s*=>\s*(.+)", re.S)
_JS_RETURN = re.compile(r"return\b\s*(.*)", re.S)
_JS_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# What code the evaluator cannot follow raises: node's answer to it is `undefined`.
UNMODELLED = (Unsupported, SyntaxError, ValueError, RecursionError, MemoryError)


COMMANDS = (".break", ".clear", ".editor", ".exit", ".help", ".load", ".save")


def _js_to_python(source: str) -> str:
    """Rewrite the JS operators that differ from Python's, outside string literals."""
    out: list[str] = []
    i, quote = 0, ""
    while i < len(source):
        ch = source[i]
        if quote:
            out.append(ch)
            if ch == "\\" and i + 1 < len(source):
                out.append(source[i + 1])
                i += 1
            elif ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "`":
            raise Unsupported  # template literals are not modelled
        elif source.startswith(("===", "!=="), i):
            out.append(" == " if ch == "=" else " != ")
            i += 3
            continue
        elif source.startswith(("&&", "||"), i):
            out.append(" and " if ch == "&" else " or ")
            i += 2
            continue
        elif ch == "!" and not source.startswith("!=", i):
            out.append(" not ")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def evaluate(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    line = source.strip()
    if line.startswith(".") and (not session.get("buffer") or line.split()[0] in COMMANDS):
        return _command(line, session, out)
    if line in ("process.exit()", "process.exit(0)"):
        return ReplResult(0, True)
    code = complete_statement(session, source, "node")
    if code is None:
        return ReplResult()
    code = code.strip().rstrip(";").strip()
    if not code:
        return ReplResult()
    names = names_of(session)
    consts: list[str] = session.get("consts", [])
    evaluator = Evaluator("node", names, out, partial(call, session_consts=consts))
    try:
        shown = run_statement(code, evaluator, consts)
    except LangError as error:
        out.write(f"Uncaught {error.kind}: {error.message}\n")
        return ReplResult(1)
    except Limit as limit:
        out.write(message(limit.key, ctx.daemon.lang if ctx else "en") + "\n")
        return ReplResult(1)
    except UNMODELLED:
        shown = UNDEFINED  # code we do not model (objects, require ...): node says undefined
    if not keep_names(session, names):
        out.write("Uncaught RangeError: Invalid array length\n")
        return ReplResult(1)
    session["consts"] = consts
    out.write(js_string(shown, nested=True) + "\n")
    return ReplResult()


def run_statement(code: str, evaluator: Evaluator, consts: list[str]) -> Any:
    literal = _function_literal(code, "") if code.startswith("function") else None
    if literal is not None:  # `function add(a, b) { ... }` declares add
        if not literal.name:
            raise LangError("SyntaxError", "Function statements require a function name")
        evaluator.declare(literal.name, literal)
        return UNDEFINED
    declared = _JS_DECLARATION.fullmatch(code)
    if declared:
        kind, name, expression = declared.groups()
        _declare(kind, name, expression, evaluator, consts)
        return UNDEFINED
    assigned = _JS_ASSIGN.fullmatch(code)
    if assigned:
        return _assign(*assigned.groups(), evaluator, consts)
    return _js_value(code, evaluator, "")


def _declare(
    kind: str, name: str, expression: str | None, evaluator: Evaluator, consts: list[str]
) -> None:
    if name in evaluator.names and kind != "var":
        raise LangError("SyntaxError", f"Identifier '{name}' has already been declared")
    if kind == "const" and expression is None:
        raise LangError("SyntaxError", "Missing initializer in const declaration")
    try:
        value = _js_value(expression, evaluator, name) if expression is not None else UNDEFINED
    except UNMODELLED:
        value = OPAQUE  # `const http = require('http')`: the name exists all the same
    evaluator.declare(name, value)
    if kind == "const":
        consts.append(name)


def _assign(name: str, op: str, expression: str, evaluator: Evaluator, consts: list[str]) -> Any:
    """`x = 1`, `x += 1`: the REPL is sloppy javascript, so `=` may create a variable."""
    try:
        value = _js_value(expression, evaluator, name)
    except UNMODELLED:
        if op == "=" and name not in consts:
            evaluator.assign(name, OPAQUE)
        raise
    if op != "=":
        symbol = {"+=": ast.Add(), "-=": ast.Sub(), "*=": ast.Mult(), "/=": ast.Div()}[op]
        value = evaluator.binop(symbol, evaluator.lookup(name), value)
    if name in consts:
        raise LangError("TypeError", "Assignment to constant variable.")
    evaluator.assign(name, value)
    return value


def _js_value(expression: str, evaluator: Evaluator, name: str) -> Any:
    """What an expression is worth; a function written there is named after its variable."""
    literal = _function_literal(expression.strip(), name)
    return literal if literal is not None else _js_eval(expression, evaluator)


def _function_literal(text: str, name: str) -> Function | None:
    """`function f(a) { ... }`, `(a, b) => a + b` or `a => { ... }`; None for other code."""
    written = _JS_FUNCTION.fullmatch(text)
    if written:
        own, params, body = written.groups()
        return Function(own or name, _params(params), body.strip())
    arrow = _JS_ARROW.fullmatch(text)
    if arrow is None:
        return None
    listed, single, body = arrow.groups()
    params, body = _params(single or listed), body.strip()
    if body.startswith("{") and body.endswith("}"):
        return Function(name, params, body[1:-1].strip())
    return Function(name, params, body, expression=True)


def _params(listed: str) -> tuple[str, ...]:
    params = tuple(p.strip() for p in listed.split(",")) if listed.strip() else ()
    if not all(_JS_NAME.fullmatch(p) for p in params):
        raise Unsupported  # defaults, destructuring, rest parameters
    return params


def call(scope: Evaluator, function: Function, session_consts: list[str]) -> Any:
    """Run a function typed earlier in ``scope``, where its parameters are bound: an arrow's
    expression, or the statements of its body up to a `return`."""
    if function.expression:
        return _js_value(function.body, scope, "")
    consts = list(session_consts)  # the session's stay constant; the body's own stay local
    for statement in _body_statements(function.body):
        returned = _JS_RETURN.fullmatch(statement)
        if returned:
            value = returned.group(1).strip()
            return _js_value(value, scope, "") if value else UNDEFINED
        run_statement(statement, scope, consts)
    return UNDEFINED


def _body_statements(body: str) -> list[str]:
    """A function body's statements: split at `;` and line ends outside brackets and strings."""
    statements: list[str] = []
    current: list[str] = []
    brackets = Brackets()
    for ch in body:
        if brackets.code(ch) and ch in ";\n" and brackets.depth == 0:
            statements.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    statements.append("".join(current).strip())
    return [statement for statement in statements if statement]


def _js_eval(expression: str, evaluator: Evaluator) -> Any:
    tree = ast.parse(_js_to_python(expression.strip()), mode="eval")
    return evaluator.value(tree.body)


def _command(line: str, session: dict[str, Any], out: Stream) -> ReplResult:
    word = line.split()[0]
    if word == ".exit":
        return ReplResult(0, True)
    if word == ".help":
        out.write(str(texts("node").get("help", "")))
        return ReplResult()
    if word in (".break", ".clear"):
        session.pop("buffer", None)
        return ReplResult()
    if word in (".editor", ".load", ".save"):
        return ReplResult()  # not modelled: the REPL stays as it was
    out.write("Invalid REPL keyword\n")
    return ReplResult()


def interrupt(session: dict[str, Any], pending: bool, out: Stream) -> ReplResult:
    """Ctrl+C: an expression being typed is dropped; on an empty line node explains how to
    leave, and a second Ctrl+C in a row leaves."""
    if not pending:
        if session.get("interrupted"):
            return ReplResult(0, True)
        session["interrupted"] = True
        out.write(str(texts("node").get("interrupt_hint", "")) + "\n")
    return ReplResult(130)
