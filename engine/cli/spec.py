"""Declarative types for the command table: flags and commands."""

from dataclasses import dataclass, field
from typing import Any

# Flag kinds: how a value is parsed and stored.
BOOL = "bool"  # no value needed; `--rm=false` allowed
STRING = "string"  # one value, the last one wins
INT = "int"  # strconv.ParseInt(s, 0, 64)
UINT = "uint"  # strconv.ParseUint(s, 0, 64)
DURATION = "duration"  # Go duration text (`10s`, `1m30s`), stored as seconds
LIST = "list"  # repeatable, each occurrence appended
SLICE = "slice"  # repeatable, each occurrence split on commas (pflag stringSlice)

_DEFAULT_TYPE_NAME = {
    BOOL: "",
    STRING: "string",
    INT: "int",
    UINT: "uint",
    DURATION: "duration",
    LIST: "list",
    SLICE: "strings",
}


@dataclass(frozen=True, slots=True)
class FlagSpec:
    """One flag. `type_name` is the word help prints after the flag (`--name string`)."""

    name: str
    short: str
    kind: str
    usage: str
    default: Any = None
    type_name: str = ""
    hidden: bool = False

    @property
    def repeatable(self) -> bool:
        return self.kind in (LIST, SLICE)

    def initial(self) -> Any:
        """The value a ParsedCommand holds when the flag was not given."""
        if self.repeatable:
            return list(self.default or [])
        return self.default

    def default_text(self) -> str | None:
        """pflag's `(default …)` text, or None when the default is the zero value."""
        zero = {BOOL: False, STRING: "", INT: 0, UINT: 0, DURATION: 0}.get(self.kind)
        if self.repeatable:
            if not self.default:
                return None
            return "[" + ",".join(self.default) + "]"
        if self.default == zero:
            return None
        if self.kind == STRING:
            return '"' + str(self.default).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if self.kind == BOOL:
            return "true" if self.default else "false"
        return str(self.default)


def flag(
    name: str,
    short: str,
    kind: str,
    usage: str,
    default: Any = None,
    type_name: str | None = None,
    hidden: bool = False,
) -> FlagSpec:
    """Build a FlagSpec with the kind's zero value and help type word filled in."""
    if default is None:
        default = {BOOL: False, STRING: "", INT: 0, UINT: 0, DURATION: 0}.get(kind, [])
    if type_name is None:
        type_name = _DEFAULT_TYPE_NAME[kind]
    return FlagSpec(name, short, kind, usage, default, type_name, hidden)


@dataclass(frozen=True, slots=True)
class Arity:
    """Positional-argument rule, named after docker/cli's `cli/required.go` helpers."""

    kind: str  # none, min, max, exact, range
    low: int = 0
    high: int = 0


NO_ARGS = Arity("none")


def at_least(n: int) -> Arity:
    return Arity("min", n)


def at_most(n: int) -> Arity:
    return Arity("max", 0, n)


def exactly(n: int) -> Arity:
    return Arity("exact", n, n)


def between(low: int, high: int) -> Arity:
    return Arity("range", low, high)


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A leaf command. `use` is cobra's Use without the leading path (`run [OPTIONS] IMAGE …`).

    `top_use` is the Use of the top-level shortcut (`docker images`) when it differs;
    `group_aliases` are the extra verbs accepted under the management command (`ls`: `list`).
    """

    canonical: str
    use: str
    short: str
    arity: Arity
    flags: tuple[FlagSpec, ...]
    long: str = ""
    interspersed: bool = True
    aliases_line: str = ""
    top_use: str = ""
    group_aliases: tuple[str, ...] = ()
    top_level: bool = False  # reachable as `docker <verb>`
    in_group: bool = True  # reachable as `docker <group> <verb>`
    category_top: int = 0  # position under "Common Commands" in `docker --help` (0: not there)
    group_name: str = ""  # management command it lives under, when not the canonical prefix
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def group(self) -> str:
        return self.group_name or self.canonical.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.use.split(" ", 1)[0]

    @property
    def top_name(self) -> str:
        return (self.top_use or self.use).split(" ", 1)[0]

    def flag_by_name(self, name: str) -> FlagSpec | None:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    def flag_by_short(self, short: str) -> FlagSpec | None:
        for f in self.flags:
            if f.short == short:
                return f
        return None


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A management command (`docker image`)."""

    name: str
    short: str
