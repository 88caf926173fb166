"""Images: pull from the catalog (with Docker's progress lines), tag, untag, remove, prune."""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalog import CATALOG, CatalogImage
from engine.daemon.core import MAX_IMAGES, Daemon, DaemonError, LimitError, NotInCatalog
from engine.format.humanize import size4
from engine.io import Stream
from engine.model import Image
from engine.reference import Reference

DOWNLOAD_BYTES_PER_S = 40_000_000  # a pleasant pace for the animation, not a real network
EXTRACT_BYTES_PER_S = 120_000_000
MAX_ANIMATION_S = 6.0


@dataclass
class PullResult:
    image: Image
    downloaded: bool


def catalog_image(ref: Reference, platform: str | None) -> CatalogImage:
    """The catalog's answer for ``ref``, or the registry error Docker prints."""
    if ref.domain != "docker.io":
        raise DaemonError(
            f'Get "https://{ref.domain}/v2/": dial tcp: lookup {ref.domain.split(":")[0]}: no such host'
            if not ref.domain.startswith("localhost")
            else f'Get "http://{ref.domain}/v2/": dial tcp [::1]:{ref.domain.rsplit(":", 1)[-1]}: '
            "connect: connection refused"
        )
    if not CATALOG.has_repository(ref.path):
        raise NotInCatalog(
            f"pull access denied for {ref.name}, repository does not exist or may require "
            "'docker login': denied: requested access to the resource is denied"
        )
    tag = ref.tag or "latest"
    found = CATALOG.lookup(ref.path, tag, None)
    if found is None:
        raise NotInCatalog(
            f"manifest for {ref.name}:{tag} not found: manifest unknown: manifest unknown",
            ref.path,
        )
    if platform:
        chosen = CATALOG.lookup(ref.path, tag, platform)
        if chosen is None:
            raise DaemonError(f"no matching manifest for {platform} in the manifest list entries")
        return chosen
    return found


def copy_config(config: dict) -> dict:
    """A session's own copy of an image config: the catalog's dict is shared by every session.
    Two levels deep is enough: values are lists of strings or dicts of small dicts."""
    return {
        key: list(value)
        if isinstance(value, list)
        else dict(value)
        if isinstance(value, dict)
        else value
        for key, value in config.items()
    }


def image_from_catalog(item: CatalogImage) -> Image:
    return Image(
        id=item.id,
        layers=[layer.id for layer in item.layers],
        config=copy_config(item.config),
        history=list(item.history),
        created=item.created,
        repo_digests=[f"{item.repository.removeprefix('library/')}@{item.index_digest}"],
        docker_version=item.docker_version,
        architecture=item.architecture,
        os=item.os,
        variant=item.variant,
        catalog_ref=f"{item.repository}:{item.tag}@{item.platform}",
        builder="catalog",
    )


def pull(
    d: Daemon,
    ref: Reference,
    out: Stream,
    *,
    platform: str | None = None,
    quiet: bool = False,
) -> PullResult:
    """Pull ``ref`` into the local store, printing Docker's pull lines to ``out``."""
    from engine.daemon import registry

    pushed = registry.pull(d, ref, out, quiet=quiet)  # the learner's own pushes come first
    if pushed is not None:
        return pushed
    tag = ref.tag or "latest"
    item = catalog_image(ref, platform)
    familiar = f"{ref.name}:{tag}"
    if not quiet:
        out.write(f"{tag}: Pulling from {ref.path}\n")
    existing = d.state.images.get(item.id)
    if existing is not None and existing.removed:
        existing.removed = False  # pulled again after `rmi -f`: a listed image once more
    if existing is not None and d.state.tags.get(familiar) == item.id:
        if not quiet:
            out.write(f"Digest: {item.index_digest}\n")
            out.write(f"Status: Image is up to date for {familiar}\n")
        return PullResult(existing, False)
    if existing is None and len(d.state.images) >= MAX_IMAGES:
        raise LimitError("limit.images")
    have = {lid for img in d.state.images.values() for lid in img.layers}
    if not quiet:
        _animate(d, item, have, out)
    else:
        for layer in item.layers:
            if layer.id not in have:
                d.emit(
                    "layer.pulled",
                    image=item.id,
                    layer=layer.id,
                    short=layer.short,
                    size=layer.size,
                )
    image = existing or image_from_catalog(item)
    d.state.images[item.id] = image
    digest_ref = f"{ref.name}@{item.index_digest}"
    if digest_ref not in image.repo_digests:
        image.repo_digests.append(digest_ref)
    tag_image(d, image, familiar)
    d.emit("image.pulled", image=item.id, ref=familiar)
    if not quiet:
        out.write(f"Digest: {item.index_digest}\n")
        out.write(f"Status: Downloaded newer image for {familiar}\n")
    return PullResult(image, True)


def _bar(done: int, total: int) -> str:
    width = 50
    filled = min(width - 1, int(width * done / total)) if total else width - 1
    return "[" + "=" * filled + ">" + " " * (width - 1 - filled) + "] "


def _animate(d: Daemon, item: CatalogImage, have: set[str], out: Stream) -> None:
    """Per-layer progress frames: three parallel downloads, sequential extraction."""
    pending = [layer for layer in item.layers if layer.id not in have]
    for index, layer in enumerate(item.layers):
        if layer.id in have:
            out.progress(layer.short, f"{layer.short}: Already exists")
            d.emit("layer.exists", image=item.id, layer=layer.id, short=layer.short)
        else:
            out.progress(layer.short, f"{layer.short}: Pulling fs layer")
            d.emit(
                "layer.pulling",
                image=item.id,
                layer=layer.id,
                short=layer.short,
                size=layer.size,
                index=index,
                total=len(item.layers),
            )
    if not pending:
        return
    total_bytes = sum(max(layer.download_size, 1) for layer in pending)
    scale = min(1.0, MAX_ANIMATION_S / (total_bytes / DOWNLOAD_BYTES_PER_S + 1e-9))
    for layer in pending[3:]:
        out.progress(layer.short, f"{layer.short}: Waiting")
    for start in range(0, len(pending), 3):
        batch = pending[start : start + 3]
        steps = 4
        for step in range(1, steps + 1):
            out.wait(
                max(
                    0.05,
                    max(la.download_size for la in batch) / DOWNLOAD_BYTES_PER_S * scale / steps,
                )
            )
            for layer in batch:
                size = max(layer.download_size, 1)
                done = size * step // steps
                if step < steps:
                    out.progress(
                        layer.short,
                        f"{layer.short}: Downloading {_bar(done, size)}{size4(done):>8}/{size4(size)}",
                    )
        for layer in batch:
            out.progress(layer.short, f"{layer.short}: Verifying Checksum")
            out.progress(layer.short, f"{layer.short}: Download complete")
    for layer in pending:
        size = max(layer.size, 1)
        if size > 1_000_000:
            out.progress(
                layer.short,
                f"{layer.short}: Extracting {_bar(size // 2, size)}{size4(size // 2):>8}/{size4(size)}",
            )
            out.wait(max(0.05, size / EXTRACT_BYTES_PER_S * scale))
        out.progress(layer.short, f"{layer.short}: Pull complete")
        d.emit("layer.pulled", image=item.id, layer=layer.id, short=layer.short, size=layer.size)


def tag_image(d: Daemon, image: Image, familiar: str) -> None:
    previous = d.state.tags.get(familiar)
    if previous == image.id:
        return
    if previous is not None:
        d.emit("image.untagged", image=previous, ref=familiar)
    d.state.tags[familiar] = image.id
    image.last_tag_time = d.now() if image.builder != "catalog" else image.last_tag_time
    d.emit("image.tagged", image=image.id, ref=familiar)


def untag(d: Daemon, familiar: str) -> str:
    image_id = d.state.tags.pop(familiar)
    d.emit("image.untagged", image=image_id, ref=familiar)
    return image_id


def containers_using(d: Daemon, image_id: str) -> list:
    return [c for c in d.state.containers.values() if c.image_id == image_id]


def delete_image(d: Daemon, image: Image, lines: list[str], *, keep_layers: bool = False) -> None:
    """Remove an untagged image; layers no other image or container needs go with it."""
    for digest in image.repo_digests:
        lines.append(f"Untagged: {digest}")
    d.state.images.pop(image.id, None)
    lines.append(f"Deleted: {image.id}")
    d.emit("image.removed", image=image.id)
    if keep_layers:
        return
    from engine.build.cache import retained_layers

    kept = retained_layers(d.state)  # the BuildKit cache and registries still hold these
    for layer_id in reversed(image.layers):
        if not d.layer_in_use(layer_id):
            lines.append(f"Deleted: sha256:{_chain_id(image, layer_id)}")
            short = layer_id[:12] if layer_id in d.state.local_layers else d.layer(layer_id).short
            if layer_id not in kept:
                d.state.local_layers.pop(layer_id, None)
            d.emit("layer.removed", layer=layer_id, short=short)


def _chain_id(image: Image, layer_id: str) -> str:
    import hashlib

    index = image.layers.index(layer_id)
    chain = ":".join(image.layers[: index + 1])
    return hashlib.sha256(chain.encode()).hexdigest() if index else layer_id


def remove_image(d: Daemon, ref: str, *, force: bool = False) -> list[str]:
    """`docker rmi REF`: the Untagged/Deleted lines, or Docker's conflict errors (§3.6)."""
    image = d.find_image(ref)
    if image is None:
        from engine.reference import ReferenceError as RefError
        from engine.reference import parse_reference

        try:
            shown = parse_reference(ref).familiar
        except RefError:
            shown = ref
        raise DaemonError(f"No such image: {shown}")
    by_id = _is_id_ref(d, ref, image)
    tags = d.tags_of(image.id)
    users = containers_using(d, image.id)
    running = [c for c in users if c.running]
    lines: list[str] = []
    if not by_id:
        from engine.reference import parse_reference

        familiar = parse_reference(ref).familiar
        if len(tags) > 1:
            untag(d, familiar)
            return [f"Untagged: {familiar}"]
        if users and not force:
            raise DaemonError(
                f'conflict: unable to remove repository reference "{ref}" (must force) - '
                f"container {users[0].short_id} is using its referenced image {image.short_id}"
            )
        untag(d, familiar)
        lines.append(f"Untagged: {familiar}")
        lines += _untag_digests(image)
        if running or any(img.parent == image.id for img in d.state.images.values()):
            return lines  # kept as <none>:<none> (or as a hidden parent of a child image)
        if users:
            _mark_removed(d, image, lines)
            return lines
        delete_image(d, image, lines)
        return lines
    if running:
        raise DaemonError(
            f"conflict: unable to delete {image.short_id} (cannot be forced) - image is being used "
            f"by running container {running[0].short_id}"
        )
    if len(tags) > 1 and not force:
        raise DaemonError(
            f"conflict: unable to delete {image.short_id} (must be forced) - image is referenced "
            "in multiple repositories"
        )
    if users and not force:
        raise DaemonError(
            f"conflict: unable to delete {image.short_id} (must be forced) - image is being used "
            f"by stopped container {users[0].short_id}"
        )
    if any(img.parent == image.id for img in d.state.images.values()):
        raise DaemonError(
            f"conflict: unable to delete {image.short_id} (cannot be forced) - image has dependent "
            "child images"
        )
    for tag in tags:
        untag(d, tag)
        lines.append(f"Untagged: {tag}")
    if users:
        lines += _untag_digests(image)
        _mark_removed(d, image, lines)
        return lines
    delete_image(d, image, lines)
    return lines


def _untag_digests(image: Image) -> list[str]:
    lines = [f"Untagged: {digest}" for digest in image.repo_digests]
    image.repo_digests = []
    return lines


def _mark_removed(d: Daemon, image: Image, lines: list[str]) -> None:
    image.removed = True
    lines.append(f"Deleted: {image.id}")
    d.emit("image.removed", image=image.id)


def release_removed(d: Daemon, image_id: str) -> None:
    """The last container of an image removed with `rmi -f` is gone: drop the image for real."""
    image = d.state.images.get(image_id)
    if image is None or not image.removed or containers_using(d, image_id):
        return
    delete_image(d, image, [])


def _is_id_ref(d: Daemon, ref: str, image: Image) -> bool:
    raw = ref.removeprefix("sha256:")
    if ref.startswith("sha256:"):
        return True
    try:
        from engine.reference import parse_reference

        if parse_reference(ref).familiar in d.state.tags:
            return False
    except Exception:
        return True
    return image.id.removeprefix("sha256:").startswith(raw)


def dangling(d: Daemon) -> list[Image]:
    tagged = set(d.state.tags.values())
    parents = {img.parent for img in d.state.images.values()}  # legacy-builder intermediates
    return [
        img for img in d.state.images.values() if img.id not in tagged | parents and not img.removed
    ]


def prune_images(d: Daemon, *, all_unused: bool) -> tuple[list[str], int]:
    """`image prune`: lines (lower-case `untagged:`/`deleted:`) and bytes reclaimed."""
    used = {c.image_id for c in d.state.containers.values()}
    lines: list[str] = []
    reclaimed = 0
    candidates = list(d.state.images.values()) if all_unused else dangling(d)
    for image in candidates:
        if image.id in used or image.id not in d.state.images:
            continue
        before = {lid for img in d.state.images.values() for lid in img.layers}
        sizes = {lid: d.layer(lid).size for lid in before if _known(d, lid)}  # before they go
        deleted: list[str] = []
        for tag in d.tags_of(image.id):
            untag(d, tag)
            deleted.append(f"Untagged: {tag}")
        delete_image(d, image, deleted)
        after = {lid for img in d.state.images.values() for lid in img.layers} | {
            lid
            for c in d.state.containers.values()
            if c.image_id in d.state.images
            for lid in d.state.images[c.image_id].layers
        }
        reclaimed += sum(sizes.get(lid, 0) for lid in before - after)
        lines.extend(line[0].lower() + line[1:] for line in deleted)
        # A pruned build result takes its untagged intermediate parents with it (legacy builder).
        parent = d.state.images.get(image.parent) if image.parent else None
        if (
            parent is not None
            and not d.tags_of(parent.id)
            and not any(img.parent == parent.id for img in d.state.images.values())
        ):
            candidates.append(parent)
    return lines, reclaimed


def _known(d: Daemon, layer_id: str) -> bool:
    try:
        d.layer(layer_id)
    except KeyError:
        return False
    return True
