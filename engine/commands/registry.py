"""docker login / logout / push (pull from session registries goes through `images.pull`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.catalog import CATALOG
from engine.commands.base import Ctx, Parsed, command, flag_list, print_rows
from engine.daemon import registry
from engine.daemon.core import DaemonError, LimitError
from engine.messages import text
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference

HUB_SHOWN = "https://index.docker.io/v1/"


def _server(cmd: Parsed) -> str:
    raw = cmd.args[0] if cmd.args else "docker.io"
    raw = raw.removeprefix("https://").removeprefix("http://").rstrip("/")
    if raw in ("docker.io", "index.docker.io", "index.docker.io/v1", "registry-1.docker.io"):
        return "docker.io"
    return registry.canonical_address(raw)


@command("top.login")
def login(ctx: Ctx, cmd: Parsed) -> int:
    server = _server(cmd)
    user = cmd.flags.get("username") or ""
    if cmd.flags.get("password"):
        ctx.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    if cmd.flags.get("password-stdin") and not user:
        ctx.err("Must provide --username with --password-stdin\n")
        return 1
    if server == "localhost:5000" and not registry.local_registry_running(ctx.d):
        ctx.err(
            'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp [::1]:5000: '
            "connect: connection refused\n"
        )
        return 1
    ctx.d.state.logged_in[server] = user or "learner"
    ctx.out("Login Succeeded\n")
    return 0


@command("top.logout")
def logout(ctx: Ctx, cmd: Parsed) -> int:
    server = _server(cmd)
    shown = HUB_SHOWN if server == "docker.io" else server
    if ctx.d.state.logged_in.pop(server, None) is None:
        ctx.out(f"Not logged in to {shown}\n")
    else:
        ctx.out(f"Removing login credentials for {shown}\n")
    return 0


@command("image.push")
def push(ctx: Ctx, cmd: Parsed) -> int:
    raw = cmd.args[0]
    try:
        ref = parse_reference(raw)
    except RefError as error:
        ctx.err(error.message + "\n")
        return 1
    quiet = bool(cmd.flags.get("quiet"))
    tags = [ref.tag or "latest"]
    if cmd.flags.get("all-tags"):
        tags = sorted(
            t.rpartition(":")[2] for t in ctx.d.state.tags if t.rpartition(":")[0] == ref.name
        )
    elif ref.tag_was_default and not quiet:
        ctx.out("Using default tag: latest\n")
    if not tags:
        return ctx.daemon_error(f"An image does not exist locally with the tag: {ref.name}")
    for tag in tags:
        image = ctx.d.find_image(f"{ref.name}:{tag}")
        if image is None:
            return ctx.daemon_error(f"An image does not exist locally with the tag: {ref.name}")
        target = parse_reference(f"{ref.name}:{tag}")
        try:
            registry.push(ctx.d, target, image, ctx.p.stdout, quiet=quiet)
        except LimitError as error:
            ctx.err(text(error.message, ctx.d.lang) + "\n")
            return 1
        except DaemonError as error:
            if error.message.startswith("denied:"):
                ctx.err(error.message + "\n")
                return 1
            return ctx.daemon_error(error)
        if quiet:
            ctx.out(f"{target.full}\n")
    return 0


@command("top.search")
def search(ctx: Ctx, cmd: Parsed) -> int:
    """Docker Hub's answer, from the catalog's data: the playground's repositories only."""
    term = cmd.args[0].lower()
    limit = int(cmd.flags.get("limit") or 25)  # 0, the flag's zero value, means the default
    if not 1 <= limit <= 100:
        return ctx.daemon_error(f"limit {limit} is outside the range of [1, 100]")
    try:
        wanted = [_search_filter(f) for f in flag_list(cmd.flags, "filter")]
    except ValueError as error:
        return ctx.daemon_error(f"invalid filter '{error}'")
    found = [
        entry
        for entry in CATALOG.hub_entries()
        if (term in entry["name"] or term in entry["description"].lower())
        and all(test(entry) for test in wanted)
    ][:limit]
    trunc = not cmd.flags.get("no-trunc")
    rows = [
        {
            "Name": entry["name"],
            "Description": _ellipsis(entry["description"], 45) if trunc else entry["description"],
            "StarCount": str(entry["stars"]),
            "IsOfficial": "[OK]" if entry["official"] else "",
            "IsAutomated": "",
        }
        for entry in found
    ]
    headers = {
        "Name": "NAME",
        "Description": "DESCRIPTION",
        "StarCount": "STARS",
        "IsOfficial": "OFFICIAL",
        "IsAutomated": "AUTOMATED",
    }
    default = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
    return print_rows(ctx, cmd.flags.get("format") or "", rows, headers, default)


def _search_filter(text: str) -> Callable[[dict[str, Any]], bool]:
    """One `--filter`: is-official=true|false, is-automated=true|false, stars=N."""
    key, _, value = text.partition("=")
    if key in ("is-official", "is-automated") and value in ("true", "false"):
        field = "official" if key == "is-official" else "automated"
        return lambda entry: bool(entry.get(field)) == (value == "true")
    if key == "stars" and value.isdigit():
        return lambda entry: entry["stars"] >= int(value)
    raise ValueError(text if key in ("is-official", "is-automated", "stars") else key)


def _ellipsis(text: str, width: int) -> str:
    """The CLI's formatter.Ellipsis: at most ``width`` characters, the last one `…`."""
    return text if len(text) <= width else text[: width - 1] + "…"
