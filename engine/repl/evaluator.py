"""A small safe evaluator shared by the node and python REPLs: it walks Python's AST over plain
values (numbers, strings, bools, None, lists) and a whitelist of operations, never ``eval``.
Node's source is first rewritten into Python's syntax (``node.py``)."""

from __future__ import annotations

import ast
import builtins
import math
import operator
from collections.abc import Callable
from functools import partial
from typing import Any

from engine.io import Stream
from engine.repl.common import (
    MAX_DEPTH,
    MAX_INT_BITS,
    MAX_NAMES,
    MAX_SEQUENCE,
    MAX_STEPS,
    OPAQUE,
    UNDEFINED,
    Function,
    LangError,
    Limit,
    Unsupported,
    bounded,
    js_string,
    py_repr,
    py_str,
    type_name,
)

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
JS_MAX_STRING = 2**29 - 24  # node 18's (V8's) longest string
JS_SAFE_INTEGER = 2**53  # past it a javascript number is a double like any other
PY_MEMORY_ERROR_ITEMS = 2**32  # python asks for this many items: MemoryError on most machines
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


class Returned(Exception):
    """python's `return`: unwinds a function's body with its value."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Evaluator:
    """Walks an AST over plain values (numbers, strings, bools, None, lists, the learner's
    functions). ``names`` is the scope being run: the session's variables, or a called
    function's own, which sees the session's (``globals``) behind it."""

    def __init__(
        self,
        language: str,
        names: dict[str, Any],
        out: Stream,
        runner: Callable[[Evaluator, Function], Any],
    ) -> None:
        self.language = language
        self.js = language == "node"
        self.names = names
        self.globals = names
        self.out = out
        self.runner = runner  # runs a function's body: each language reads its own source
        self.steps = 0
        self.depth = 0
        self.line = 1  # of the python statement being run, for tracebacks
        self.declared_global: set[str] = set()  # python's `global total` in a function

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Limit("steps")

    # expressions

    def value(self, node: ast.AST) -> Any:
        self.tick()
        if isinstance(node, ast.Constant):
            if self.js and isinstance(node.value, int) and not isinstance(node.value, bool):
                return _js_number(node.value)
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
        if isinstance(node, ast.Lambda) and not self.js:
            params = _plain_params(node.args)
            return Function("<lambda>", params, ast.unparse(node.body), expression=True)
        raise Unsupported

    def lookup(self, name: str) -> Any:
        for scope in (self.names, self.globals):
            if name in scope:
                if scope[name] is OPAQUE:
                    raise Unsupported
                return scope[name]
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
                raise LangError("TypeError", f"bad operand type for unary -: '{type_name(value)}'")
            raise Unsupported
        return -value if isinstance(node.op, ast.USub) else value

    def binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        if (
            self.js
            and isinstance(op, ast.Add)
            and (isinstance(left, str) or isinstance(right, str))
        ):
            return bounded(js_string(left) + js_string(right))
        numbers = all(isinstance(v, (int, float)) for v in (left, right))
        if self.js and numbers:
            return _js_arithmetic(op, left, right)
        if numbers and isinstance(op, ast.Pow):
            _check_power(left, right)
        if isinstance(op, ast.Mult) and not self.js:
            _check_repeat(left, right)
        if self.js:
            if not numbers and all(
                v is UNDEFINED or isinstance(v, (int, float)) for v in (left, right)
            ):
                return float("nan")  # `1 + undefined`: a missing argument in arithmetic
            if not numbers:
                raise Unsupported
        try:
            return bounded(_BINOPS[type(op)](left, right))
        except ZeroDivisionError as error:
            raise LangError("ZeroDivisionError", str(error)) from error
        except TypeError as error:
            symbol = _PY_SYMBOLS.get(type(op), "?")
            if isinstance(left, str) and isinstance(op, ast.Add):
                raise LangError(
                    "TypeError", f'can only concatenate str (not "{type_name(right)}") to str'
                ) from error
            raise LangError(
                "TypeError",
                f"unsupported operand type(s) for {symbol}: "
                f"'{type_name(left)}' and '{type_name(right)}'",
            ) from error
        except OverflowError as error:  # float arithmetic past 1.8e308, as python says it
            raise LangError("OverflowError", str(error)) from error

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
        if isinstance(func, ast.Name) and (func.id in self.names or func.id in self.globals):
            return self.invoke(func.id, self.lookup(func.id), args)
        if not isinstance(func, (ast.Name, ast.Attribute)):  # `(lambda: 1)()`, `adder(1)(2)`
            callee = self.value(func)
            if isinstance(callee, Function):
                return self.invoke("", callee, args)
            raise Unsupported
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
                if isinstance(target, str) and func.attr == "repeat" and len(args) == 1:
                    return _js_repeat(target, args[0])
                if isinstance(target, list) and func.attr == "push" and args:
                    target.extend(args)
                    bounded(target)
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
                        "TypeError", f"object of type '{type_name(args[0])}' has no len()"
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
                bounded(target)
                return None
        raise Unsupported

    def invoke(self, name: str, function: Any, args: list[Any]) -> Any:
        """Call one of the learner's functions in a scope of its own."""
        if not isinstance(function, Function):
            if self.js:
                raise LangError("TypeError", f"{name} is not a function")
            raise LangError("TypeError", f"'{type_name(function)}' object is not callable")
        if self.depth >= MAX_DEPTH:
            raise Limit("depth")
        scope = Evaluator(self.language, self._bind(function, args), self.out, self.runner)
        scope.globals, scope.depth, scope.steps = self.globals, self.depth + 1, self.steps
        try:
            return self.runner(scope, function)
        finally:
            self.steps = scope.steps

    def _bind(self, function: Function, args: list[Any]) -> dict[str, Any]:
        params = function.params
        if self.js:  # missing arguments are undefined, extra ones ignored
            return {p: args[i] if i < len(args) else UNDEFINED for i, p in enumerate(params)}
        if len(args) > len(params):
            taken = f"{len(params)} positional argument{'' if len(params) == 1 else 's'}"
            given = f"{len(args)} {'was' if len(args) == 1 else 'were'} given"
            raise LangError("TypeError", f"{function.name}() takes {taken} but {given}")
        missing = [f"'{p}'" for p in params[len(args) :]]
        if missing:
            listed = (
                " and ".join(missing)
                if len(missing) < 3
                else ", ".join(missing[:-1]) + ", and " + missing[-1]
            )
            plural = "argument" if len(missing) == 1 else "arguments"
            raise LangError(
                "TypeError",
                f"{function.name}() missing {len(missing)} required positional {plural}: {listed}",
            )
        return dict(zip(params, args, strict=True))

    def builtin(self, name: str, args: list[Any]) -> Any:
        try:
            if name == "range":
                if len(args) > 3 or not all(isinstance(a, int) for a in args):
                    raise Unsupported
                items = range(*args)
                if len(items) > MAX_SEQUENCE:
                    raise Limit("sequence")
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
            self.line = statement.lineno
            if isinstance(statement, ast.Expr):
                value = self.value(statement.value)
                if echo and value is not None:
                    self.out.write(py_repr(value) + "\n")
            elif isinstance(statement, ast.Assign) and all(
                isinstance(t, ast.Name) for t in statement.targets
            ):
                targets = [t.id for t in statement.targets]  # type: ignore[attr-defined]
                value = self.opaque_on_failure(targets, partial(self.value, statement.value))
                for target in targets:
                    self.assign(target, value)
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
            elif isinstance(statement, ast.FunctionDef):
                function = self.opaque_on_failure([statement.name], partial(_define, statement))
                self.assign(statement.name, function)
            elif isinstance(statement, ast.Return) and self.depth > 0:
                raise Returned(self.value(statement.value) if statement.value else None)
            elif isinstance(statement, ast.Global) and self.depth > 0:
                self.declared_global.update(statement.names)
            elif isinstance(statement, ast.Pass):
                continue
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                for alias in statement.names:  # modules are not modelled: importing is quiet
                    if alias.name != "*":
                        self.assign(alias.asname or alias.name.split(".")[0], OPAQUE)
            elif isinstance(statement, ast.ClassDef):
                self.assign(statement.name, OPAQUE)  # classes are not modelled either
            else:
                raise Unsupported

    def opaque_on_failure(self, names: list[str], make: Callable[[], Any]) -> Any:
        """What ``make`` returns. When that is not modelled, ``names`` still come to exist (as
        OPAQUE): using them later is then quiet rather than a false NameError."""
        try:
            return make()
        except Unsupported:
            for name in names:
                self.assign(name, OPAQUE)
            raise

    def assign(self, name: str, value: Any) -> None:
        """Set a variable. A function's body may set the session's: in node any it sees, in
        python those it declared `global`."""
        if self.js:
            outer = name not in self.names and name in self.globals
        else:
            outer = name in self.declared_global
        _store(self.globals if outer else self.names, name, value)

    def declare(self, name: str, value: Any) -> None:
        """Create a variable in this scope (node's `let` and `const`)."""
        _store(self.names, name, value)


def _store(scope: dict[str, Any], name: str, value: Any) -> None:
    if name not in scope and len(scope) >= MAX_NAMES:
        raise Limit("names")
    scope[name] = value


def _check_power(base: float, exponent: float) -> None:
    """Refuse a python ``int ** int`` whose result alone would pass the sandbox's size."""
    if not (isinstance(base, int) and isinstance(exponent, int) and exponent > 0):
        return
    if exponent * (abs(base).bit_length() - 1) > MAX_INT_BITS:  # the fewest bits it could have
        raise Limit("number")


def _check_repeat(left: Any, right: Any) -> None:
    """python's ``"x" * n`` / ``[0] * n``: past the sandbox's size refuse, before building it;
    asked for more than a machine holds, python's own MemoryError."""
    sequences = (str, list, tuple)
    if isinstance(left, sequences) == isinstance(right, sequences):
        return
    sequence, count = (left, right) if isinstance(left, sequences) else (right, left)
    if not isinstance(count, int) or isinstance(count, bool):
        return
    items = len(sequence) * count
    if items >= PY_MEMORY_ERROR_ITEMS:
        raise LangError("MemoryError", "")
    if items > MAX_SEQUENCE:
        raise Limit("sequence")


def _js_number(value: float) -> float:
    """A javascript number: integers stay exact ints up to 2**53, beyond they are doubles."""
    if isinstance(value, int) and abs(value) > JS_SAFE_INTEGER:
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, float) and value.is_integer() and abs(value) <= JS_SAFE_INTEGER:
        return int(value)
    return value


def _js_arithmetic(op: ast.operator, left: float, right: float) -> float:
    """+ - * / % ** on javascript numbers (doubles): overflow is Infinity, never an error."""
    if isinstance(op, ast.Div | ast.Mod) and right == 0:
        if isinstance(op, ast.Mod) or left == 0 or left != left:
            return math.nan
        return math.inf if left > 0 else -math.inf
    try:
        if isinstance(op, ast.Pow):
            result: float = math.pow(left, right)
        elif isinstance(op, ast.Mod):
            result = math.fmod(left, right)  # the sign of the dividend, as in C
        elif isinstance(op, ast.FloorDiv):
            raise Unsupported  # `//` starts a comment in javascript
        else:
            result = _BINOPS[type(op)](float(left), float(right))
    except OverflowError:  # only ** gets here: the other operators give inf themselves
        odd = float(right).is_integer() and right % 2 == 1
        return -math.inf if left < 0 and odd else math.inf
    except ValueError:
        return math.nan  # (-8) ** 0.5
    return _js_number(result)


def _js_repeat(text: str, count: Any) -> str:
    """``"ab".repeat(n)``: node's RangeErrors, and the sandbox's size before building it."""
    if not isinstance(count, (int, float)) or isinstance(count, bool):
        raise Unsupported
    if count != count:
        count = 0
    if count < 0 or count == math.inf:
        raise LangError("RangeError", f"Invalid count value: {js_string(count)}")
    length = len(text) * int(count)
    if length > JS_MAX_STRING:
        raise LangError("RangeError", "Invalid string length")
    if length > MAX_SEQUENCE:
        raise Limit("sequence")
    return text * int(count)


def _define(statement: ast.FunctionDef) -> Function:
    """A `def` without decorators; its source is kept for the calls."""
    if statement.decorator_list:
        raise Unsupported
    return Function(statement.name, _plain_params(statement.args), ast.unparse(statement))


def _plain_params(arguments: ast.arguments) -> tuple[str, ...]:
    """The parameters of a python function that takes plain positional ones only."""
    if (
        arguments.posonlyargs
        or arguments.vararg
        or arguments.kwonlyargs
        or arguments.kwarg
        or arguments.defaults
    ):
        raise Unsupported
    return tuple(a.arg for a in arguments.args)
