"""Shell builtins: commands that change or inspect the shell itself (cd, export, exit ...)."""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from engine.fs import FsError, normpath
from engine.process import Process
from engine.shell.interpreter import ExitShell, FunctionReturn, Io, LoopControl
from engine.shell.parser import Lexer, ShellSyntaxError, Token
from engine.shell.utilities.testexpr import test_command
from engine.shell.utilities.text import echo, printf

if TYPE_CHECKING:
    from engine.shell.interpreter import Builtin, Shell


def cd(shell: Shell, p: Process) -> int:
    s = shell.session
    args = p.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if len(args) > 1 and shell.name == "bash":
        p.err("bash: cd: too many arguments\n")
        return 1
    target = args[0] if args else s.env.get("HOME", "/root")
    if target == "-":
        target = s.env.get("OLDPWD", "")
        if not target:
            p.err(f"{shell.name}: cd: OLDPWD not set\n")
            return 1
        p.out(target + "\n")
    new = normpath(target, s.cwd)
    fs = shell.ctx.fs
    node = fs.stat(new)
    if node is None or node.kind != "dir":
        reason = "No such file or directory" if node is None else "Not a directory"
        if shell.name == "sh":
            p.err(f"sh: cd: can't cd to {target}: {reason}\n")
        else:
            p.err(f"bash: cd: {target}: {reason}\n")
        return 1
    s.env["OLDPWD"] = s.cwd
    s.cwd = new
    s.env["PWD"] = new
    return 0


def pwd(shell: Shell, p: Process) -> int:
    p.out(shell.session.cwd + "\n")
    return 0


def export(shell: Shell, p: Process) -> int:
    s = shell.session
    args = [a for a in p.argv[1:] if a not in ("-p", "-n")]
    if not args:
        for k in sorted(s.env):
            v = s.env[k].replace("\\", "\\\\").replace('"', '\\"')
            p.out(
                f'declare -x {k}="{v}"\n' if shell.name == "bash" else f"export {k}='{s.env[k]}'\n"
            )
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            if shell.name == "bash":
                p.err(f"bash: export: `{arg}': not a valid identifier\n")
            else:
                p.err(f"sh: export: bad variable name '{arg}'\n")
            status = 1
            continue
        if eq:
            s.env[name] = value
            s.variables.pop(name, None)
        elif name in s.variables:
            s.env[name] = s.variables.pop(name)
        else:
            s.env.setdefault(name, "")
    return status


def unset(shell: Shell, p: Process) -> int:
    s = shell.session
    flags = "".join(a[1:] for a in p.argv[1:] if a.startswith("-"))
    for name in (a for a in p.argv[1:] if not a.startswith("-")):
        if "f" in flags:
            s.functions.pop(name, None)
            continue
        is_variable = name in s.env or name in s.variables
        s.env.pop(name, None)
        s.variables.pop(name, None)
        if not is_variable and "v" not in flags:  # bash then unsets a function by that name
            s.functions.pop(name, None)
    return 0


def return_(shell: Shell, p: Process) -> int:
    status = shell.session.last_status
    arg = p.argv[1] if len(p.argv) > 1 else None
    if arg is not None:
        if re.fullmatch(r"[+-]?\d+", arg):
            status = int(arg) & 0xFF
        else:
            if shell.name == "bash":
                p.err(f"bash: return: {arg}: numeric argument required\n")
            else:
                p.err(f"sh: return: Illegal number: {arg}\n")
            status = 2
    if shell.function_depth == 0 and shell.sourcing == 0 and shell.name == "bash":
        p.err("bash: return: can only `return' from a function or sourced script\n")
        return 1
    raise FunctionReturn(status)


def local(shell: Shell, p: Process) -> int:
    if shell.function_depth == 0 or not shell.locals:
        if shell.name == "bash":
            p.err("bash: local: can only be used in a function\n")
            return 1
        p.err("sh: local: not in a function\n")
        return 2
    status = 0
    for arg in p.argv[1:]:
        name, eq, value = arg.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            if shell.name == "bash":
                p.err(f"bash: local: `{arg}': not a valid identifier\n")
            else:
                p.err(f"sh: local: {arg}: bad variable name\n")
            status = 1
            continue
        shell.make_local(name, value if eq else None)
    return status


def exit_(shell: Shell, p: Process) -> int:
    arg = p.argv[1] if len(p.argv) > 1 else None
    status = shell.session.last_status
    # Interactive bash says "exit" as it leaves; `bash -c`, scripts and busybox sh do not.
    interactive = getattr(shell.ctx, "interactive", True) and shell.ctx.stdout.is_terminal
    if shell.depth == 0 and shell.name == "bash" and interactive:
        p.err("exit\n")
    if arg is not None:
        if re.fullmatch(r"[+-]?\d+", arg):
            status = int(arg) & 0xFF
        else:
            if shell.name == "bash":
                p.err(f"bash: exit: {arg}: numeric argument required\n")
            else:
                p.err(f"sh: exit: Illegal number: {arg}\n")
            status = 2
    raise ExitShell(status)


def exec_(shell: Shell, p: Process) -> int:
    """`exec CMD` runs CMD in place of the shell: a script (yarn's launcher, entrypoints) ends
    with CMD's status. The terminal's own shell keeps running, as closing it would end the tab."""
    if len(p.argv) < 2:
        return 0
    status = shell.dispatch(p.argv[1:], p.env, Io(p.stdin, p.stdout, p.stderr))
    if shell.depth > 0:
        raise ExitShell(status)
    return status


def history(shell: Shell, p: Process) -> int:
    args = p.argv[1:]
    if args[:1] == ["-c"]:
        shell.session.history.clear()
        return 0
    entries = shell.session.history
    start = 0
    if args and args[0].isdigit():
        start = max(0, len(entries) - int(args[0]))
    for i, line in enumerate(entries[start:], start + 1):
        p.out(f"{i:5d}  {line}\n")
    return 0


def clear(shell: Shell, p: Process) -> int:
    # Only a real terminal is cleared; `clear > file` writes the escape sequence instead.
    if p.stdout.is_terminal:
        shell.clear = True
    else:
        p.out("\x1b[H\x1b[2J\x1b[3J")
    return 0


def type_(shell: Shell, p: Process) -> int:
    from engine.shell.utilities import UTILITIES

    status = 0
    for name in p.argv[1:]:
        if name in shell.session.aliases:
            p.out(f"{name} is aliased to `{shell.session.aliases[name]}'\n")
        elif name in shell.session.functions:
            p.out(f"{name} is a function\n")
            if shell.name == "bash":  # bash then prints the definition, reformatted
                p.out(function_listing(name, shell.session.functions[name]))
        elif name in KEYWORDS:
            p.out(f"{name} is a shell keyword\n")
        elif name in BUILTINS:
            p.out(f"{name} is a shell builtin\n")
        elif (path := shell.find_in_path(name)) is not None:
            p.out(f"{name} is {path}\n")
        elif name in UTILITIES and shell.ctx.external(name) is not None:
            p.out(f"{name} is /usr/bin/{name}\n")
        else:
            if shell.name == "bash":
                p.err(f"bash: type: {name}: not found\n")
            else:
                p.out(f"{name}: not found\n")
            status = 1
    return status


# What bash's `type` reformats here: `{ ...; }` holding simple commands, pipelines and and-or
# lists. Anything else (nested if/for/case, heredocs, $(...), which bash 5.2 re-prints) is shown
# as typed.
_LISTING_JOINERS = {"|", "&&", "||"}
_LISTING_REDIRECTS = {">", ">>", "<", ">&"}
_LISTING_STARTERS = {"if", "for", "while", "until", "case", "{", "}", "function", "!"}


def function_listing(name: str, source: str) -> str:
    """A definition as bash's `type` prints it: ``name () `` and ``{ `` (trailing spaces
    included), one command a line indented by four, ``;`` between them, then ``}``."""
    commands = _listing_commands(source)
    if commands is None:
        return f"{name} () \n{source}\n"
    body = ";\n".join(f"    {command}" for command in commands)
    return f"{name} () \n{{ \n{body}\n}}\n"


def _listing_commands(source: str) -> list[str] | None:
    try:
        tokens = _tokens(source)
    except ShellSyntaxError:
        return None
    if len(tokens) < 3 or tokens[0].value != "{" or tokens[-1].value != "}":
        return None
    commands: list[str] = []
    text, glue = "", False  # glue: the next word sticks to what is before it (`2>&1`)
    for token in tokens[1:-1]:
        if token.kind == "newline" or (token.kind == "op" and token.value == ";"):
            if text:
                commands.append(text)
            text, glue = "", False
        elif token.kind == "word":
            if (not text and token.value in _LISTING_STARTERS) or "$(" in token.value:
                return None
            text += token.value if glue or not text else f" {token.value}"
            glue = False
        elif token.kind == "io":
            text += f" {token.value}" if text else token.value
            glue = True
        elif token.kind == "op" and token.value in _LISTING_JOINERS and text:
            text += f" {token.value} "
            glue = True
        elif token.kind == "op" and token.value in _LISTING_REDIRECTS and text:
            space = "" if glue or text.endswith(" ") else " "
            text += space + token.value + ("" if token.value == ">&" else " ")
            glue = True
        else:
            return None
    if text:
        commands.append(text)
    return commands


def _tokens(source: str) -> list[Token]:
    lexer = Lexer(source)
    tokens: list[Token] = []
    while (token := lexer.next()).kind != "eof":
        tokens.append(token)
    return tokens


def set_(shell: Shell, p: Process) -> int:
    if len(p.argv) == 1:
        merged = {**shell.session.env, **shell.session.variables}
        for k in sorted(merged):
            p.out(f"{k}={_quote(merged[k])}\n")
        return 0
    args = p.argv[1:]
    if "--" in args:  # everything after `--` is the new $1 $2 ..., none at all clears them
        shell.positional = args[args.index("--") + 1 :]
        return 0
    rest = [a for a in args if not a.startswith(("-", "+"))]
    if rest:
        shell.positional = rest
    return 0


def _quote(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_./:@%+,=-]*", value) else shlex.quote(value)


def source(shell: Shell, p: Process) -> int:
    if len(p.argv) < 2:
        p.err(f"{shell.name}: {p.argv[0]}: filename argument required\n")
        return 2
    path = p.argv[1]
    try:
        text = shell.ctx.fs.read(path, shell.session.cwd)
    except FsError as e:
        if shell.name == "sh":
            p.err(f"sh: {p.argv[0]}: can't open '{path}': {e.strerror}\n")
        else:
            p.err(f"bash: {path}: {e.strerror}\n")
        return 1
    if shell.depth > 10:
        raise RecursionError("source nesting")
    shell.depth += 1
    shell.sourcing += 1
    saved = shell.positional
    try:
        if len(p.argv) > 2:
            shell.positional = p.argv[2:]
        return shell.run_source(text, Io(p.stdin, p.stdout, p.stderr))
    except FunctionReturn as ret:
        return ret.status
    finally:
        shell.positional = saved
        shell.sourcing -= 1
        shell.depth -= 1


def read(shell: Shell, p: Process) -> int:
    args = p.argv[1:]
    names: list[str] = []
    raw = False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-r":
            raw = True
        elif a in ("-p", "-t", "-n", "-d", "-u"):
            if a == "-p" and i + 1 < len(args):
                p.err(args[i + 1])
            i += 1
        elif a == "-s":
            pass
        else:
            names.append(a)
        i += 1
    if not p.stdin:
        for n in names or ["REPLY"]:
            shell.set_var(n, "")
        return 1
    line, _, _ = p.stdin.partition("\n")
    if not raw:
        line = re.sub(r"\\(.)", r"\1", line)
    if not names:
        shell.set_var("REPLY", line)
        return 0
    fields = line.split(None, len(names) - 1)
    for j, n in enumerate(names):
        shell.set_var(n, fields[j].strip() if j < len(fields) else "")
    return 0


def alias(shell: Shell, p: Process) -> int:
    aliases = shell.session.aliases
    args = [a for a in p.argv[1:] if a != "-p"]
    if not args:
        for k in sorted(aliases):
            p.out(f"alias {k}={shlex.quote(aliases[k])}\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if eq:
            aliases[name] = value
        elif name in aliases:
            p.out(f"alias {name}={shlex.quote(aliases[name])}\n")
        else:
            p.err(f"{shell.name}: alias: {name}: not found\n")
            status = 1
    return status


def unalias(shell: Shell, p: Process) -> int:
    status = 0
    for name in p.argv[1:]:
        if name == "-a":
            shell.session.aliases.clear()
        elif shell.session.aliases.pop(name, None) is None:
            p.err(f"{shell.name}: unalias: {name}: not found\n")
            status = 1
    return status


def true(shell: Shell, p: Process) -> int:
    return 0


def false(shell: Shell, p: Process) -> int:
    return 1


def loop_control(shell: Shell, p: Process) -> int:
    levels = int(p.argv[1]) if len(p.argv) > 1 and p.argv[1].isdigit() else 1
    raise LoopControl(p.argv[0], max(levels, 1))


def test(shell: Shell, p: Process) -> int:
    return test_command(p)


def echo_builtin(shell: Shell, p: Process) -> int:
    return echo(p)


def printf_builtin(shell: Shell, p: Process) -> int:
    return printf(p)


KEYWORDS = {
    *("if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "in", "!"),
    *("case", "esac", "function", "{", "}"),
}

BUILTINS: dict[str, Builtin] = {
    "cd": cd,
    "pwd": pwd,
    "echo": echo_builtin,
    "printf": printf_builtin,
    "export": export,
    "unset": unset,
    "exit": exit_,
    "exec": exec_,
    "history": history,
    "clear": clear,
    "type": type_,
    "true": true,
    "false": false,
    ":": true,
    "set": set_,
    "source": source,
    ".": source,
    "test": test,
    "[": test,
    "[[": test,
    "read": read,
    "alias": alias,
    "unalias": unalias,
    "break": loop_control,
    "continue": loop_control,
    "return": return_,
    "local": local,
}
