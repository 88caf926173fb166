"""Text utilities: echo, printf, grep, head, tail, wc, sort, uniq, cut, tr, tee, seq, yes ..."""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

from engine.fs import FsError
from engine.process import Process
from engine.shell.utilities.common import (
    PIPE_LIMIT,
    PipePrefix,
    busybox,
    getopt,
    invalid_option,
    read_input,
    refuse,
)

ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "r": "\r", "v": "\v", "f": "\f"}


def _escapes(text: str) -> tuple[str, bool]:
    """Backslash escapes of ``echo -e`` / ``%b``; the flag is True when ``\\c`` stopped output."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n in ESCAPES:
                out.append(ESCAPES[n])
                i += 2
                continue
            if n == "c":
                return "".join(out), True
            if n == "e":
                out.append("\x1b")
                i += 2
                continue
            if n == "0":
                m = re.match(r"0([0-7]{0,3})", text[i + 1 :])
                assert m is not None
                out.append(chr(int(m.group(1) or "0", 8)))
                i += 1 + m.end()
                continue
            if n == "x":
                m = re.match(r"x([0-9a-fA-F]{1,2})", text[i + 1 :])
                if m:
                    out.append(chr(int(m.group(1), 16)))
                    i += 1 + m.end()
                    continue
        out.append(c)
        i += 1
    return "".join(out), False


def echo(p: Process) -> int:
    args = p.argv[1:]
    newline, interpret = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            elif c == "e":
                interpret = True
            else:
                interpret = False
        args = args[1:]
    text = " ".join(args)
    if interpret:
        text, stop = _escapes(text)
        if stop:
            newline = False
    p.out(text + ("\n" if newline else ""))
    return 0


_CONVERSION = re.compile(r"%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdibcxXofeg%])")
Conversion = tuple[str, str, str, str]  # flags, width, precision, conversion letter


def printf(p: Process) -> int:
    if len(p.argv) < 2:
        p.err(f"{p.shell}: printf: usage: printf [-v var] format [arguments]\n")
        return 2
    pieces = _format_pieces(p.argv[1])
    wanted = sum(isinstance(piece, tuple) for piece in pieces)
    args = p.argv[2:]
    out: list[str] = []
    produced = used = status = 0
    # The format is used again while arguments remain, as often as they last.
    while True:
        for piece in pieces:
            if isinstance(piece, str):
                text = piece
            else:
                text, ok = _convert(p, piece, args[used] if used < len(args) else "")
                status = status if ok else 1
                used += 1
            out.append(text)
            produced += len(text)
        if not wanted or used >= len(args) or produced > PIPE_LIMIT:
            break  # all arguments used, or more than any reader takes already
    p.out("".join(out))
    return status


def _format_pieces(fmt: str) -> list[str | Conversion]:
    """printf's format, read once: literal text (escapes done) between conversions."""
    pieces: list[str | Conversion] = []
    literal: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        m = _CONVERSION.match(fmt, i) if c == "%" else None
        if c == "\\":
            literal.append(_escapes(fmt[i : i + 2])[0])
            i += 2
        elif m is None:
            literal.append(c)
            i += 1
        elif m.group(4) == "%":
            literal.append("%")
            i = m.end()
        else:
            pieces.append("".join(literal))
            literal = []
            pieces.append(m.groups())  # type: ignore[arg-type]
            i = m.end()
    pieces.append("".join(literal))
    return [piece for piece in pieces if piece != ""]


def _convert(p: Process, conversion: Conversion, arg: str) -> tuple[str, bool]:
    """One ``%...`` of printf applied to ``arg``; False when ``arg`` was not a number."""
    flags, width, prec, conv = conversion
    if int(width or 0) > PIPE_LIMIT or (conv not in "sbc" and int(prec or 0) > PIPE_LIMIT):
        refuse("too_large")  # padding past what any reader takes: never build it
    spec = "%" + flags + width + (f".{prec}" if prec else "")
    if conv in "sbc":
        value = _escapes(arg)[0] if conv == "b" else arg[:1] if conv == "c" else arg
        return (spec + "s") % value, True
    if conv in "dixXo":
        number = _c_integer(arg)
        if number is None:
            p.err(f"{p.shell}: printf: {arg}: invalid number\n")
            return (spec + "d") % 0, False
        return (spec + ("d" if conv == "i" else conv)) % number, True
    try:
        return (spec + conv) % float(arg or 0), True
    except ValueError:
        p.err(f"{p.shell}: printf: {arg}: invalid number\n")
        return (spec + conv) % 0.0, False


def _c_integer(text: str) -> int | None:
    """An integer argument as C reads it: 0x1f hex, 017 octal, 'a a character's code."""
    text = text.strip()
    if not text:
        return 0
    if text[0] in "'\"":
        return ord(text[1]) if len(text) > 1 else 0
    m = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", text)
    if m is None:
        return None
    sign, digits = m.groups()
    base = 16 if digits[:2].lower() == "0x" else 8 if digits.startswith("0") else 10
    value = int(digits, base) * (-1 if sign == "-" else 1)
    return max(-(2**63), min(value, 2**63 - 1))  # strtoimax clamps at the 64-bit edges


def _sources(p: Process, files: list[str]) -> list[tuple[str, str | None]]:
    """(name, text or None when it failed and was reported)."""
    out: list[tuple[str, str | None]] = []
    for f in files or ["-"]:
        try:
            out.append((f, read_input(p, f)))
        except FsError as e:
            p.err(f"{p.name}: {f}: {e.strerror}\n")
            out.append((f, None))
    return out


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _count_arg(value: str) -> int:
    return int(value.lstrip("+-") or 0)


def head(p: Process) -> int:
    return _head_tail(p, tail=False)


def tail(p: Process) -> int:
    return _head_tail(p, tail=True)


def _head_tail(p: Process, *, tail: bool) -> int:
    args = p.argv[1:]
    count = 10
    from_start = False
    legacy = [a for a in args if re.fullmatch(r"-\d+", a)]
    if legacy:
        count = int(legacy[0][1:])
        args = [a for a in args if a not in legacy]
    opts, files, bad = getopt(args, "fqvF", "nc")
    if bad:
        return invalid_option(p, bad)
    if "n" in opts:
        value = opts["n"]
        if not re.fullmatch(r"[+-]?\d+", value):
            if busybox(p):
                p.err(f"{p.name}: invalid number '{value}'\n")
            else:
                kind = "lines"
                p.err(f"{p.name}: invalid number of {kind}: '{value}'\n")
            return 1
        count = _count_arg(value)
        from_start = tail and value.startswith("+")
    status = 0
    sources = _sources(p, files)
    for index, (name, text) in enumerate(sources):
        if text is None:
            status = 1
            continue
        if len(sources) > 1:
            p.out(("\n" if index else "") + f"==> {name} <==\n")
        if "c" in opts:
            n = _count_arg(opts["c"])
            if isinstance(text, PipePrefix) and len(text) < n:
                refuse("pipe")
            p.out(text[-n:] if tail and n else text[:n] if not tail else "")
            continue
        if isinstance(text, PipePrefix) and text.count("\n") < count:
            refuse("pipe")  # the lines asked for are past what the pipe could carry
        if not tail:
            p.out(_first_lines(text, count))
            continue
        lines = _lines(text)
        chosen = lines[count - 1 :] if from_start else lines[-count:] if count else []
        p.out("".join(chosen))
    return status


def _first_lines(text: str, count: int) -> str:
    """The first ``count`` lines of ``text``, found without splitting all of it."""
    end = 0
    for _ in range(count):
        end = text.find("\n", end) + 1
        if not end:
            return text
    return text[:end]


def cat(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "nbAeEsTuv")
    if bad:
        return invalid_option(p, bad)
    status = 0
    number = 0
    for f in files or ["-"]:
        try:
            text = read_input(p, f)
        except FsError as e:
            p.err(f"cat: {f}: {e.strerror}\n")
            status = 1
            continue
        if "n" in opts or "b" in opts:
            out = []
            for line in _lines(text):
                if "b" in opts and line.strip("\n") == "":
                    out.append(line)
                    continue
                number += 1
                out.append(f"{number:6d}\t{line}")
            text = "".join(out)
        p.out(text)
    return status


def _compile(p: Process, pattern: str, opts: dict[str, str]) -> re.Pattern[str] | None:
    if "F" in opts:
        rx = re.escape(pattern)
    elif "E" in opts or p.name == "egrep":
        rx = pattern
    else:
        rx = _bre_to_python(pattern)
    if "w" in opts:
        rx = rf"(?<![\w])(?:{rx})(?![\w])"
    if "x" in opts:
        rx = rf"^(?:{rx})$"
    try:
        return re.compile(rx, re.IGNORECASE if "i" in opts else 0)
    except re.error:
        p.err(
            "grep: Unmatched ( or \\(\n" if "(" in pattern else "grep: Invalid regular expression\n"
        )
        return None


def _bre_to_python(pattern: str) -> str:
    """Basic regular expressions: ``\\| \\( \\) \\{ \\} \\+ \\?`` are operators, bare ones literal."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            n = pattern[i + 1]
            out.append(n if n in "|(){}+?" else "\\" + n)
            i += 2
            continue
        out.append("\\" + c if c in "|(){}+?" else c)
        i += 1
    return "".join(out)


def grep(p: Process) -> int:
    opts, rest, bad = getopt(
        p.argv[1:],
        "ivncrREowlLhHqFsxZ",
        "em",
        long={"color": "Z", "colour": "Z", "recursive": "r", "ignore-case": "i"},
    )
    if bad:
        if busybox(p):
            p.err(f"grep: unrecognized option '{bad.lstrip('-')}'\n")
        else:
            p.err(f"grep: invalid option -- '{bad[1:]}'\n")
            p.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
            p.err("Try 'grep --help' for more information.\n")
        return 2
    if "e" in opts:
        pattern = opts["e"]
    elif rest:
        pattern, rest = rest[0], rest[1:]
    else:
        if busybox(p):
            p.err(
                "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n"
            )
        else:
            p.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
            p.err("Try 'grep --help' for more information.\n")
        return 2
    rx = _compile(p, pattern, opts)
    if rx is None:
        return 2
    recursive = "r" in opts or "R" in opts
    files = rest or (["."] if recursive else [])
    targets: list[tuple[str, str | None]] = []
    errors = False
    for f in files or ["-"]:
        if f != "-" and p.fs.is_dir(f, p.cwd):
            if not recursive:
                p.err(f"grep: {f}: Is a directory\n")
                errors = True
                continue
            base = posixpath.normpath(posixpath.join(p.cwd, f))
            for path, node in p.fs.walk(base):
                if node.kind == "file":
                    shown = f.rstrip("/") + path[len(base.rstrip("/")) :]
                    if f == ".":
                        shown = shown[2:] if not rest else shown
                    targets.append((shown, p.fs.read(path)))
                if len(targets) > 5000:
                    break
            continue
        try:
            targets.append((f, read_input(p, f)))
        except FsError as e:
            if "s" not in opts:
                p.err(f"grep: {f}: {e.strerror}\n")
            errors = True
    prefix_names = ("H" in opts or len(targets) > 1 or recursive) and "h" not in opts
    limit = int(opts["m"]) if opts.get("m", "").isdigit() else None
    found = False
    invert, only, numbered = "v" in opts, "o" in opts and "v" not in opts, "n" in opts
    listing = "c" in opts or "l" in opts or "L" in opts
    for name, text in targets:
        assert text is not None
        count = 0
        out: list[str] = []
        for number, line in enumerate(text.splitlines(), 1):
            if limit is not None and count >= limit:
                break
            if (rx.search(line) is not None) == invert:
                continue
            count += 1
            found = True
            if "q" in opts:
                return 0
            if listing:
                continue
            lead = (f"{name}:" if prefix_names else "") + (f"{number}:" if numbered else "")
            if only:
                out.extend(f"{lead}{m.group(0)}\n" for m in rx.finditer(line) if m.group(0))
            else:
                out.append(f"{lead}{line}\n")
        p.out("".join(out))
        if "c" in opts:
            p.out((f"{name}:" if prefix_names else "") + f"{count}\n")
        if "l" in opts and count:
            p.out(f"{name}\n")
        if "L" in opts and not count:
            p.out(f"{name}\n")
    if errors and not ("q" in opts and found):
        return 2
    return 0 if found else 1


def wc(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "lwcmL")
    if bad:
        return invalid_option(p, bad)
    chosen = [k for k in "lwc" if k in opts or (k == "c" and "m" in opts)] or ["l", "w", "c"]
    rows: list[tuple[list[int], str]] = []
    status = 0
    for name, text in _sources(p, files):
        if text is None:
            status = 1
            continue
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        rows.append(([counts[k] for k in chosen], "" if name == "-" and not files else name))
    if len(rows) > 1:
        totals = [sum(r[0][i] for r in rows) for i in range(len(chosen))]
        rows.append((totals, "total"))
    if busybox(p):
        width = 7 if len(chosen) > 1 or len(rows) > 1 else 0
    elif len(chosen) == 1 and len(rows) == 1:
        width = 1
    elif not files:
        width = 7
    else:
        width = len(str(max((max(r[0]) for r in rows), default=0)))
    for counts, name in rows:
        line = " ".join(f"{c:{width}d}" for c in counts)
        p.out(line + (f" {name}" if name else "") + "\n")
    return status


_SORT_NUMBER = re.compile(r"\s*(-?\d+(?:\.\d+)?)([KMGT]?)")


def sort(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "rnufbhV", "kto")
    if bad:
        return invalid_option(p, bad)
    lines: list[str] = []
    status = 0
    for _name, text in _sources(p, files):
        if text is None:
            return 2
        lines.extend(text.splitlines())
    sep = opts.get("t")
    field_no = (
        int(re.match(r"\d+", opts.get("k", "0")).group(0)) if opts.get("k", "")[:1].isdigit() else 0
    )  # type: ignore[union-attr]

    def key_text(line: str) -> str:
        if not field_no:
            return line
        parts = line.split(sep) if sep else line.split()
        return parts[field_no - 1] if field_no <= len(parts) else ""

    def key(line: str) -> tuple[float, str] | str:
        k = key_text(line)
        if "f" in opts:
            k = k.lower()
        if "n" in opts or "h" in opts:
            m = _SORT_NUMBER.match(k)
            num = (
                float(m.group(1))
                * (1024 ** "KMGT".find(m.group(2)) * 1024 if m and m.group(2) else 1)
                if m
                else 0.0
            )
            return (num, line)
        return k

    if "n" in opts and not (field_no or "f" in opts or "h" in opts):
        # the common `sort -n`: numbers read in one pass, no call per line
        match = _SORT_NUMBER.match
        numbers = [float(m.group(1)) if (m := match(line)) else 0.0 for line in lines]
        lines = [line for _, line in sorted(zip(numbers, lines, strict=True), reverse="r" in opts)]
    else:
        plain = not (field_no or "f" in opts or "n" in opts or "h" in opts)
        lines.sort(key=None if plain else key, reverse="r" in opts)  # type: ignore[arg-type]
    if "u" in opts:
        seen: set[object] = set()
        unique: list[str] = []
        for line in lines:
            k = key(line)
            k = k[0] if isinstance(k, tuple) else k
            if k not in seen:
                seen.add(k)
                unique.append(line)
        lines = unique
    text = "".join(line + "\n" for line in lines)
    if "o" in opts:
        p.fs.write(opts["o"], text, p.cwd)
    else:
        p.out(text)
    return status


def uniq(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "cdui")
    if bad:
        return invalid_option(p, bad)
    sources = _sources(p, files[:1])
    text = sources[0][1]
    if text is None:
        return 1
    out: list[str] = []
    fold = str.lower if "i" in opts else None
    for _key, group in itertools.groupby(text.splitlines(), key=fold):
        same = list(group)
        first, count = same[0], len(same)
        if ("d" in opts and count < 2) or ("u" in opts and count > 1):
            continue
        out.append(f"{count:7d} {first}\n" if "c" in opts else first + "\n")
    result = "".join(out)
    if len(files) > 1:
        p.fs.write(files[1], result, p.cwd)
    else:
        p.out(result)
    return 0


def _ranges(spec: str) -> list[tuple[int, int]] | None:
    out: list[tuple[int, int]] = []
    for piece in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", piece)
        if not m or not (m.group(1) or m.group(3)):
            return None
        lo = int(m.group(1) or 1)
        hi = int(m.group(3)) if m.group(3) else (10**9 if m.group(2) else lo)
        if lo < 1:
            return None
        out.append((lo, hi))
    return out


def cut(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "s", "dfcb")
    if bad:
        return invalid_option(p, bad)
    spec = opts.get("f") or opts.get("c") or opts.get("b")
    if spec is None:
        p.err("cut: you must specify a list of bytes, characters, or fields\n")
        p.err("Try 'cut --help' for more information.\n")
        return 1
    ranges = _ranges(spec)
    if ranges is None:
        p.err(
            "cut: fields are numbered from 1\n"
            if spec.startswith("0")
            else "cut: invalid field range\n"
        )
        p.err("Try 'cut --help' for more information.\n")
        return 1
    delim = opts.get("d", "\t")
    if len(delim) != 1:
        p.err("cut: the delimiter must be a single character\n")
        p.err("Try 'cut --help' for more information.\n")
        return 1
    status = 0
    for _name, text in _sources(p, files):
        if text is None:
            status = 1
            continue
        out: list[str] = []
        for line in text.splitlines():
            if "f" in opts:
                if delim not in line:
                    if "s" not in opts:
                        out.append(line + "\n")
                    continue
                parts = line.split(delim)
                out.append(delim.join(_picked(parts, ranges)) + "\n")
            else:
                out.append("".join(_picked(line, ranges)) + "\n")
        p.out("".join(out))
    return status


def _picked(items: Sequence[str], ranges: list[tuple[int, int]]) -> list[str]:
    """The items (fields or characters) in any of the 1-based ``ranges``, in their order."""
    if len(ranges) == 1:  # the common case, as one slice
        lo, hi = ranges[0]
        return list(items[lo - 1 : hi])
    return [x for i, x in enumerate(items, 1) if any(lo <= i <= hi for lo, hi in ranges)]


CLASSES = {
    "[:lower:]": "abcdefghijklmnopqrstuvwxyz",
    "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "[:digit:]": "0123456789",
    "[:space:]": " \t\n\r\v\f",
    "[:alpha:]": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "[:alnum:]": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "[:punct:]": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}


def _tr_set(spec: str) -> str:
    for name, chars in CLASSES.items():
        spec = spec.replace(name, chars)
    spec = _escapes(spec)[0]
    out: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            lo, hi = ord(spec[i]), ord(spec[i + 2])
            out.extend(chr(c) for c in range(lo, min(hi, lo + 256) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def tr(p: Process) -> int:
    opts, sets, bad = getopt(p.argv[1:], "dsc")
    if bad:
        return invalid_option(p, bad)
    if not sets or ("d" not in opts and "s" not in opts and len(sets) < 2):
        if not sets:
            p.err("tr: missing operand\n")
        else:
            p.err(f"tr: missing operand after '{sets[0]}'\n")
            p.err("Two strings must be given when translating.\n")
        p.err("Try 'tr --help' for more information.\n")
        return 1
    src = _tr_set(sets[0])
    text = p.stdin
    if "d" in opts:
        text = "".join(c for c in text if c not in src)
    elif len(sets) > 1:
        dst = _tr_set(sets[1])
        if dst:
            dst = dst + dst[-1] * max(0, len(src) - len(dst))
            text = text.translate(str.maketrans(src, dst[: len(src)]))
    if "s" in opts:
        squeeze = _tr_set(sets[-1])
        text = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", text) if squeeze else text
    p.out(text)
    return 0


def tee(p: Process) -> int:
    opts, files, bad = getopt(p.argv[1:], "ai")
    if bad:
        return invalid_option(p, bad)
    status = 0
    for f in files:
        try:
            p.fs.write(f, p.stdin, p.cwd, append="a" in opts)
        except FsError as e:
            p.err(f"tee: {f}: {e.strerror}\n")
            status = 1
    p.out(p.stdin)
    return status


def seq(p: Process) -> int:
    args = p.argv[1:]
    sep = "\n"
    if args and args[0].startswith("-s") and not _seq_number(args[0]):
        sep, args = (args[0][2:], args[1:]) if len(args[0]) > 2 else (" ".join(args[1:2]), args[2:])
    nums = [_seq_number(a) for a in args]
    if None in nums:
        bad = args[nums.index(None)]
        p.err(f"seq: invalid floating point argument: '{bad}'\n")
        p.err("Try 'seq --help' for more information.\n")
        return 1
    if not 1 <= len(nums) <= 3:
        p.err("seq: missing operand\n" if not nums else f"seq: extra operand '{args[3]}'\n")
        p.err("Try 'seq --help' for more information.\n")
        return 1
    one = Decimal(1)
    first, step, last = (
        (one, one, nums[0])
        if len(nums) == 1
        else (nums[0], one, nums[1])
        if len(nums) == 2
        else tuple(nums)
    )  # type: ignore[misc]
    if step == 0:
        p.err(f"seq: invalid Zero increment value: '{args[1]}'\n")
        return 1
    _write_capped(p, _seq_pieces(first, step, last, sep))  # type: ignore[arg-type]
    return 0


def _seq_number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return None if value.is_nan() else value


def _seq_pieces(first: Decimal, step: Decimal, last: Decimal, sep: str) -> Iterator[str]:
    """seq's output a few thousand numbers at a time; the last piece ends in a newline.

    Numbers are exact decimals (``seq 1 0.1 1.3`` reaches 1.3) printed with as many
    fraction digits as the first number or the step has, as GNU seq prints them.
    """
    places = max(-min(int(v.as_tuple().exponent), 0) for v in (first, step))
    if last.is_infinite():  # endless toward it, nothing away from it
        steps: Iterator[int] = itertools.count() if (last > 0) == (step > 0) else iter(())
    else:
        steps = iter(range(max(int((last - first) // step) + 1, 0)))
    if places == 0 and first == first.to_integral_value() and step == step.to_integral_value():
        start, stride = int(first), int(step)
        texts = (str(start + i * stride) for i in steps)
    else:
        texts = (f"{first + i * step:.{places}f}" for i in steps)
    batch = list(itertools.islice(texts, 4096))
    while batch:
        following = list(itertools.islice(texts, 4096))
        yield sep.join(batch) + (sep if following else "\n")
        batch = following


def _write_capped(p: Process, pieces: Iterable[str]) -> None:
    """Write ``pieces`` until more than any reader takes (a pipe, a file, a terminal): the
    reader then stops or refuses, and an endless producer ends in bounded time."""
    written = 0
    for piece in pieces:
        p.out(piece)
        written += len(piece)
        if written > PIPE_LIMIT:
            return


def yes(p: Process) -> int:
    line = (" ".join(p.argv[1:]) or "y") + "\n"
    # A real `yes` never stops: write until every reader has had more than it takes.
    block = line * max(1, 65536 // len(line))
    _write_capped(p, itertools.repeat(block))
    return 0


def basename(p: Process) -> int:
    args = p.argv[1:]
    if not args:
        p.err("basename: missing operand\nTry 'basename --help' for more information.\n")
        return 1
    name = args[0].rstrip("/") or "/"
    name = name if name == "/" else name.rsplit("/", 1)[-1]
    if len(args) > 1 and name.endswith(args[1]) and name != args[1]:
        name = name[: -len(args[1])]
    p.out(name + "\n")
    return 0


def dirname(p: Process) -> int:
    args = p.argv[1:]
    if not args:
        p.err("dirname: missing operand\nTry 'dirname --help' for more information.\n")
        return 1
    for a in args:
        stripped = a.rstrip("/")
        if not stripped:
            p.out("/\n")
            continue
        head_part = stripped.rsplit("/", 1)[0] if "/" in stripped else "."
        p.out((head_part.rstrip("/") or "/") + "\n")
    return 0
