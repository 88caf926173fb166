"""A small declarative check language, evaluated against ``engine.view()``.

A check is YAML data: a mapping with exactly one key, the *kind*, whose value holds its arguments.
Kinds compose with ``all``, ``any`` and ``not``. Nothing is ever ``eval``'d: every kind is a plain
function below, and :func:`compile_check` rejects unknown kinds and unknown or mistyped arguments
when a lesson is loaded, so a typo fails at load time rather than silently never passing.

    check:
      all:
        - container: {image: nginx, status: running, port: 8001}
        - image: {ref: "my-custom-nginx:v1", more_layers_than: nginx, by: 1}
        - writable: {container: c2, empty: true}

Counting kinds (``container``, ``image``, ``volume``, ``network``, ``port``) count the items that
match every given argument; the check passes when ``count`` matches exactly, else when the number
is at least ``min`` (default 1) and at most ``max``. ``count: 0`` means "there is none".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

View = Mapping[str, Any]


class CheckError(ValueError):
    """A check that cannot be compiled: unknown kind, unknown argument, wrong type."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a check can see: the engine's view and the last command's outcome."""

    view: View
    last: Mapping[str, Any] = field(default_factory=dict)  # exit_code, input, output


@dataclass(frozen=True, slots=True)
class Check:
    kind: str
    args: Any  # a dict of arguments, a tuple of Checks (all/any) or a Check (not)

    def passes(self, context: Context) -> bool:
        return KINDS[self.kind].run(self.args, context)


@dataclass(frozen=True, slots=True)
class Kind:
    arguments: dict[str, type | tuple[type, ...]]
    run: Callable[[Any, Context], bool]
    required: tuple[str, ...] = ()


COUNTING = {"count": int, "min": int, "max": int}


# -- references and lookups ---------------------------------------------------------------------


def normalize_ref(ref: str) -> str:
    """``docker.io/library/nginx`` -> ``nginx:latest``; a digest or explicit tag is kept."""
    ref = ref.strip()
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if "@" in ref:
        return ref
    last = ref.rsplit("/", 1)[-1]
    return ref if ":" in last else f"{ref}:latest"


def images_matching(view: View, ref: str) -> list[Mapping[str, Any]]:
    """Images a reference names: by tag, or by (short) id."""
    wanted = normalize_ref(ref)
    plain = ref.removeprefix("sha256:")
    found = []
    for image in view.get("images", []):
        tags = {normalize_ref(tag) for tag in image.get("tags", [])}
        image_id = str(image.get("id", "")).removeprefix("sha256:")
        by_id = len(plain) >= 4 and re.fullmatch(r"[0-9a-f]+", plain) and image_id.startswith(plain)
        if wanted in tags or by_id:
            found.append(image)
    return found


def container_named(view: View, name: str) -> Mapping[str, Any] | None:
    for container in view.get("containers", []):
        if str(container.get("name", "")).lstrip("/") == name.lstrip("/"):
            return container
    for container in view.get("containers", []):  # an id prefix, as docker accepts
        if len(name) >= 4 and str(container.get("id", "")).startswith(name):
            return container
    return None


def counted(matches: int, args: Mapping[str, Any]) -> bool:
    if "count" in args:
        return matches == args["count"]
    return matches >= args.get("min", 1) and ("max" not in args or matches <= args["max"])


def same_instruction(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()


# -- the kinds ----------------------------------------------------------------------------------


def run_all(checks: tuple[Check, ...], context: Context) -> bool:
    return all(check.passes(context) for check in checks)


def run_any(checks: tuple[Check, ...], context: Context) -> bool:
    return any(check.passes(context) for check in checks)


def run_not(check: Check, context: Context) -> bool:
    return not check.passes(context)


def container_matches(view: View, container: Mapping[str, Any], args: Mapping[str, Any]) -> bool:
    if "name" in args and str(container.get("name", "")).lstrip("/") != args["name"]:
        return False
    if "image" in args:
        ids = {image.get("id") for image in images_matching(view, args["image"])}
        typed = normalize_ref(str(container.get("image_ref", "")))
        if container.get("image_id") not in ids and typed != normalize_ref(args["image"]):
            return False
    if "status" in args and container.get("status") != args["status"]:
        return False
    if "exit_code" in args and container.get("exit_code") != args["exit_code"]:
        return False
    ports = container.get("ports", [])
    if "port" in args and not any(p.get("host_port") == args["port"] for p in ports):
        return False
    if "container_port" in args and not any(
        p.get("container_port") == args["container_port"] for p in ports
    ):
        return False
    if not mount_matches(container.get("mounts", []), args):
        return False
    networks = {n.get("name") for n in container.get("networks", [])}
    return "network" not in args or args["network"] in networks


def mount_matches(mounts: list[Mapping[str, Any]], args: Mapping[str, Any]) -> bool:
    wanted = {
        key.removeprefix("mount_"): value for key, value in args.items() if key.startswith("mount_")
    }
    if not wanted:
        return True
    return any(all(mount.get(key) == value for key, value in wanted.items()) for mount in mounts)


def run_container(args: Mapping[str, Any], context: Context) -> bool:
    view = context.view
    matches = [c for c in view.get("containers", []) if container_matches(view, c, args)]
    return counted(len(matches), args)


def reference_layers(view: Mapping[str, Any], ref: str) -> list[str] | None:
    """Layers of the image ``ref``: a local image, else a base the last build pulled.

    BuildKit keeps the base images it pulls in its cache, not in ``docker images`` (Docker 27):
    a Dockerfile's ``FROM node:18-alpine`` is known from the build, not the image list.
    """
    found = images_matching(view, ref)
    if found:
        return list(found[0].get("layers", []))
    build = view.get("build") or {}
    for base in build.get("bases", []) if isinstance(build, Mapping) else []:
        if normalize_ref(str(base.get("ref", ""))) == normalize_ref(ref):
            return list(base.get("layers", []))
    return None


def run_image(args: Mapping[str, Any], context: Context) -> bool:
    view = context.view
    images = images_matching(view, args["ref"]) if "ref" in args else list(view.get("images", []))
    matches = []
    for image in images:
        layers = list(image.get("layers", []))
        if "dangling" in args and bool(image.get("dangling")) != args["dangling"]:
            continue
        # An image a container (even a stopped one) uses survives `docker image prune`.
        if "in_use" in args and bool(image.get("containers")) != args["in_use"]:
            continue
        if "layers" in args and len(layers) != args["layers"]:
            continue
        if "more_layers_than" in args:
            other = reference_layers(view, args["more_layers_than"])
            if other is None or len(layers) - len(other) != args.get("by", 1):
                continue
        if "built_on" in args:  # every layer of the base image is at the bottom of this one
            base = reference_layers(view, args["built_on"])
            if not base or layers[: len(base)] != base:
                continue
        if "tag" in args and normalize_ref(args["tag"]) not in {
            normalize_ref(t) for t in image.get("tags", [])
        }:
            continue
        matches.append(image)
    return counted(len(matches), args)


def run_shared_layers(args: Mapping[str, Any], context: Context) -> bool:
    """At least ``min`` layers (default 1) are common to every listed image."""
    common: set[str] | None = None
    for ref in args["images"]:
        images = images_matching(context.view, ref)
        if not images:
            return False
        layers = set(images[0].get("layers", []))
        common = layers if common is None else common & layers
    return common is not None and len(common) >= args.get("min", 1)


def run_writable(args: Mapping[str, Any], context: Context) -> bool:
    container = container_named(context.view, args["container"])
    if container is None:
        return False
    changes = list((container.get("writable") or {}).get("changes", []))
    if "empty" in args:
        return (not changes) == args["empty"]
    for change in changes:
        path = str(change.get("path", ""))
        if "path" in args and path != args["path"]:
            continue
        if "under" in args and not (path + "/").startswith(args["under"].rstrip("/") + "/"):
            continue
        if "change" in args and change.get("change") != args["change"]:
            continue
        if "kind" in args and change.get("kind") != args["kind"]:
            continue
        if "from_image" in args and (change.get("from_layer") is not None) != args["from_image"]:
            continue
        return True
    return bool(args.get("absent", False))


def run_volume(args: Mapping[str, Any], context: Context) -> bool:
    view = context.view
    names = {c.get("id"): str(c.get("name", "")).lstrip("/") for c in view.get("containers", [])}
    matches = []
    for volume in view.get("volumes", []):
        used_by = [names.get(cid, cid) for cid in volume.get("used_by", [])]
        if "name" in args and volume.get("name") != args["name"]:
            continue
        if "anonymous" in args and bool(volume.get("anonymous")) != args["anonymous"]:
            continue
        if "in_use" in args and bool(used_by) != args["in_use"]:
            continue
        if "used_by" in args and args["used_by"] not in used_by:
            continue
        if "min_files" in args and int(volume.get("files", 0)) < args["min_files"]:
            continue
        matches.append(volume)
    return counted(len(matches), args)


def run_network(args: Mapping[str, Any], context: Context) -> bool:
    view = context.view
    matches = []
    for network in view.get("networks", []):
        if "name" in args and network.get("name") != args["name"]:
            continue
        if "driver" in args and network.get("driver") != args["driver"]:
            continue
        if "container" in args:
            container = container_named(view, args["container"])
            if container is None or container.get("id") not in network.get("containers", []):
                continue
        matches.append(network)
    return counted(len(matches), args)


def run_port(args: Mapping[str, Any], context: Context) -> bool:
    matches = []
    for port in context.view.get("ports", []):
        if "host" in args and port.get("host_port") != args["host"]:
            continue
        if "container_port" in args and port.get("container_port") != args["container_port"]:
            continue
        if "name" in args and str(port.get("name", "")).lstrip("/") != args["name"]:
            continue
        matches.append(port)
    return counted(len(matches), args)


def run_build(args: Mapping[str, Any], context: Context) -> bool:
    build = context.view.get("build")
    if not build:
        return False
    steps = list(build.get("steps", []))
    if "image" in args:
        ids = {image.get("id") for image in images_matching(context.view, args["image"])}
        if build.get("image") not in ids:
            return False
    if "steps" in args and len(steps) != args["steps"]:
        return False
    # FROM names the base image; it is never a cache decision of this build.
    layered = [s for s in steps if not str(s.get("instruction", "")).upper().startswith("FROM")]
    if "all_cached" in args and all(s.get("cached") for s in layered) != args["all_cached"]:
        return False
    if "cached_before" in args:
        index = next(
            (
                i
                for i, s in enumerate(layered)
                if same_instruction(str(s.get("instruction", "")), args["cached_before"])
            ),
            None,
        )
        if index is None or not all(s.get("cached") for s in layered[:index]):
            return False
    if "rebuilt" in args:
        step = next(
            (
                s
                for s in layered
                if same_instruction(str(s.get("instruction", "")), args["rebuilt"])
            ),
            None,
        )
        if step is None or step.get("cached"):
            return False
    return True


def run_last(args: Mapping[str, Any], context: Context) -> bool:
    last = context.last
    if not last:
        return False
    code = last.get("exit_code")
    if "exit_code" in args and code != args["exit_code"]:
        return False
    if "failed" in args and (code not in (0, None)) != args["failed"]:
        return False
    line = " ".join(str(last.get("input", "")).split())
    if "input_contains" in args and " ".join(args["input_contains"].split()) not in line:
        return False
    return "output_contains" not in args or args["output_contains"] in str(last.get("output", ""))


KINDS: dict[str, Kind] = {
    "all": Kind({}, run_all),
    "any": Kind({}, run_any),
    "not": Kind({}, run_not),
    "container": Kind(
        {
            "name": str,
            "image": str,
            "status": str,
            "exit_code": int,
            "port": int,
            "container_port": int,
            "mount_type": str,
            "mount_source": str,
            "mount_destination": str,
            "mount_read_only": bool,
            "network": str,
            **COUNTING,
        },
        run_container,
    ),
    "image": Kind(
        {
            "ref": str,
            "dangling": bool,
            "layers": int,
            "more_layers_than": str,
            "by": int,
            "built_on": str,
            "in_use": bool,
            "tag": str,
            **COUNTING,
        },
        run_image,
    ),
    "shared_layers": Kind({"images": list, "min": int}, run_shared_layers, ("images",)),
    "writable": Kind(
        {
            "container": str,
            "path": str,
            "under": str,
            "change": str,
            "kind": str,
            "from_image": bool,
            "empty": bool,
            "absent": bool,
        },
        run_writable,
        ("container",),
    ),
    "volume": Kind(
        {
            "name": str,
            "anonymous": bool,
            "in_use": bool,
            "used_by": str,
            "min_files": int,
            **COUNTING,
        },
        run_volume,
    ),
    "network": Kind({"name": str, "driver": str, "container": str, **COUNTING}, run_network),
    "port": Kind({"host": int, "container_port": int, "name": str, **COUNTING}, run_port),
    "build": Kind(
        {"image": str, "steps": int, "all_cached": bool, "cached_before": str, "rebuilt": str},
        run_build,
    ),
    "last": Kind(
        {"exit_code": int, "failed": bool, "input_contains": str, "output_contains": str},
        run_last,
    ),
}

CHANGE_LETTERS = {"A", "C", "D"}
STATUSES = {"created", "running", "paused", "restarting", "exited", "dead", "removing"}


def compile_check(data: Any, where: str = "check") -> Check:
    """Validate YAML data and turn it into a :class:`Check`; raises :class:`CheckError`."""
    if not isinstance(data, Mapping) or len(data) != 1:
        raise CheckError(f"{where}: a check is a mapping with exactly one kind, got {data!r}")
    ((kind, args),) = data.items()
    if kind not in KINDS:
        raise CheckError(f"{where}: unknown check kind {kind!r} (known: {', '.join(KINDS)})")
    if kind in ("all", "any"):
        if not isinstance(args, list) or not args:
            raise CheckError(f"{where}.{kind}: expects a non-empty list of checks")
        return Check(
            kind, tuple(compile_check(item, f"{where}.{kind}[{i}]") for i, item in enumerate(args))
        )
    if kind == "not":
        return Check(kind, compile_check(args, f"{where}.not"))
    spec = KINDS[kind]
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        raise CheckError(f"{where}.{kind}: expects a mapping of arguments")
    for key, value in args.items():
        if key not in spec.arguments:
            raise CheckError(
                f"{where}.{kind}: unknown argument {key!r} (known: {', '.join(spec.arguments)})"
            )
        expected = spec.arguments[key]
        if (isinstance(value, bool) and expected is int) or not isinstance(value, expected):
            raise CheckError(f"{where}.{kind}.{key}: wrong type {type(value).__name__}")
    for key in spec.required:
        if key not in args:
            raise CheckError(f"{where}.{kind}: missing argument {key!r}")
    if kind == "container" and "status" in args and args["status"] not in STATUSES:
        raise CheckError(f"{where}.container.status: unknown status {args['status']!r}")
    if kind == "writable" and "change" in args and args["change"] not in CHANGE_LETTERS:
        raise CheckError(f"{where}.writable.change: one of A, C, D")
    if kind == "shared_layers" and not all(isinstance(r, str) for r in args["images"]):
        raise CheckError(f"{where}.shared_layers.images: a list of image references")
    return Check(kind, dict(args))


def outcome_dict(outcome: Any) -> dict[str, Any]:
    """The parts of an ``engine.io.Outcome`` (or a plain dict) that checks may read."""
    if outcome is None:
        return {}
    if isinstance(outcome, Mapping):
        return {key: outcome.get(key) for key in ("exit_code", "input", "output")}
    return {
        "exit_code": getattr(outcome, "exit_code", None),
        "input": getattr(outcome, "input", ""),
        "output": getattr(outcome, "output", ""),
    }
