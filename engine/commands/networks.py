"""docker network create / ls / rm / connect / disconnect / prune."""

from __future__ import annotations

import ipaddress

from engine.commands.base import Ctx, Parsed, command, flag_list, print_rows
from engine.daemon import networks
from engine.daemon.core import MAX_NETWORKS, DaemonError
from engine.messages import text
from engine.model import Network


def _find(ctx: Ctx, ref: str) -> Network | None:
    nets = ctx.d.state.networks
    return nets.get(ref) or next(
        (n for n in nets.values() if len(ref) >= 3 and n.id.startswith(ref)), None
    )


@command("network.create")
def create(ctx: Ctx, cmd: Parsed) -> int:
    name = cmd.args[0]
    d = ctx.d
    if name in d.state.networks:
        return ctx.daemon_error(f"network with name {name} already exists")
    if len(d.state.networks) >= MAX_NETWORKS:
        ctx.err(text("limit.networks", d.lang) + "\n")
        return 1
    driver = cmd.flags.get("driver") or "bridge"
    if driver not in ("bridge",):
        return ctx.daemon_error(f'plugin "{driver}" not found')
    used = {n.subnet for n in d.state.networks.values()}
    second = 18
    while f"172.{second}.0.0/16" in used:
        second += 1
    subnets = flag_list(cmd.flags, "subnet")
    gateways = flag_list(cmd.flags, "gateway")
    subnet = subnets[0] if subnets else f"172.{second}.0.0/16"
    try:
        block = ipaddress.ip_network(subnet, strict=False)
    except ValueError:
        ctx.err(f"invalid CIDR address: {subnet}\n")  # the CLI's own check, no daemon prefix
        return 1
    subnet = str(block)
    gateway = gateways[0] if gateways else str(block.network_address + 1)
    labels = dict(label.partition("=")[::2] for label in flag_list(cmd.flags, "label"))
    network = Network(
        name,
        d.new_hex(),
        driver,
        subnet,
        gateway,
        d.now(),
        internal=bool(cmd.flags.get("internal")),
        labels=labels,
    )
    d.state.networks[name] = network
    d.emit("network.created", network=name)
    ctx.out(network.id + "\n")
    return 0


def _matches(ctx: Ctx, net: Network, spec: str) -> bool:
    """One `--filter key=value` of `docker network ls` (name matches any part of the name)."""
    key, _, value = spec.partition("=")
    if key == "name":
        return value in net.name
    if key == "id":
        return net.id.startswith(value)
    if key == "driver":
        return net.driver == value
    if key == "type":
        return (value == "builtin") == net.builtin
    if key == "dangling":
        used = any(
            e.network == net.name for c in ctx.d.state.containers.values() for e in c.endpoints
        )
        return (value in ("true", "1")) == (not used and not net.builtin)
    if key == "label":
        name, eq, wanted = value.partition("=")
        return name in net.labels and (not eq or net.labels[name] == wanted)
    return True


@command("network.ls")
def ls(ctx: Ctx, cmd: Parsed) -> int:
    nets = [
        n
        for n in sorted(ctx.d.state.networks.values(), key=lambda n: n.name)
        if all(_matches(ctx, n, f) for f in flag_list(cmd.flags, "filter"))
    ]
    no_trunc = bool(cmd.flags.get("no-trunc"))
    if cmd.flags.get("quiet"):
        ctx.out("".join((n.id if no_trunc else n.id[:12]) + "\n" for n in nets))
        return 0
    rows = [
        {
            "ID": n.id if no_trunc else n.id[:12],
            "Name": n.name,
            "Driver": n.driver,
            "Scope": "local",
        }
        for n in nets
    ]
    headers = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE"}
    return print_rows(
        ctx,
        cmd.flags.get("format") or "",
        rows,
        headers,
        "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
    )


@command("network.rm")
def rm(ctx: Ctx, cmd: Parsed) -> int:
    status = 0
    for ref in cmd.args:
        net = _find(ctx, ref)
        if net is None:
            ctx.daemon_error(f"network {ref} not found")
            status = 1
            continue
        if net.builtin:
            ctx.daemon_error(f"{net.name} is a pre-defined network and cannot be removed")
            status = 1
            continue
        users = [
            c
            for c in ctx.d.state.containers.values()
            if any(e.network == net.name for e in c.endpoints)
        ]
        if users:
            ctx.daemon_error(
                f"error while removing network: network {net.name} id {net.id} has active endpoints"
            )
            status = 1
            continue
        del ctx.d.state.networks[net.name]
        ctx.d.emit("network.removed", network=net.name)
        ctx.out(ref + "\n")
    return status


@command("network.connect")
def connect(ctx: Ctx, cmd: Parsed) -> int:
    net = _find(ctx, cmd.args[0])
    if net is None:
        return ctx.daemon_error(f"network {cmd.args[0]} not found")
    container = ctx.d.find_container(cmd.args[1])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[1]}")
    try:
        if container.running:
            networks.connect(ctx.d, container, net, flag_list(cmd.flags, "alias"))
        else:
            joined = container.program.setdefault("networks", [])
            if net.name in joined:
                raise DaemonError(
                    f"endpoint with name {container.name} already exists in network {net.name}"
                )
            joined.append(net.name)
    except DaemonError as error:
        return ctx.daemon_error(error)
    return 0


@command("network.disconnect")
def disconnect(ctx: Ctx, cmd: Parsed) -> int:
    net = _find(ctx, cmd.args[0])
    if net is None:
        return ctx.daemon_error(f"network {cmd.args[0]} not found")
    container = ctx.d.find_container(cmd.args[1])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[1]}")
    before = len(container.endpoints)
    container.endpoints = [e for e in container.endpoints if e.network != net.name]
    joined = container.program.get("networks", [])
    if net.name in joined:
        joined.remove(net.name)
    elif before == len(container.endpoints):
        return ctx.daemon_error(f"container {container.id} is not connected to network {net.name}")
    ctx.d.emit(
        "network.disconnected", network=net.name, container=container.id, name=container.name
    )
    return 0


@command("network.prune")
def prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    return confirm(
        ctx,
        "WARNING! This will remove all custom networks not used by at least one container.\n",
        {"action": "network.prune"},
        force=bool(cmd.flags.get("force")),
    )


def do_network_prune(ctx: Ctx) -> int:
    removed = []
    for net in list(ctx.d.state.networks.values()):
        if net.builtin:
            continue
        if any(
            e.network == net.name for c in ctx.d.state.containers.values() for e in c.endpoints
        ) or any(
            net.name in c.program.get("networks", []) or c.network_mode == net.name
            for c in ctx.d.state.containers.values()
        ):
            continue
        del ctx.d.state.networks[net.name]
        ctx.d.emit("network.removed", network=net.name)
        removed.append(net.name)
    if removed:
        ctx.out("Deleted Networks:\n" + "".join(n + "\n" for n in removed))
    return 0
