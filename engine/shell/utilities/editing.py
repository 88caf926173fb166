"""Stream editors and friends, the subset tutorials use: sed, awk '{print $N}', xargs, less/more."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.fs import FsError
from engine.process import Process
from engine.shell.messages import message
from engine.shell.utilities.common import read_input, refuse
from engine.shell.utilities.text import _bre_to_python

MAX_XARGS_RUNS = 200
LAST_LINE = -1  # sed's `$` address


@dataclass
class SedCommand:
    address: re.Pattern[str] | int | None
    op: str  # s, d, p
    pattern: re.Pattern[str] | None = None
    replacement: str = ""
    count: int = 1  # 0 = every match (g)
    print_after: bool = False


def _sed_parse(script: str, extended: bool) -> list[SedCommand] | str:
    """The script as commands, or an error text as GNU sed words it."""
    commands: list[SedCommand] = []
    for raw in [s.strip() for s in re.split(r"[;\n]", script) if s.strip()]:
        address: re.Pattern[str] | int | None = None
        rest = raw
        m = re.match(r"(\d+)|(\$)|/((?:\\.|[^/])*)/", rest)
        if m:
            address = (
                int(m.group(1))
                if m.group(1)
                else LAST_LINE
                if m.group(2)
                else _compile(m.group(3), extended)
            )
            rest = rest[m.end() :].lstrip()
        if not rest:
            return f"-e expression #1, char {len(raw)}: missing command"
        op = rest[0]
        if op in "dp":
            commands.append(SedCommand(address, op))
            continue
        if op != "s" or len(rest) < 2:
            return f"-e expression #1, char {len(raw) - len(rest) + 1}: unknown command: `{op}'"
        delim = rest[1]
        pieces = re.split(r"(?<!\\)" + re.escape(delim), rest[2:])
        if len(pieces) < 3:
            return f"-e expression #1, char {len(raw)}: unterminated `s' command"
        pattern, replacement, flags = pieces[0], pieces[1], delim.join(pieces[2:])
        count = 0 if "g" in flags else int(re.sub(r"\D", "", flags) or 1)
        rx = _compile(pattern, extended, ignore_case="I" in flags or "i" in flags)
        repl = re.sub(r"\\(\d)", r"\\g<\1>", replacement.replace("&", r"\g<0>").replace("\\&", "&"))
        commands.append(SedCommand(address, "s", rx, repl, count, "p" in flags))
    return commands


def _compile(pattern: str, extended: bool, *, ignore_case: bool = False) -> re.Pattern[str]:
    rx = pattern if extended else _bre_to_python(pattern)
    try:
        return re.compile(rx, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return re.compile(re.escape(pattern))


def sed(p: Process) -> int:
    args = p.argv[1:]
    in_place = quiet = extended = False
    scripts: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-e" and i + 1 < len(args):
            scripts.append(args[i + 1])
            i += 2
            continue
        if a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            in_place |= "i" in a
            quiet |= "n" in a
            extended |= "E" in a or "r" in a
        elif a in ("--in-place",):
            in_place = True
        elif not scripts:
            scripts.append(a)
        else:
            files.append(a)
        i += 1
    if not scripts:
        p.err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
        return 1
    parsed = _sed_parse("\n".join(scripts), extended)
    if isinstance(parsed, str):
        p.err(f"sed: {parsed}\n")
        return 1
    if in_place and not files:
        p.err("sed: no input files\n")
        return 1
    status = 0
    for name in files or ["-"]:
        try:
            text = read_input(p, name)
        except FsError as e:
            p.err(f"sed: can't read {name}: {e.strerror}\n")
            status = 2
            continue
        result = _sed_run(parsed, text, quiet)
        if in_place:
            p.fs.write(name, result, p.cwd)
        else:
            p.out(result)
    return status


def _sed_run(commands: list[SedCommand], text: str, quiet: bool) -> str:
    out: list[str] = []
    lines = text.splitlines()
    steps = [_sed_step(c, len(lines)) for c in commands]
    for number, line in enumerate(lines, 1):
        deleted = False
        printed = len(out)
        for c, wanted, matching in steps:
            if wanted is not None and wanted != number:
                continue
            if matching is not None and not matching.search(line):
                continue
            if c.op == "d":
                deleted = True
                break
            if c.op == "p":
                out.append(line + "\n")
            elif c.pattern is not None:
                new, n = c.pattern.subn(c.replacement, line, count=c.count)
                line = new
                if n and c.print_after:
                    out.append(line + "\n")
        if not deleted and not quiet:
            out.append(line + "\n")
        if number == len(lines) and len(out) > printed and not text.endswith("\n"):
            out[-1] = out[-1][:-1]  # GNU sed leaves a last line without newline as it was
    return "".join(out)


def _sed_step(c: SedCommand, lines: int) -> tuple[SedCommand, int | None, re.Pattern[str] | None]:
    """A command with the line number it wants and the pattern it wants (None: any)."""
    if isinstance(c.address, re.Pattern):
        return c, None, c.address
    return c, lines if c.address == LAST_LINE else c.address, None


def awk(p: Process) -> int:
    """``awk [-F sep] '{print $1, $3}'`` with an optional ``/regex/`` or ``NR==N`` pattern."""
    args = p.argv[1:]
    sep: str | None = None
    if args and args[0].startswith("-F"):
        sep = args[0][2:] or (args[1] if len(args) > 1 else " ")
        args = args[1:] if args[0][2:] else args[2:]
    if not args:
        p.err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n")
        return 2
    program, files = args[0], args[1:]
    m = re.fullmatch(
        r"\s*(?:/((?:\\.|[^/])*)/|NR\s*==\s*(\d+))?\s*\{\s*print\s*(.*?)\s*;?\s*\}\s*", program
    )
    items = [x.strip() for x in re.split(r",", m.group(3))] if m and m.group(3) else ["$0"]
    if not m or not all(_AWK_ITEM.fullmatch(item) for item in items):
        ctx = getattr(p.state.get("shell"), "ctx", None)
        p.err(f"awk: {message('awk_subset', ctx)}: {program}\n")
        return 2
    pattern = re.compile(m.group(1)) if m.group(1) else None
    line_no = int(m.group(2)) if m.group(2) else None
    parts = [_AWK_PART.findall(item) for item in items]
    fields_only = all(len(ps) == 1 and re.fullmatch(r"\$[1-9]\d*", ps[0]) for ps in parts)
    columns = [int(ps[0][1:]) - 1 for ps in parts] if fields_only else None
    status = 0
    number = 0
    for name in files or ["-"]:
        try:
            text = read_input(p, name)
        except FsError as e:
            p.err(f'awk: cannot open "{name}" ({e.strerror})\n')
            status = 2
            continue
        out: list[str] = []
        for line in text.splitlines():
            number += 1
            if pattern is not None and not pattern.search(line):
                continue
            if line_no is not None and number != line_no:
                continue
            fields = line.split(sep) if sep and sep != " " else line.split()
            if columns is not None:  # `{print $1, $3}`: fields only, no call per item
                n = len(fields)
                out.append(" ".join([fields[i] if i < n else "" for i in columns]) + "\n")
            else:
                out.append(
                    " ".join(_awk_value(item, line, fields, number) for item in parts) + "\n"
                )
        p.out("".join(out))
    return status


# What `print` may list here: strings, $N, $NF, NF and NR, side by side (awk concatenates them).
_AWK_ITEM = re.compile(r'(?:\s*(?:"[^"]*"|\$NF|\$\d+|NF|NR))+\s*')
_AWK_PART = re.compile(r'"[^"]*"|\$NF|\$\d+|NF|NR')


def _awk_value(parts: list[str], line: str, fields: list[str], number: int) -> str:
    """One item of a `print`: its parts (strings, $N, $NF, NF, NR) side by side."""
    out = []
    for part in parts:
        if part.startswith('"'):
            out.append(part[1:-1])
        elif part == "$NF":
            out.append(fields[-1] if fields else "")
        elif part == "NF":
            out.append(str(len(fields)))
        elif part == "NR":
            out.append(str(number))
        elif part.startswith("$"):
            index = int(part[1:])
            out.append(line if index == 0 else fields[index - 1] if index <= len(fields) else "")
    return "".join(out)


def xargs(p: Process) -> int:
    args = p.argv[1:]
    per_call: int | None = None
    replace: str | None = None
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag == "-n" and args:
            per_call = int(args.pop(0)) if args[0].isdigit() else None
        elif flag == "-I" and args:
            replace = args.pop(0)
    command = args or ["echo"]
    items = p.stdin.split() if replace is None else p.stdin.splitlines()
    shell = p.state.get("shell")
    if shell is None:
        return 0
    from engine.shell.interpreter import Io

    io = Io("", p.stdout, p.stderr)
    if replace is not None:
        batches = [[c.replace(replace, item) for c in command] for item in items]
    else:
        size = per_call or max(len(items), 1)
        batches = [command + items[i : i + size] for i in range(0, max(len(items), 1), size)]
    if len(batches) > MAX_XARGS_RUNS:
        refuse("xargs")  # running only some of them would be silently wrong
    status = 0
    for argv in batches:
        shell.charge()  # type: ignore[attr-defined]
        code = shell.dispatch(argv, dict(p.env), io)  # type: ignore[attr-defined]
        status = 123 if code else status
    return status


def more(p: Process) -> int:
    """A pager with no screen to page on: print the files, as ``less`` does into a pipe."""
    status = 0
    names = [a for a in p.argv[1:] if not a.startswith("-")]
    for name in names or ["-"]:
        try:
            p.out(read_input(p, name))
        except FsError as e:
            p.err(f"{p.name}: {name}: {e.strerror}\n")
            status = 1
    return status
