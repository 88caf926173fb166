"""`docker compose config`: the project in Compose's canonical form (long syntax, absolute
paths, resolved names), as YAML written the way go-yaml v3 writes it (lists indented, strings
that would read as another type double-quoted)."""

from __future__ import annotations

import json
from typing import Any

import yaml

from engine.compose.model import Project, Service

_STR_TAG = "tag:yaml.org,2002:str"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # go-yaml indents list items under their key


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    implicit = dumper.resolve(yaml.ScalarNode, value, (True, False))
    style = '"' if value == "" or implicit != _STR_TAG else None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar(_STR_TAG, value, style=style)


_Dumper.add_representer(str, _represent_str)


def render_config(project: Project, fmt: str = "yaml") -> str:
    document = canonical(project)
    if fmt == "json":
        return json.dumps(document, indent=4) + "\n"
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True
    )


def canonical(project: Project) -> dict[str, Any]:
    document: dict[str, Any] = {"name": project.name, "services": {}}
    for name in sorted(project.services):
        document["services"][name] = _service(project, project.services[name])
    if project.networks:
        document["networks"] = {
            key: _named(net.name, net.external) for key, net in sorted(project.networks.items())
        }
    if project.volumes:
        document["volumes"] = {
            key: _named(vol.name, vol.external) for key, vol in sorted(project.volumes.items())
        }
    return document


def _named(name: str, external: bool) -> dict[str, Any]:
    return {"name": name, "external": True} if external else {"name": name}


def _service(project: Project, service: Service) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if service.build is not None:
        out["build"] = {"context": service.build.context, "dockerfile": service.build.dockerfile}
    if service.command is not None:
        out["command"] = service.command
    if service.container_name:
        out["container_name"] = service.container_name
    if service.depends_on:
        out["depends_on"] = {
            dep: {"condition": cond, "required": True}
            for dep, cond in sorted(service.depends_on.items())
        }
    if service.entrypoint is not None:
        out["entrypoint"] = service.entrypoint
    if service.environment:
        out["environment"] = dict(sorted(service.environment.items()))
    if service.expose:
        out["expose"] = service.expose
    if service.healthcheck:
        out["healthcheck"] = service.healthcheck
    if service.hostname:
        out["hostname"] = service.hostname
    if service.image:
        out["image"] = service.image
    if service.labels:
        out["labels"] = dict(sorted(service.labels.items()))
    out["networks"] = {key: None for key in service.networks}
    if service.ports:
        out["ports"] = [_port(p) for p in service.ports]
    if service.restart:
        out["restart"] = service.restart
    if service.stdin_open:
        out["stdin_open"] = True
    if service.tty:
        out["tty"] = True
    if service.user:
        out["user"] = service.user
    if service.volumes:
        out["volumes"] = [_volume(v) for v in service.volumes]
    if service.working_dir:
        out["working_dir"] = service.working_dir
    return out


def _port(port: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"mode": "ingress"}
    if port.host_ip:
        out["host_ip"] = port.host_ip
    out["target"] = port.target
    if port.published:
        out["published"] = port.published
    out["protocol"] = port.protocol
    return out


def _volume(volume: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": volume.type}
    if volume.source:
        out["source"] = volume.source
    out["target"] = volume.target
    if volume.read_only:
        out["read_only"] = True
    if volume.type == "bind":
        out["bind"] = {"create_host_path": True}
    elif volume.type == "volume":
        out["volume"] = {}
    return out
