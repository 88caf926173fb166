"""docker save / load (images with their layers) and export / import (a flat filesystem)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from engine.build.layers import make_layer
from engine.build.tarball import node_data, node_from, pack, read
from engine.commands.base import Ctx, Parsed, command, flag_list
from engine.daemon import images, registry
from engine.daemon.core import MAX_IMAGES
from engine.format.humanize import size4
from engine.fs import FsError, Layer, Node, UnionFS, normpath
from engine.messages import text
from engine.model import HistoryEntry, Image
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference

TAR_OVERHEAD = 10_240
COWARD = "cowardly refusing to save to a terminal. Use the -o flag or redirect"


def _write_archive(ctx: Ctx, target: str, body: str, size: int) -> int:
    """Write to `-o FILE` on the host, or to stdout when it is redirected."""
    if not target:
        if ctx.p.stdout.is_terminal:
            ctx.err(COWARD + "\n")
            return 1
        ctx.out(body)
        return 0
    host = ctx.d.host_fs()
    path = normpath(target, ctx.p.cwd)
    try:
        host.put_node(path, Node("file", mode=0o600, size=size, text=body, mtime=ctx.now()))
    except FsError as error:
        ctx.err(f"failed to save image: invalid output path: {error}\n")
        return 1
    return 0


def _layer_data(layer: Layer) -> dict[str, Any]:
    return {
        "entries": [[path, node_data(node)] for path, node in layer.entries.items()],
        "size": layer.size,
        "download_size": layer.download_size,
        "digest": layer.digest,
    }


@command("image.save")
def save(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    picked: list[tuple[Image, list[str]]] = []
    for ref in cmd.args:
        image = d.find_image(ref)
        if image is None:
            try:
                shown = parse_reference(ref).familiar
            except RefError:
                shown = ref
            return ctx.daemon_error(f"No such image: {shown}")
        try:
            tag = (
                parse_reference(ref).familiar
                if d.state.tags.get(parse_reference(ref).familiar) == image.id
                else ""
            )
        except RefError:
            tag = ""
        picked.append((image, [tag] if tag else []))
    layers: dict[str, Any] = {}
    size = TAR_OVERHEAD
    for image, _tags in picked:
        for lid in image.layers:
            if lid in layers:
                continue
            layer = d.layer(lid)
            size += layer.size + 1024
            # Catalog layers are shared by every session: the archive names them; ours travel.
            layers[lid] = _layer_data(layer) if lid in d.state.local_layers else None
    body = pack(
        "save",
        {
            "images": [{**registry.image_data(img), "tags": tags} for img, tags in picked],
            "layers": layers,
        },
    )
    return _write_archive(ctx, cmd.flags.get("output") or "", body, size)


def _read_input(ctx: Ctx, path: str) -> tuple[dict[str, Any] | None, int]:
    if not path:
        if not ctx.p.stdin:
            ctx.err("requested load from stdin, but stdin is empty\n")
            return None, 1
        data = read(ctx.p.stdin)
    else:
        host = ctx.d.host_fs()
        node = host.stat(path, ctx.p.cwd)
        if node is None:
            ctx.err(f"open {path}: no such file or directory\n")
            return None, 1
        data = read(node.text)
    if data is None:
        ctx.err("Error response from daemon: archive/tar: invalid tar header\n")
        return None, 1
    return data, 0


@command("image.load")
def load(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    data, status = _read_input(ctx, cmd.flags.get("input") or "")
    if data is None:
        return status
    if data.get("kind") != "save":
        ctx.err(
            "Error response from daemon: open /var/lib/docker/tmp/docker-import/repositories: no such file or directory\n"
        )
        return 1
    quiet = bool(cmd.flags.get("quiet"))
    have = {lid for img in d.state.images.values() for lid in img.layers}
    for lid, layer in data["layers"].items():
        if layer is not None and lid not in d.state.local_layers:
            entries = {path: node_from(v) for path, v in layer["entries"]}
            d.state.local_layers[lid] = Layer(
                lid, entries, layer["size"], layer["download_size"], layer["digest"]
            )
        if lid not in have and not quiet:
            size = d.layer(lid).size
            bar = "[" + "=" * 49 + ">]"
            ctx.out(f"{lid[:12]}: Loading layer {bar}{size4(size):>9}/{size4(size)}\n")
    for item in data["images"]:
        if item["id"] not in d.state.images and len(d.state.images) >= MAX_IMAGES:
            ctx.err(text("limit.images", d.lang) + "\n")
            return 1
        image = d.state.images.get(item["id"]) or registry.image_from_data(item)
        d.state.images[image.id] = image
        for tag in item.get("tags", []):
            previous = d.state.tags.get(tag)
            if previous and previous != image.id and not quiet:
                old = d.state.images.get(previous)
                shown = old.short_id if old else previous
                ctx.out(
                    f"The image {tag} already exists, renaming the old one with ID {previous} to empty string\n"
                )
                del shown
            images.tag_image(d, image, tag)
            if not quiet:
                ctx.out(f"Loaded image: {tag}\n")
        if not item.get("tags") and not quiet:
            ctx.out(f"Loaded image ID: {image.id}\n")
        d.emit("image.loaded", image=image.id, refs=item.get("tags", []))
    return 0


@command("container.export")
def export(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    container = d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    image = d.state.images.get(container.image_id)
    lower = list(image.layers) if image else []
    size = TAR_OVERHEAD + sum(d.layer(lid).size for lid in lower)
    size += sum(n.size for n in container.upper.values() if n.kind == "file")
    # Catalog layers are named, not copied: the archive stays small in the session state.
    body = pack(
        "export",
        {
            "layers": lower,
            "local": {
                lid: _layer_data(d.layer(lid)) for lid in lower if lid in d.state.local_layers
            },
            "upper": [[path, node_data(node)] for path, node in container.upper.items()],
        },
    )
    return _write_archive(ctx, cmd.flags.get("output") or "", body, size)


def _flatten(ctx: Ctx, data: dict[str, Any]) -> dict[str, Node]:
    d = ctx.d
    if data.get("kind") == "files":
        return {normpath(path, "/"): node_from(v) for path, v in data["files"]}
    layers = []
    for lid in data.get("layers", []):
        local = data.get("local", {}).get(lid)
        if local is not None:
            entries = {path: node_from(v) for path, v in local["entries"]}
            layers.append(
                Layer(lid, entries, local["size"], local["download_size"], local["digest"])
            )
        else:
            layers.append(d.layer(lid))
    upper = {path: node_from(v) for path, v in data.get("upper", [])}
    fs = UnionFS(upper, layers)
    return {path: node for path, node in fs.walk("/")}


@command("image.import")
def import_(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.interact import _apply_change

    d = ctx.d
    source = cmd.args[0]
    if "://" in source:
        ctx.err(text("unsupported", d.lang, what="docker import URL") + "\n")
        return 1
    data, status = _read_input(ctx, "" if source == "-" else source)
    if data is None:
        return status
    if data.get("kind") not in ("export", "files"):
        ctx.err("Error response from daemon: archive/tar: invalid tar header\n")
        return 1
    familiar = ""
    if len(cmd.args) > 1:
        try:
            familiar = parse_reference(cmd.args[1]).familiar
        except RefError as error:
            ctx.err(error.message + "\n")
            return 1
    if len(d.state.images) >= MAX_IMAGES:
        ctx.err(text("limit.images", d.lang) + "\n")
        return 1
    layer = make_layer(_flatten(ctx, data))
    d.state.local_layers.setdefault(layer.id, layer)
    config: dict[str, Any] = {"Env": None, "Cmd": None, "Entrypoint": None}
    for change in flag_list(cmd.flags, "change"):
        _apply_change(config, change)
    message = cmd.flags.get("message") or ""
    shown = "-" if source == "-" else source
    history = [HistoryEntry(d.now(), "", False, message or f"Imported from {shown}", layer.size)]
    doc = json.dumps([layer.id, config, d.now(), message], sort_keys=True, default=str)
    image = Image(
        id="sha256:" + hashlib.sha256(doc.encode()).hexdigest(),
        layers=[layer.id],
        config=config,
        history=history,
        created=d.now(),
        comment=message or f"Imported from {shown}",
        docker_version="27.5.1",
        builder="commit",
    )
    d.state.images[image.id] = image
    if familiar:
        images.tag_image(d, image, familiar)
    d.emit("image.loaded", image=image.id, refs=[familiar] if familiar else [])
    ctx.out(image.id + "\n")
    return 0
