"""Interactive programs that hold a terminal: the node and python REPLs, the mysql monitor and
redis-cli.

A REPL lives on a terminal's frame stack (``model.ShellFrame`` with ``shell`` set to the
language). What it must remember between lines (variables, a half-typed statement, the current
database) is kept as JSON in ``frame.variables["repl"]`` so it survives ``Engine.dump/load``.
Expressions are evaluated by walking Python's AST over a small whitelist: never ``eval``.
"""

from __future__ import annotations

import ast
import builtins
import json
import operator
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.catalog import CATALOG
from engine.io import Stream
from engine.model import Container, ShellFrame

if TYPE_CHECKING:
    from engine.daemon.core import Daemon
    from engine.process import Process

STATE_KEY = "repl"
PROMPTS = {"node": "> ", "python": ">>> ", "mysql": "mysql> "}
CONTINUATION = {"node": "... ", "python": "... ", "mysql": "    -> "}
MAX_BUFFER = 4000  # characters of a statement still being typed
MAX_STEPS = 10_000  # evaluation steps per line: loops end here
MAX_SEQUENCE = 10_000  # longest string or list a line may build
MAX_NAMES = 200  # variables one REPL session may hold
MAX_SESSION_CHARS = 32 * 1024  # their JSON, kept in the session's dumped state


@dataclass
class ReplResult:
    status: int = 0
    exited: bool = False


@dataclass
class ReplContext:
    """Where a REPL runs: the daemon (state), its container, and the terminal frame."""

    daemon: Daemon
    container: Container
    frame: ShellFrame


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
    handler = _HANDLERS.get(language, _python)
    result = handler(source, session, out, err, ctx)
    if not result.exited:
        _save(frame, session)
    return result


def interrupt(language: str, out: Stream, ctx: ReplContext) -> ReplResult:
    """Ctrl+C (the caller has already echoed ``^C``)."""
    session = session_of(ctx.frame)
    pending = bool(session.pop("buffer", ""))
    result = ReplResult(130)
    if language == "node":
        if not pending:
            if session.get("interrupted"):
                return ReplResult(0, True)
            session["interrupted"] = True
            out.write(str(_texts("node").get("interrupt_hint", "")) + "\n")
    elif language == "python":
        out.write(str(_texts("python").get("keyboard_interrupt", "KeyboardInterrupt")) + "\n")
    elif language == "redis":
        return ReplResult(0, True)
    elif language == "mysql" and session.get("phase") == "password":
        return ReplResult(1, True)
    _save(ctx.frame, session)
    return result


def _texts(program: str) -> dict[str, Any]:
    try:
        return CATALOG.texts(program)
    except KeyError:
        return {}


# -- a small safe evaluator shared by both languages -----------------------------------------


class Undefined:
    """JavaScript's ``undefined``."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = Undefined()


class LangError(Exception):
    """An error the language itself raises: ``kind`` is its class name (NameError ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Unsupported(Exception):
    """Valid code our evaluator does not model."""


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
PY_BUILTINS = frozenset(dir(builtins))
# Globals node has that the evaluator does not model: using them is not a ReferenceError.
JS_GLOBALS = frozenset(
    [
        "require",
        "module",
        "exports",
        "process",
        "console",
        "Math",
        "JSON",
        "Object",
        "Array",
        "String",
        "Number",
        "Boolean",
        "Date",
        "Promise",
        "Symbol",
        "Map",
        "Set",
        "Error",
        "parseInt",
        "parseFloat",
        "isNaN",
        "setTimeout",
        "setInterval",
        "clearTimeout",
        "clearInterval",
        "fetch",
        "Buffer",
        "globalThis",
    ]
)
MODELLED_BUILTINS = frozenset(
    ("str", "int", "float", "abs", "range", "sum", "max", "min", "list", "sorted")
)
_PY_SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "** or pow()",
}


class Evaluator:
    """Walks an AST over plain values (numbers, strings, bools, None, lists)."""

    def __init__(self, language: str, names: dict[str, Any], out: Stream) -> None:
        self.js = language == "node"
        self.names = names
        self.out = out
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Unsupported

    # expressions

    def value(self, node: ast.AST) -> Any:
        self.tick()
        if isinstance(node, ast.Constant):
            if node.value is None or isinstance(node.value, (int, float, str, bool)):
                return node.value
            raise Unsupported
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.value(item) for item in node.elts]
            return items if isinstance(node, ast.List) or self.js else tuple(items)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return self.binop(node.op, self.value(node.left), self.value(node.right))
        if isinstance(node, ast.BoolOp):
            result: Any = None
            for item in node.values:
                result = self.value(item)
                truthy = self.truthy(result)
                if isinstance(node.op, ast.And) != truthy:
                    return result
            return result
        if isinstance(node, ast.Compare):
            left = self.value(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = self.value(right_node)
                if type(op) not in _COMPARE:
                    raise Unsupported
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError as error:
                    raise LangError("TypeError", str(error)) from error
                left = right
            return True
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Attribute):
            target = self.value(node.value)
            if self.js and node.attr == "length" and isinstance(target, (str, list)):
                return len(target)
            raise Unsupported
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.IfExp):
            return self.value(node.body if self.truthy(self.value(node.test)) else node.orelse)
        raise Unsupported

    def lookup(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        constants: dict[str, Any] = (
            {"true": True, "false": False, "null": None, "undefined": UNDEFINED}
            if self.js
            else {"True": True, "False": False, "None": None}
        )
        if name in constants:
            return constants[name]
        if self.js:
            if name in JS_GLOBALS:
                raise Unsupported
            raise LangError("ReferenceError", f"{name} is not defined")
        if name in PY_BUILTINS:
            raise Unsupported  # exists in Python, not modelled here
        raise LangError("NameError", f"name '{name}' is not defined")

    def truthy(self, value: Any) -> bool:
        if value is UNDEFINED:
            return False
        if self.js and isinstance(value, list):
            return True  # every JS object, even [], is truthy
        return bool(value)

    def unary(self, node: ast.UnaryOp) -> Any:
        value = self.value(node.operand)
        if isinstance(node.op, ast.Not):
            return not self.truthy(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if self.js and isinstance(node.op, ast.USub) and isinstance(value, bool):
                return -int(value)
            if not self.js:
                raise LangError(
                    "TypeError", f"bad operand type for unary -: '{type(value).__name__}'"
                )
            raise Unsupported
        return -value if isinstance(node.op, ast.USub) else value

    def binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        if (
            self.js
            and isinstance(op, ast.Add)
            and (isinstance(left, str) or isinstance(right, str))
        ):
            return _bounded(js_string(left) + js_string(right))
        numbers = all(isinstance(v, (int, float)) for v in (left, right))
        if numbers and isinstance(op, ast.Pow) and abs(right) > 256:
            raise Unsupported  # keep the work bounded
        if isinstance(op, ast.Mult) and isinstance(left, (str, list, tuple)) != isinstance(
            right, (str, list, tuple)
        ):
            count = right if isinstance(left, (str, list, tuple)) else left
            if isinstance(count, int) and count > MAX_SEQUENCE:
                raise Unsupported
        if self.js:
            if isinstance(op, ast.Div) and numbers and right == 0:
                if left == 0:
                    return float("nan")
                return float("inf") if left > 0 else float("-inf")
            if not numbers:
                raise Unsupported
        try:
            return _bounded(_BINOPS[type(op)](left, right))
        except ZeroDivisionError as error:
            raise LangError("ZeroDivisionError", str(error)) from error
        except TypeError as error:
            symbol = _PY_SYMBOLS.get(type(op), "?")
            if isinstance(left, str) and isinstance(op, ast.Add):
                raise LangError(
                    "TypeError", f'can only concatenate str (not "{type(right).__name__}") to str'
                ) from error
            raise LangError(
                "TypeError",
                f"unsupported operand type(s) for {symbol}: "
                f"'{type(left).__name__}' and '{type(right).__name__}'",
            ) from error
        except OverflowError as error:
            raise Unsupported from error

    def subscript(self, node: ast.Subscript) -> Any:
        target = self.value(node.value)
        index = self.value(node.slice)
        if not isinstance(target, (str, list, tuple)) or not isinstance(index, int):
            raise Unsupported
        try:
            return target[index]
        except IndexError as error:
            if self.js:
                return UNDEFINED
            kind = "string" if isinstance(target, str) else type(target).__name__
            raise LangError("IndexError", f"{kind} index out of range") from error

    def call(self, node: ast.Call) -> Any:
        if node.keywords:
            raise Unsupported
        func = node.func
        args = [self.value(arg) for arg in node.args]
        if self.js:
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                owner, method = func.value.id, func.attr
                if owner == "console" and method in ("log", "info", "error", "warn"):
                    self.out.write(" ".join(js_string(a, nested=False) for a in args) + "\n")
                    return UNDEFINED
                if owner == "Math" and method in ("max", "min") and args:
                    return (max if method == "max" else min)(args)
                if owner == "Math" and method in ("floor", "round", "abs", "sqrt") and args:
                    x = args[0]
                    funcs: dict[str, Callable[[Any], Any]] = {
                        "floor": lambda v: int(v // 1),
                        "round": lambda v: int(v + 0.5) // 1,
                        "abs": abs,
                        "sqrt": lambda v: v**0.5,
                    }
                    return funcs[method](x)
            if isinstance(func, ast.Attribute):
                target = self.value(func.value)
                if isinstance(target, str) and func.attr in ("toUpperCase", "toLowerCase"):
                    return target.upper() if func.attr == "toUpperCase" else target.lower()
                if isinstance(target, list) and func.attr == "push" and args:
                    target.extend(args)
                    _bounded(target)
                    return len(target)
            if isinstance(func, ast.Name) and func.id not in JS_GLOBALS:
                self.lookup(func.id)  # ReferenceError for a function never defined
            raise Unsupported
        if isinstance(func, ast.Name):
            name = func.id
            if name == "print":
                self.out.write(" ".join(py_str(a) for a in args) + "\n")
                return None
            if name == "len" and len(args) == 1:
                if not isinstance(args[0], (str, list, tuple)):
                    raise LangError(
                        "TypeError", f"object of type '{type(args[0]).__name__}' has no len()"
                    )
                return len(args[0])
            if name in MODELLED_BUILTINS and args:
                return self.builtin(name, args)
            if name not in self.names:
                self.lookup(name)  # NameError for names Python does not know either
        if isinstance(func, ast.Attribute):
            target = self.value(func.value)
            if isinstance(target, str) and func.attr in ("upper", "lower", "strip") and not args:
                return getattr(str, func.attr)(target)
            if isinstance(target, list) and func.attr == "append" and len(args) == 1:
                target.append(args[0])
                _bounded(target)
                return None
        raise Unsupported

    def builtin(self, name: str, args: list[Any]) -> Any:
        try:
            if name == "range":
                if len(args) > 3 or not all(isinstance(a, int) for a in args):
                    raise Unsupported
                items = range(*args)
                if len(items) > MAX_SEQUENCE:
                    raise Unsupported
                return list(items)
            if name in ("sum", "max", "min") and len(args) == 1:
                return {"sum": sum, "max": max, "min": min}[name](args[0])
            if name in ("max", "min"):
                return {"max": max, "min": min}[name](args)
            if name == "str":
                return py_str(args[0])
            if name in ("list", "sorted") and len(args) == 1:
                if not isinstance(args[0], (str, list, tuple)):
                    raise Unsupported
                return sorted(args[0]) if name == "sorted" else list(args[0])
            return {"int": int, "float": float, "abs": abs}[name](args[0])
        except ValueError as error:
            raise LangError("ValueError", str(error)) from error
        except TypeError as error:
            raise LangError("TypeError", str(error)) from error

    # statements (python)

    def run(self, statements: list[ast.stmt], echo: bool) -> None:
        for statement in statements:
            self.tick()
            if isinstance(statement, ast.Expr):
                value = self.value(statement.value)
                if echo and value is not None:
                    self.out.write(_py_repr(value) + "\n")
            elif isinstance(statement, ast.Assign) and all(
                isinstance(t, ast.Name) for t in statement.targets
            ):
                value = self.value(statement.value)
                for target in statement.targets:
                    self.assign(target.id, value)  # type: ignore[attr-defined]
            elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
                current = self.lookup(statement.target.id)
                self.assign(
                    statement.target.id,
                    self.binop(statement.op, current, self.value(statement.value)),
                )
            elif isinstance(statement, ast.If):
                branch = statement.body if self.truthy(self.value(statement.test)) else None
                self.run(branch if branch is not None else statement.orelse, False)
            elif isinstance(statement, ast.For) and isinstance(statement.target, ast.Name):
                items = self.value(statement.iter)
                if not isinstance(items, (list, tuple, str)):
                    raise Unsupported
                for item in items:
                    self.assign(statement.target.id, item)
                    self.run(statement.body, False)
            elif isinstance(statement, ast.While):
                while self.truthy(self.value(statement.test)):
                    self.run(statement.body, False)
            elif isinstance(statement, ast.Pass):
                continue
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                continue  # modules are not modelled; importing them succeeds quietly
            else:
                raise Unsupported

    def assign(self, name: str, value: Any) -> None:
        if name not in self.names and len(self.names) >= MAX_NAMES:
            raise Unsupported
        self.names[name] = value


def _bounded(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQUENCE:
        raise Unsupported
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**300:
        raise Unsupported
    return value


def js_string(value: Any, *, nested: bool = False) -> str:
    """How node prints a value: `console.log` (``nested`` False) or as the REPL echoes it."""
    if isinstance(value, str):
        return "'" + value.replace("'", "\\'") + "'" if nested else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[ " + ", ".join(js_string(v, nested=True) for v in value) + " ]"
    return str(value)


def py_str(value: Any) -> str:
    return value if isinstance(value, str) else _py_repr(value)


def _py_repr(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_py_repr(v) for v in value) + "]"
    return repr(value)


def _encode(value: Any) -> Any:
    if value is UNDEFINED:
        return {"$undefined": True}
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"$float": repr(value)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$undefined" in value:
            return UNDEFINED
        if "$float" in value:
            return float(value["$float"])
        if "$tuple" in value:
            return tuple(_decode(v) for v in value["$tuple"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _continues(source: str, language: str) -> bool:
    """True while brackets or a string are still open (or a python block is being typed)."""
    depth, quote, escaped = 0, "", False
    for ch in source:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    if depth > 0 or (quote == "`"):
        return True
    if language == "python":
        lines = source.split("\n")
        if lines[0].rstrip().endswith(":"):
            return lines[-1].strip() != "" or len(lines) == 1
    return False


# -- node -------------------------------------------------------------------------------------

_JS_DECLARATION = re.compile(r"(let|const|var)\s+([A-Za-z_$][\w$]*)\s*(?:=\s*(.+))?", re.S)
_JS_ASSIGN = re.compile(r"([A-Za-z_$][\w$]*)\s*(\+=|-=|\*=|/=|=)(?!=)\s*(.+)", re.S)


NODE_COMMANDS = (".break", ".clear", ".editor", ".exit", ".help", ".load", ".save")


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


def _node(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    line = source.strip()
    if line.startswith(".") and (not session.get("buffer") or line.split()[0] in NODE_COMMANDS):
        return _node_command(line, session, out)
    if line in ("process.exit()", "process.exit(0)"):
        return ReplResult(0, True)
    code = f"{session.get('buffer', '')}\n{source}" if session.get("buffer") else source
    if _continues(code, "node") and len(code) < MAX_BUFFER:
        session["buffer"] = code
        return ReplResult()
    session.pop("buffer", None)
    code = code.strip().rstrip(";").strip()
    if not code:
        return ReplResult()
    names = {k: _decode(v) for k, v in session.get("vars", {}).items()}
    consts: list[str] = session.get("consts", [])
    evaluator = Evaluator("node", names, out)
    try:
        shown = _node_statement(code, evaluator, consts)
    except LangError as error:
        out.write(f"Uncaught {error.kind}: {error.message}\n")
        return ReplResult(1)
    except (Unsupported, SyntaxError, ValueError, RecursionError, MemoryError):
        shown = UNDEFINED  # code we do not model (functions, require ...): node says undefined
    if not _keep_names(session, names):
        out.write("Uncaught RangeError: Invalid array length\n")
        return ReplResult(1)
    session["consts"] = consts
    out.write(js_string(shown, nested=True) + "\n")
    return ReplResult()


def _keep_names(session: dict[str, Any], names: dict[str, Any]) -> bool:
    """Store the session's variables unless they outgrow what a session may keep (they are
    part of the dumped state); then the line's changes are dropped."""
    encoded = {k: _encode(v) for k, v in names.items()}
    if len(json.dumps(encoded)) > MAX_SESSION_CHARS:
        return False
    session["vars"] = encoded
    return True


def _node_statement(code: str, evaluator: Evaluator, consts: list[str]) -> Any:
    names = evaluator.names
    declared = _JS_DECLARATION.fullmatch(code)
    if declared:
        kind, name, expression = declared.groups()
        if name in names and kind != "var":
            raise LangError("SyntaxError", f"Identifier '{name}' has already been declared")
        if kind == "const" and expression is None:
            raise LangError("SyntaxError", "Missing initializer in const declaration")
        value = _js_eval(expression, evaluator) if expression is not None else UNDEFINED
        evaluator.assign(name, value)
        if kind == "const":
            consts.append(name)
        return UNDEFINED
    assigned = _JS_ASSIGN.fullmatch(code)
    if assigned:
        name, op, expression = assigned.groups()
        value = _js_eval(expression, evaluator)
        if op != "=":
            symbol = {"+=": ast.Add(), "-=": ast.Sub(), "*=": ast.Mult(), "/=": ast.Div()}[op]
            value = evaluator.binop(symbol, evaluator.lookup(name), value)
        elif name not in names:
            evaluator.lookup(name)  # a ReferenceError unless it is a known global
        if name in consts:
            raise LangError("TypeError", "Assignment to constant variable.")
        evaluator.assign(name, value)
        return value
    return _js_eval(code, evaluator)


def _js_eval(expression: str, evaluator: Evaluator) -> Any:
    tree = ast.parse(_js_to_python(expression.strip()), mode="eval")
    return evaluator.value(tree.body)


def _node_command(line: str, session: dict[str, Any], out: Stream) -> ReplResult:
    word = line.split()[0]
    if word == ".exit":
        return ReplResult(0, True)
    if word == ".help":
        out.write(str(_texts("node").get("help", "")))
        return ReplResult()
    if word in (".break", ".clear"):
        session.pop("buffer", None)
        return ReplResult()
    if word in (".editor", ".load", ".save"):
        return ReplResult()  # not modelled: the REPL stays as it was
    out.write("Invalid REPL keyword\n")
    return ReplResult()


# -- python -----------------------------------------------------------------------------------

TRACEBACK = 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'


def _python(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    code = f"{session['buffer']}\n{source}" if session.get("buffer") else source
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
    if _continues(code, "python") and len(code) < MAX_BUFFER:
        session["buffer"] = code
        return ReplResult()
    session.pop("buffer", None)
    if not code.strip():
        return ReplResult()
    try:
        tree = ast.parse(code.strip("\n"), mode="exec")
    except SyntaxError as error:
        out.write(_python_syntax_error(error))
        return ReplResult(1)
    except (ValueError, RecursionError, MemoryError):
        return ReplResult(1)
    names = {k: _decode(v) for k, v in session.get("vars", {}).items()}
    evaluator = Evaluator("python", names, out)
    try:
        evaluator.run(tree.body, echo=True)
    except LangError as error:
        out.write(f"{TRACEBACK}{error.kind}: {error.message}\n")
        return ReplResult(1)
    except (Unsupported, RecursionError):
        pass  # code we do not model: like a statement that prints nothing
    finally:
        kept = _keep_names(session, names)
    if not kept:
        out.write(f"{TRACEBACK}MemoryError\n")
        return ReplResult(1)
    return ReplResult()


def _python_syntax_error(error: SyntaxError) -> str:
    text = (error.text or "").rstrip("\n")
    stripped = text.lstrip()
    caret = max((error.offset or 1) - 1 - (len(text) - len(stripped)), 0)
    return (
        f'  File "<stdin>", line {error.lineno or 1}\n'
        f"    {stripped}\n    {' ' * caret}^\n"
        f"SyntaxError: {error.msg}\n"
    )


# -- mysql ------------------------------------------------------------------------------------


def _mysql(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
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
    text = f"{session['buffer']}\n{source}" if session.get("buffer") else source
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


# -- redis-cli --------------------------------------------------------------------------------


def _redis(
    source: str, session: dict[str, Any], out: Stream, err: Stream, ctx: ReplContext | None
) -> ReplResult:
    from engine import binaries

    try:
        words = shlex.split(source)
    except ValueError:
        out.write("Invalid argument(s)\n")
        return ReplResult(1)
    if not words:
        return ReplResult()
    if words[0].lower() in ("exit", "quit"):
        return ReplResult(0, True)
    server = ctx.daemon.state.containers.get(session.get("server", "")) if ctx else None
    if server is None or not server.running:
        host, port = session.get("host", "127.0.0.1"), session.get("port", 6379)
        out.write(f"Could not connect to Redis at {host}:{port}: Connection refused\n")
        return ReplResult(1)
    reply, failed = binaries.redis_command(server, words, tty=True)
    out.write(f"(error) {reply}\n" if failed else reply + "\n")
    return ReplResult(1 if failed else 0)


_HANDLERS: dict[
    str, Callable[[str, dict[str, Any], Stream, Stream, ReplContext | None], ReplResult]
] = {"node": _node, "python": _python, "mysql": _mysql, "redis": _redis}
