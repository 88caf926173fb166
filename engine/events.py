"""The events the diagrams animate. Each is an ``io.Event(kind, data)``; ``data`` keys per kind below.

Ids are full ids (image "sha256:<hex>", layer diff id hex, container 64 hex); names ride along so
narration needs no lookup.
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    # images and layers
    "layer.pulling": "image, layer, short, size, index, total",
    "layer.pulled": "image, layer, short, size",
    "layer.exists": "image, layer, short",
    "layer.removed": "layer, short",
    "image.pulled": "image, ref",
    "image.tagged": "image, ref",
    "image.untagged": "image, ref",
    "image.removed": "image",
    "image.built": "image, refs",
    "image.committed": "image, container, name, layer",
    "image.loaded": "image, refs",
    "image.pushed": "image, ref, registry",
    # containers
    "container.created": "container, name, image",
    "container.started": "container, name",
    "container.stopped": "container, name, exit_code",
    "container.died": "container, name, exit_code",
    "container.killed": "container, name, signal",
    "container.paused": "container, name",
    "container.unpaused": "container, name",
    "container.restarted": "container, name",
    "container.renamed": "container, name, old_name",
    "container.removed": "container, name",
    "container.health": "container, name, status",  # starting -> healthy | unhealthy
    # the writable layer
    "file.copied_up": "container, name, path, layer",
    "file.added": "container, name, path",
    "file.changed": "container, name, path",
    "file.whiteout": "container, name, path, layer",
    # volumes, networks, the host
    "volume.created": "volume, anonymous",
    "volume.mounted": "volume, container, name, destination",
    "volume.removed": "volume",
    "bind.mounted": "source, container, name, destination",
    "network.created": "network",
    "network.removed": "network",
    "network.connected": "network, container, name, ip",
    "network.disconnected": "network, container, name",
    "http.request": "container, name, path, status",
    # builds
    "build.started": "steps",
    "build.step": "index, total, instruction, cached, layer",
    "build.finished": "image, refs",
}
