"""docker volume create / ls / inspect / rm / prune."""

from __future__ import annotations

from engine.commands.base import Ctx, Parsed, command, flag_list, print_rows
from engine.daemon.containers import ensure_volume
from engine.daemon.core import DaemonError, LimitError
from engine.format.humanize import size4
from engine.fs import store_size
from engine.messages import text


def volume_users(ctx: Ctx, name: str) -> list[str]:
    return [
        c.id
        for c in ctx.d.state.containers.values()
        if any(m.type == "volume" and m.source == name for m in c.mounts)
    ]


@command("volume.create")
def create(ctx: Ctx, cmd: Parsed) -> int:
    name = cmd.args[0] if cmd.args else (cmd.flags.get("name") or ctx.d.new_hex())
    driver = cmd.flags.get("driver") or "local"
    if driver != "local":  # only the built-in driver exists; plugins are not simulated
        return ctx.daemon_error(
            f'create {name}: error looking up volume plugin {driver}: plugin "{driver}" not found'
        )
    try:
        volume = ensure_volume(ctx.d, name, anonymous=not cmd.args and not cmd.flags.get("name"))
    except LimitError as error:
        ctx.err(text(error.message, ctx.d.lang) + "\n")
        return 1
    except DaemonError as error:
        return ctx.daemon_error(error)
    for label in flag_list(cmd.flags, "label"):
        key, _, value = label.partition("=")
        volume.labels = {**(volume.labels or {}), key: value}
    ctx.out(name + "\n")
    return 0


@command("volume.ls")
def ls(ctx: Ctx, cmd: Parsed) -> int:
    volumes = sorted(ctx.d.state.volumes.values(), key=lambda v: v.name)
    for item in flag_list(cmd.flags, "filter"):
        key, _, value = item.partition("=")
        if key == "dangling":
            want = value.lower() in ("true", "1")
            volumes = [v for v in volumes if (not volume_users(ctx, v.name)) == want]
        elif key == "name":
            volumes = [v for v in volumes if value in v.name]
        elif key == "driver":
            volumes = [v for v in volumes if value == "local"]
        elif key == "label":
            volumes = [v for v in volumes if value.partition("=")[0] in (v.labels or {})]
        else:
            ctx.err(f"Error response from daemon: invalid filter '{key}'\n")
            return 1
    if cmd.flags.get("quiet"):
        ctx.out("".join(v.name + "\n" for v in volumes))
        return 0
    rows = [
        {
            "Driver": "local",
            "Name": v.name,
            "Mountpoint": f"/var/lib/docker/volumes/{v.name}/_data",
            "Scope": "local",
            "Labels": "",
            "Links": str(len(volume_users(ctx, v.name))),
            "Size": size4(store_size(v.store)),
        }
        for v in volumes
    ]
    headers = {
        "Driver": "DRIVER",
        "Name": "VOLUME NAME",
        "Mountpoint": "MOUNTPOINT",
        "Scope": "SCOPE",
        "Labels": "LABELS",
        "Links": "LINKS",
        "Size": "SIZE",
    }
    return print_rows(
        ctx, cmd.flags.get("format") or "", rows, headers, "table {{.Driver}}\t{{.Name}}"
    )


@command("volume.rm")
def rm(ctx: Ctx, cmd: Parsed) -> int:
    status = 0
    for name in cmd.args:
        volume = ctx.d.state.volumes.get(name)
        if volume is None:
            if not cmd.flags.get("force"):
                ctx.daemon_error(f"get {name}: no such volume")
                status = 1
            continue
        users = volume_users(ctx, name)
        if users:
            ctx.daemon_error(f"remove {name}: volume is in use - [{', '.join(users)}]")
            status = 1
            continue
        del ctx.d.state.volumes[name]
        ctx.d.emit("volume.removed", volume=name)
        ctx.out(name + "\n")
    return status


@command("volume.prune")
def prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    every = bool(cmd.flags.get("all"))
    warning = (
        "WARNING! This will remove all local volumes not used by at least one container.\n"
        if every
        else "WARNING! This will remove anonymous local volumes not used by at least one container.\n"
    )
    return confirm(
        ctx, warning, {"action": "volume.prune", "all": every}, force=bool(cmd.flags.get("force"))
    )


def do_volume_prune(ctx: Ctx, *, all_volumes: bool) -> int:
    removed, reclaimed = [], 0
    for volume in list(ctx.d.state.volumes.values()):
        if volume_users(ctx, volume.name) or (not volume.anonymous and not all_volumes):
            continue
        reclaimed += store_size(volume.store)
        del ctx.d.state.volumes[volume.name]
        ctx.d.emit("volume.removed", volume=volume.name)
        removed.append(volume.name)
    if removed:
        ctx.out("Deleted Volumes:\n" + "".join(n + "\n" for n in removed) + "\n")
    ctx.out(f"Total reclaimed space: {size4(reclaimed)}\n")
    return 0
