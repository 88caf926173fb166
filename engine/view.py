"""The state as plain data for the diagrams (the shape is documented in docs/engine.md)."""

from __future__ import annotations

from typing import Any

from engine.commands.describe import status_text
from engine.daemon.containers import writable_fs_changes
from engine.daemon.core import Daemon
from engine.format.humanize import size3, size4
from engine.fs import UnionFS, store_size


def build_view(d: Daemon) -> dict[str, Any]:
    state = d.state
    now = d.now()
    layers: dict[str, dict[str, Any]] = {}
    images = []
    for image in sorted(state.images.values(), key=lambda i: i.created, reverse=True):
        if image.removed:
            continue
        image_layers = d.image_layers(image)
        history = [h for h in image.history if not h.empty_layer]
        for index, layer in enumerate(image_layers):
            entry = layers.setdefault(
                layer.id,
                {
                    "id": layer.id,
                    "short": layer.short,
                    "size": layer.size,
                    "size_text": size3(layer.size),
                    "created_by": history[index].created_by if index < len(history) else "",
                    "images": [],
                },
            )
            entry["images"].append(image.id)
        users = [c.id for c in state.containers.values() if c.image_id == image.id]
        tags = d.tags_of(image.id)
        size = sum(layer.size for layer in image_layers)
        images.append(
            {
                "id": image.id,
                "short_id": image.short_id,
                "tags": tags,
                "size": size,
                "size_text": size3(size),
                "created": image.created,
                "layers": [layer.id for layer in image_layers],
                "containers": users,
                "dangling": not tags,
            }
        )
    container_views = []
    ports = []
    for c in state.containers.values():
        image = state.images.get(c.image_id)
        lower = d.image_layers(image) if image else []
        below = UnionFS({}, lower, read_only=True)
        changes = []
        for kind, path in writable_fs_changes(d, c):
            node = c.upper[path]
            origin = below.origin_layer(path) if kind != "A" else None
            changes.append(
                {
                    "path": path,
                    "change": kind,
                    "kind": "dir"
                    if node.kind == "dir"
                    else ("whiteout" if node.kind == "whiteout" else "file"),
                    "size": node.size,
                    "from_layer": origin or None,
                }
            )
        rw = store_size(c.upper)
        labels = c.config.get("Labels") or {}
        for p in c.ports:
            if p.host_port and c.running:
                ports.append(
                    {
                        "host_port": p.host_port,
                        "container": c.id,
                        "name": c.name,
                        "container_port": p.container_port,
                    }
                )
        container_views.append(
            {
                "id": c.id,
                "short_id": c.short_id,
                "name": c.name,
                "image_id": c.image_id,
                "image_ref": c.image_ref,
                "status": c.status,
                "status_text": status_text(c, now),
                "exit_code": c.exit_code,
                # Docker reports health only while the container runs ("" without a healthcheck).
                "health": c.health.get("Status", "") if c.running else "",
                "project": labels.get("com.docker.compose.project", ""),
                "service": labels.get("com.docker.compose.service", ""),
                "ports": [
                    {
                        "host_ip": p.host_ip or "0.0.0.0",
                        "host_port": p.host_port,
                        "container_port": p.container_port,
                        "proto": p.proto,
                    }
                    for p in c.ports
                    if p.host_port
                ],
                "mounts": [
                    {
                        "type": m.type,
                        "source": m.source,
                        "destination": m.destination,
                        "read_only": m.read_only,
                    }
                    for m in c.mounts
                ],
                "networks": [{"name": e.network, "ip": e.ip} for e in c.endpoints],
                "writable": {"size": rw, "size_text": size3(rw), "changes": changes},
            }
        )
    volumes = []
    for v in sorted(state.volumes.values(), key=lambda v: v.created):
        size = store_size(v.store)
        volumes.append(
            {
                "name": v.name,
                "anonymous": v.anonymous,
                "size": size,
                "size_text": size3(size),
                "used_by": [
                    c.id
                    for c in state.containers.values()
                    if any(m.type == "volume" and m.source == v.name for m in c.mounts)
                ],
                "files": sum(1 for n in v.store.values() if n.kind == "file"),
            }
        )
    network_views = [
        {
            "name": n.name,
            "driver": n.driver,
            "subnet": n.subnet,
            "containers": [
                c.id
                for c in state.containers.values()
                if any(e.network == n.name for e in c.endpoints)
            ],
        }
        for n in state.networks.values()
    ]
    return {
        "images": images,
        "layers": layers,
        "containers": container_views,
        "volumes": volumes,
        "networks": network_views,
        "disk": _disk(d, layers),
        "build": state.last_build or None,
        "ports": sorted(ports, key=lambda p: p["host_port"]),
    }


def _disk(d: Daemon, layers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from engine.commands.system import usage_numbers

    usage = usage_numbers(d)
    for entry in usage.values():
        entry["size_text"] = size4(entry["size"])
        entry["reclaimable_text"] = size4(entry["reclaimable"])
    shared = sum(layer["size"] for layer in layers.values() if len(layer["images"]) > 1)
    unique = sum(layer["size"] for layer in layers.values() if len(layer["images"]) <= 1)
    return {**usage, "shared_bytes": shared, "unique_bytes": unique}
