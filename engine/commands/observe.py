"""Looking at containers: ps, logs, top, stats, diff, port."""

from __future__ import annotations

import re
import time

from engine.commands.base import Ctx, Parsed, command, flag_list, print_rows
from engine.commands.describe import (
    ago,
    command_text,
    image_column,
    mounts_names,
    ports_text,
    status_text,
)
from engine.daemon import health
from engine.daemon.containers import writable_fs_changes
from engine.format.humanize import rfc3339_nano, size3, size_binary
from engine.format.table import render_table
from engine.format.templates import TemplateError, format_rows
from engine.machine import container_processes
from engine.model import Container

CONTAINER_STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
PS_HEADERS = {
    "ID": "CONTAINER ID",
    "Image": "IMAGE",
    "Command": "COMMAND",
    "CreatedAt": "CREATED AT",
    "RunningFor": "CREATED",
    "Ports": "PORTS",
    "State": "STATE",
    "Status": "STATUS",
    "Size": "SIZE",
    "Names": "NAMES",
    "Labels": "LABELS",
    "Mounts": "MOUNTS",
    "LocalVolumes": "LOCAL VOLUMES",
    "Networks": "NETWORKS",
}
PS_DEFAULT = (
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
)


def _filter_match(ctx: Ctx, c: Container, filters: list[str]) -> bool:
    for item in filters:
        key, _, value = item.partition("=")
        if key == "status" and c.status != value:
            return False
        if key == "name" and not re.search(value, c.name):
            return False
        if key == "id" and not c.id.startswith(value):
            return False
        if key == "exited" and (c.status != "exited" or str(c.exit_code) != value):
            return False
        if key == "ancestor":
            image = ctx.d.find_image(value)
            if image is None or image.id != c.image_id:
                return False
        if key == "label":
            k, _, v = value.partition("=")
            labels = c.config.get("Labels") or {}
            if k not in labels or (v and labels[k] != v):
                return False
        if key == "volume" and not any(
            m.source == value or m.destination == value for m in c.mounts
        ):
            return False
        if key == "network" and not any(e.network == value for e in c.endpoints):
            return False
        if key == "publish" and not any(str(p.host_port) == value.split("/")[0] for p in c.ports):
            return False
        if key == "health" and health.status_of(c) != value:
            return False
    return True


def fields_used(fmt: str) -> set[str] | None:
    """Row fields a `--format` value refers to; None means all of them (json, odd templates)."""
    if fmt.strip() == "json" or "$" in fmt or "range" in fmt:
        return None
    return set(re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)", fmt))


def _image_size(d, c: Container) -> int:
    image = d.state.images.get(c.image_id)
    return d.image_size(image) if image else 0


def _size(c: Container, image_size: int) -> str:
    rw = sum(n.size for n in c.upper.values() if n.kind == "file")
    return f"{size3(rw)} (virtual {size3(rw + image_size)})"


@command("container.ls")
def ps(ctx: Ctx, cmd: Parsed) -> int:
    flags = cmd.flags
    d = ctx.d
    filters = flag_list(flags, "filter")
    valid = {
        "status",
        "name",
        "id",
        "exited",
        "ancestor",
        "label",
        "volume",
        "network",
        "publish",
        "before",
        "since",
        "health",
        "is-task",
        "expose",
    }
    for item in filters:
        key = item.partition("=")[0]
        if "=" not in item:
            ctx.err("Error response from daemon: bad format of filter (expected name=value)\n")
            return 1
        if key not in valid:
            ctx.err(f"Error response from daemon: invalid filter '{key}'\n")
            return 1
        if key == "status" and item.partition("=")[2] not in CONTAINER_STATES:
            ctx.err(f"Error response from daemon: invalid filter '{item}'\n")
            return 1
        if key == "health" and item.partition("=")[2] not in health.STATUSES:
            value = item.partition("=")[2]
            ctx.err(f"Error response from daemon: Unrecognised filter value for health: {value}\n")
            return 1
    everything = list(reversed(d.state.containers.values()))  # newest first
    last = flags.get("last")
    if flags.get("latest"):
        last = 1
    show_all = (
        flags.get("all")
        or (last not in (None, -1))
        or any(f.startswith(("status=", "exited=")) for f in filters)
    )
    rows = [c for c in everything if (show_all or c.running) and _filter_match(ctx, c, filters)]
    if last not in (None, -1):
        rows = rows[: int(last)]
    fmt = flags.get("format") or ""
    if flags.get("quiet"):
        if fmt:
            ctx.err("WARNING: Ignoring custom format, because both --format and --quiet are set.\n")
        ids = [c.id if flags.get("no-trunc") else c.short_id for c in rows]
        ctx.out("".join(i + "\n" for i in ids))
        return 0
    now = ctx.now()
    no_trunc = bool(flags.get("no-trunc"))
    default = PS_DEFAULT + ("\t{{.Size}}" if flags.get("size") else "")
    wanted = fields_used(default if fmt.strip() in ("", "table") else fmt)
    columns = {
        "ID": lambda c: c.id if no_trunc else c.short_id,
        "Image": lambda c: image_column(d, c),
        "Command": lambda c: command_text(c, truncate=not no_trunc),
        "CreatedAt": lambda c: time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(c.created)),
        "RunningFor": lambda c: ago(now, c.created),
        "Ports": ports_text,
        "State": lambda c: c.status,
        "Status": lambda c: status_text(c, now),
        "Size": lambda c: _size(c, _image_size(d, c)),
        "Names": lambda c: c.name,
        "Labels": lambda c: ",".join(f"{k}={v}" for k, v in (c.config.get("Labels") or {}).items()),
        "Mounts": lambda c: mounts_names(d, c),
        "LocalVolumes": lambda c: str(sum(1 for m in c.mounts if m.type == "volume")),
        "Networks": lambda c: ",".join(e.network for e in c.endpoints) or c.network_mode,
    }
    # Only the columns the format shows are computed (`--format '{{.Names}}'` stays cheap).
    data = [
        {key: get(c) for key, get in columns.items() if wanted is None or key in wanted}
        for c in rows
    ]
    return print_rows(ctx, fmt, data, PS_HEADERS, default)


@command("container.logs")
def logs(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    ref = cmd.args[0]
    container = d.find_container(ref)
    if container is None:
        return ctx.daemon_error(f"No such container: {ref}")
    lines = container.logs
    for bound in ("since", "until"):
        value = cmd.flags.get(bound)
        if not value:
            continue
        cutoff = _since(ctx.now(), value)
        if cutoff is None:
            ctx.err(
                f'invalid value for "{bound}": failed to parse value as time or duration: '
                f'"{value}"\n'
            )
            return 1
        # the daemon drops lines before `since` and after `until`; both ends are kept
        if bound == "since":
            lines = [line for line in lines if line.at >= cutoff]
        else:
            lines = [line for line in lines if line.at <= cutoff]
    tail = cmd.flags.get("tail")
    if tail not in (None, "", "all"):
        try:
            count = int(tail)
        except ValueError:
            count = -1
        if count >= 0:
            lines = lines[len(lines) - count :] if count else []
    stamps = bool(cmd.flags.get("timestamps"))
    tty = bool(container.config.get("Tty"))
    for line in lines:
        text = (rfc3339_nano(line.at) + " " if stamps else "") + line.text + "\n"
        (ctx.p.stderr if line.stream == "stderr" and not tty else ctx.p.stdout).write(text)
    if cmd.flags.get("follow") and container.running and ctx.terminal is not None:
        ctx.terminal.mode = "following"
        ctx.terminal.follow = container.id
        ctx.terminal.follow_from = len(container.logs)
        ctx.terminal.pending = {"timestamps": stamps}
    return 0


def _since(now: float, value: str) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)", value)
    if match:
        amount = float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[match.group(2)]
        return now - amount
    if value.isdigit():
        return float(value)
    try:
        from datetime import UTC, datetime

        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    # A time without a zone is the client's local time, and the simulated client runs on UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


@command("container.top")
def top(ctx: Ctx, cmd: Parsed) -> int:
    container = ctx.d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    if not container.running:
        return ctx.daemon_error(f"container {container.id} is not running")
    import time

    start = time.strftime("%H:%M", time.gmtime(container.started_at))
    options = "".join(cmd.args[1:]).lstrip("-")
    if options and set(options) <= set("aux") and "u" in options:
        ctx.out(render_table(_top_bsd_rows(container, start), minwidth=20))
        return 0
    rows = [["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]]
    for proc in container_processes(container, in_container=False):
        rows.append(
            [
                proc.user,
                str(proc.pid),
                str(proc.ppid),
                "0",
                start,
                proc.tty,
                "00:00:00",
                proc.command,
            ]
        )
    ctx.out(render_table(rows, minwidth=20))
    return 0


def _top_bsd_rows(container: Container, start: str) -> list[list[str]]:
    """`docker top web aux`: ps's BSD-style user listing (sizes are typical, not measured)."""
    rows = [
        ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"]
    ]
    for index, proc in enumerate(container_processes(container, in_container=False)):
        vsz, rss = (11404, 7424) if index == 0 else (11872, 2796)
        rows.append(
            [
                proc.user,
                str(proc.pid),
                "0.0",
                "0.0",
                str(vsz),
                str(rss),
                proc.tty,
                "Ss" if index == 0 else "S",
                start,
                "0:00",
                proc.command,
            ]
        )
    return rows


STATS_HEADERS = {
    "Container": "CONTAINER",
    "ID": "CONTAINER ID",
    "Name": "NAME",
    "CPUPerc": "CPU %",
    "MemUsage": "MEM USAGE / LIMIT",
    "MemPerc": "MEM %",
    "NetIO": "NET I/O",
    "BlockIO": "BLOCK I/O",
    "PIDs": "PIDS",
}
STATS_DEFAULT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
MEM_LIMIT = 8_232_000_000

PROFILE = {  # (memory bytes, pids, cpu %) of a calm process of each kind
    "nginx": (7_740_000, 3, 0.0),
    "mysqld": (385_000_000, 37, 0.41),
    "redis-server": (9_300_000, 6, 0.21),
    "node": (10_200_000, 7, 0.0),
}


@command("container.stats")
def stats(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    if cmd.args:
        targets = []
        for ref in cmd.args:
            c = d.find_container(ref)
            if c is None:
                return ctx.daemon_error(f"No such container: {ref}")
            targets.append(c)
    else:
        targets = [c for c in d.state.containers.values() if c.running or cmd.flags.get("all")]
    from engine.daemon.programs import effective_argv

    rows = []
    for c in targets:
        name = effective_argv(c)[0].rsplit("/", 1)[-1] if c.running else ""
        mem, pids, cpu = PROFILE.get(name, (1_200_000, 1, 0.0)) if c.running else (0, 0, 0.0)
        received = sum(len(line.text) for line in c.logs if "HTTP/1.1" in line.text) + (
            1050 if c.running else 0
        )
        rows.append(
            {
                "Container": c.short_id,
                "ID": c.id if cmd.flags.get("no-trunc") else c.short_id,
                "Name": c.name,
                "CPUPerc": f"{cpu:.2f}%",
                "MemUsage": f"{size_binary(mem)} / {size_binary(MEM_LIMIT if c.running else 0)}",
                "MemPerc": f"{mem * 100 / MEM_LIMIT:.2f}%",
                "NetIO": f"{size3(received if c.running else 0)} / {size3(0)}",
                "BlockIO": f"{size3(0)} / {size3(sum(n.size for n in c.upper.values()) if c.running else 0)}",
                "PIDs": str(pids),
            }
        )
    try:
        ctx.out(
            format_rows(
                cmd.flags.get("format") or "", rows, STATS_HEADERS, default_table=STATS_DEFAULT
            )
        )
    except TemplateError as error:
        ctx.err(error.message + "\n")
        return 1
    if not cmd.flags.get("no-stream") and ctx.terminal is not None:
        ctx.terminal.mode = "following"
        ctx.terminal.follow = ""
        ctx.terminal.pending = {"action": "stats"}
    return 0


@command("container.diff")
def diff(ctx: Ctx, cmd: Parsed) -> int:
    container = ctx.d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    ctx.out("".join(f"{kind} {path}\n" for kind, path in writable_fs_changes(ctx.d, container)))
    return 0


@command("container.port")
def port(ctx: Ctx, cmd: Parsed) -> int:
    container = ctx.d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    want = cmd.args[1] if len(cmd.args) > 1 else ""
    lines = []
    if container.running:
        for p in sorted(container.ports, key=lambda b: (b.container_port, b.proto)):
            if not p.host_port:
                continue
            key = f"{p.container_port}/{p.proto}"
            if want and want not in (key, str(p.container_port)):
                continue
            ips = [p.host_ip] if p.host_ip else ["0.0.0.0", "[::]"]
            for ip in ips:
                lines.append((f"{key} -> " if not want else "") + f"{ip}:{p.host_port}")
    if want and not lines:
        return (
            ctx.err(
                f"Error: No public port '{want if '/' in want else want + '/tcp'}' published for {cmd.args[0]}\n"
            )
            or 1
        )
    ctx.out("".join(line + "\n" for line in lines))
    return 0
