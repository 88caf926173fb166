"""Help and usage text laid out as Docker CLI 27 prints it (cobra template + pflag columns)."""

from collections.abc import Iterable
from functools import cache

from engine.cli.catalog import COMMANDS, GLOBAL, GROUPS
from engine.cli.spec import CommandSpec, FlagSpec

ROOT_SHORT = "A self-sufficient runtime for containers"
ROOT_ADDITIONAL_HELP = (
    "For more help on how to use Docker, head to https://docs.docker.com/go/guides/"
)
MIN_NAME_PADDING = 11  # cobra's minNamePadding
DEFAULT_WIDTH = 80  # docker assumes 80 columns when stdin is not a terminal


def use_line(spec: CommandSpec, path: str) -> str:
    """`docker container ls [OPTIONS]`: the command path plus the Use text after the verb."""
    use = spec.use
    if path.count(" ") == 1 and spec.top_use:  # typed as a top-level shortcut: `docker images`
        use = spec.top_use
    rest = use.split(" ", 1)[1] if " " in use else ""
    return f"{path} {rest}" if rest else path


def _wrap_n(width: int, slop: int, s: str) -> tuple[str, str]:
    if width + slop > len(s):
        return s, ""
    cut = max(s.rfind(" ", 0, width), s.rfind("\t", 0, width), s.rfind("\n", 0, width))
    if cut <= 0:
        return s, ""
    nl = s.rfind("\n", 0, width)
    if 0 < nl < cut:
        return s[:nl], s[nl + 1 :]
    return s[:cut], s[cut + 1 :]


def _wrap(indent: int, width: int, s: str) -> str:
    """pflag's `wrap`: text for a column starting at `indent`, lines at most `width` wide."""
    if width == 0:
        return s.replace("\n", "\n" + " " * indent)
    room = width - indent
    out = ""
    if room < 24:
        indent = 16
        room = width - indent
        out += "\n" + " " * indent
    if room < 24:
        return s.replace("\n", out)
    slop = 5
    room -= slop
    line, s = _wrap_n(room, slop, s)
    out += line.replace("\n", "\n" + " " * indent)
    while s:
        line, s = _wrap_n(room, slop, s)
        out += "\n" + " " * indent + line.replace("\n", "\n" + " " * indent)
    return out


def flag_usages(flags: Iterable[FlagSpec], width: int = DEFAULT_WIDTH) -> str:
    """pflag's FlagUsagesWrapped(width - 1): sorted by name, hidden flags left out."""
    rows: list[tuple[str, str]] = []
    maxlen = 0
    for f in sorted(flags, key=lambda f: f.name):
        if f.hidden:
            continue
        line = f"  -{f.short}, --{f.name}" if f.short else f"      --{f.name}"
        if f.type_name:
            line += " " + f.type_name
        # pflag measures the line with its \x00 column marker, hence the +1.
        maxlen = max(maxlen, len(line) + 1)
        usage = f.usage
        default = f.default_text()
        if default is not None:
            usage += f" (default {default})"
        rows.append((line, usage))
    cols = width - 1
    out = []
    for line, usage in rows:
        spacing = " " * (maxlen - len(line))
        out.append(f"{line} {spacing} {_wrap(maxlen + 2, cols, usage)}")
    return "\n".join(out)


def _rpad(s: str, n: int) -> str:
    return s.ljust(n)


def _commands_block(title: str, items: list[tuple[str, str]]) -> str:
    lines = [f"\n\n{title}:"]
    for name, short in items:
        lines.append(f"\n  {_rpad(name, MIN_NAME_PADDING)} {short}")
    return "".join(lines)


def command_help(spec: CommandSpec, path: str, width: int = DEFAULT_WIDTH) -> str:
    """`docker <cmd> --help` for a leaf command; `path` is `docker run` or `docker container run`."""
    parts = [f"\nUsage:  {use_line(spec, path)}\n\n{(spec.long or spec.short).strip()}"]
    aliases = spec.aliases_line
    if not aliases and spec.group_aliases:
        parent = path.rsplit(" ", 1)[0]
        aliases = ", ".join([path] + [f"{parent} {a}" for a in spec.group_aliases])
    if aliases:
        parts.append(f"\n\nAliases:\n  {aliases}")
    usages = flag_usages(spec.flags, width)
    if usages:
        parts.append(f"\n\nOptions:\n{usages.rstrip()}")
    parts.append("\n")
    return "".join(parts)


@cache
def group_help(group: str) -> str:
    """`docker image --help`: the management command's sub-commands."""
    short = next(g.short for g in GROUPS if g.name == group)
    items = sorted(
        {(s.name, s.short) for s in COMMANDS if s.group == group and s.in_group}
        | ({("build", "Build an image from a Dockerfile")} if group == "builder" else set())
    )
    text = f"\nUsage:  docker {group} COMMAND\n\n{short}"
    text += _commands_block("Commands", items)
    text += f"\n\nRun 'docker {group} COMMAND --help' for more information on a command.\n"
    return text


@cache
def root_help(width: int = DEFAULT_WIDTH) -> str:
    """`docker --help`."""
    top = sorted((s for s in COMMANDS if s.category_top), key=lambda s: s.category_top)
    common = [(s.top_name, s.short) for s in top]
    # CLI plugins are listed among the management commands, marked with a `*`.
    management = sorted([(g.name, g.short) for g in GROUPS] + [("compose*", "Docker Compose")])
    others = sorted((s.top_name, s.short) for s in COMMANDS if s.top_level and not s.category_top)
    text = f"\nUsage:  docker [OPTIONS] COMMAND\n\n{ROOT_SHORT}"
    text += _commands_block("Common Commands", common)
    text += _commands_block("Management Commands", management)
    text += _commands_block("Commands", others)
    text += f"\n\nGlobal Options:\n{flag_usages(GLOBAL, width).rstrip()}"
    text += "\n\nRun 'docker COMMAND --help' for more information on a command."
    text += f"\n\n{ROOT_ADDITIONAL_HELP}\n"
    return text
