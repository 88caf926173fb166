"""Finding, reading and normalising a Compose file from the simulated host.

Compose looks for `compose.yaml`, `compose.yml`, `docker-compose.yml`, `docker-compose.yaml` in
the current directory and then its parents; `-f FILE` names one. YAML is read as go-yaml v3 reads
it (YAML 1.2 scalars: `8080:80` is a string, `yes` is a string), `${VAR}` is interpolated from the
shell's environment and the project's `.env`, then the schema and the references are checked.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass
from typing import Any

import yaml

from engine.compose.model import (
    BuildSpec,
    ComposeError,
    NetworkDef,
    Project,
    Service,
    ServicePort,
    ServiceVolume,
    VolumeDef,
)
from engine.compose.schema import DEPENDS_CONDITIONS, SchemaError, validate
from engine.fs import FsError, UnionFS, normpath

FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
INVALID = "invalid compose project"
_PROJECT_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_VARIABLE_RE = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<plain>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?P<braced>[^}]*)\})"
)
_BRACED_RE = re.compile(r"^(?P<name>[_a-zA-Z][_a-zA-Z0-9]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?$", re.S)


class _YamlLoader(yaml.SafeLoader):
    """pyyaml's safe loader with YAML 1.2 core scalars, as go-yaml v3 (Compose) resolves them."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(("bool", "int", "float"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF))$"
    ),
    list("-+0123456789."),
)


@dataclass(slots=True)
class LoadOptions:
    cwd: str
    env: dict[str, str]  # the shell's environment
    files: list[str]  # -f
    project_name: str = ""  # -p
    project_directory: str = ""  # --project-directory


def normalize_project_name(text: str) -> str:
    """compose-go's NormalizeProjectName: lower case, only [a-z0-9_-], no leading `_` or `-`."""
    kept = "".join(re.findall(r"[a-z0-9_-]", text.lower()))
    return kept.lstrip("_-")


def check_project_name(name: str) -> None:
    if not _PROJECT_NAME_RE.match(name):
        raise ComposeError(
            f'invalid project name "{name}": must consist only of lowercase alphanumeric '
            "characters, hyphens, and underscores as well as start with a letter or number"
        )


def find_files(host: UnionFS, options: LoadOptions) -> tuple[list[str], list[str]]:
    """The Compose files to read and the warnings finding them produced."""
    if options.files:
        return [normpath(f, options.cwd) for f in options.files], []
    directory = options.cwd
    while True:
        found = [posixpath.join(directory, n) for n in FILE_NAMES]
        found = [path for path in found if _is_file(host, path)]
        if found:
            warnings = []
            if len(found) > 1:
                warnings = [
                    f"Found multiple config files with supported names: {', '.join(found)}",
                    f"Using {found[0]}",
                ]
            return [found[0]], warnings
        if directory == "/":
            raise ComposeError("no configuration file provided: not found")
        directory = posixpath.dirname(directory)


def _is_file(host: UnionFS, path: str) -> bool:
    node = host.stat(path)
    return node is not None and node.kind == "file"


def load_project(host: UnionFS, options: LoadOptions) -> Project:
    files, warnings = find_files(host, options)
    working_dir = normpath(options.project_directory or posixpath.dirname(files[0]), options.cwd)
    variables = {**_dotenv(host, working_dir), **options.env}
    merged: dict[str, Any] = {}
    for path in files:
        document = _read(host, path)
        if isinstance(document, dict) and "version" in document:
            warnings.append(
                f"{path}: the attribute `version` is obsolete, it will be ignored, please remove "
                "it to avoid potential confusion"
            )
        try:
            validate(document)
        except SchemaError as error:
            raise ComposeError(f"validating {path}: {error.message}") from None
        document = _interpolate(document, variables, warnings)
        merged = _merge(merged, document)
    name = options.project_name or variables.get("COMPOSE_PROJECT_NAME", "")
    name = name or str(merged.get("name") or "")
    if name:
        check_project_name(name)
    else:
        name = normalize_project_name(posixpath.basename(working_dir))
    project = _build_project(name, working_dir, files, merged, variables)
    project.warnings = warnings
    return project


def _read(host: UnionFS, path: str) -> Any:
    try:
        text = host.read(path)
    except FsError as error:
        raise ComposeError(f"open {path}: {error.strerror.lower()}") from None
    try:
        document = _parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        line = (error.problem_mark.line + 1) if error.problem_mark else 0
        raise ComposeError(f"yaml: line {line}: {error.problem}") from None
    except RecursionError:
        raise ComposeError("yaml: exceeded max depth of 10000") from None
    if document is None:
        raise ComposeError(f"empty compose file: {path}")
    return document


# go-yaml (Compose's parser) refuses a document that aliases blow up ("billion laughs"):
# a small file must not cost a worker seconds of expansion.
MAX_EXPANDED_NODES = 100_000


def _parse_yaml(text: str) -> Any:
    loader = _YamlLoader(text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > MAX_EXPANDED_NODES:
            raise ComposeError("yaml: document contains excessive aliasing")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has once every alias is expanded (linear time; an alias
    cycle counts as too many)."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            visiting.discard(id(node))
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = min(total, MAX_EXPANDED_NODES + 1)
            continue
        if id(node) in sizes:
            continue
        if id(node) in visiting:
            return MAX_EXPANDED_NODES + 1
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _dotenv(host: UnionFS, directory: str) -> dict[str, str]:
    try:
        text = host.read(posixpath.join(directory, ".env"))
    except FsError:
        return {}
    return env_lines(text)


def env_lines(text: str) -> dict[str, str]:
    """`KEY=value` lines as Compose's dotenv reads them: comments, `export`, quotes."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key.strip()] = value if eq else ""
    return values


def _interpolate(value: Any, variables: dict[str, str], warnings: list[str]) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, variables, warnings) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, variables, warnings) for v in value]
    if not isinstance(value, str) or "$" not in value:
        return value

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        if match.group("plain"):
            return _lookup(match.group("plain"), variables, warnings)
        braced = _BRACED_RE.match(match.group("braced"))
        if braced is None:
            raise ComposeError(f'Invalid template: "{match.group(0)}"')
        name, op, arg = braced.group("name"), braced.group("op"), braced.group("arg") or ""
        present = name in variables
        filled = present and variables[name] != ""
        if op in (":-", "-"):
            usable = filled if op == ":-" else present
            return variables[name] if usable else arg
        if op in (":?", "?"):
            usable = filled if op == ":?" else present
            if not usable:
                raise ComposeError(f"required variable {name} is missing a value: {arg}")
            return variables[name]
        if op in (":+", "+"):
            usable = filled if op == ":+" else present
            return arg if usable else ""
        return _lookup(name, variables, warnings)

    return _VARIABLE_RE.sub(substitute, value)


def _lookup(name: str, variables: dict[str, str], warnings: list[str]) -> str:
    if name not in variables:
        note = f'The "{name}" variable is not set. Defaulting to a blank string.'
        if note not in warnings:
            warnings.append(note)
        return ""
    return variables[name]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Later files override earlier ones, mapping by mapping (`-f a.yml -f b.yml`)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# -- normalising ---------------------------------------------------------------------------


def _build_project(
    name: str, working_dir: str, files: list[str], doc: dict[str, Any], env: dict[str, str]
) -> Project:
    networks = {
        key: _network(name, key, spec or {}) for key, spec in (doc.get("networks") or {}).items()
    }
    volumes = {
        key: _volume(name, key, spec or {}) for key, spec in (doc.get("volumes") or {}).items()
    }
    services = {
        key: _service(key, spec or {}, working_dir, env)
        for key, spec in (doc.get("services") or {}).items()
    }
    if any(not s.networks for s in services.values()) and "default" not in networks:
        networks["default"] = NetworkDef("default", f"{name}_default")
    for service in services.values():
        service.networks = service.networks or ["default"]
    project = Project(name, working_dir, files, services, networks, volumes)
    _check_references(project)
    return project


def _external(spec: dict[str, Any]) -> bool:
    external = spec.get("external")
    return bool(external.get("name", True)) if isinstance(external, dict) else bool(external)


def _network(project: str, key: str, spec: dict[str, Any]) -> NetworkDef:
    external = _external(spec)
    default_name = key if external else f"{project}_{key}"
    return NetworkDef(
        key,
        str(spec.get("name") or default_name),
        external=external,
        internal=bool(spec.get("internal")),
        driver=str(spec.get("driver") or ""),
        labels=_labels(spec.get("labels")),
    )


def _volume(project: str, key: str, spec: dict[str, Any]) -> VolumeDef:
    external = _external(spec)
    default_name = key if external else f"{project}_{key}"
    return VolumeDef(
        key,
        str(spec.get("name") or default_name),
        external=external,
        driver=str(spec.get("driver") or ""),
        labels=_labels(spec.get("labels")),
    )


def _labels(value: Any) -> dict[str, str]:
    if isinstance(value, list):
        return dict(str(item).partition("=")[::2] for item in value)
    return {str(k): "" if v is None else _scalar(v) for k, v in (value or {}).items()}


def _scalar(value: Any) -> str:
    """A YAML scalar as Compose turns it into a string (`true`, `3`, `1.5`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _words(value: Any) -> list[str] | None:
    """`command:`/`entrypoint:`: a list as is; a string split like a shell would."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    try:
        return shlex.split(str(value))
    except ValueError:
        return str(value).split()


def _service(name: str, spec: dict[str, Any], working_dir: str, env: dict[str, str]) -> Service:
    return Service(
        name,
        image=str(spec.get("image") or ""),
        build=_build(spec.get("build"), working_dir),
        command=_words(spec.get("command")),
        entrypoint=_words(spec.get("entrypoint")),
        environment=_environment(spec.get("environment"), env),
        ports=[p for item in spec.get("ports") or [] for p in _ports(item)],
        volumes=[_service_volume(item, working_dir) for item in spec.get("volumes") or []],
        depends_on=_depends_on(spec.get("depends_on")),
        networks=_service_networks(spec.get("networks")),
        working_dir=str(spec.get("working_dir") or ""),
        restart=str(spec.get("restart") or ""),
        container_name=str(spec.get("container_name") or ""),
        hostname=str(spec.get("hostname") or ""),
        user=_scalar(spec.get("user") or ""),
        tty=bool(spec.get("tty")),
        stdin_open=bool(spec.get("stdin_open")),
        labels=_labels(spec.get("labels")),
        healthcheck=spec.get("healthcheck"),
        expose=[_scalar(e) for e in spec.get("expose") or []],
        env_files=_env_files(spec.get("env_file"), working_dir),
    )


def _env_files(value: Any, working_dir: str) -> list[str]:
    entries = [value] if isinstance(value, str) else list(value or [])
    # Long form: `- path: ./extra.env` (with `required:`, which the playground ignores).
    names = [e.get("path", "") if isinstance(e, dict) else e for e in entries]
    return [normpath(str(name), working_dir) for name in names]


def _build(value: Any, working_dir: str) -> BuildSpec | None:
    if value is None:
        return None
    if isinstance(value, str):
        return BuildSpec(normpath(value, working_dir))
    context = normpath(str(value.get("context") or "."), working_dir)
    return BuildSpec(context, str(value.get("dockerfile") or "Dockerfile"))


def _environment(value: Any, env: dict[str, str]) -> dict[str, str | None]:
    pairs: list[tuple[str, str | None]] = []
    if isinstance(value, list):
        for item in value:
            key, eq, text = str(item).partition("=")
            pairs.append((key, text if eq else None))
    else:
        for key, item in (value or {}).items():
            pairs.append((str(key), None if item is None else _scalar(item)))
    # A name without a value takes the shell's value, or stays unset.
    return {key: text if text is not None else env.get(key) for key, text in pairs}


def _ports(item: Any) -> list[ServicePort]:
    if isinstance(item, dict):
        return [
            ServicePort(
                int(item.get("target") or 0),
                _scalar(item.get("published") or ""),
                str(item.get("host_ip") or ""),
                str(item.get("protocol") or "tcp"),
            )
        ]
    from engine.commands.options import OptionError, parse_ports

    text = _scalar(item)
    try:
        bindings = parse_ports([text])
    except OptionError as error:
        raise ComposeError(error.message) from None
    return [
        ServicePort(
            b.container_port, str(b.host_port) if b.host_port > 0 else "", b.host_ip, b.proto
        )
        for b in bindings
    ]


def _service_volume(item: Any, working_dir: str) -> ServiceVolume:
    if isinstance(item, dict):
        kind = str(item.get("type") or "volume")
        source = str(item.get("source") or "")
        if kind == "bind":
            source = normpath(source.replace("~", "/home/learner", 1), working_dir)
        return ServiceVolume(
            kind, source, str(item.get("target") or ""), bool(item.get("read_only"))
        )
    parts = str(item).split(":")
    if len(parts) == 1:
        return ServiceVolume("volume", "", parts[0])
    source, target = parts[0], parts[1]
    read_only = len(parts) > 2 and "ro" in parts[2].split(",")
    if source.startswith(("/", ".", "~")):
        bind = normpath(source.replace("~", "/home/learner", 1), working_dir)
        return ServiceVolume("bind", bind, target, read_only)
    return ServiceVolume("volume", source, target, read_only)


def _depends_on(value: Any) -> dict[str, str]:
    if isinstance(value, list):
        return {str(name): DEPENDS_CONDITIONS[0] for name in value}
    return {
        str(name): str((spec or {}).get("condition") or DEPENDS_CONDITIONS[0])
        for name, spec in (value or {}).items()
    }


def _service_networks(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(n) for n in value]
    return [str(n) for n in value or {}]


def _check_references(project: Project) -> None:
    """compose-go's consistency checks, in its wording."""
    for service in project.services.values():
        if not service.image and service.build is None:
            raise ComposeError(
                f'service "{service.name}" has neither an image nor a build context '
                f"specified: {INVALID}"
            )
        for dep in service.depends_on:
            if dep not in project.services:
                raise ComposeError(
                    f'service "{service.name}" depends on undefined service "{dep}": {INVALID}'
                )
        for network in service.networks:
            if network not in project.networks:
                raise ComposeError(
                    f'service "{service.name}" refers to undefined network {network}: {INVALID}'
                )
        for mount in service.volumes:
            if mount.type == "volume" and mount.source and mount.source not in project.volumes:
                raise ComposeError(
                    f'service "{service.name}" refers to undefined volume {mount.source}: {INVALID}'
                )
    _check_cycles(project)


def _check_cycles(project: Project) -> None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycle = [*visiting[visiting.index(name) :], name]
            raise ComposeError(f"dependency cycle detected: {' -> '.join(cycle)}")
        visiting.append(name)
        for dep in project.services[name].depends_on:
            visit(dep)
        visiting.pop()
        done.add(name)

    for name in sorted(project.services):
        visit(name)
