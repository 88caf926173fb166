"""Server-rendered diagrams: ``render_diagrams(view, events, lang)`` -> the ``#diagrams`` fragment.

The view dict (``Engine.view()``, shape in the web contract) is turned into small plain
dictionaries here; the templates in ``templates/diagrams/`` only lay them out. Every element that
represents an engine object carries a stable ``id`` (so the client can tell a new element from one
that merely changed and animate only the new) and ``data-refs``: the names and short ids a learner
may see in terminal output, which the terminal uses to highlight the element.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template import Context
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

from playground.web.fragments import render_keyed, template_engine
from playground.web.narration import normalize_lang, short_id


@dataclass(frozen=True, slots=True)
class PanelSpec:
    """One tab's panel: the fragment template that fills it and the context keys it is given."""

    tab: str
    template: str
    keys: tuple[str, ...]


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("images", "diagrams/images.html", ("images",)),
    PanelSpec("containers", "diagrams/containers.html", ("groups", "ports", "projects")),
    PanelSpec("inside", "diagrams/inside.html", ("containers",)),
    PanelSpec("volumes", "diagrams/volumes.html", ("volumes", "binds")),
    PanelSpec("build", "diagrams/build.html", ("build_steps", "build_image")),
    PanelSpec(
        "disk", "diagrams/disk.html", ("disk_rows", "has_disk_bar", "shared_pct", "unique_pct")
    ),
)
TABS: tuple[str, ...] = tuple(panel.tab for panel in PANELS)

# Which diagram tab an event is about, most significant first: one command emits several kinds
# (`docker run` pulls layers, creates a container, and nginx's start-up copies files up), and the
# tab that comes forward should show what the learner asked for, not the last side effect.
_TAB_BY_PRIORITY: tuple[tuple[str, str], ...] = (
    ("build.", "build"),
    ("container.created", "containers"),
    ("container.removed", "containers"),
    ("image.", "images"),
    ("layer.", "images"),
    ("volume.", "volumes"),
    ("bind.", "volumes"),
    ("container.", "containers"),
    ("file.", "inside"),
    ("network.", "containers"),
    ("http.", "containers"),
)

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@lru_cache(maxsize=8192)  # pure; the same names come back after every command
def dom_id(*parts: str) -> str:
    """An HTML id from engine names: only characters that are safe in ids and CSS selectors."""
    return "-".join(_ID_UNSAFE.sub("_", p) for p in parts if p)


def focus_tab(events: Iterable[Mapping[str, object]]) -> str:
    """The tab the last outcome's events are mostly about ("" when nothing happened)."""
    kinds = [str(event.get("kind", "")) for event in events]
    for prefix, tab in _TAB_BY_PRIORITY:
        if any(kind.startswith(prefix) for kind in kinds):
            return tab
    return ""


@lru_cache(maxsize=2048)  # pure; every container of an image repeats its layers' history
def instruction_label(created_by: str) -> str:
    """A layer's history line as the instruction a learner wrote ("COPY file:9e…", "RUN apt-get …").

    Docker records classic-builder steps as ``/bin/sh -c #(nop) CMD …`` and ``/bin/sh -c <cmd>``
    for RUN; BuildKit prefixes RUN with ``|N ARG=… /bin/sh -c``. The full text stays in the title.
    """
    text = " ".join(created_by.split())
    text = re.sub(r"^\|\d+(?: \S+=\S*)* ", "", text)
    if text.startswith("/bin/sh -c #(nop) "):
        return text.removeprefix("/bin/sh -c #(nop) ").strip()
    if text.startswith("/bin/sh -c "):
        return "RUN " + text.removeprefix("/bin/sh -c ").strip()
    return text


def _image_name(image: Mapping[str, Any]) -> str:
    tags = image.get("tags") or []
    return str(tags[0]) if tags else "<none>:<none>"


def _refs(*values: object) -> str:
    words: list[str] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            text = str(item or "")
            if text and text not in words:
                words.append(text)
                # "nginx:latest" is what `docker images` prints as "nginx   latest"; "nginx" too.
                if text.endswith(":latest"):
                    words.append(text.removesuffix(":latest"))
    return " ".join(words)


def _layer_short(layer_id: object, layers: Mapping[str, Mapping[str, Any]]) -> str:
    """The short id Docker prints for a layer (its distribution digest, not its diff id)."""
    layer = layers.get(str(layer_id or ""), {})
    return str(layer.get("short") or short_id(layer_id))


def _fresh(
    events: list[Mapping[str, object]], all_layers: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """What the last outcome touched, so the templates can mark it (stagger order for layers)."""
    layers: dict[str, int] = {}
    files: set[tuple[str, str]] = set()
    containers: set[str] = set()
    for event in events:
        kind = str(event.get("kind", ""))
        if kind in ("layer.pulled", "layer.pulling") and event.get("layer"):
            short = str(event.get("short") or _layer_short(event["layer"], all_layers))
            layers.setdefault(short, len(layers))
        elif kind.startswith("file.") and event.get("container"):
            files.add((short_id(event["container"]), str(event.get("path", ""))))
        if kind.startswith(("file.", "container.")) and event.get("container"):
            containers.add(short_id(event["container"]))
    return {"layers": layers, "files": files, "containers": containers}


def _layer_rows(
    image: Mapping[str, Any],
    layers: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, str],
    owner: Mapping[str, str],
    fresh: Mapping[str, int],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    image_id = str(image.get("id", ""))
    for layer_id in reversed(list(image.get("layers") or [])):  # top of the stack first
        layer = layers.get(layer_id, {})
        short = str(layer.get("short") or short_id(layer_id))
        sharers = [names[i] for i in layer.get("images") or [] if i != image_id and i in names]
        # A layer shared by several images is drawn in each stack; the oldest image holding it
        # keeps the plain id so adding a newer image never renames the existing element.
        if owner.get(layer_id) == image_id:
            element_id = dom_id("layer", short)
        else:
            element_id = dom_id("layer", short, "in", short_id(image_id))
        created_by = str(layer.get("created_by") or "")
        rows.append(
            {
                "id": element_id,
                "short": short,
                "created_by": created_by,
                "label": instruction_label(created_by),
                "size_text": str(layer.get("size_text") or ""),
                "empty": not layer.get("size"),
                "shared_with": sharers,
                "fresh": short in fresh,
                "stagger": fresh.get(short, 0),
                "refs": _refs(short),
            }
        )
    return rows


class ImageStack:
    """An image's layer rows as drawn inside its containers, built once for all of them."""

    __slots__ = ("digest", "rows")

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.digest = hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()


class ContainerStack:
    """The image's stack seen inside one container: the same rows, ids under the container's prefix.

    Its ``repr`` is part of the inside card's fragment cache key: a digest of the rows, taken once
    per image, so thirty containers of one image do not each spell out the layer rows in a key.
    """

    __slots__ = ("prefix", "stack")

    def __init__(self, stack: ImageStack, prefix: str) -> None:
        self.stack = stack
        self.prefix = prefix

    def __len__(self) -> int:
        return len(self.stack.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.stack.rows:
            yield {**row, "id": dom_id(self.prefix, "layer", row["short"])}

    def __repr__(self) -> str:
        return f"ContainerStack({self.prefix!r}, {self.stack.digest!r})"


def _change_chip(
    change: Mapping[str, Any],
    container_short: str,
    layers: Mapping[str, Mapping[str, Any]],
    fresh_files: set[tuple[str, str]],
) -> dict[str, Any]:
    """One changed path of a container's writable layer, as its file chip shows it."""
    path = str(change.get("path", ""))
    kind = str(change.get("change", "A"))
    from_layer = change.get("from_layer")
    return {
        "path": path,
        "change": kind,
        "kind": str(change.get("kind", "file")),
        "size": change.get("size"),
        "from_layer": _layer_short(from_layer, layers) if from_layer else "",
        "fresh": (container_short, path) in fresh_files,
        "dom": dom_id("inside", container_short, kind, path),
    }


# What a container card on the containers tab shows; the card's cache key is made of these alone,
# so a file written inside a container does not re-render its card.
CARD_FIELDS: tuple[str, ...] = (
    "id",
    "short",
    "name",
    "status",
    "status_text",
    "ports",
    "mounts",
    "fresh",
    "refs",
    "health",
    "project",
    "service",
)
# What the badge draws ("" draws none); marked here for translation, translated in the template.
HEALTH_STATES = (gettext_noop("starting"), gettext_noop("healthy"), gettext_noop("unhealthy"))


def _fan_groups(
    images: list[dict[str, Any]], containers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The containers tab: containers grouped under the image they were created from (fan-out)."""
    by_image: dict[str, dict[str, Any]] = {
        image["id"]: {
            "image": {"id": image["id"], "name": image["name"], "refs": image["refs"]},
            "containers": [],
        }
        for image in images
    }
    for ctr in containers:
        group = by_image.setdefault(
            ctr["image_dom"],
            {
                "image": {
                    "id": ctr["image_dom"],
                    "name": ctr["image_name"],
                    "refs": _refs(ctr["image_name"]),
                },
                "containers": [],
            },
        )
        group["containers"].append({field: ctr[field] for field in CARD_FIELDS})
    return [group for group in by_image.values() if group["containers"]]


def _compose_projects(containers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compose projects on the containers tab: each project's name and its containers' names
    (the cards, grouped by image, carry the project's name as a tag)."""
    projects: dict[str, list[str]] = {}
    for ctr in containers:
        if ctr["project"]:
            projects.setdefault(ctr["project"], []).append(ctr["name"])
    return [
        {"name": name, "containers": sorted(names), "refs": _refs(name, sorted(names))}
        for name, names in sorted(projects.items())
    ]


def build_context(view: Mapping[str, Any], events: list[Mapping[str, object]]) -> dict[str, Any]:
    """Plain data for the templates; pure function of the view and the last events."""
    raw_images: list[Mapping[str, Any]] = list(view.get("images") or [])
    layers: Mapping[str, Mapping[str, Any]] = view.get("layers") or {}
    fresh = _fresh(events, layers)
    names = {str(i.get("id")): _image_name(i) for i in raw_images}
    owner: dict[str, str] = {}
    for image in raw_images:  # newest first, so the last writer is the oldest image
        for layer_id in image.get("layers") or []:
            owner[layer_id] = str(image.get("id"))

    ctr_names = {str(c.get("id")): str(c.get("name")) for c in view.get("containers") or []}

    images = []
    for image in raw_images:
        short = str(image.get("short_id") or short_id(image.get("id")))
        images.append(
            {
                "id": dom_id("img", short),
                "short": short,
                "name": names[str(image.get("id"))],
                "tags": list(image.get("tags") or []),
                "size_text": str(image.get("size_text") or ""),
                "dangling": bool(image.get("dangling")),
                "layers": _layer_rows(image, layers, names, owner, fresh["layers"]),
                "containers": [
                    ctr_names.get(c, short_id(c)) for c in image.get("containers") or []
                ],
                "refs": _refs(image.get("tags") or [], short),
            }
        )
    images_by_id = {str(i.get("id")): i for i in raw_images}
    stacks = {
        image_id: ImageStack(_layer_rows(image, layers, names, owner, {}))
        for image_id, image in images_by_id.items()
    }

    containers = []
    for ctr in view.get("containers") or []:
        short = str(ctr.get("short_id") or short_id(ctr.get("id")))
        image = images_by_id.get(str(ctr.get("image_id")))
        writable = ctr.get("writable") or {}
        changes: list[Mapping[str, Any]] = list(writable.get("changes") or [])
        # Parent folders are copied up along with a file (docker diff lists them as "C"); they
        # would bury the one file that changed, so the slab shows files and counts folders.
        files = [
            _change_chip(change, short, layers, fresh["files"])
            for change in changes
            if change.get("kind", "file") != "dir" or change.get("change", "A") == "D"
        ]
        folders = len(changes) - len(files)
        containers.append(
            {
                "id": dom_id("ctr", short),
                "inside_id": dom_id("inside", short),
                "short": short,
                "name": str(ctr.get("name", "")),
                "status": str(ctr.get("status", "created")),
                "status_text": str(ctr.get("status_text", "")),
                "image_name": _image_name(image) if image else str(ctr.get("image_ref", "")),
                "image_dom": dom_id("img", short_id(ctr.get("image_id"))),
                "ports": [
                    {
                        "host": p.get("host_port"),
                        "container": p.get("container_port"),
                        "proto": p.get("proto", "tcp"),
                    }
                    for p in ctr.get("ports") or []
                    if p.get("host_port")
                ],
                "mounts": list(ctr.get("mounts") or []),
                "networks": list(ctr.get("networks") or []),
                "writable_size": str(writable.get("size_text") or "0B"),
                "changed": bool(changes),
                "files": files,
                "folders": folders,
                "image_layers": (
                    ContainerStack(stacks[str(image.get("id"))], dom_id("in", short))
                    if image
                    else []
                ),
                "fresh": short in fresh["containers"],
                "refs": _refs(ctr.get("name"), short),
                "health": health
                if (health := str(ctr.get("health") or "")) in HEALTH_STATES
                else "",
                "project": str(ctr.get("project") or ""),
                "service": str(ctr.get("service") or ""),
            }
        )

    groups = _fan_groups(images, containers)
    projects = _compose_projects(containers)

    volumes = []
    for volume in view.get("volumes") or []:
        name = str(volume.get("name", ""))
        used = [ctr_names.get(c, short_id(c)) for c in volume.get("used_by") or []]
        mounts = [
            {
                "container": c["name"],
                "destination": m.get("destination", ""),
                "read_only": m.get("read_only", False),
            }
            for c in containers
            for m in c["mounts"]
            if m.get("type") == "volume" and m.get("source") == name
        ]
        volumes.append(
            {
                "id": dom_id("vol", name[:24]),
                "name": name if not volume.get("anonymous") else short_id(name),
                "anonymous": bool(volume.get("anonymous")),
                "size_text": str(volume.get("size_text") or ""),
                "files": volume.get("files", 0),
                "used_by": used,
                "mounts": mounts,
                "refs": _refs(name, name[:12]),
            }
        )
    binds = [
        {
            "id": dom_id("bind", c["short"], str(i)),
            "source": m.get("source", ""),
            "container": c["name"],
            "destination": m.get("destination", ""),
            "read_only": m.get("read_only", False),
        }
        for c in containers
        for i, m in enumerate(c["mounts"])
        if m.get("type") == "bind"
    ]

    build = view.get("build") or None
    build_steps = []
    if build:
        for step in build.get("steps") or []:
            build_steps.append(
                {
                    "id": dom_id("step", str(step.get("index", ""))),
                    "index": step.get("index"),
                    "total": step.get("total"),
                    "instruction": str(step.get("instruction", "")),
                    "cached": bool(step.get("cached")),
                    "layer": _layer_short(step.get("layer"), layers) if step.get("layer") else "",
                }
            )

    disk = view.get("disk") or {}
    disk_rows = []
    for key in ("images", "containers", "volumes", "build_cache"):
        row = disk.get(key)
        if isinstance(row, Mapping):
            disk_rows.append({"key": key, **row})
    shared = int(disk.get("shared_bytes") or 0)
    unique = int(disk.get("unique_bytes") or 0)
    total = shared + unique
    shared_pct = round(100 * shared / total, 1) if total else 0.0

    return {
        "images": images,
        "containers": containers,
        "groups": groups,
        "projects": projects,
        "volumes": volumes,
        "binds": binds,
        "build": build,
        "build_image": short_id(build.get("image")) if build and build.get("image") else "",
        "build_steps": build_steps,
        "disk_rows": disk_rows,
        "shared_bytes": shared,
        "unique_bytes": unique,
        "shared_pct": shared_pct,
        "unique_pct": round(100 - shared_pct, 1) if total else 0.0,
        "has_disk_bar": total > 0,
        "ports": [
            {
                "host": p.get("host_port"),
                "container_port": p.get("container_port"),
                "name": str(p.get("name", "")),
                "container": short_id(p.get("container")),
            }
            for p in view.get("ports") or []
        ],
        "focus": focus_tab(events),
        "tabs": TABS,
    }


@dataclass(frozen=True, slots=True)
class Panel:
    """One rendered panel: its tab, the digest that stands for its HTML, and the HTML."""

    tab: str
    digest: bytes
    html: SafeString


@dataclass(frozen=True, slots=True)
class RenderedDiagrams:
    """The fragment's parts: the tab the events are about and every panel, in tab order."""

    focus: str
    panels: tuple[Panel, ...]


def render_panels(
    view: Mapping[str, Any], events: list[Mapping[str, object]], lang: str
) -> RenderedDiagrams:
    """Every panel of the ``#diagrams`` fragment for one engine view, in ``lang``, separately:
    the runtime sends only those whose digest changed since the session's last broadcast."""
    context = build_context(view, events)
    panels: list[Panel] = []
    with translation.override(normalize_lang(lang)):
        for spec in PANELS:
            digest, inner = render_keyed(spec.template, {key: context[key] for key in spec.keys})
            html = format_html(
                '<div class="panel" id="panel-{0}" role="tabpanel" aria-labelledby="tab-{0}"'
                ' data-tab="{0}">{1}</div>',
                spec.tab,
                inner,
            )
            panels.append(Panel(spec.tab, digest, html))
    return RenderedDiagrams(context["focus"], tuple(panels))


def section_html(rendered: RenderedDiagrams, lang: str) -> str:
    """The whole ``<section id="diagrams">`` around the rendered panels."""
    with translation.override(normalize_lang(lang)):
        template = template_engine().get_template("diagrams/section.html")
        context = {"focus": rendered.focus, "panels": [panel.html for panel in rendered.panels]}
        return template.render(Context(context))


def render_diagrams(view: Mapping[str, Any], events: list[Mapping[str, object]], lang: str) -> str:
    """The ``<section id="diagrams">`` fragment for one engine view, in ``lang``."""
    return section_html(render_panels(view, events, lang), lang)
