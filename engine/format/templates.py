"""A safe subset of Go's `text/template`, as used by `--format` and `inspect -f`.

Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming and `{{/* */}}` comments; fields
`.A.B`, `$`, variables (`$x := …`, `$x = …`, `$i, $e := range …`), literals (strings, raw
strings, numbers, true/false/nil), parenthesised pipelines, pipes `a | b`; `if`/`else if`/`else`,
`range` (lists, maps in key order, ints) with `break`/`continue`, `with`; Go's functions `and
or not len index slice print printf println eq ne lt le gt ge html js urlquery` plus Docker's
`json split join title lower upper pad truncate`. Nothing is ever evaluated as Python.

Values are Python data: dicts are Go maps (printed `map[k:v]`, keys sorted), `Struct` dicts
are Go structs (printed `{v1 v2}`), lists print `[a b]`, None prints `<no value>` at the top and
`<nil>` inside a container. A callable found by a field lookup is called with the action's
arguments, which is how Docker's `{{.Label "k"}}` style methods are modelled.

Errors carry Docker's exact text (`template parsing error: template: :1: …`). The work done is
bounded: template length, nesting depth, output size and evaluation steps are capped.
"""

import functools
import json
import math
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.format.humanize import go_quote
from engine.format.inspect_json import go_json
from engine.format.table import render_table

MAX_TEMPLATE_LENGTH = 10_000
MAX_DEPTH = 50
MAX_OUTPUT = 1_000_000
MAX_STEPS = 200_000

# Our own wording (not Docker's) for the safety caps, in both site languages.
LIMIT_MESSAGES: dict[str, dict[str, str]] = {
    "too_long": {
        "en": "template too long (at most {n} characters)",
        "zh-hans": "模板太长（最多 {n} 个字符）",
    },
    "too_deep": {
        "en": "template nested too deeply (at most {n} levels)",
        "zh-hans": "模板嵌套太深（最多 {n} 层）",
    },
    "too_much_output": {
        "en": "template output too large (at most {n} characters)",
        "zh-hans": "模板输出太大（最多 {n} 个字符）",
    },
    "too_many_steps": {
        "en": "template takes too many steps (at most {n})",
        "zh-hans": "模板执行步骤太多（最多 {n} 步）",
    },
}

PARSE_PREFIX = "template parsing error: "


class TemplateError(Exception):
    """A template Docker would refuse; `message` is what Docker prints, `go_message` Go's text."""

    def __init__(self, go_message: str) -> None:
        super().__init__(PARSE_PREFIX + go_message)
        self.go_message = go_message
        self.message = PARSE_PREFIX + go_message


class TemplateLimitError(TemplateError):
    """One of our safety caps was hit; `key` indexes LIMIT_MESSAGES."""

    def __init__(self, key: str, limit: int, lang: str = "en") -> None:
        self.key = key
        self.limit = limit
        super().__init__(LIMIT_MESSAGES[key][lang].format(n=limit))
        # Our own text, so no Docker prefix.
        self.message = self.go_message
        self.args = (self.message,)

    def localized(self, lang: str) -> str:
        return (
            LIMIT_MESSAGES[self.key].get(lang, LIMIT_MESSAGES[self.key]["en"]).format(n=self.limit)
        )


class Struct(dict[str, Any]):
    """A dict that prints like a Go struct (`{v1 v2}`) instead of a map."""


# ---------------------------------------------------------------------------- value printing


def _go_float(f: float) -> str:
    """fmt's %v for float64: shortest digits, exponent form when exp < -4 or exp >= 6."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "0"
    text = repr(f)
    mantissa, _, exp_text = text.partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    mantissa = mantissa.lstrip("-")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    exp = int(exp_text or 0) + len(int_part) - 1
    if int_part == "0":
        # 0.00123 -> digits "123"; the exponent comes from the leading zeros of the fraction.
        stripped = frac_part.lstrip("0")
        exp = int(exp_text or 0) - (len(frac_part) - len(stripped)) - 1
        digits = stripped
    digits = digits.rstrip("0") or "0"
    if exp < -4 or exp >= 6:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if exp < 0:
        return f"{sign}0.{'0' * (-exp - 1)}{digits}"
    if len(digits) <= exp + 1:
        return sign + digits + "0" * (exp + 1 - len(digits))
    return f"{sign}{digits[: exp + 1]}.{digits[exp + 1 :]}"


def go_print(value: Any, top: bool = True) -> str:
    """Go's fmt %v for template values."""
    if value is None:
        return "<no value>" if top else "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Struct):
        return "{" + " ".join(go_print(v, False) for v in value.values()) + "}"
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _sort_key(kv[0]))
        return (
            "map[" + " ".join(f"{go_print(k, False)}:{go_print(v, False)}" for k, v in items) + "]"
        )
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_print(v, False) for v in value) + "]"
    return str(value)


def _sort_key(key: Any) -> tuple[int, Any]:
    if isinstance(key, int | float) and not isinstance(key, bool):
        return (0, key)
    return (1, str(key))


def _type_name(value: Any) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Struct):
        return "struct"
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    return type(value).__name__


def _truth(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, Struct):
        return True
    if isinstance(value, bool | int | float | str | list | tuple | Mapping):
        return bool(value)
    return True


# ---------------------------------------------------------------------------- functions


class _CallError(Exception):
    pass


def _to_json(value: Any, sort_keys: bool = False) -> str:
    # Docker's json function turns HTML escaping off, unlike `docker inspect` itself. Keys keep
    # their order: engine dicts stand for Go structs, whose fields encode in declaration order.
    return json.dumps(
        _json_ready(value), ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys
    )


def _json_ready(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def _need_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _CallError(f"wrong type for value; expected string; got {_type_name(value)}")
    return value


def _need_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _CallError(f"wrong type for value; expected int; got {_type_name(value)}")
    return value


def _fn_len(value: Any) -> int:
    if isinstance(value, str | list | tuple | Mapping):
        return len(value.encode() if isinstance(value, str) else value)
    if value is None:
        raise _CallError("len of nil pointer")
    raise _CallError(f"len of type {_type_name(value)}")


def _fn_index(item: Any, *indexes: Any) -> Any:
    for idx in indexes:
        if item is None:
            raise _CallError("index of untyped nil")
        if isinstance(item, Mapping):
            item = item.get(idx)
        elif isinstance(item, list | tuple | str):
            if isinstance(idx, bool) or not isinstance(idx, int):
                raise _CallError(f"cannot index slice/array with type {_type_name(idx)}")
            if not 0 <= idx < len(item):
                raise _CallError(f"index out of range: {idx}")
            item = item[idx] if not isinstance(item, str) else item.encode()[idx]
        else:
            raise _CallError(f"can't index item of type {_type_name(item)}")
    return item


def _fn_slice(item: Any, *indexes: Any) -> Any:
    if not isinstance(item, str | list | tuple):
        raise _CallError(f"can't slice item of type {_type_name(item)}")
    bounds = [_need_int(i) for i in indexes]
    if len(bounds) > 3:
        raise _CallError(f"too many slice indexes: {len(bounds)}")
    start = bounds[0] if bounds else 0
    end = bounds[1] if len(bounds) > 1 else len(item)
    if not 0 <= start <= end <= len(item):
        raise _CallError(f"index out of range: {end if end > len(item) else start}")
    return item[start:end]


def _compare_basic(a: Any, b: Any) -> None:
    def kind(v: Any) -> str:
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, int | float):
            return "number"
        if isinstance(v, str):
            return "string"
        if v is None:
            return "nil"
        return "other"

    ka, kb = kind(a), kind(b)
    if "other" in (ka, kb):
        raise _CallError("invalid type for comparison")
    if ka != kb:
        raise _CallError("incompatible types for comparison")


def _fn_eq(a: Any, *others: Any) -> bool:
    if not others:
        raise _CallError("missing argument for comparison")
    for b in others:
        _compare_basic(a, b)
        if a == b:
            return True
    return False


def _ordered(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        _compare_basic(a, b)
        if isinstance(a, bool) or a is None:
            raise _CallError("invalid type for comparison")
        return op(a, b)

    return compare


def _fn_print(*args: Any) -> str:
    out: list[str] = []
    for i, arg in enumerate(args):
        # Sprint adds a space between operands when neither side is a string.
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_print(arg, False))
    return "".join(out)


def _fn_println(*args: Any) -> str:
    return " ".join(go_print(a, False) for a in args) + "\n"


_VERB_RE = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])")


def _fn_printf(fmt: Any, *args: Any) -> str:
    fmt_s = _need_str("printf", fmt)
    out: list[str] = []
    pos = 0
    argi = 0
    for m in _VERB_RE.finditer(fmt_s):
        out.append(fmt_s[pos : m.start()])
        pos = m.end()
        flags, width, prec, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[argi]
        argi += 1
        out.append(_format_verb(flags, width, prec, verb, arg))
    out.append(fmt_s[pos:])
    if argi < len(args):
        extra = ", ".join(f"{_type_name(a)}={go_print(a, False)}" for a in args[argi:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _format_verb(flags: str, width: str | None, prec: str | None, verb: str, arg: Any) -> str:
    bad = f"%!{verb}({_type_name(arg)}={go_print(arg, False)})"
    is_num = isinstance(arg, int | float) and not isinstance(arg, bool)
    if verb in "vs":
        text = go_print(arg, False)
        if prec not in (None, "") and verb == "s":
            text = text[: int(prec)]
    elif verb == "q":
        if not isinstance(arg, str):
            return bad
        text = go_quote(arg)
    elif verb == "t":
        if not isinstance(arg, bool):
            return bad
        text = go_print(arg)
    elif verb == "d":
        if isinstance(arg, bool) or not isinstance(arg, int):
            return bad
        text = str(arg)
    elif verb in "xX":
        if isinstance(arg, str):
            text = arg.encode().hex()
        elif isinstance(arg, int) and not isinstance(arg, bool):
            text = format(arg, "x")
        else:
            return bad
        if verb == "X":
            text = text.upper()
    elif verb in "feEgG":
        if not is_num:
            return bad
        p = 6 if prec is None else int(prec or 0)
        text = f"{float(arg):.{p}{verb}}" if verb != "g" or prec is not None else _go_float(arg)
    elif verb == "c":
        if isinstance(arg, bool) or not isinstance(arg, int):
            return bad
        text = chr(arg)
    else:
        return bad
    if width:
        w = int(width)
        if "-" in flags:
            text = text.ljust(w)
        elif "0" in flags and is_num:
            text = text.rjust(w, "0")
        else:
            text = text.rjust(w)
    return text


def _fn_title(s: Any) -> str:
    text = _need_str("title", s)
    # strings.Title: upper-case the first letter of each space/punctuation separated word.
    return re.sub(r"(^|[^\w'])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def _fn_pad(s: Any, prefix: Any, suffix: Any) -> str:
    text = _need_str("pad", s)
    if text == "":
        return text
    return " " * _need_int(prefix) + text + " " * _need_int(suffix)


def _fn_truncate(s: Any, length: Any) -> str:
    text = _need_str("truncate", s)
    n = _need_int(length)
    return text if len(text) < n else text[:n]


def _fn_html(*args: Any) -> str:
    text = _fn_print(*args)
    for a, b in (("&", "&amp;"), ("'", "&#39;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;")):
        text = text.replace(a, b)
    return text.replace("\x00", "\ufffd")


def _fn_js(*args: Any) -> str:
    text = _fn_print(*args)
    swaps = {"\\": "\\\\", "'": "\\'", '"': "\\u0022", "<": "\\u003C", ">": "\\u003E"}
    swaps |= {"&": "\\u0026", "=": "\\u003D", "\n": "\\u000A", "\r": "\\u000D", "\t": "\\u0009"}
    return "".join(swaps.get(ch, ch) for ch in text)


# name -> (function, min args, max args or None for variadic)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    "len": (_fn_len, 1, 1),
    "index": (_fn_index, 1, None),
    "slice": (_fn_slice, 1, None),
    "not": (lambda v: not _truth(v), 1, 1),
    "print": (_fn_print, 0, None),
    "printf": (_fn_printf, 1, None),
    "println": (_fn_println, 0, None),
    "eq": (_fn_eq, 1, None),
    "ne": (lambda a, b: not _fn_eq(a, b), 2, 2),
    "lt": (_ordered(lambda a, b: a < b), 2, 2),
    "le": (_ordered(lambda a, b: a <= b), 2, 2),
    "gt": (_ordered(lambda a, b: a > b), 2, 2),
    "ge": (_ordered(lambda a, b: a >= b), 2, 2),
    "html": (_fn_html, 0, None),
    "js": (_fn_js, 0, None),
    "urlquery": (lambda *a: urllib.parse.quote_plus(_fn_print(*a)), 0, None),
    "json": (_to_json, 1, 1),
    "split": (lambda s, sep: _need_str("split", s).split(_need_str("split", sep)), 2, 2),
    "join": (
        lambda items, sep: _need_str("join", sep).join(_need_str("join", i) for i in (items or [])),
        2,
        2,
    ),
    "title": (_fn_title, 1, 1),
    "lower": (lambda s: _need_str("lower", s).lower(), 1, 1),
    "upper": (lambda s: _need_str("upper", s).upper(), 1, 1),
    "pad": (_fn_pad, 3, 3),
    "truncate": (_fn_truncate, 2, 2),
}

# Docker renders table headers with these: every formatting function passes its text through.
HEADER_FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    **FUNCTIONS,
    "json": (lambda v: v, 1, 1),
    "split": (lambda v, _sep: v, 2, 2),
    "join": (lambda v, _sep: v, 2, 2),
    "title": (lambda v: v, 1, 1),
    "lower": (lambda v: v, 1, 1),
    "upper": (lambda v: v, 1, 1),
    "pad": (lambda v, _a, _b: v, 3, 3),
    "truncate": (lambda v, _n: v, 2, 2),
}

_LAZY = {"and", "or"}  # evaluated by the executor: they short-circuit


# ---------------------------------------------------------------------------- syntax tree


@dataclass(slots=True)
class _Tok:
    kind: str  # field var string number ident bool nil pipe lparen rparen declare assign comma
    value: Any
    pos: int
    text: str
    chained: bool = False  # a field glued to the previous `)` or variable


@dataclass(slots=True)
class _Node:
    pos: int
    src: str


@dataclass(slots=True)
class _Literal(_Node):
    value: Any


@dataclass(slots=True)
class _Field(_Node):
    base: "_Node | None"  # None: relative to dot
    names: list[str]


@dataclass(slots=True)
class _Var(_Node):
    name: str


@dataclass(slots=True)
class _Ident(_Node):
    name: str


@dataclass(slots=True)
class _Command(_Node):
    args: list[_Node]


@dataclass(slots=True)
class _Pipe(_Node):
    decl: list[str]
    is_assign: bool
    cmds: list[_Command]


@dataclass(slots=True)
class _Text:
    text: str


@dataclass(slots=True)
class _Action:
    pipe: _Pipe


@dataclass(slots=True)
class _Control:
    kind: str  # if range with
    pipe: _Pipe
    body: list[Any]
    else_body: list[Any] | None


@dataclass(slots=True)
class _Loop:
    kind: str  # break continue
    pos: int


class _ParseFail(Exception):
    def __init__(self, pos: int, msg: str) -> None:
        super().__init__(msg)
        self.pos = pos
        self.msg = msg


# ---------------------------------------------------------------------------- lexing

_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_RE = re.compile(r"[A-Za-z0-9_]+")
_NUMBER_RE = re.compile(
    r"[+-]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|"
    r"(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
)
_GO_STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}
_GO_STRING_ESCAPES |= {"a": "\a", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unquote(body: str, pos: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt in ("x", "u", "U"):
            size = {"x": 2, "u": 4, "U": 8}[nxt]
            digits = body[i + 2 : i + 2 + size]
            if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _ParseFail(pos, "invalid syntax")
            out.append(chr(int(digits, 16)))
            i += 2 + size
        elif nxt in _GO_STRING_ESCAPES:
            out.append(_GO_STRING_ESCAPES[nxt])
            i += 2
        else:
            raise _ParseFail(pos, "invalid syntax")
    return "".join(out)


def _lex_action(src: str, start: int, end: int) -> list[_Tok]:
    """Tokens of the action text src[start:end] (delimiters already removed)."""
    toks: list[_Tok] = []
    i = start
    while i < end:
        ch = src[i]
        if ch in " \t\r\n":
            i += 1
            continue
        glued = i > start and src[i - 1] not in " \t\r\n"
        if ch == "|":
            toks.append(_Tok("pipe", "|", i, "|"))
            i += 1
        elif ch == "(":
            toks.append(_Tok("lparen", "(", i, "("))
            i += 1
        elif ch == ")":
            toks.append(_Tok("rparen", ")", i, ")"))
            i += 1
        elif ch == ",":
            toks.append(_Tok("comma", ",", i, ","))
            i += 1
        elif src.startswith(":=", i):
            toks.append(_Tok("declare", ":=", i, ":="))
            i += 2
        elif ch == "=":
            toks.append(_Tok("assign", "=", i, "="))
            i += 1
        elif ch == '"':
            j = i + 1
            while j < end and src[j] != '"':
                if src[j] == "\n":
                    raise _ParseFail(i, "unterminated quoted string")
                j += 2 if src[j] == "\\" else 1
            if j >= end:
                raise _ParseFail(i, "unterminated quoted string")
            toks.append(_Tok("string", _unquote(src[i + 1 : j], i), i, src[i : j + 1]))
            i = j + 1
        elif ch == "`":
            j = src.find("`", i + 1, end)
            if j < 0:
                raise _ParseFail(i, "unterminated raw quoted string")
            toks.append(_Tok("string", src[i + 1 : j], i, src[i : j + 1]))
            i = j + 1
        elif ch == "'":
            j = i + 1
            while j < end and src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            if j >= end:
                raise _ParseFail(i, "unterminated character constant")
            text = _unquote(src[i + 1 : j], i)
            if len(text) != 1:
                raise _ParseFail(i, f"malformed character constant: {src[i : j + 1]}")
            toks.append(_Tok("number", ord(text), i, src[i : j + 1]))
            i = j + 1
        elif ch == "." and not (i + 1 < end and src[i + 1].isdigit()):
            names: list[str] = []
            j = i
            while j < end and src[j] == ".":
                m = _NAME_RE.match(src, j + 1, end)
                if not m:
                    break
                names.append(m.group(0))
                j = m.end()
            if not names:
                j = i + 1
                if j < end and src[j] not in " \t\r\n|()":
                    raise _ParseFail(i, f"unexpected {go_quote(src[j])} in operand")
            chained = glued and bool(toks) and toks[-1].kind in ("rparen", "var")
            toks.append(_Tok("field", names, i, src[i:j], chained=chained))
            i = j
        elif ch == "$":
            m = _NAME_RE.match(src, i + 1, end)
            j = m.end() if m else i + 1
            toks.append(_Tok("var", src[i:j], i, src[i:j]))
            i = j
        elif ch.isdigit() or (ch in "+-." and i + 1 < end and src[i + 1].isdigit()):
            m = _NUMBER_RE.match(src, i, end)
            text = m.group(0) if m else ch
            j = i + len(text)
            if j < end and (src[j].isalnum() or src[j] == "."):
                raise _ParseFail(i, f"bad number syntax: {go_quote(src[i : j + 1])}")
            toks.append(_Tok("number", _parse_number(text, i), i, text))
            i = j
        else:
            m = _IDENT_RE.match(src, i, end)
            if not m:
                raise _ParseFail(i, f"unexpected {go_quote(ch)} in command")
            word = m.group(0)
            if word in ("true", "false"):
                toks.append(_Tok("bool", word == "true", i, word))
            elif word == "nil":
                toks.append(_Tok("nil", None, i, word))
            else:
                toks.append(_Tok("ident", word, i, word))
            i = m.end()
    return toks


def _parse_number(text: str, pos: int) -> int | float:
    clean = text.replace("_", "")
    try:
        if re.fullmatch(r"[+-]?\d+", clean) or clean.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            return int(clean, 0) if not re.fullmatch(r"[+-]?0\d+", clean) else int(clean, 8)
        return float(clean)
    except ValueError:
        raise _ParseFail(pos, f"bad number syntax: {go_quote(text)}") from None


# ---------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self, src: str, funcs: Mapping[str, Any]) -> None:
        self.src = src
        self.funcs = funcs
        self.i = 0
        self.depth = 0
        self.trim_next = False
        self.vars: list[list[str]] = [["$"]]

    # -- template level: text and actions

    def parse(self) -> list[Any]:
        nodes, stop = self._list()
        if stop is not None:
            raise _ParseFail(stop[1], f"unexpected {{{{{stop[0]}}}}}")
        return nodes

    def _next_action(self) -> tuple[str, int, int, int, bool] | None:
        """Find the next `{{`; returns (text before, action start, action end, after, trim_left)."""
        src = self.src
        open_at = src.find("{{", self.i)
        if open_at < 0:
            return None
        body = open_at + 2
        trim_left = (
            src.startswith("- ", body) or src.startswith("-\t", body) or src.startswith("-\n", body)
        )
        if trim_left:
            body += 1
        # Scan to the closing delimiter, skipping over quoted strings and comments.
        j = body
        n = len(src)
        while j < n:
            ch = src[j]
            if src.startswith("/*", j) and src[body:j].strip() == "":
                close = src.find("*/", j + 2)
                if close < 0:
                    raise _ParseFail(j, "unclosed comment")
                j = close + 2
                continue
            if ch in "\"'":
                k = j + 1
                while k < n and src[k] != ch and src[k] != "\n":
                    k += 2 if src[k] == "\\" else 1
                j = k + 1
                continue
            if ch == "`":
                k = src.find("`", j + 1)
                j = n if k < 0 else k + 1
                continue
            if src.startswith("}}", j):
                return src[self.i : open_at], body, j, j + 2, trim_left
            if (
                src.startswith(" -}}", j)
                or src.startswith("\t-}}", j)
                or src.startswith("\n-}}", j)
            ):
                return src[self.i : open_at], body, j, -(j + 4), trim_left
            j += 1
        raise _ParseFail(open_at, "unclosed action")

    def _list(self) -> tuple[list[Any], tuple[str, int, Any] | None]:
        """Parse nodes until {{end}} / {{else ...}}; returns them and the stop keyword."""
        nodes: list[Any] = []
        while True:
            found = self._next_action()
            if found is None:
                rest = self.src[self.i :]
                if self.trim_next:
                    rest = rest.lstrip(" \t\r\n")
                if rest:
                    nodes.append(_Text(rest))
                self.i = len(self.src)
                return nodes, None
            text, start, end, after, trim_left = found
            if self.trim_next:
                text = text.lstrip(" \t\r\n")
            if trim_left:
                text = text.rstrip(" \t\r\n")
            if text:
                nodes.append(_Text(text))
            self.trim_next = after < 0
            self.i = abs(after)
            inner = self.src[start:end].strip()
            if inner.startswith("/*"):
                if not inner.endswith("*/"):
                    raise _ParseFail(start, "comment ends before closing delimiter")
                continue
            toks = _lex_action(self.src, start, end)
            if not toks:
                raise _ParseFail(start, "missing value for command")
            head = toks[0]
            if head.kind == "ident" and head.value == "end":
                if len(toks) > 1:
                    raise _ParseFail(toks[1].pos, f"unexpected {toks[1].text} in end")
                return nodes, ("end", head.pos, None)
            if head.kind == "ident" and head.value == "else":
                return nodes, ("else", head.pos, self._else_tail(toks[1:], head.pos))
            nodes.append(self._action(toks))

    def _else_tail(self, toks: list[_Tok], pos: int) -> Any:
        if not toks:
            return None
        if toks[0].kind == "ident" and toks[0].value in ("if", "with", "range"):
            return (toks[0].value, toks[1:], toks[0].pos)
        raise _ParseFail(toks[0].pos, f"unexpected {toks[0].text} in else")

    def _action(self, toks: list[_Tok]) -> Any:
        head = toks[0]
        if head.kind == "ident" and head.value in ("if", "range", "with"):
            return self._control(head.value, toks[1:], head.pos)
        if head.kind == "ident" and head.value in ("break", "continue"):
            if len(toks) > 1:
                raise _ParseFail(toks[1].pos, f"unexpected {toks[1].text} in {head.value}")
            return _Loop(head.value, head.pos)
        if head.kind == "ident" and head.value in ("define", "template", "block"):
            raise _ParseFail(head.pos, f"unexpected {go_quote(head.value)} in command")
        return _Action(self._pipeline(toks, head.pos, "command"))

    def _control(self, kind: str, toks: list[_Tok], pos: int) -> _Control:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TemplateLimitError("too_deep", MAX_DEPTH)
        self.vars.append([])
        pipe = self._pipeline(toks, pos, kind, allow_two=kind == "range")
        body, stop = self._list()
        else_body: list[Any] | None = None
        if stop is None:
            raise _ParseFail(len(self.src), "unexpected EOF")
        if stop[0] == "else":
            tail = stop[2]
            self.vars[-1] = [v for v in self.vars[-1] if v in pipe.decl]
            if tail is not None:
                # {{else if ...}} is a nested control sharing our {{end}}.
                sub_kind, sub_toks, sub_pos = tail
                else_body = [self._control(sub_kind, sub_toks, sub_pos)]
            else:
                else_body, stop = self._list()
                if stop is None:
                    raise _ParseFail(len(self.src), "unexpected EOF")
                if stop[0] != "end":
                    raise _ParseFail(stop[1], "expected end; found {{else}}")
        self.vars.pop()
        self.depth -= 1
        return _Control(kind, pipe, body, else_body)

    def _pipeline(self, toks: list[_Tok], pos: int, context: str, allow_two: bool = False) -> _Pipe:
        decl: list[str] = []
        is_assign = False
        k = 0
        if toks and toks[0].kind == "var":
            if len(toks) > 1 and toks[1].kind in ("declare", "assign"):
                decl = [toks[0].value]
                is_assign = toks[1].kind == "assign"
                k = 2
            elif allow_two and len(toks) > 3 and toks[1].kind == "comma":
                if toks[2].kind != "var" or toks[3].kind not in ("declare", "assign"):
                    raise _ParseFail(toks[1].pos, "range can only initialize variables")
                decl = [toks[0].value, toks[2].value]
                is_assign = toks[3].kind == "assign"
                k = 4
        for name in decl:
            if is_assign:
                self._check_var(name, pos)
            else:
                self.vars[-1].append(name)
        rest = toks[k:]
        if not rest:
            raise _ParseFail(pos, f"missing value for {context}")
        cmds: list[_Command] = []
        idx = 0
        while True:
            cmd, idx = self._command(rest, idx, context)
            cmds.append(cmd)
            if idx >= len(rest):
                break
            if rest[idx].kind == "pipe":
                idx += 1
                if idx >= len(rest):
                    raise _ParseFail(rest[idx - 1].pos, "missing command")
                continue
            raise _ParseFail(rest[idx].pos, f"unexpected {rest[idx].text} in {context}")
        src = self.src[rest[0].pos : rest[-1].pos + len(rest[-1].text)]
        return _Pipe(pos, src, decl, is_assign, cmds)

    def _command(self, toks: list[_Tok], idx: int, context: str) -> tuple[_Command, int]:
        args: list[_Node] = []
        start = idx
        while idx < len(toks) and toks[idx].kind not in ("pipe", "rparen"):
            node, idx = self._operand(toks, idx)
            args.append(node)
        if not args:
            where = toks[idx].pos if idx < len(toks) else toks[-1].pos
            raise _ParseFail(where, "missing value for command")
        first, last = toks[start], toks[idx - 1]
        src = self.src[first.pos : last.pos + len(last.text)]
        return _Command(first.pos, src, args), idx

    def _operand(self, toks: list[_Tok], idx: int) -> tuple[_Node, int]:
        tok = toks[idx]
        node: _Node
        if tok.kind == "field":
            if tok.chained:
                raise _ParseFail(tok.pos, f"unexpected {tok.text} in operand")
            node = _Field(tok.pos, tok.text, None, tok.value)
            idx += 1
        elif tok.kind == "var":
            self._check_var(tok.value, tok.pos)
            node = _Var(tok.pos, tok.text, tok.value)
            idx += 1
        elif tok.kind == "lparen":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise TemplateLimitError("too_deep", MAX_DEPTH)
            sub_toks: list[_Tok] = []
            level = 1
            j = idx + 1
            while j < len(toks):
                if toks[j].kind == "lparen":
                    level += 1
                elif toks[j].kind == "rparen":
                    level -= 1
                    if level == 0:
                        break
                sub_toks.append(toks[j])
                j += 1
            if j >= len(toks):
                raise _ParseFail(tok.pos, "unclosed left paren")
            pipe = self._pipeline(sub_toks, tok.pos, "parenthesized pipeline")
            self.depth -= 1
            node = _Command(tok.pos, self.src[tok.pos : toks[j].pos + 1], [pipe])
            idx = j + 1
        elif tok.kind == "rparen":
            raise _ParseFail(tok.pos, "unexpected right paren")
        elif tok.kind in ("string", "number", "bool", "nil"):
            node = _Literal(tok.pos, tok.text, tok.value)
            idx += 1
        elif tok.kind == "ident":
            if tok.value not in self.funcs and tok.value not in _LAZY:
                raise _ParseFail(tok.pos, f'function "{tok.value}" not defined')
            node = _Ident(tok.pos, tok.text, tok.value)
            idx += 1
        else:
            raise _ParseFail(tok.pos, f"unexpected {go_quote(tok.text)} in operand")
        # Field chains glued to a variable or a parenthesised expression: $x.A, (index .M 0).B
        while idx < len(toks) and toks[idx].kind == "field" and toks[idx].chained:
            if not toks[idx].value:
                raise _ParseFail(toks[idx].pos, "unexpected . after term")
            end_tok = toks[idx]
            node = _Field(
                node.pos, self.src[node.pos : end_tok.pos + len(end_tok.text)], node, end_tok.value
            )
            idx += 1
        return node, idx

    def _check_var(self, name: str, pos: int) -> None:
        if not any(name in scope for scope in self.vars):
            raise _ParseFail(pos, f'undefined variable "{name}"')


# ---------------------------------------------------------------------------- execution


class _ExecFail(Exception):
    def __init__(self, node: _Node, msg: str) -> None:
        super().__init__(msg)
        self.node = node
        self.msg = msg


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


@dataclass
class _State:
    funcs: Mapping[str, tuple[Callable[..., Any], int, int | None]]
    missing_error: bool
    type_name: str | None
    out: list[str] = field(default_factory=list)
    size: int = 0
    steps: int = 0
    vars: list[tuple[str, Any]] = field(default_factory=list)

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimitError("too_many_steps", MAX_STEPS)

    def write(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise TemplateLimitError("too_much_output", MAX_OUTPUT)
        self.out.append(text)


def _iterate(value: Any) -> Iterator[tuple[Any, Any]] | None:
    if value is None:
        return iter(())
    if isinstance(value, Mapping):
        return ((k, value[k]) for k in sorted(value, key=_sort_key))
    if isinstance(value, list | tuple):
        return iter(enumerate(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return ((i, i) for i in range(value))
    return None


class _Executor:
    def __init__(self, state: _State) -> None:
        self.s = state

    def run(self, nodes: Iterable[Any], dot: Any) -> None:
        for node in nodes:
            self.s.tick()
            if isinstance(node, _Text):
                self.s.write(node.text)
            elif isinstance(node, _Action):
                value = self.pipe(node.pipe, dot)
                if not node.pipe.decl:
                    self.s.write(self.printable(node.pipe, value))
            elif isinstance(node, _Control):
                self.control(node, dot)
            elif isinstance(node, _Loop):
                raise _Break() if node.kind == "break" else _Continue()

    def printable(self, node: _Node, value: Any) -> str:
        if callable(value):
            raise _ExecFail(node, f"can't print {node.src} of type func")
        return go_print(value)

    def control(self, node: _Control, dot: Any) -> None:
        mark = len(self.s.vars)
        try:
            if node.kind == "range":
                self.range(node, dot)
                return
            value = self.pipe(node.pipe, dot)
            if _truth(value):
                self.run(node.body, value if node.kind == "with" else dot)
            elif node.else_body is not None:
                self.run(node.else_body, dot)
        finally:
            del self.s.vars[mark:]

    def range(self, node: _Control, dot: Any) -> None:
        pipe = node.pipe
        value = self.pipe(_Pipe(pipe.pos, pipe.src, [], False, pipe.cmds), dot)
        items = _iterate(value)
        if items is None:
            raise _ExecFail(pipe, f"range can't iterate over {go_print(value)}")
        ran = False
        for key, elem in items:
            ran = True
            self.s.tick()
            mark = len(self.s.vars)
            if len(pipe.decl) == 1:
                self.s.vars.append((pipe.decl[0], elem))
            elif len(pipe.decl) == 2:
                self.s.vars.append((pipe.decl[0], key))
                self.s.vars.append((pipe.decl[1], elem))
            try:
                self.run(node.body, elem)
            except _Break:
                break
            except _Continue:
                continue
            finally:
                del self.s.vars[mark:]
        if not ran and node.else_body is not None:
            self.run(node.else_body, dot)

    def lookup_var(self, node: _Node, name: str) -> Any:
        for var, value in reversed(self.s.vars):
            if var == name:
                return value
        raise _ExecFail(node, f"undefined variable: {name}")

    def pipe(self, pipe: _Pipe, dot: Any) -> Any:
        value: Any = _NOTHING
        for cmd in pipe.cmds:
            value = self.command(cmd, dot, value)
        if pipe.decl:
            if pipe.is_assign:
                for i in range(len(self.s.vars) - 1, -1, -1):
                    if self.s.vars[i][0] == pipe.decl[0]:
                        self.s.vars[i] = (pipe.decl[0], value)
                        break
            else:
                self.s.vars.append((pipe.decl[0], value))
        return value

    def command(self, cmd: _Command, dot: Any, final: Any) -> Any:
        self.s.tick()
        head = cmd.args[0]
        if isinstance(head, _Ident):
            return self.call(cmd, head.name, cmd.args[1:], dot, final)
        if isinstance(head, _Pipe):
            value = self.pipe(head, dot)
            if final is not _NOTHING:
                raise _ExecFail(cmd, f"can't give argument to non-function {cmd.src}")
            return value
        if isinstance(head, _Field):
            return self.field(head, dot, cmd.args[1:], final)
        if len(cmd.args) > 1 or final is not _NOTHING:
            raise _ExecFail(cmd, f"can't give argument to non-function {head.src}")
        return self.operand(head, dot)

    def operand(self, node: _Node, dot: Any) -> Any:
        if isinstance(node, _Literal):
            return node.value
        if isinstance(node, _Var):
            return self.lookup_var(node, node.name)
        if isinstance(node, _Field):
            return self.field(node, dot, [], _NOTHING)
        if isinstance(node, _Command):
            return self.command(node, dot, _NOTHING)
        if isinstance(node, _Pipe):
            return self.pipe(node, dot)
        if isinstance(node, _Ident):
            return self.call(_Command(node.pos, node.src, [node]), node.name, [], dot, _NOTHING)
        raise _ExecFail(node, "can't evaluate")

    def field(self, node: _Field, dot: Any, args: Sequence[_Node], final: Any) -> Any:
        value = dot if node.base is None else self.operand(node.base, dot)
        if not node.names:
            if args or final is not _NOTHING:
                raise _ExecFail(node, f"can't give argument to non-function {node.src}")
            return value
        for i, name in enumerate(node.names):
            last = i == len(node.names) - 1
            value = self.step(node, value, name)
            if callable(value):
                call_args = [self.operand(a, dot) for a in args] if last else []
                if last and final is not _NOTHING:
                    call_args.append(final)
                try:
                    value = value(*call_args)
                except TypeError as exc:
                    raise _ExecFail(node, f"wrong number of args for {name}") from exc
            elif last and (args or final is not _NOTHING):
                raise _ExecFail(node, f"{name} is not a method but has arguments")
        return value

    def step(self, node: _Field, value: Any, name: str) -> Any:
        if isinstance(value, Mapping):
            if name in value:
                return value[name]
            if isinstance(value, Struct) or self.s.type_name:
                type_name = self.s.type_name or "struct"
                raise _ExecFail(node, f"can't evaluate field {name} in type {type_name}")
            if self.s.missing_error:
                raise _ExecFail(node, f"map has no entry for key {go_quote(name)}")
            return None
        if value is None:
            raise _ExecFail(node, f"nil pointer evaluating interface {{}}.{name}")
        if not isinstance(value, str | int | float | list | tuple) and not name.startswith("_"):
            attr = getattr(value, name, _NOTHING)
            if attr is not _NOTHING:
                return attr
        raise _ExecFail(node, f"can't evaluate field {name} in type {_type_name(value)}")

    def call(
        self, cmd: _Command, name: str, arg_nodes: Sequence[_Node], dot: Any, final: Any
    ) -> Any:
        nargs = len(arg_nodes) + (final is not _NOTHING)
        if name in _LAZY:
            if nargs < 1:
                raise _ExecFail(cmd, f"wrong number of args for {name}: want at least 1 got 0")
            result: Any = None
            for a in arg_nodes:
                result = self.operand(a, dot)
                if _truth(result) == (name == "or"):
                    return result
            if final is not _NOTHING:
                result = final
            return result
        fn, lo, hi = self.s.funcs[name]
        if nargs < lo or (hi is not None and nargs > hi):
            want = f"at least {lo}" if hi is None else str(lo)
            raise _ExecFail(cmd, f"wrong number of args for {name}: want {want} got {nargs}")
        args = [self.operand(a, dot) for a in arg_nodes]
        if final is not _NOTHING:
            args.append(final)
        try:
            return fn(*args)
        except _CallError as exc:
            raise _ExecFail(cmd, f"error calling {name}: {exc}") from exc


class _Nothing:
    """Marks "no piped value" (distinct from None, which is Go's nil)."""


_NOTHING: Any = _Nothing()


# ---------------------------------------------------------------------------- public API


def _line_of(src: str, pos: int) -> int:
    return src.count("\n", 0, pos) + 1


def _col_of(src: str, pos: int) -> int:
    nl = src.rfind("\n", 0, pos)
    return pos if nl < 0 else pos - nl - 1


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template; execute it any number of times."""

    source: str
    nodes: tuple[Any, ...]
    header: bool = False

    def execute(
        self, data: Any, missing_key_error: bool = True, type_name: str | None = None
    ) -> str:
        """Render with `data` as dot.

        `missing_key_error` is Docker's `missingkey=error` (used by inspect); `type_name` makes
        missing fields fail as on a Go struct (`can't evaluate field X in type <type_name>`).
        """
        funcs = HEADER_FUNCTIONS if self.header else FUNCTIONS
        state = _State(funcs, missing_key_error, type_name)
        state.vars.append(("$", data))
        try:
            _Executor(state).run(self.nodes, data)
        except _ExecFail as exc:
            pos = exc.node.pos
            where = f"{_line_of(self.source, pos)}:{_col_of(self.source, pos)}"
            raise TemplateError(
                f'template: :{where}: executing "" at <{exc.node.src}>: {exc.msg}'
            ) from None
        except (_Break, _Continue):
            pass
        return "".join(state.out)


def expand_escapes(fmt: str) -> str:
    """Docker turns literal `\\t` and `\\n` typed on the command line into tab and newline."""
    return fmt.replace("\\t", "\t").replace("\\n", "\n")


@functools.lru_cache(maxsize=512)
def parse_template(source: str, header: bool = False) -> Template:
    """Parse a template; raises TemplateError with Docker's `template parsing error: …` text."""
    if len(source) > MAX_TEMPLATE_LENGTH:
        raise TemplateLimitError("too_long", MAX_TEMPLATE_LENGTH)
    funcs = HEADER_FUNCTIONS if header else FUNCTIONS
    parser = _Parser(source, funcs)
    try:
        nodes = parser.parse()
    except _ParseFail as exc:
        raise TemplateError(f"template: :{_line_of(source, exc.pos)}: {exc.msg}") from None
    return Template(source, tuple(nodes), header)


def render_template(
    source: str, data: Any, missing_key_error: bool = True, type_name: str | None = None
) -> str:
    """Parse and execute in one go."""
    return parse_template(source).execute(data, missing_key_error, type_name)


def format_rows(
    fmt: str,
    rows: Sequence[Mapping[str, Any]],
    headers: Mapping[str, str],
    default_table: str | None = None,
    type_name: str | None = None,
) -> str:
    """Apply a `--format` value to rows the way Docker's list commands do.

    `fmt` is "" or "table" (use `default_table`, e.g. "table {{.ID}}\\t{{.Image}}"),
    "table <template>" (header row from `headers` + aligned columns), "json" (one JSON
    object per row, keys sorted), or a bare template (one line per row, no header).
    `headers` maps placeholder names to column titles (`{"ID": "CONTAINER ID"}`).
    The result ends with a newline per line; it is "" for a bare template and no rows.
    """
    fmt = fmt.strip(" ") if fmt else ""
    if fmt in ("", "table"):
        if default_table is None:
            raise ValueError("format_rows needs default_table for the default table format")
        fmt = default_table
    if fmt == "json":
        return "".join(_to_json(dict(row), sort_keys=True) + "\n" for row in rows)
    table = fmt.startswith("table")
    body = expand_escapes(fmt[len("table") :].strip(" ") if table else fmt)
    simple = _simple_fields(body)
    if simple is not None and all(
        all(isinstance(row.get(k), str) for k in simple[0]) for row in rows
    ):
        # Fast path for the common case (default tables, `{{.Names}}\t{{.Status}}`): only
        # string fields and literal text, so filling them in is what the interpreter would do.
        names, literals = simple
        outputs = [
            "".join(lit + row[name] for lit, name in zip(literals, names, strict=False))
            + literals[-1]
            for row in rows
        ]
    else:
        tmpl = parse_template(body)
        outputs = [tmpl.execute(row, missing_key_error=False, type_name=type_name) for row in rows]
    if not table:
        return "".join(text + "\n" for text in outputs)
    header = _header_line(body, tuple(headers.items()))
    text = header + "\n" + "".join(out + "\n" for out in outputs)
    lines = text.split("\n")[:-1]
    return render_table([line.split("\t") for line in lines])


_SIMPLE = re.compile(r"\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@functools.lru_cache(maxsize=256)
@functools.lru_cache(maxsize=512)
def _header_line(body: str, headers: tuple[tuple[str, str], ...]) -> str:
    """The header row of a table format: depends only on the format and the column titles."""
    titles = dict(headers)
    header_data = {k: titles.get(k, "") for k in _placeholders(body)} | titles
    return parse_template(body, header=True).execute(header_data, missing_key_error=False)


@functools.lru_cache(maxsize=512)
def _simple_fields(body: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(field names, literal texts around them) when `body` is only `{{.Field}}` actions and text."""
    names = tuple(_SIMPLE.findall(body))
    literals = tuple(_SIMPLE.split(body)[::2])
    if any("{{" in lit or "}}" in lit for lit in literals):
        return None
    return names, literals


def _placeholders(body: str) -> set[str]:
    return set(re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)", body))


__all__ = [
    "FUNCTIONS",
    "LIMIT_MESSAGES",
    "Struct",
    "Template",
    "TemplateError",
    "TemplateLimitError",
    "expand_escapes",
    "format_rows",
    "go_json",
    "go_print",
    "parse_template",
    "render_template",
]
