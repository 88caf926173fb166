"""How containers and images read in tables: STATUS, PORTS, COMMAND, IMAGE, CREATED (§4.3)."""

from __future__ import annotations

import functools

from engine.daemon.core import Daemon
from engine.format.humanize import ellipsis, go_quote, human_duration
from engine.model import Container


def ago(now: float, then: float) -> str:
    return human_duration(max(now - then, 0)) + " ago"


def status_text(container: Container, now: float) -> str:
    status = container.status
    if status == "created":
        return "Created"
    if status == "running":
        up = "Up " + human_duration(max(now - container.started_at, 0))
        return f"{up} ({health_label(container)})" if container.health else up
    if status == "paused":
        return "Up " + human_duration(max(now - container.started_at, 0)) + " (Paused)"
    if status == "restarting":
        return f"Restarting ({container.exit_code}) {ago(now, container.finished_at)}"
    if status == "dead":
        return "Dead"
    if status == "removing":
        return "Removal In Progress"
    return f"Exited ({container.exit_code}) {ago(now, container.finished_at)}"


def health_label(container: Container) -> str:
    """moby's Health.String: `health: starting`, else the status on its own."""
    status = container.health["Status"]
    return "health: starting" if status == "starting" else status


def command_text(container: Container, *, truncate: bool = True) -> str:
    words = [container.path, *[f"'{a}'" if " " in a else a for a in container.args]]
    return _quoted(" ".join(words), truncate)


@functools.lru_cache(maxsize=1024)
def _quoted(text: str, truncate: bool) -> str:
    # Pure string work repeated for every `docker ps`: done once per distinct command.
    return go_quote(ellipsis(text, 20) if truncate else text)


def image_column(d: Daemon, container: Container) -> str:
    ref = container.image_ref.split("@", 1)[0]
    image = d.find_image(ref)
    if image is not None and image.id == container.image_id:
        return ref
    return container.image_id.removeprefix("sha256:")[:12]


def ports_text(container: Container) -> str:
    if not container.running:
        return ""
    same: list[tuple[int, str, int, str]] = []
    different: list[tuple[int, str, int, str]] = []
    published = set()
    for p in container.ports:
        if not p.host_port:
            continue
        published.add((p.container_port, p.proto))
        ips = [p.host_ip] if p.host_ip else ["0.0.0.0", "::"]
        for ip in ips:
            entry = (p.container_port, ip, p.host_port, p.proto)
            (same if p.host_port == p.container_port else different).append(entry)
    exposed = []
    for key in container.config.get("ExposedPorts") or {}:
        port, _, proto = key.partition("/")
        if (int(port), proto or "tcp") not in published:
            exposed.append((int(port), proto or "tcp"))

    def show(entry: tuple[int, str, int, str]) -> str:
        cport, ip, hport, proto = entry
        host = f"[{ip}]" if ":" in ip else ip
        return f"{host}:{hport}->{cport}/{proto}"

    ordered = sorted(
        same + [(c, "", 0, p) for c, p in exposed],
        key=lambda e: (e[0], e[1] != "0.0.0.0" and e[1] != "", e[1], e[2], e[3]),
    )
    parts = [show(e) if e[2] else f"{e[0]}/{e[3]}" for e in ordered]
    parts += [show(e) for e in sorted(different, key=lambda e: (e[0], e[1] == "::", e[2], e[3]))]
    return ", ".join(parts)


def mounts_names(d: Daemon, container: Container) -> str:
    names = []
    for m in container.mounts:
        names.append(ellipsis(m.source, 15) if m.type == "volume" else m.source)
    return ",".join(names)
