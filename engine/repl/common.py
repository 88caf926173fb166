"""What the REPL programs share: their result and context, limits, the values the node and
python evaluators hold (``undefined``, the errors a language raises), how those values are
printed and kept in the session, and where a statement being typed is complete."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.catalog import CATALOG
from engine.model import Container, ShellFrame

if TYPE_CHECKING:
    from engine.daemon.core import Daemon

MAX_BUFFER = 4000  # characters of a statement still being typed
MAX_STEPS = 10_000  # evaluation steps per line: loops end here
MAX_SEQUENCE = 10_000  # longest string or list a line may build
MAX_NAMES = 200  # variables one REPL session may hold
MAX_SESSION_CHARS = 32 * 1024  # their JSON, kept in the session's dumped state
MAX_DEPTH = 40  # calls of the learner's own functions inside each other
MAX_INT_BITS = 400_000  # the largest number a line may make: 10**100000 fits, 9**9**9 does not
# python refuses to print an int of more digits (sys.get_int_max_str_digits(), 3.11 and later)
PY_INT_DIGITS = 4300
_PY_INT_TOO_LONG = 10**PY_INT_DIGITS


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


def texts(program: str) -> dict[str, Any]:
    try:
        return CATALOG.texts(program)
    except KeyError:
        return {}


# -- values -----------------------------------------------------------------------------------


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
        self.frames: list[str] = []  # python's traceback lines of the functions it came through


class Unsupported(Exception):
    """Valid code our evaluator does not model."""


class Limit(Exception):
    """Work past a sandbox limit: the line stops with ``messages.MESSAGES[key]``, never with a
    silent or wrong answer."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Opaque:
    """What code the evaluator does not model made (a dict, an object, a module): the name it
    was given exists, so using it is quietly not modelled rather than a false NameError."""


OPAQUE = Opaque()


@dataclass(frozen=True, repr=False)
class Function:
    """A function the learner defined. Its source is kept (the session is JSON) and read again
    by the language's own module when it is called."""

    name: str  # "" for node's anonymous functions
    params: tuple[str, ...]
    body: str  # python: the whole `def`; node: the statements between the braces
    expression: bool = False  # node's `(a) => a * 2`: the body is one expression

    def __repr__(self) -> str:
        return f"<function {self.name} at 0x7f3a1c2e4d60>"  # python's echo; the address is made up


def type_name(value: Any) -> str:
    """The name python gives a value's type in its error messages."""
    return "function" if isinstance(value, Function) else type(value).__name__


def bounded(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQUENCE:
        raise Limit("sequence")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise Limit("number")
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
        return js_number(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[ " + ", ".join(js_string(v, nested=True) for v in value) + " ]"
    if isinstance(value, Function):
        return f"[Function: {value.name}]" if value.name else "[Function (anonymous)]"
    return str(value)


def js_number(value: float) -> str:
    """ECMAScript's Number::toString: the shortest digits that read back as ``value``, in
    plain notation from 1e-7 up to 1e21 and in exponent notation (``1e+21``, ``1e-7``) beyond."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    significant = (whole + fraction).lstrip("0")
    digits = significant.rstrip("0")
    # value = 0.digits x 10**point: where the decimal point falls among the digits
    point = len(whole) - (len(whole + fraction) - len(significant)) + int(exponent or 0)
    if len(digits) <= point <= 21:
        return sign + digits + "0" * (point - len(digits))
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    shown = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{shown}e{'+' if power >= 0 else '-'}{abs(power)}"


def py_str(value: Any) -> str:
    return value if isinstance(value, str) else py_repr(value)


def py_repr(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(py_repr(v) for v in value) + "]"
    if isinstance(value, int) and abs(value) >= _PY_INT_TOO_LONG:
        raise LangError(
            "ValueError",
            f"Exceeds the limit ({PY_INT_DIGITS} digits) for integer string conversion; "
            "use sys.set_int_max_str_digits() to increase the limit",
        )
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
    if isinstance(value, Function):
        return {"$function": [value.name, list(value.params), value.body, value.expression]}
    if value is OPAQUE:
        return {"$opaque": True}
    if isinstance(value, int) and abs(value) >= _PY_INT_TOO_LONG:
        return {"$int": hex(value)}  # json writes ints in decimal, which python caps
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$undefined" in value:
            return UNDEFINED
        if "$float" in value:
            return float(value["$float"])
        if "$tuple" in value:
            return tuple(_decode(v) for v in value["$tuple"])
        if "$opaque" in value:
            return OPAQUE
        if "$int" in value:
            return int(value["$int"], 16)
        if "$function" in value:
            name, params, body, expression = value["$function"]
            return Function(name, tuple(params), body, expression)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def names_of(session: dict[str, Any]) -> dict[str, Any]:
    """The variables a session holds, decoded."""
    return {k: _decode(v) for k, v in session.get("vars", {}).items()}


def keep_names(session: dict[str, Any], names: dict[str, Any]) -> bool:
    """Store the session's variables unless they outgrow what a session may keep (they are
    part of the dumped state); then the line's changes are dropped."""
    if any(isinstance(v, int) and v.bit_length() > 4 * MAX_SESSION_CHARS for v in names.values()):
        return False  # its hex digits alone outgrow what a session keeps
    encoded = {k: _encode(v) for k, v in names.items()}
    if len(json.dumps(encoded)) > MAX_SESSION_CHARS:
        return False
    session["vars"] = encoded
    return True


@dataclass
class Brackets:
    """Follows source text a character at a time: how deep in brackets, inside which quote."""

    depth: int = 0
    quote: str = ""
    escaped: bool = False

    def code(self, ch: str) -> bool:
        """Take ``ch``; True when it is code, not part of a string literal."""
        if self.quote:
            if self.escaped:
                self.escaped = False
            elif ch == "\\":
                self.escaped = True
            elif ch == self.quote:
                self.quote = ""
            return False
        if ch in "'\"`":
            self.quote = ch
            return False
        if ch in "([{":
            self.depth += 1
        elif ch in ")]}":
            self.depth -= 1
        return True


def continues(source: str, language: str) -> bool:
    """True while brackets or a string are still open (or a python block is being typed)."""
    brackets = Brackets()
    for ch in source:
        brackets.code(ch)
    if brackets.depth > 0 or brackets.quote == "`":
        return True
    if language == "python":
        lines = source.split("\n")
        if lines[0].rstrip().endswith(":"):
            return lines[-1].strip() != "" or len(lines) == 1
    return False


def statement_so_far(session: dict[str, Any], source: str) -> str:
    """What has been typed of the current statement, ``source`` included."""
    return f"{session['buffer']}\n{source}" if session.get("buffer") else source


def complete_statement(session: dict[str, Any], source: str, language: str) -> str | None:
    """The statement once ``source`` completes it; None while it goes on (it waits in the
    session's buffer and the prompt becomes a continuation prompt)."""
    code = statement_so_far(session, source)
    if continues(code, language) and len(code) < MAX_BUFFER:
        session["buffer"] = code
        return None
    session.pop("buffer", None)
    return code
