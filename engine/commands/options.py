"""Parsing the values of `run`/`create` options: ports, volumes, mounts, env, restart policies."""

from __future__ import annotations

import re

from engine.daemon.core import DaemonError
from engine.fs import FsError, UnionFS, normpath
from engine.model import MountSpec, PortBinding


class OptionError(Exception):
    """A CLI-side validation error (no "Error response from daemon:" prefix)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_ports(specs: list[str]) -> list[PortBinding]:
    bindings: list[PortBinding] = []
    for spec in specs:
        rest, _, proto = spec.partition("/")
        proto = proto or "tcp"
        if proto not in ("tcp", "udp", "sctp"):
            raise OptionError(f"invalid proto: {proto}")
        parts = rest.rsplit(":", 2) if rest.count(":") <= 2 else None
        if parts is None:
            raise OptionError(f"invalid port format: {spec}")
        if len(parts) == 1:
            host_ip, host_port, container_port = "", "", parts[0]
        elif len(parts) == 2:
            host_ip, (host_port, container_port) = "", parts
        else:
            host_ip, host_port, container_port = parts
        container_range = _port_range(container_port, "containerPort")
        host_range = _port_range(host_port, "hostPort") if host_port else []
        if host_range and len(host_range) != len(container_range):
            if len(host_range) < len(container_range):
                raise OptionError(
                    f"invalid ranges specified for container and host Ports: {container_port} and {host_port}"
                )
            host_range = host_range[: len(container_range)]
        for i, cport in enumerate(container_range):
            bindings.append(PortBinding(cport, proto, host_ip, host_range[i] if host_range else -1))
    return bindings


def _port_range(text: str, what: str) -> list[int]:
    start, _, end = text.partition("-")
    if not re.fullmatch(r"\d{1,5}", start) or (end and not re.fullmatch(r"\d{1,5}", end)):
        raise OptionError(f"invalid {what}: {text}")
    first, last = int(start), int(end or start)
    if not 0 < first <= 65535 or not 0 < last <= 65535 or last < first:
        raise OptionError(f"invalid {what}: {text}")
    if last - first > 100:
        raise OptionError(f"invalid {what}: {text}")
    return list(range(first, last + 1))


def parse_volume(spec: str, cwd: str) -> MountSpec:
    parts = spec.split(":")
    if len(parts) > 3 or (not all(parts) and len(parts) > 1):
        raise OptionError(f"invalid volume specification: '{spec}'")
    mode = ""
    if len(parts) == 3:
        mode = parts[2]
        if any(m not in ("ro", "rw", "z", "Z", "nocopy") for m in mode.split(",")):
            raise DaemonError(f"invalid mode: {mode}")
    if len(parts) == 1:
        destination = parts[0]
        if not destination.startswith("/"):
            raise DaemonError(
                f"invalid volume specification: '{spec}': invalid mount config for type "
                f"\"volume\": invalid mount path: '{destination}' mount path must be absolute"
            )
        return MountSpec("volume", normpath(destination), anonymous=True)
    source, destination = parts[0], parts[1]
    is_bind = source.startswith(("/", "./", "../", "~")) or source in (".", "..")
    kind = "bind" if is_bind else "volume"
    if not destination.startswith("/"):
        raise DaemonError(
            f"invalid volume specification: '{spec}': invalid mount config for type "
            f"\"{kind}\": invalid mount path: '{destination}' mount path must be absolute"
        )
    read_only = "ro" in mode.split(",")
    if is_bind:
        source = normpath(source.replace("~", "/home/learner", 1), cwd)
    return MountSpec(kind, normpath(destination), source, read_only)


def parse_mount(spec: str, cwd: str) -> MountSpec:
    fields: dict[str, str] = {}
    for item in spec.split(","):
        key, eq, value = item.partition("=")
        key = key.strip().lower()
        if not eq and key in ("readonly", "ro"):
            value = "true"
        fields[key] = value
    kind = fields.get("type", "volume")
    if kind not in ("volume", "bind", "tmpfs"):
        raise OptionError(
            f'invalid argument "{spec}" for "--mount" flag: unknown mount type {kind}'
        )
    target = fields.get("destination") or fields.get("dst") or fields.get("target")
    if not target:
        raise DaemonError("invalid mount config: mount target must not be empty")
    source = fields.get("source") or fields.get("src") or ""
    read_only = fields.get("readonly", fields.get("ro", "false")) in ("true", "1", "")
    if kind == "bind":
        if not source:
            raise DaemonError(
                'invalid mount config for type "bind": field Source must not be empty'
            )
        source = normpath(source, cwd)
    return MountSpec(
        kind, normpath(target), source, read_only, anonymous=kind == "volume" and not source
    )


def read_env_file(host: UnionFS, path: str, cwd: str) -> list[str]:
    try:
        text = host.read(path, cwd)
    except FsError as error:
        raise OptionError(f"open {path}: {error.strerror.lower()}") from None
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def parse_env(values: list[str], client_env: dict[str, str]) -> list[str]:
    out = []
    for value in values:
        if "=" in value:
            out.append(value)
        elif value in client_env:
            out.append(f"{value}={client_env[value]}")
    return out


def check_restart(policy: str) -> str:
    name, _, count = policy.partition(":")
    if name not in ("no", "always", "unless-stopped", "on-failure"):
        raise DaemonError(
            f"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', "
            "'on-failure', or 'unless-stopped'"
        )
    if count and (name != "on-failure" or not count.isdigit()):
        raise DaemonError(
            "invalid restart policy: maximum retry count can only be used with 'on-failure'"
        )
    return policy
