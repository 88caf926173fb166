"""docker system df / prune, info, version."""

from __future__ import annotations

from typing import Any

from engine.commands.base import Ctx, Parsed, command
from engine.commands.describe import ago, command_text, status_text
from engine.commands.images import image_rows
from engine.daemon.core import Daemon
from engine.format.humanize import size3, size4
from engine.format.table import render_table
from engine.fs import store_size

SERVER_VERSION = "27.5.1"


def disk_usage(ctx: Ctx) -> dict[str, dict[str, int]]:
    return usage_numbers(ctx.d)


def usage_numbers(d: Daemon) -> dict[str, dict[str, int]]:
    """The numbers behind `system df` (and the Disk diagram): shared layers counted once."""
    used_images = {c.image_id for c in d.state.containers.values()}
    all_layers: dict[str, int] = {}
    used_layers: set[str] = set()
    for image in d.state.images.values():
        for layer in d.image_layers(image):
            all_layers[layer.id] = layer.size
            if image.id in used_images:
                used_layers.add(layer.id)
    image_size = sum(all_layers.values())
    containers = list(d.state.containers.values())
    rw = {c.id: sum(n.size for n in c.upper.values() if n.kind == "file") for c in containers}
    volumes = list(d.state.volumes.values())
    mounted = {m.source for c in containers for m in c.mounts if m.type == "volume"}
    vol_sizes = {v.name: store_size(v.store) for v in volumes}
    return {
        "images": {
            "total": len(d.state.images),
            "active": len(used_images & set(d.state.images)),
            "size": image_size,
            "reclaimable": image_size - sum(all_layers[lid] for lid in used_layers),
        },
        "containers": {
            "total": len(containers),
            "active": sum(1 for c in containers if c.running),
            "size": sum(rw.values()),
            "reclaimable": sum(rw[c.id] for c in containers if not c.running),
        },
        "volumes": {
            "total": len(volumes),
            "active": sum(1 for v in volumes if v.name in mounted),
            "size": sum(vol_sizes.values()),
            "reclaimable": sum(size for name, size in vol_sizes.items() if name not in mounted),
        },
        "build_cache": _build_cache_usage(d),
    }


def _build_cache_usage(d: Daemon) -> dict[str, int]:
    from engine.build.cache import usage

    return usage(d)


def _reclaimable(size: int, reclaimable: int, percent: bool = True) -> str:
    if size <= 0 or not percent:
        return size4(reclaimable)
    return f"{size4(reclaimable)} ({reclaimable * 100 // size}%)"


@command("system.df")
def df(ctx: Ctx, cmd: Parsed) -> int:
    usage = disk_usage(ctx)
    if cmd.flags.get("verbose"):
        return _df_verbose(ctx, usage)
    rows = [["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"]]
    for label, key in (
        ("Images", "images"),
        ("Containers", "containers"),
        ("Local Volumes", "volumes"),
        ("Build Cache", "build_cache"),
    ):
        u = usage[key]
        rows.append(
            [
                label,
                str(u["total"]),
                str(u["active"]),
                size4(u["size"]),
                _reclaimable(u["size"], u["reclaimable"], key != "build_cache"),
            ]
        )
    ctx.out(render_table(rows))
    return 0


def _df_verbose(ctx: Ctx, usage: dict) -> int:
    d = ctx.d
    now = ctx.now()
    layer_users: dict[str, int] = {}
    for image in d.state.images.values():
        for lid in image.layers:
            layer_users[lid] = layer_users.get(lid, 0) + 1
    rows = [
        [
            "REPOSITORY",
            "TAG",
            "IMAGE ID",
            "CREATED",
            "SIZE",
            "SHARED SIZE",
            "UNIQUE SIZE",
            "CONTAINERS",
        ]
    ]
    for image, repo, tag in image_rows(ctx):
        layers = d.image_layers(image)
        shared = sum(la.size for la in layers if layer_users.get(la.id, 0) > 1)
        total = sum(la.size for la in layers)
        users = sum(1 for c in d.state.containers.values() if c.image_id == image.id)
        rows.append(
            [
                repo,
                tag,
                image.short_id,
                ago(now, image.created),
                size3(total),
                size4(shared),
                size4(total - shared),
                str(users),
            ]
        )
    ctx.out("Images space usage:\n\n" + render_table(rows) + "\n")
    rows = [
        ["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"]
    ]
    for c in reversed(d.state.containers.values()):
        vols = sum(1 for m in c.mounts if m.type == "volume")
        rows.append(
            [
                c.short_id,
                c.image_ref,
                command_text(c),
                str(vols),
                size3(sum(n.size for n in c.upper.values() if n.kind == "file")),
                ago(now, c.created),
                status_text(c, now),
                c.name,
            ]
        )
    ctx.out("Containers space usage:\n\n" + render_table(rows) + "\n")
    rows = [["VOLUME NAME", "LINKS", "SIZE"]]
    for v in sorted(d.state.volumes.values(), key=lambda v: v.name):
        links = sum(1 for c in d.state.containers.values() for m in c.mounts if m.source == v.name)
        rows.append([v.name, str(links), size3(store_size(v.store))])
    ctx.out("Local Volumes space usage:\n\n" + render_table(rows) + "\n")
    ctx.out(
        "Build cache usage: 0B\n\n"
        + render_table(
            [["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]]
        )
    )
    return 0


@command("system.prune")
def prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    every = bool(cmd.flags.get("all"))
    volumes = bool(cmd.flags.get("volumes"))
    items = ["  - all stopped containers", "  - all networks not used by at least one container"]
    if volumes:
        items.append("  - all anonymous volumes not used by at least one container")
    items.append(
        "  - all images without at least one container associated to them"
        if every
        else "  - all dangling images"
    )
    items.append("  - all build cache" if every else "  - unused build cache")
    warning = "WARNING! This will remove:\n" + "\n".join(items) + "\n\n"
    return confirm(
        ctx,
        warning,
        {"action": "system.prune", "all": every, "volumes": volumes},
        force=bool(cmd.flags.get("force")),
    )


def do_system_prune(ctx: Ctx, *, all_unused: bool, volumes: bool) -> int:
    from engine.daemon import containers, images

    d = ctx.d
    removed = [c for c in list(d.state.containers.values()) if not c.running]
    reclaimed = 0
    for c in removed:
        reclaimed += sum(n.size for n in c.upper.values() if n.kind == "file")
        containers.remove(d, c)
    if removed:
        ctx.out("Deleted Containers:\n" + "".join(c.id + "\n" for c in removed) + "\n")
    nets = [
        n
        for n in list(d.state.networks.values())
        if not n.builtin
        and not any(e.network == n.name for c in d.state.containers.values() for e in c.endpoints)
    ]
    for n in nets:
        del d.state.networks[n.name]
        d.emit("network.removed", network=n.name)
    if nets:
        ctx.out("Deleted Networks:\n" + "".join(n.name + "\n" for n in nets) + "\n")
    if volumes:
        from engine.commands.volumes import volume_users

        gone = [
            v
            for v in list(d.state.volumes.values())
            if v.anonymous and not volume_users(ctx, v.name)
        ]
        for v in gone:
            reclaimed += store_size(v.store)
            del d.state.volumes[v.name]
            d.emit("volume.removed", volume=v.name)
        if gone:
            ctx.out("Deleted Volumes:\n" + "".join(v.name + "\n" for v in gone) + "\n")
    lines, image_bytes = images.prune_images(d, all_unused=all_unused)
    reclaimed += image_bytes
    if lines:
        ctx.out("Deleted Images:\n" + "".join(line + "\n" for line in lines) + "\n")
    ctx.out(f"Total reclaimed space: {size4(reclaimed)}\n")
    return 0


def _print_format(ctx: Ctx, fmt: str, doc: dict[str, Any], type_name: str) -> int:
    """`--format` on version/info: one rendered template (or `json`) over the API document."""
    from engine.format.inspect_json import go_json
    from engine.format.templates import TemplateError, expand_escapes, parse_template

    try:
        if fmt.strip() == "json":
            ctx.out(go_json(doc) + "\n")
        else:
            ctx.out(parse_template(expand_escapes(fmt)).execute(doc, type_name=type_name) + "\n")
    except TemplateError as error:
        ctx.err(error.message + "\n")
        return 1
    return 0


def version_document() -> dict[str, Any]:
    """What `docker version --format` sees (API `/version` plus the client's own fields)."""
    platform = {"Name": "Docker Engine - Community"}
    return {
        "Client": {
            "Platform": platform,
            "Version": "27.5.1",
            "ApiVersion": "1.47",
            "DefaultAPIVersion": "1.47",
            "GitCommit": "9f9e405",
            "GoVersion": "go1.22.11",
            "Os": "linux",
            "Arch": "amd64",
            "BuildTime": "Wed Jan 22 13:41:48 2025",
            "Context": "default",
        },
        "Server": {
            "Platform": platform,
            "Version": SERVER_VERSION,
            "ApiVersion": "1.47",
            "MinAPIVersion": "1.24",
            "GitCommit": "4c9b3b0",
            "GoVersion": "go1.22.11",
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": "6.1.0-28-amd64",
            "BuildTime": "2025-01-22T13:41:48.000000000+00:00",
        },
    }


@command("top.version")
def version(ctx: Ctx, cmd: Parsed) -> int:
    if cmd.flags.get("format"):
        return _print_format(ctx, cmd.flags["format"], version_document(), "types.VersionResponse")
    ctx.out(
        "Client: Docker Engine - Community\n"
        " Version:           27.5.1\n"
        " API version:       1.47\n"
        " Go version:        go1.22.11\n"
        " Git commit:        9f9e405\n"
        " Built:             Wed Jan 22 13:41:48 2025\n"
        " OS/Arch:           linux/amd64\n"
        " Context:           default\n"
        "\n"
        "Server: Docker Engine - Community\n"
        " Engine:\n"
        f"  Version:          {SERVER_VERSION}\n"
        "  API version:      1.47 (minimum version 1.24)\n"
        "  Go version:       go1.22.11\n"
        "  Git commit:       4c9b3b0\n"
        "  Built:            Wed Jan 22 13:41:48 2025\n"
        "  OS/Arch:          linux/amd64\n"
        "  Experimental:     false\n"
        " containerd:\n"
        "  Version:          1.7.25\n"
        "  GitCommit:        bcc810d6b9066471b0b6fa75f557a15a1cbf31bb\n"
        " runc:\n"
        "  Version:          1.2.4\n"
        "  GitCommit:        v1.2.4-0-g6c52b3f\n"
        " docker-init:\n"
        "  Version:          0.19.0\n"
        "  GitCommit:        de40ad0\n"
    )
    return 0


@command("top.version_short")
def version_short(ctx: Ctx, cmd: Parsed) -> int:
    ctx.out("Docker version 27.5.1, build 9f9e405\n")
    return 0


@command("system.info", "top.info")
def info(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    cs = list(d.state.containers.values())
    if cmd.flags.get("format"):
        doc = {
            "ID": d.state.seed,
            "Containers": len(cs),
            "ContainersRunning": sum(1 for c in cs if c.status in ("running", "restarting")),
            "ContainersPaused": sum(1 for c in cs if c.status == "paused"),
            "ContainersStopped": sum(1 for c in cs if not c.running),
            "Images": len(d.state.images),
            "Driver": "overlay2",
            "LoggingDriver": "json-file",
            "CgroupDriver": "systemd",
            "CgroupVersion": "2",
            "KernelVersion": "6.1.0-28-amd64",
            "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
            "OSType": "linux",
            "Architecture": "x86_64",
            "NCPU": 2,
            "MemTotal": 8_232_000_000,
            "DockerRootDir": "/var/lib/docker",
            "Name": "playground",
            "ServerVersion": SERVER_VERSION,
            "DefaultRuntime": "runc",
            "Swarm": {"LocalNodeState": "inactive"},
        }
        return _print_format(ctx, cmd.flags["format"], doc, "system.Info")
    ctx.out(
        "Client: Docker Engine - Community\n"
        " Version:    27.5.1\n"
        " Context:    default\n"
        " Debug Mode: false\n"
        "\n"
        "Server:\n"
        f" Containers: {len(cs)}\n"
        f"  Running: {sum(1 for c in cs if c.status in ('running', 'restarting'))}\n"
        f"  Paused: {sum(1 for c in cs if c.status == 'paused')}\n"
        f"  Stopped: {sum(1 for c in cs if not c.running)}\n"
        f" Images: {len(d.state.images)}\n"
        f" Server Version: {SERVER_VERSION}\n"
        " Storage Driver: overlay2\n"
        "  Backing Filesystem: extfs\n"
        "  Supports d_type: true\n"
        "  Using metacopy: false\n"
        "  Native Overlay Diff: true\n"
        "  userxattr: false\n"
        " Logging Driver: json-file\n"
        " Cgroup Driver: systemd\n"
        " Cgroup Version: 2\n"
        " Plugins:\n"
        "  Volume: local\n"
        "  Network: bridge host ipvlan macvlan null overlay\n"
        "  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n"
        " Swarm: inactive\n"
        " Runtimes: io.containerd.runc.v2 runc\n"
        " Default Runtime: runc\n"
        " Kernel Version: 6.1.0-28-amd64\n"
        " Operating System: Debian GNU/Linux 12 (bookworm)\n"
        " OSType: linux\n"
        " Architecture: x86_64\n"
        " CPUs: 2\n"
        " Total Memory: 7.667GiB\n"
        " Name: playground\n"
        " Docker Root Dir: /var/lib/docker\n"
        " Debug Mode: false\n"
        " Experimental: false\n"
        " Insecure Registries:\n"
        "  127.0.0.0/8\n"
        " Live Restore Enabled: false\n"
    )
    return 0
