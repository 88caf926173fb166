"""Word expansion helpers: field splitting, pathname globbing and ``$((...))`` arithmetic."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable

from engine.fs import UnionFS, normpath

MAX_GLOB_RESULTS = 2000
GLOB_CHARS = set("*?[")


class ExpansionError(Exception):
    """An expansion that the shell reports and that fails the command (bad substitution ...)."""


def escape_glob(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def has_magic(pattern: str) -> bool:
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c in GLOB_CHARS:
            return True
        i += 1
    return False


def unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern)


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A shell pattern (with backslash escapes for quoted characters) as an anchored regex."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif c == "*":
            out.append(".*")
            i += 1
        elif c == "?":
            out.append(".")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
                i += 1
                continue
            body = pattern[i + 1 : j]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\").replace("^", "\\^")
            out.append(f"[{'^' if negate else ''}{body}]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def glob(fs: UnionFS, cwd: str, pattern: str) -> list[str]:
    """Paths matching ``pattern`` (sorted, hidden names only for a leading dot), [] if none."""
    absolute = pattern.startswith("/")
    parts = [p for p in pattern.split("/") if p]
    results = ["/" if absolute else ""]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        nxt: list[str] = []
        for base in results:
            where = normpath(base or ".", cwd)
            if not has_magic(part):
                candidate = base + ("" if base.endswith("/") or not base else "/") + unescape(part)
                if fs.lstat(candidate, cwd) is not None:
                    nxt.append(candidate)
                continue
            if not fs.is_dir(where):
                continue
            try:
                names = fs.listdir(where)
            except Exception:
                continue
            rx = pattern_regex(part)
            show_hidden = part.startswith(".") or part.startswith("\\.")
            for name in names:
                if name.startswith(".") and not show_hidden:
                    continue
                if not rx.match(name):
                    continue
                path = base + ("" if base.endswith("/") or not base else "/") + name
                if not last and not fs.is_dir(path, cwd):
                    continue
                nxt.append(path)
                if len(nxt) > MAX_GLOB_RESULTS:
                    break
        results = nxt
        if not results:
            return []
    return sorted(results)[:MAX_GLOB_RESULTS]


MAX_BRACE_WORDS = 10_000  # bash makes any number; past this the shell refuses
_SEQUENCE = re.compile(r"(-?\d+)\.\.(-?\d+)|([A-Za-z])\.\.([A-Za-z])")


def brace_alternatives(text: str) -> tuple[str, list[str], str] | None:
    """The first ``{a,b}`` / ``{1..3}`` group in ``text`` as (before, alternatives, after)."""
    start = text.find("{")
    while start >= 0:
        depth = 0
        for i in range(start, len(text)):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    inner = text[start + 1 : i]
                    alts = _split_top(inner)
                    if len(alts) > 1:
                        return text[:start], alts, text[i + 1 :]
                    m = _SEQUENCE.fullmatch(inner)
                    if m:
                        return text[:start], _sequence(m), text[i + 1 :]
                    break
        start = text.find("{", start + 1)
    return None


def _split_top(inner: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for c in inner:
        if c == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        depth += c == "{"
        depth -= c == "}"
        cur.append(c)
    parts.append("".join(cur))
    return parts


def _sequence(m: re.Match[str]) -> list[str]:
    if m.group(1) is not None:
        a, b = int(m.group(1)), int(m.group(2))
        step = 1 if b >= a else -1
        # One word past the limit is enough for the caller to see it was reached.
        return [str(v) for v in itertools.islice(range(a, b + step, step), MAX_BRACE_WORDS + 1)]
    a, b = ord(m.group(3)), ord(m.group(4))
    step = 1 if b >= a else -1
    return [chr(v) for v in range(a, b + step, step)]


def split_fields(value: str, ifs: str = " \t\n") -> tuple[bool, list[str], bool]:
    """(starts with a separator, the fields, ends with a separator) of an unquoted expansion."""
    if not value:
        return False, [], False
    fields = [f for f in re.split("[" + re.escape(ifs) + "]+", value) if f] if ifs else [value]
    return value[0] in ifs, fields, value[-1] in ifs


_ARITH_OPS = (
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.FloorDiv,
    ast.Div,
    ast.Mod,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.BitAnd,
    ast.BitOr,
    ast.BitXor,
    ast.LShift,
    ast.RShift,
)


def arithmetic(source: str, lookup: Callable[[str], str]) -> int:
    """Evaluate ``$((...))``: integers, variables, + - * / % ** comparisons, bit operations."""
    text = re.sub(r"\$?([A-Za-z_][A-Za-z0-9_]*)", lambda m: _int_text(lookup(m.group(1))), source)
    text = text.replace("&&", " and ").replace("||", " or ").replace("/", "//")
    text = re.sub(r"!(?!=)", " not ", text)
    if len(text) > 500:
        raise ExpansionError(f"{source}: expression too long")
    try:
        tree = ast.parse(text.strip() or "0", mode="eval")
    except SyntaxError:
        raise ExpansionError(f"{source.strip()}: syntax error in expression") from None
    return _eval(tree.body, source)


def _int_text(value: str) -> str:
    value = value.strip()
    return value if re.fullmatch(r"-?\d+", value) else "0"


def _eval(node: ast.expr, source: str) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return _wrap(int(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, _ARITH_OPS):
        v = _eval(node.operand, source)
        if isinstance(node.op, ast.USub):
            return -v
        if isinstance(node.op, ast.Not):
            return int(not v)
        return v
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, source) for v in node.values]
        return int(all(vals) if isinstance(node.op, ast.And) else any(vals))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        a, b = _eval(node.left, source), _eval(node.comparators[0], source)
        op = node.ops[0]
        table = {
            ast.Eq: a == b,
            ast.NotEq: a != b,
            ast.Lt: a < b,
            ast.LtE: a <= b,
            ast.Gt: a > b,
            ast.GtE: a >= b,
        }
        return int(table.get(type(op), False))
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITH_OPS):
        a, b = _eval(node.left, source), _eval(node.right, source)
        if isinstance(node.op, ast.FloorDiv | ast.Div | ast.Mod) and b == 0:
            raise ExpansionError(f'{source.strip()}: division by 0 (error token is "{b}")')
        if isinstance(node.op, ast.Pow) and b < 0:
            raise ExpansionError(f'{source.strip()}: exponent less than 0 (error token is "{-b}")')
        if isinstance(node.op, ast.LShift | ast.RShift):
            b &= 63  # the shift count as x86-64 takes it: 1<<64 is 1
        ops: dict[type, Callable[[int, int], int]] = {
            ast.Add: lambda x, y: x + y,
            ast.Sub: lambda x, y: x - y,
            ast.Mult: lambda x, y: x * y,
            ast.FloorDiv: _quotient,
            ast.Mod: lambda x, y: x - y * _quotient(x, y),
            ast.Pow: lambda x, y: pow(x, y, 2**64),  # the low 64 bits, at any exponent
            ast.BitAnd: lambda x, y: x & y,
            ast.BitOr: lambda x, y: x | y,
            ast.BitXor: lambda x, y: x ^ y,
            ast.LShift: lambda x, y: x << y,
            ast.RShift: lambda x, y: x >> y,
        }
        return _wrap(ops[type(node.op)](a, b))
    raise ExpansionError(f"{source.strip()}: syntax error in expression")


def _wrap(value: int) -> int:
    """bash integers are 64-bit and wrap around."""
    return (value + 2**63) % 2**64 - 2**63


def _quotient(x: int, y: int) -> int:
    """C division: truncated toward zero, exact for any size (a float would round)."""
    q = abs(x) // abs(y)
    return q if (x < 0) == (y < 0) else -q
