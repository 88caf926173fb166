"""The docker command line: parsing, usage errors and help, worded as Docker CLI 27 words them.

from engine.cli import parse_command, CliError, ParsedCommand, help_text

parsed = parse_command(["run", "-d", "-p", "8080:80", "nginx"])
parsed.name            # "container.run"
parsed.flags["publish"], parsed.args   # ["8080:80"], ["nginx"]
"""

from engine.cli.help import command_help, group_help, root_help, use_line
from engine.cli.parser import CliError, ParsedCommand, find_spec, parse_command


def help_text(canonical: str, typed: str) -> str:
    """Help for a parsed command: `top.help` (root), `group.<name>`, or a leaf canonical name.

    `typed` is `ParsedCommand.typed`. The text starts with a blank line and ends with a newline,
    exactly as Docker writes it.
    """
    if canonical == "top.help":
        return root_help()
    if canonical.startswith("group."):
        return group_help(canonical.split(".", 1)[1])
    spec = find_spec(canonical)
    if spec is None:
        raise KeyError(canonical)
    return command_help(spec, typed)


def usage_line(canonical: str, typed: str) -> str:
    """`docker run [OPTIONS] IMAGE [COMMAND] [ARG...]` for the form the user typed."""
    spec = find_spec(canonical)
    if spec is None:
        raise KeyError(canonical)
    return use_line(spec, typed)


def short_description(canonical: str) -> str:
    """The one-line description (`Create and run a new container from an image`)."""
    spec = find_spec(canonical)
    if spec is None:
        raise KeyError(canonical)
    return spec.short


__all__ = [
    "CliError",
    "ParsedCommand",
    "help_text",
    "parse_command",
    "short_description",
    "usage_line",
]
