"""Simulated registries: Docker Hub (the learner's own namespace) and `localhost:5000`.

The daemon talks to a registry only through the ``Registry`` protocol, so a workshop can later
plug in one registry shared by the whole class (``set_registry_factory``). The default
``StateRegistry`` keeps everything in the session state as plain data:

    state.registries[address] = {
        "repos": {"learner/myapp": {"v1": "sha256:<manifest digest>"}},
        "manifests": {"sha256:<digest>": {image as plain data}},
        "blobs": [layer ids],          # contents stay in state.local_layers / the catalog
    }
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol

from engine.daemon.core import MAX_IMAGES, Daemon, DaemonError, LimitError
from engine.format.humanize import size4
from engine.io import Stream
from engine.model import HistoryEntry, Image, State
from engine.reference import Reference

HUB = "docker.io"
LOCAL_ADDRESSES = ("localhost:5000", "127.0.0.1:5000")


class Registry(Protocol):
    address: str

    def manifest(self, repo: str, tag: str) -> tuple[str, dict[str, Any]] | None: ...
    def has_repository(self, repo: str) -> bool: ...
    def has_blob(self, layer_id: str) -> bool: ...
    def put_blob(self, layer_id: str) -> None: ...
    def put_manifest(self, repo: str, tag: str, digest: str, image: dict[str, Any]) -> None: ...


class StateRegistry:
    """A registry whose data lives in one session's state."""

    def __init__(self, state: State, address: str) -> None:
        self.address = address
        self.data = state.registries.setdefault(
            address, {"repos": {}, "manifests": {}, "blobs": []}
        )

    def manifest(self, repo: str, tag: str) -> tuple[str, dict[str, Any]] | None:
        digest = self.data["repos"].get(repo, {}).get(tag)
        if digest is None:
            return None
        return digest, self.data["manifests"][digest]

    def has_repository(self, repo: str) -> bool:
        return repo in self.data["repos"]

    def has_blob(self, layer_id: str) -> bool:
        return layer_id in self.data["blobs"]

    def put_blob(self, layer_id: str) -> None:
        if layer_id not in self.data["blobs"]:
            self.data["blobs"].append(layer_id)

    def put_manifest(self, repo: str, tag: str, digest: str, image: dict[str, Any]) -> None:
        self.data["manifests"][digest] = image
        self.data["repos"].setdefault(repo, {})[tag] = digest


RegistryFactory = Callable[[Daemon, str], Registry]
_factory: RegistryFactory = lambda d, address: StateRegistry(d.state, address)  # noqa: E731


def set_registry_factory(factory: RegistryFactory) -> None:
    """Swap where registries live (e.g. one shared by every session of a workshop)."""
    global _factory
    _factory = factory


def canonical_address(domain: str) -> str:
    return "localhost:5000" if domain in LOCAL_ADDRESSES else domain


def held_layers(state: State) -> set[str]:
    """Layers some registry of this session still serves (never dropped from local storage)."""
    return {lid for data in state.registries.values() for lid in data.get("blobs", [])}


def local_registry_running(d: Daemon) -> bool:
    """A `registry:2` container publishing port 5000 is what makes `localhost:5000` answer."""
    for c in d.state.containers.values():
        image = d.state.images.get(c.image_id)
        if not c.running or image is None or "registry" not in image.catalog_ref:
            continue
        if any(p.host_port == 5000 for p in c.ports):
            return True
    return False


def open_registry(d: Daemon, ref: Reference) -> Registry:
    address = canonical_address(ref.domain)
    if address == "localhost:5000":
        if not local_registry_running(d):
            port = ref.domain.rsplit(":", 1)[-1]
            raise DaemonError(
                f'Get "http://{ref.domain}/v2/": dial tcp [::1]:{port}: connect: connection refused'
                if ref.domain.startswith("localhost")
                else f'Get "http://{ref.domain}/v2/": dial tcp {ref.domain}: connect: connection refused'
            )
    elif address != HUB:
        host = ref.domain.split(":")[0]
        raise DaemonError(f'Get "https://{ref.domain}/v2/": dial tcp: lookup {host}: no such host')
    return _factory(d, address)


# -- images as registry data -------------------------------------------------------------------


def image_data(image: Image) -> dict[str, Any]:
    return {
        "id": image.id,
        "layers": list(image.layers),
        "config": image.config,
        "history": [
            [h.created, h.created_by, h.empty_layer, h.comment, h.size] for h in image.history
        ],
        "created": image.created,
        "builder": image.builder,
        "author": image.author,
        "comment": image.comment,
        "docker_version": image.docker_version,
    }


def image_from_data(data: dict[str, Any]) -> Image:
    return Image(
        id=data["id"],
        layers=list(data["layers"]),
        config=json.loads(json.dumps(data["config"])),
        history=[HistoryEntry(*h) for h in data["history"]],
        created=data["created"],
        author=data.get("author", ""),
        comment=data.get("comment", ""),
        docker_version=data.get("docker_version", ""),
        builder=data.get("builder", "buildkit"),
    )


def manifest_size(layers: int) -> int:
    return 428 + 214 * layers  # a schema2 manifest: config descriptor plus one per layer


def manifest_digest(image: Image) -> str:
    doc = json.dumps({"config": image.id, "layers": image.layers}, sort_keys=True)
    return "sha256:" + hashlib.sha256(doc.encode()).hexdigest()


# -- push ---------------------------------------------------------------------------------------


def push(d: Daemon, ref: Reference, image: Image, out: Stream, *, quiet: bool = False) -> str:
    """`docker push`: layer lines top-down, then `<tag>: digest: sha256:… size: N`."""
    registry = open_registry(d, ref)
    address = canonical_address(ref.domain)
    tag = ref.tag or "latest"
    layers = list(reversed(image.layers))
    shorts = {lid: lid[:12] for lid in layers}
    if not quiet:
        out.write(f"The push refers to repository [{ref.repository}]\n")
        for lid in layers:
            out.progress(shorts[lid], f"{shorts[lid]}: Preparing")
    if address == HUB:
        user = d.state.logged_in.get(HUB) or d.state.logged_in.get("https://index.docker.io/v1/")
        namespace = ref.path.split("/", 1)[0]
        if not user or namespace != user:
            raise DaemonError("denied: requested access to the resource is denied")
    for lid in layers:
        layer = d.layer(lid)
        key = shorts[lid]
        if registry.has_blob(lid):
            if not quiet:
                out.progress(key, f"{key}: Layer already exists")
            continue
        if not quiet:
            size = max(layer.download_size, 1)
            out.progress(
                key, f"{key}: Pushing {_bar(size // 2, size)}{size4(size // 2):>8}/{size4(size)}"
            )
            out.wait(min(0.8, 0.05 + size / 40_000_000))
            out.progress(key, f"{key}: Pushed")
        registry.put_blob(lid)
    digest = manifest_digest(image)
    registry.put_manifest(ref.path, tag, digest, image_data(image))
    digest_ref = f"{ref.name}@{digest}"
    if digest_ref not in image.repo_digests:
        image.repo_digests.append(digest_ref)
    d.emit("image.pushed", image=image.id, ref=f"{ref.name}:{tag}", registry=address)
    if not quiet:
        out.write(f"{tag}: digest: {digest} size: {manifest_size(len(image.layers))}\n")
    return digest


def _bar(done: int, total: int) -> str:
    width = 50
    filled = min(width - 1, int(width * done / total)) if total else width - 1
    return "[" + "=" * filled + ">" + " " * (width - 1 - filled) + "] "


# -- pull ---------------------------------------------------------------------------------------


def pull(d: Daemon, ref: Reference, out: Stream, *, quiet: bool = False) -> Any:
    """Pull from a session registry; None when the reference belongs to the catalog (Hub)."""
    from engine.daemon.images import PullResult, tag_image

    address = canonical_address(ref.domain)
    if address == HUB and not d.state.registries.get(HUB, {}).get("repos", {}).get(ref.path):
        return None
    registry = open_registry(d, ref)
    tag = ref.tag or "latest"
    if not registry.has_repository(ref.path) and address == HUB:
        return None
    found = registry.manifest(ref.path, tag)
    if found is None:
        raise DaemonError(
            f"manifest for {ref.name}:{tag} not found: manifest unknown: manifest unknown"
        )
    digest, data = found
    familiar = f"{ref.name}:{tag}"
    if not quiet:
        out.write(f"{tag}: Pulling from {ref.path}\n")
    existing = d.state.images.get(data["id"])
    if existing is not None and d.state.tags.get(familiar) == existing.id:
        if not quiet:
            out.write(f"Digest: {digest}\nStatus: Image is up to date for {familiar}\n")
        return PullResult(existing, False)
    if existing is None and len(d.state.images) >= MAX_IMAGES:
        raise LimitError("limit.images")
    have = {lid for img in d.state.images.values() for lid in img.layers}
    for lid in data["layers"]:
        short = lid[:12]
        if lid in have:
            if not quiet:
                out.progress(short, f"{short}: Already exists")
            d.emit("layer.exists", image=data["id"], layer=lid, short=short)
            continue
        layer = d.layer(lid)
        if not quiet:
            out.progress(short, f"{short}: Pulling fs layer")
            out.wait(min(0.8, 0.05 + layer.download_size / 40_000_000))
            out.progress(short, f"{short}: Pull complete")
        d.emit("layer.pulled", image=data["id"], layer=lid, short=short, size=layer.size)
    image = existing or image_from_data(data)
    d.state.images[image.id] = image
    digest_ref = f"{ref.name}@{digest}"
    if digest_ref not in image.repo_digests:
        image.repo_digests.append(digest_ref)
    tag_image(d, image, familiar)
    d.emit("image.pulled", image=image.id, ref=familiar)
    if not quiet:
        out.write(f"Digest: {digest}\nStatus: Downloaded newer image for {familiar}\n")
    return PullResult(image, True)
