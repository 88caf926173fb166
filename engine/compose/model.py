"""A loaded Compose project: services, networks and volumes after validation and normalisation.

Every name here is the one Compose v2 gives the Docker object: containers `<project>-<service>-1`,
networks `<project>_<key>`, volumes `<project>_<key>` (unless `name:` or `external: true`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The Compose release that shipped with Docker Engine 27.5.1 (docker-compose-plugin 2.32.4).
COMPOSE_VERSION = "2.32.4"
LABEL = "com.docker.compose"


class ComposeError(Exception):
    """A failure Compose reports on stderr (exit 1); `message` is its exact text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class BuildSpec:
    context: str  # absolute host path
    dockerfile: str = "Dockerfile"


@dataclass(slots=True)
class ServiceVolume:
    """One `volumes:` entry of a service, long form."""

    type: str  # volume | bind | tmpfs
    source: str  # volume key (not yet prefixed), absolute host path, or "" (anonymous)
    target: str
    read_only: bool = False


@dataclass(slots=True)
class ServicePort:
    target: int
    published: str = ""  # "" when not published; may be a range "8000-8001"
    host_ip: str = ""
    protocol: str = "tcp"


@dataclass(slots=True)
class Service:
    name: str
    image: str = ""
    build: BuildSpec | None = None
    command: list[str] | None = None
    entrypoint: list[str] | None = None
    environment: dict[str, str | None] = field(default_factory=dict)
    env_files: list[str] = field(default_factory=list)  # absolute host paths
    ports: list[ServicePort] = field(default_factory=list)
    volumes: list[ServiceVolume] = field(default_factory=list)
    depends_on: dict[str, str] = field(default_factory=dict)  # service -> condition
    networks: list[str] = field(default_factory=list)  # network keys, in priority order
    working_dir: str = ""
    restart: str = ""
    container_name: str = ""
    hostname: str = ""
    user: str = ""
    tty: bool = False
    stdin_open: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    healthcheck: dict[str, Any] | None = None
    expose: list[str] = field(default_factory=list)

    def image_name(self, project: str) -> str:
        """The image the service runs: its `image:`, or `<project>-<service>` when built."""
        return self.image or f"{project}-{self.name}"


@dataclass(slots=True)
class NetworkDef:
    key: str
    name: str  # the Docker network name
    external: bool = False
    internal: bool = False
    driver: str = ""
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class VolumeDef:
    key: str
    name: str  # the Docker volume name
    external: bool = False
    driver: str = ""
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Project:
    name: str
    working_dir: str
    config_files: list[str]
    services: dict[str, Service]
    networks: dict[str, NetworkDef]
    volumes: dict[str, VolumeDef]
    warnings: list[str] = field(default_factory=list)

    def container_name(self, service: Service, number: int = 1) -> str:
        return service.container_name or f"{self.name}-{service.name}-{number}"

    def ordered(self, names: list[str] | None = None) -> list[Service]:
        """Services in start order: dependencies first, ties by name (Compose starts
        independent services in parallel; one fixed order keeps the output reproducible)."""
        wanted = set(names) if names else set(self.services)
        pending = set(wanted)
        for name in list(pending):
            pending |= _dependencies(self, name)
        done: list[str] = []
        while pending:
            ready = sorted(
                n for n in pending if all(dep in done for dep in self.services[n].depends_on)
            )
            if not ready:  # a cycle: the loader refuses those, this only guards the loop
                break
            done.extend(ready)
            pending -= set(ready)
        return [self.services[n] for n in done]


def _dependencies(project: Project, name: str) -> set[str]:
    found: set[str] = set()
    stack = [name]
    while stack:
        for dep in project.services[stack.pop()].depends_on:
            if dep not in found:
                found.add(dep)
                stack.append(dep)
    return found
