"""Turn `docker …` argv into a ParsedCommand, with Docker CLI 27's ("classic") error texts.

Flag syntax follows spf13/pflag: `-dit`, `-p8080:80`, `-p=8080:80`, `--name web`,
`--name=web`, `--rm=false`, `--` ends options. For run/create/exec (and the other commands
Docker marks non-interspersed) options end at the first positional argument, so
`docker run ubuntu ls -l` leaves `-l` to `ls`. Errors follow the order cobra checks them in:
flags first (exit 125), then `--help`, then the argument count (exit 1).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from engine.cli.catalog import COMMANDS, EXTRA_GROUP_ENTRIES, GLOBAL, GROUPS
from engine.cli.help import use_line
from engine.cli.spec import (
    BOOL,
    DURATION,
    INT,
    SLICE,
    UINT,
    CommandSpec,
    FlagSpec,
    flag,
)
from engine.format.humanize import go_quote

COMPOSE_PLUGIN = "compose"  # `docker compose …`: the Compose v2 CLI plugin

# Every command accepts a hidden --help; its -h shorthand is deprecated (Docker prints a notice).
HELP_FLAG = flag("help", "h", BOOL, "Print usage", hidden=True)
HELP_SHORTHAND_NOTICE = "Flag shorthand -h has been deprecated, please use --help"

BUILDX_ARITY_ERROR = (
    'ERROR: "docker buildx build" requires exactly 1 argument.\n'
    "See 'docker buildx build --help'.\n\n"
    "Usage:  docker buildx build [OPTIONS] PATH | URL | -\n\n"
    "Start a build"
)


class CliError(Exception):
    """A usage error; `message` is Docker's exact text (no trailing newline), for stderr."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass
class ParsedCommand:
    """The result of parsing.

    `name` is canonical (`container.run`, `image.ls`, `top.version_short`, `top.help` for help
    on the root or a management command); `typed` is the command path as Docker names it in
    messages (`docker container ls` even when the user typed `docker container ps`).
    `flags` maps long names to values (defaults filled in, lists for repeatable flags);
    `changed` holds the flags given explicitly. `help_requested` means: print
    `help_text(name, typed)`, on stderr when `help_to_stderr` (Docker does that for a bare
    `docker` or `docker image`), then exit 0. `warnings` go to stderr first.
    """

    name: str
    typed: str
    flags: dict[str, Any] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    help_requested: bool = False
    help_to_stderr: bool = False
    changed: set[str] = field(default_factory=set)
    global_flags: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _FlagError(Exception):
    """pflag's error text, before cobra's `See '… --help'.` is appended."""


_GROUP_NAMES = {g.name for g in GROUPS}


def _top_index() -> dict[str, CommandSpec]:
    index: dict[str, CommandSpec] = {}
    for spec in COMMANDS:
        if spec.top_level:
            index[spec.top_name] = spec
    return index


def _group_index() -> dict[tuple[str, str], CommandSpec]:
    by_canonical = {s.canonical: s for s in COMMANDS}
    index: dict[tuple[str, str], CommandSpec] = {}
    for spec in COMMANDS:
        if not spec.in_group:
            continue
        index[(spec.group, spec.name)] = spec
        for alias in spec.group_aliases:
            index[(spec.group, alias)] = spec
    for key, canonical in EXTRA_GROUP_ENTRIES.items():
        index[key] = by_canonical[canonical]
    return index


_TOP = _top_index()
_IN_GROUP = _group_index()


# ---------------------------------------------------------------------------- values

_GO_INT_RE = re.compile(
    r"[+-]?(0[xX]_?[0-9a-fA-F](_?[0-9a-fA-F])*|0[oO]?_?[0-7](_?[0-7])*|0[bB]_?[01](_?[01])*|0|[1-9](_?[0-9])*)"
)
_DURATION_RE = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")
_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1,
    "m": 60,
    "h": 3600,
}


def _parse_go_int(text: str, bits: int, unsigned: bool) -> int:
    func = "ParseUint" if unsigned else "ParseInt"
    body = text[1:] if text[:1] in "+-" else text
    if not text or not _GO_INT_RE.fullmatch(text) or (unsigned and text[:1] in "+-"):
        raise ValueError(f"strconv.{func}: parsing {go_quote(text)}: invalid syntax")
    clean = body.replace("_", "")
    if len(clean) > 1 and clean[0] == "0" and clean[1].isdigit():
        clean = "0o" + clean[1:]
    value = int(clean, 0) * (-1 if text.startswith("-") else 1)
    low, high = (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if not low <= value <= high:
        raise ValueError(f"strconv.{func}: parsing {go_quote(text)}: value out of range")
    return value


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration, in seconds."""
    orig = text
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == "0":
        return 0.0
    total = 0.0
    pos = 0
    while pos < len(text):
        m = _DURATION_RE.match(text, pos)
        if not m or m.group(1) in ("", "."):
            if m is None and re.match(r"[0-9.]+$", text[pos:]):
                raise ValueError(f"time: missing unit in duration {go_quote(orig)}")
            raise ValueError(f"time: invalid duration {go_quote(orig)}")
        total += float(m.group(1)) * _DURATION_UNITS[m.group(2)]
        pos = m.end()
    if not text:
        raise ValueError(f"time: invalid duration {go_quote(orig)}")
    return sign * total


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def _convert(spec: FlagSpec, value: str) -> Any:
    if spec.kind == BOOL:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"strconv.ParseBool: parsing {go_quote(value)}: invalid syntax")
    if spec.kind == INT:
        return _parse_go_int(value, 64, unsigned=False)
    if spec.kind == UINT:
        bits = 16 if spec.type_name == "uint16" else 64
        return _parse_go_int(value, bits, unsigned=True)
    if spec.kind == DURATION:
        return parse_duration(value)
    return value


def _flag_label(spec: FlagSpec) -> str:
    return f"-{spec.short}, --{spec.name}" if spec.short else f"--{spec.name}"


class _FlagSet:
    def __init__(self, specs: tuple[FlagSpec, ...], interspersed: bool) -> None:
        self.specs = specs
        self.interspersed = interspersed
        self.by_name = {s.name: s for s in specs}
        self.by_short = {s.short: s for s in specs if s.short}
        self.values: dict[str, Any] = {s.name: s.initial() for s in specs}
        self.changed: set[str] = set()
        self.warnings: list[str] = []

    def set(self, spec: FlagSpec, value: str) -> None:
        try:
            converted = _convert(spec, value)
        except ValueError as exc:
            raise _FlagError(
                f"invalid argument {go_quote(value)} for {go_quote(_flag_label(spec))} flag: {exc}"
            ) from None
        if spec.kind == SLICE:
            if spec.name not in self.changed:
                self.values[spec.name] = []
            if converted:
                self.values[spec.name].extend(converted.split(","))
        elif spec.repeatable:
            self.values[spec.name].append(converted)
        else:
            self.values[spec.name] = converted
        self.changed.add(spec.name)

    def parse(self, argv: list[str], stop_at_first_arg: bool = False) -> list[str]:
        """Consume flags; return the positional arguments (pflag's `Parse`)."""
        args: list[str] = []
        rest = list(argv)
        while rest:
            s = rest.pop(0)
            if len(s) < 2 or s[0] != "-":
                if not self.interspersed or stop_at_first_arg:
                    return [*args, s, *rest]
                args.append(s)
                continue
            if s[1] == "-":
                if len(s) == 2:  # "--": everything after it is positional
                    return args + rest
                rest = self._long(s, rest)
            else:
                rest = self._short(s, rest)
        return args

    def _long(self, s: str, rest: list[str]) -> list[str]:
        name = s[2:]
        if not name or name[0] in "-=":
            raise _FlagError(f"bad flag syntax: {s}")
        name, eq, value = name.partition("=")
        spec = self.by_name.get(name)
        if spec is None:
            raise _FlagError(f"unknown flag: --{name}")
        if eq:
            self.set(spec, value)
        elif spec.kind == BOOL:
            self.set(spec, "true")
        elif rest:
            self.set(spec, rest.pop(0))
        else:
            raise _FlagError(f"flag needs an argument: {s}")
        return rest

    def _short(self, s: str, rest: list[str]) -> list[str]:
        shorthands = s[1:]
        while shorthands:
            c = shorthands[0]
            spec = self.by_short.get(c)
            if spec is None:
                raise _FlagError(f"unknown shorthand flag: {_go_char(c)} in -{shorthands}")
            if spec.name == "help":
                self.warnings.append(HELP_SHORTHAND_NOTICE)
            if len(shorthands) > 2 and shorthands[1] == "=":
                self.set(spec, shorthands[2:])
                shorthands = ""
            elif spec.kind == BOOL:
                self.set(spec, "true")
                shorthands = shorthands[1:]
            elif len(shorthands) > 1:
                self.set(spec, shorthands[1:])
                shorthands = ""
            elif rest:
                self.set(spec, rest.pop(0))
                shorthands = ""
            else:
                raise _FlagError(f"flag needs an argument: {_go_char(c)} in -{shorthands}")
        return rest


def _go_char(c: str) -> str:
    """Go's %q of a byte: a single-quoted character literal."""
    if c == "'":
        return "'\\''"
    quoted = go_quote(c)[1:-1]
    return f"'{quoted}'"


# ---------------------------------------------------------------------------- commands


def _arity_error(spec: CommandSpec, path: str, count: int) -> str | None:
    rule = spec.arity
    plural = lambda n: "argument" if n == 1 else "arguments"  # noqa: E731
    usage = use_line(spec, path)
    trailer = f"See '{path} --help'.\n\nUsage:  {usage}\n\n{spec.short}"
    quoted = go_quote(path)
    if rule.kind == "none" and count > 0:
        return f"{quoted} accepts no arguments.\n{trailer}"
    if rule.kind == "min" and count < rule.low:
        return f"{quoted} requires at least {rule.low} {plural(rule.low)}.\n{trailer}"
    if rule.kind == "max" and count > rule.high:
        return f"{quoted} requires at most {rule.high} {plural(rule.high)}.\n{trailer}"
    if rule.kind == "exact" and count != rule.low:
        return f"{quoted} requires exactly {rule.low} {plural(rule.low)}.\n{trailer}"
    if rule.kind == "range" and not rule.low <= count <= rule.high:
        return (
            f"{quoted} requires at least {rule.low} and at most {rule.high} "
            f"{plural(rule.high)}.\n{trailer}"
        )
    return None


def _flag_error(exc: _FlagError, path: str, usage: str | None = None) -> CliError:
    message = f"{exc}\nSee '{path} --help'."
    if usage is not None:  # cobra appends the usage for commands that have sub-commands
        message += "\n\n" + usage
    return CliError(message, 125)


def _with_help(spec: CommandSpec) -> tuple[FlagSpec, ...]:
    if spec.flag_by_name("help") is not None:
        return spec.flags
    if spec.flag_by_short("h") is not None:
        return (*spec.flags, flag("help", "", BOOL, "Print usage", hidden=True))
    return (*spec.flags, HELP_FLAG)


def _parse_leaf(
    spec: CommandSpec, path: str, argv: list[str], globals_: dict[str, Any]
) -> ParsedCommand:
    fs = _FlagSet(_with_help(spec), spec.interspersed)
    try:
        args = fs.parse(argv)
    except _FlagError as exc:
        raise _flag_error(exc, path) from None
    flags = {k: v for k, v in fs.values.items() if k != "help" or spec.flag_by_name("help")}
    parsed = ParsedCommand(
        name=spec.canonical,
        typed=path,
        flags=flags,
        args=args,
        changed=fs.changed,
        global_flags=globals_,
        warnings=fs.warnings,
    )
    if fs.values.get("help"):
        parsed.help_requested = True
        return parsed
    error = _arity_error(spec, path, len(args))
    if error is not None:
        if spec.canonical == "image.build":
            raise CliError(BUILDX_ARITY_ERROR, 1)
        raise CliError(error, 1)
    return parsed


def parse_leaf(spec: CommandSpec, path: str, argv: list[str]) -> ParsedCommand:
    """Parse one command's flags and arguments (for CLI plugins with their own command table)."""
    return _parse_leaf(spec, path, argv, {})


def parse_leading_flags(
    specs: tuple[FlagSpec, ...], path: str, argv: list[str]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """A plugin's root flags, up to its sub-command: (values, the rest of argv, warnings)."""
    fs = _FlagSet((*specs, HELP_FLAG), interspersed=False)
    try:
        rest = fs.parse(argv, stop_at_first_arg=True)
    except _FlagError as exc:
        raise _flag_error(exc, path) from None
    return fs.values, rest, fs.warnings


def _group_usage(group: str) -> str:
    from engine.cli.help import group_help

    return group_help(group).lstrip("\n").rstrip("\n")


def _root_usage() -> str:
    from engine.cli.help import root_help

    return root_help().lstrip("\n").rstrip("\n")


def parse_command(argv: list[str]) -> ParsedCommand:
    """Parse argv (without the leading `docker`); raises CliError with Docker's message."""
    argv = [str(a) for a in argv]
    root = _FlagSet((*GLOBAL, HELP_FLAG), interspersed=False)
    try:
        rest = root.parse(argv, stop_at_first_arg=True)
    except _FlagError as exc:
        raise _flag_error(exc, "docker", _root_usage()) from None
    globals_ = dict(root.values)
    if root.values.get("help"):
        return ParsedCommand(
            "top.help", "docker", help_requested=True, global_flags=globals_, warnings=root.warnings
        )
    if root.values.get("version"):
        return ParsedCommand("top.version_short", "docker", global_flags=globals_)
    if not rest:
        return ParsedCommand(
            "top.help",
            "docker",
            help_requested=True,
            help_to_stderr=True,
            global_flags=globals_,
            warnings=root.warnings,
        )
    word, rest = rest[0], rest[1:]
    if word == "help":
        return _help_command(rest, globals_)
    if word == COMPOSE_PLUGIN:
        # A CLI plugin parses its own arguments (engine/compose/cli.py).
        return ParsedCommand(COMPOSE_PLUGIN, "docker compose", args=rest, global_flags=globals_)
    if word in _GROUP_NAMES:
        return _parse_group(word, rest, globals_)
    spec = _TOP.get(word)
    if spec is None:
        raise CliError(f"docker: '{word}' is not a docker command.\nSee 'docker --help'", 1)
    return _parse_leaf(spec, f"docker {spec.top_name}", rest, globals_)


def _parse_group(group: str, argv: list[str], globals_: dict[str, Any]) -> ParsedCommand:
    path = f"docker {group}"
    fs = _FlagSet((HELP_FLAG,), interspersed=False)
    try:
        rest = fs.parse(argv, stop_at_first_arg=True)
    except _FlagError as exc:
        raise _flag_error(exc, path, _group_usage(group)) from None
    if fs.values["help"]:
        return ParsedCommand(
            f"group.{group}", path, help_requested=True, global_flags=globals_, warnings=fs.warnings
        )
    if not rest:
        return ParsedCommand(
            f"group.{group}", path, help_requested=True, help_to_stderr=True, global_flags=globals_
        )
    spec = _IN_GROUP.get((group, rest[0]))
    if spec is None:
        # cli.NoArgs on a command with sub-commands: a newline, then the whole usage text.
        raise CliError("\n" + _group_usage(group), 1)
    return _parse_leaf(spec, f"{path} {spec.name}", rest[1:], globals_)


def _help_command(argv: list[str], globals_: dict[str, Any]) -> ParsedCommand:
    """`docker help [COMMAND...]` shows the help of the named command."""
    if not argv:
        return ParsedCommand("top.help", "docker", help_requested=True, global_flags=globals_)
    target = argv[0]
    if target == COMPOSE_PLUGIN:  # the plugin answers `--help` itself
        return ParsedCommand(
            COMPOSE_PLUGIN, "docker compose", args=[*argv[1:], "--help"], global_flags=globals_
        )
    if target in _GROUP_NAMES:
        if len(argv) > 1 and (target, argv[1]) in _IN_GROUP:
            spec = _IN_GROUP[(target, argv[1])]
            return ParsedCommand(
                spec.canonical,
                f"docker {target} {spec.name}",
                help_requested=True,
                global_flags=globals_,
            )
        return ParsedCommand(
            f"group.{target}", f"docker {target}", help_requested=True, global_flags=globals_
        )
    spec = _TOP.get(target)
    if spec is None:
        # cobra: "Unknown help topic [`foo`]" followed by the root usage.
        return ParsedCommand(
            "top.help",
            "docker",
            help_requested=True,
            global_flags=globals_,
            warnings=[f"Unknown help topic [`{target}`]"],
        )
    return ParsedCommand(
        spec.canonical, f"docker {spec.top_name}", help_requested=True, global_flags=globals_
    )


def find_spec(canonical: str) -> CommandSpec | None:
    """The table entry for a canonical name (`container.run`)."""
    for spec in COMMANDS:
        if spec.canonical == canonical:
            return spec
    return None
