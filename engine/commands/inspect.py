"""`docker inspect` documents (containers, images, volumes, networks) and the inspect commands."""

from __future__ import annotations

from typing import Any

from engine.commands.base import Ctx, Parsed, command
from engine.daemon import health
from engine.daemon.core import Daemon
from engine.format.humanize import rfc3339, rfc3339_nano
from engine.format.inspect_json import dump_inspect
from engine.format.templates import TemplateError, expand_escapes, parse_template
from engine.model import Container, Image, Network, Volume

ZERO_TIME = "0001-01-01T00:00:00Z"


def _time(epoch: float) -> str:
    return rfc3339_nano(epoch) if epoch else ZERO_TIME


def container_json(d: Daemon, c: Container) -> dict[str, Any]:
    state = {
        "Status": c.status,
        "Running": c.status in ("running", "paused", "restarting"),
        "Paused": c.status == "paused",
        "Restarting": c.status == "restarting",
        "OOMKilled": c.oom_killed,
        "Dead": c.status == "dead",
        "Pid": c.pid if c.running else 0,
        "ExitCode": c.exit_code,
        "Error": c.error,
        "StartedAt": _time(c.started_at),
        "FinishedAt": _time(c.finished_at),
    }
    if c.health:
        state["Health"] = health.health_json(c)
    port_bindings: dict[str, Any] = {}
    for p in c.ports:
        if p.host_port:
            port_bindings.setdefault(f"{p.container_port}/{p.proto}", []).append(
                {"HostIp": p.host_ip, "HostPort": str(p.host_port)}
            )
    actual: dict[str, Any] = {}
    if c.running:
        for key in c.config.get("ExposedPorts") or {}:
            actual[key] = None
        for p in c.ports:
            if p.host_port:
                ips = [p.host_ip] if p.host_ip else ["0.0.0.0", "::"]
                actual[f"{p.container_port}/{p.proto}"] = [
                    {"HostIp": ip, "HostPort": str(p.host_port)} for ip in ips
                ]
    mounts = []
    for m in c.mounts:
        if m.type == "volume":
            mounts.append(
                {
                    "Type": "volume",
                    "Name": m.source,
                    "Source": f"/var/lib/docker/volumes/{m.source}/_data",
                    "Destination": m.destination,
                    "Driver": "local",
                    "Mode": "" if m.anonymous else "z",
                    "RW": not m.read_only,
                    "Propagation": "",
                }
            )
        else:
            mounts.append(
                {
                    "Type": m.type,
                    "Source": m.source,
                    "Destination": m.destination,
                    "Mode": "ro" if m.read_only else "",
                    "RW": not m.read_only,
                    "Propagation": "rprivate",
                }
            )
    networks: dict[str, Any] = {}
    for e in c.endpoints:
        net = d.state.networks.get(e.network)
        networks[e.network] = {
            "IPAMConfig": None,
            "Links": None,
            "Aliases": e.aliases or None,
            "MacAddress": e.mac,
            "NetworkID": net.id if net else "",
            "EndpointID": e.endpoint_id,
            "Gateway": net.gateway if net else "",
            "IPAddress": e.ip,
            "IPPrefixLen": 16,
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "DNSNames": [c.name, c.short_id] if e.network != "bridge" else None,
        }
    if not networks and c.network_mode in d.state.networks:
        net = d.state.networks[c.network_mode]
        networks[c.network_mode] = {
            "IPAMConfig": None,
            "Links": None,
            "Aliases": None,
            "MacAddress": "",
            "NetworkID": net.id,
            "EndpointID": "",
            "Gateway": "",
            "IPAddress": "",
            "IPPrefixLen": 0,
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "DNSNames": None,
        }
    bridge = next((e for e in c.endpoints if e.network == "bridge"), None)
    image = d.state.images.get(c.image_id)
    lower = (
        [f"/var/lib/docker/overlay2/{lid[:64]}/diff" for lid in reversed(image.layers)]
        if image
        else []
    )
    rw = f"/var/lib/docker/overlay2/{c.id}"
    binds = [
        f"{m.source}:{m.destination}{':ro' if m.read_only else ''}"
        for m in c.mounts
        if not m.anonymous and m.type in ("volume", "bind")
    ]
    policy, _, count = c.restart_policy.partition(":")
    return {
        "Id": c.id,
        "Created": rfc3339_nano(c.created),
        "Path": c.path,
        "Args": c.args,
        "State": state,
        "Image": c.image_id,
        "ResolvConfPath": f"/var/lib/docker/containers/{c.id}/resolv.conf",
        "HostnamePath": f"/var/lib/docker/containers/{c.id}/hostname",
        "HostsPath": f"/var/lib/docker/containers/{c.id}/hosts",
        "LogPath": f"/var/lib/docker/containers/{c.id}/{c.id}-json.log",
        "Name": "/" + c.name,
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": None,
        "HostConfig": {
            "Binds": binds or None,
            "NetworkMode": c.network_mode,
            "PortBindings": port_bindings,
            "RestartPolicy": {"Name": policy, "MaximumRetryCount": int(count or 0)},
            "AutoRemove": c.auto_remove,
            "PublishAllPorts": c.publish_all,
            "ReadonlyRootfs": False,
            "Privileged": False,
        },
        "GraphDriver": {
            "Data": {
                "LowerDir": ":".join([f"{rw}-init/diff", *lower]),
                "MergedDir": f"{rw}/merged",
                "UpperDir": f"{rw}/diff",
                "WorkDir": f"{rw}/work",
            },
            "Name": "overlay2",
        },
        "Mounts": mounts,
        "Config": dict(c.config),
        "NetworkSettings": {
            "Bridge": "",
            "SandboxID": c.id[::-1] if c.running else "",
            "SandboxKey": f"/var/run/docker/netns/{c.id[::-1][:12]}" if c.running else "",
            "Ports": actual,
            "HairpinMode": False,
            "Gateway": "172.17.0.1" if bridge else "",
            "IPAddress": bridge.ip if bridge else "",
            "IPPrefixLen": 16 if bridge else 0,
            "MacAddress": bridge.mac if bridge else "",
            "Networks": networks,
        },
    }


def image_json(d: Daemon, img: Image) -> dict[str, Any]:
    config = {
        "Hostname": "",
        "Domainname": "",
        "User": img.config.get("User", ""),
        "AttachStdin": False,
        "AttachStdout": False,
        "AttachStderr": False,
        "ExposedPorts": img.config.get("ExposedPorts") or None,
        "Tty": False,
        "OpenStdin": False,
        "StdinOnce": False,
        "Env": img.config.get("Env") or None,
        "Cmd": img.config.get("Cmd"),
        **({"Healthcheck": img.config["Healthcheck"]} if img.config.get("Healthcheck") else {}),
        "Image": "",
        "Volumes": img.config.get("Volumes"),
        "WorkingDir": img.config.get("WorkingDir", ""),
        "Entrypoint": img.config.get("Entrypoint"),
        "OnBuild": img.config.get("OnBuild"),
        "Labels": img.config.get("Labels"),
    }
    if img.config.get("StopSignal"):
        config["StopSignal"] = img.config["StopSignal"]
    layers = d.image_layers(img)
    dirs = [f"/var/lib/docker/overlay2/{layer.id}/diff" for layer in reversed(layers)]
    data = {
        "MergedDir": f"/var/lib/docker/overlay2/{layers[-1].id if layers else ''}/merged",
        "UpperDir": dirs[0] if dirs else "",
        "WorkDir": f"/var/lib/docker/overlay2/{layers[-1].id if layers else ''}/work",
    }
    if len(dirs) > 1:
        data = {"LowerDir": ":".join(dirs[1:]), **data}
    return _drop_none_variant(
        {
            "Id": img.id,
            "RepoTags": d.tags_of(img.id),
            "RepoDigests": list(img.repo_digests),
            "Parent": img.parent,
            "Comment": img.comment,
            "Created": rfc3339_nano(img.created),
            "DockerVersion": img.docker_version,
            "Author": img.author,
            "Config": config,
            "Architecture": img.architecture,
            "Variant": img.variant,
            "Os": img.os,
            "Size": d.image_size(img),
            "GraphDriver": {"Data": data, "Name": "overlay2"},
            "RootFS": {"Type": "layers", "Layers": [f"sha256:{layer.id}" for layer in layers]},
            "Metadata": {
                "LastTagTime": rfc3339_nano(img.last_tag_time) if img.last_tag_time else ZERO_TIME
            },
        }
    )


def _drop_none_variant(doc: dict[str, Any]) -> dict[str, Any]:
    if not doc.get("Variant"):
        doc.pop("Variant")
    return doc


def volume_json(d: Daemon, v: Volume) -> dict[str, Any]:
    return {
        "CreatedAt": rfc3339(v.created),
        "Driver": "local",
        "Labels": v.labels,
        "Mountpoint": f"/var/lib/docker/volumes/{v.name}/_data",
        "Name": v.name,
        "Options": v.options,
        "Scope": "local",
    }


def network_json(d: Daemon, n: Network) -> dict[str, Any]:
    members = {}
    for c in d.state.containers.values():
        for e in c.endpoints:
            if e.network == n.name:
                members[c.id] = {
                    "Name": c.name,
                    "EndpointID": e.endpoint_id,
                    "MacAddress": e.mac,
                    "IPv4Address": f"{e.ip}/16",
                    "IPv6Address": "",
                }
    ipam = [{"Subnet": n.subnet, "Gateway": n.gateway}] if n.subnet else []
    return {
        "Name": n.name,
        "Id": n.id,
        "Created": rfc3339_nano(n.created),
        "Scope": "local",
        "Driver": n.driver,
        "EnableIPv6": False,
        "IPAM": {"Driver": "default", "Options": None, "Config": ipam},
        "Internal": n.internal,
        "Attachable": False,
        "Ingress": False,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": False,
        "Containers": members,
        "Options": {"com.docker.network.bridge.default_bridge": "true"}
        if n.name == "bridge"
        else {},
        "Labels": n.labels,
    }


def print_documents(ctx: Ctx, docs: list[dict[str, Any]], fmt: str | None) -> int:
    """JSON array, or one rendered template per object (`-f`)."""
    if not fmt:
        ctx.out(dump_inspect(docs))  # already ends in one newline, as the CLI prints
        return 0
    if fmt == "json":
        from engine.format.inspect_json import go_json

        ctx.out(go_json(docs) + "\n")
        return 0
    try:
        template = parse_template(expand_escapes(fmt))
        for doc in docs:
            ctx.out(template.execute(doc, missing_key_error=True) + "\n")
    except TemplateError as error:
        ctx.err(error.message + "\n")
        return 64
    return 0


@command("container.inspect")
def container_inspect(ctx: Ctx, cmd: Parsed) -> int:
    return _inspect_typed(ctx, cmd, "container")


@command("image.inspect")
def image_inspect(ctx: Ctx, cmd: Parsed) -> int:
    return _inspect_typed(ctx, cmd, "image")


@command("volume.inspect")
def volume_inspect(ctx: Ctx, cmd: Parsed) -> int:
    return _inspect_typed(ctx, cmd, "volume")


@command("network.inspect")
def network_inspect(ctx: Ctx, cmd: Parsed) -> int:
    return _inspect_typed(ctx, cmd, "network")


def _with_sizes(d: Daemon, c: Container, doc: dict[str, Any]) -> dict[str, Any]:
    """`inspect -s`: SizeRw and SizeRootFs, placed where the API puts them (before Mounts)."""
    rw = sum(n.size for n in c.upper.values() if n.kind == "file")
    image = d.state.images.get(c.image_id)
    root = rw + (d.image_size(image) if image else 0)
    sized: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "Mounts":
            sized["SizeRw"] = rw
            sized["SizeRootFs"] = root
        sized[key] = value
    return sized


def _find(ctx: Ctx, kind: str, ref: str, *, size: bool = False) -> dict[str, Any] | None:
    d = ctx.d
    if kind == "container":
        c = d.find_container(ref)
        if c is None:
            return None
        doc = container_json(d, c)
        return _with_sizes(d, c, doc) if size else doc
    if kind == "image":
        img = d.find_image(ref)
        return image_json(d, img) if img else None
    if kind == "volume":
        v = d.state.volumes.get(ref)
        return volume_json(d, v) if v else None
    net = d.state.networks.get(ref) or next(
        (n for n in d.state.networks.values() if n.id.startswith(ref) and len(ref) >= 3), None
    )
    return network_json(d, net) if net else None


def _missing_message(ctx: Ctx, kind: str, ref: str) -> str:
    if kind == "container":
        return f"No such container: {ref}"
    if kind == "image":
        from engine.reference import ReferenceError as RefError
        from engine.reference import parse_reference

        try:
            return f"No such image: {parse_reference(ref).familiar}"
        except RefError:
            return f"No such image: {ref}"
    if kind == "volume":
        return f"get {ref}: no such volume"
    return f"network {ref} not found"


def _inspect_typed(ctx: Ctx, cmd: Parsed, kind: str) -> int:
    docs, missing = [], []
    for ref in cmd.args:
        doc = _find(ctx, kind, ref, size=bool(cmd.flags.get("size")))
        if doc is None:
            missing.append(ref)
        else:
            docs.append(doc)
    status = (
        print_documents(ctx, docs, cmd.flags.get("format"))
        if docs or not cmd.flags.get("format")
        else 0
    )
    for ref in missing:
        ctx.daemon_error(_missing_message(ctx, kind, ref))
    return 1 if missing else status


@command("top.inspect")
def inspect(ctx: Ctx, cmd: Parsed) -> int:
    """Plain `docker inspect`: containers first, then images, networks, volumes (§4.12)."""
    kind = cmd.flags.get("type") or ""
    docs, missing = [], []
    for ref in cmd.args:
        found = None
        for candidate in [kind] if kind else ["container", "image", "network", "volume"]:
            found = _find(ctx, candidate, ref, size=bool(cmd.flags.get("size")))
            if found is not None:
                break
        if found is None:
            missing.append(ref)
        else:
            docs.append(found)
    status = (
        print_documents(ctx, docs, cmd.flags.get("format"))
        if docs or not cmd.flags.get("format")
        else 0
    )
    for ref in missing:
        if kind:  # with --type the inspector's own error comes through, daemon prefix and all
            ctx.daemon_error(_missing_message(ctx, kind, ref))
        else:
            ctx.err(f"Error: No such object: {ref}\n")
    return 1 if missing else status
