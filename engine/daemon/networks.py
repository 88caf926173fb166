"""Networks: the default bridge (172.17.0.0/16), user networks with name resolution, host and none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.model import Container, Endpoint, Network

if TYPE_CHECKING:
    from engine.daemon.core import Daemon


def builtin_networks(d: Daemon) -> dict[str, Network]:
    created = 1_700_000_000.0
    return {
        "bridge": Network(
            "bridge", d.new_hex(), "bridge", "172.17.0.0/16", "172.17.0.1", created, builtin=True
        ),
        "host": Network("host", d.new_hex(), "host", "", "", created, builtin=True),
        "none": Network("none", d.new_hex(), "null", "", "", created, builtin=True),
    }


def mac_for(ip: str) -> str:
    octets = [int(x) for x in ip.split(".")]
    return "02:42:" + ":".join(f"{o:02x}" for o in octets)


def _next_ip(network: Network, taken: set[str]) -> str:
    base = network.subnet.split("/")[0].rsplit(".", 2)[0]  # "172.17"
    while True:
        host = network.next_host
        network.next_host += 1
        ip = f"{base}.{host // 256}.{host % 256}"
        if ip not in taken and host % 256 not in (0, 1, 255):
            return ip


def connect(
    d: Daemon, container: Container, network: Network, aliases: list[str] | None = None
) -> Endpoint | None:
    from engine.daemon.core import DaemonError

    if network.driver in ("host", "null"):
        return None
    if any(e.network == network.name for e in container.endpoints):
        raise DaemonError(
            f"endpoint with name {container.name} already exists in network {network.name}"
        )
    taken = {
        e.ip for c in d.state.containers.values() for e in c.endpoints if e.network == network.name
    }
    ip = _next_ip(network, taken)
    endpoint = Endpoint(network.name, ip, mac_for(ip), list(aliases or []), d.new_hex())
    container.endpoints.append(endpoint)
    d.emit(
        "network.connected",
        network=network.name,
        container=container.id,
        name=container.name,
        ip=ip,
    )
    return endpoint


def attach_default(d: Daemon, container: Container) -> None:
    """At start, a container joins its network (and keeps joined user networks)."""
    mode = container.network_mode
    if container.endpoints:
        return
    network = d.state.networks.get(mode)
    if network is None:
        return
    aliases: dict[str, list[str]] = container.program.get("aliases", {})
    connect(d, container, network, aliases.get(mode))
    for extra in container.program.get("networks", []):
        other = d.state.networks.get(extra)
        if other is not None and not any(e.network == extra for e in container.endpoints):
            connect(d, container, other, aliases.get(extra))


def detach_all(d: Daemon, container: Container) -> None:
    """A stopped container keeps no address (it gets a new one on the next start), but keeps
    its networks and its aliases on them, as Docker keeps the endpoint settings."""
    extra = [e.network for e in container.endpoints if e.network != container.network_mode]
    if extra:
        container.program["networks"] = extra
    aliases = {e.network: e.aliases for e in container.endpoints if e.aliases}
    if aliases:
        container.program["aliases"] = aliases
    container.endpoints.clear()


def resolve_name(d: Daemon, source: Container | None, host: str) -> Container | None:
    """Docker's embedded DNS: names and aliases resolve only on user-defined networks shared
    with the asking container. The default bridge has no name resolution."""
    if source is None:
        return None
    shared = {e.network for e in source.endpoints if e.network not in ("bridge",)}
    for container in d.state.containers.values():
        if not container.running:
            continue
        for endpoint in container.endpoints:
            if endpoint.network not in shared:
                continue
            names = {container.name, container.short_id, *endpoint.aliases}
            if host in names:
                return container
    return None


def container_by_ip(d: Daemon, ip: str) -> Container | None:
    for container in d.state.containers.values():
        if container.running and any(e.ip == ip for e in container.endpoints):
            return container
    return None
