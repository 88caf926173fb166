"""The engine's state: images, containers, volumes, networks, the host and its terminals.

Plain dataclasses, no behaviour beyond small derived properties. Operations live in
``engine/daemon``; serialisation in ``engine/state.py``. Catalog layers are shared by every
session and never stored in a session's state; only what the learner created is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from engine.fs import Layer, Node

ContainerStatus = Literal[
    "created", "running", "paused", "restarting", "exited", "dead", "removing"
]


@dataclass(slots=True)
class HistoryEntry:
    created: float
    created_by: str
    empty_layer: bool = False
    comment: str = ""
    size: int = 0  # bytes of the layer this step made (0 for metadata steps)


@dataclass(slots=True)
class Image:
    """A local image. ``config`` mirrors Docker's image Config (Env, Cmd, Entrypoint ...)."""

    id: str  # "sha256:<64 hex>"
    layers: list[str]  # layer diff ids, bottom first
    config: dict[str, Any]
    history: list[HistoryEntry]
    created: float
    repo_digests: list[str] = field(default_factory=list)  # "nginx@sha256:..."
    parent: str = ""  # legacy builder / commit parent image id
    comment: str = ""
    author: str = ""
    docker_version: str = ""
    architecture: str = "amd64"
    os: str = "linux"
    variant: str = ""
    catalog_ref: str = ""  # "nginx:1.25@linux/amd64" when it came from the catalog
    last_tag_time: float = 0.0
    builder: Literal["legacy", "buildkit", "commit", "catalog"] = "catalog"
    # `rmi -f` of an image a stopped container uses: gone from `docker images`, kept for the
    # container's filesystem until the last such container is removed.
    removed: bool = False

    @property
    def short_id(self) -> str:
        return self.id.split(":", 1)[-1][:12]


@dataclass(slots=True)
class PortBinding:
    container_port: int
    proto: str = "tcp"
    host_ip: str = ""  # as requested; "" means every address
    host_port: int = 0  # 0 = not published (exposed only)


@dataclass(slots=True)
class MountSpec:
    type: Literal["volume", "bind", "tmpfs"]
    destination: str
    source: str = ""  # volume name or host path
    read_only: bool = False
    anonymous: bool = False


@dataclass(slots=True)
class Endpoint:
    network: str  # network name
    ip: str
    mac: str
    aliases: list[str] = field(default_factory=list)
    endpoint_id: str = ""


class LogLine(NamedTuple):
    """One line of a container's log. A tuple: a container keeps up to 2,000 and a session's
    state is rebuilt from its dump for every command."""

    at: float  # to the millisecond, as dumps keep it
    stream: Literal["stdout", "stderr"]
    text: str  # without the trailing newline


@dataclass(slots=True)
class Container:
    id: str  # 64 hex
    name: str  # without the leading slash
    image_id: str
    image_ref: str  # as the learner typed it ("nginx", "nginx:1.25")
    created: float
    path: str  # first word of entrypoint + cmd
    args: list[str]
    config: dict[str, Any]  # Env, Cmd, Entrypoint, Tty, OpenStdin, WorkingDir, User, Labels ...
    ports: list[PortBinding] = field(default_factory=list)
    publish_all: bool = False
    mounts: list[MountSpec] = field(default_factory=list)
    restart_policy: str = "no"  # no | always | unless-stopped | on-failure[:N]
    auto_remove: bool = False
    network_mode: str = "bridge"
    platform: str = ""
    upper: dict[str, Node] = field(default_factory=dict)  # the writable layer
    status: ContainerStatus = "created"
    exit_code: int = 0
    started_at: float = 0.0
    finished_at: float = 0.0
    pid: int = 0
    restart_count: int = 0
    oom_killed: bool = False
    error: str = ""
    stopped_by_user: bool = False
    logs: list[LogLine] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    exit_at: float | None = (
        None  # when the main process will end by itself (mysql without password)
    )
    exit_at_code: int = 0
    program: dict[str, Any] = field(
        default_factory=dict
    )  # per-program memory (mysql initialised ...)
    # State.Health (Status, FailingStreak, Log) and "next", when the next probe is due;
    # empty until a container with a healthcheck starts (engine/daemon/health.py)
    health: dict[str, Any] = field(default_factory=dict)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        return self.status in ("running", "paused", "restarting")

    @property
    def command_line(self) -> list[str]:
        return [self.path, *self.args]


@dataclass(slots=True)
class Volume:
    name: str
    created: float
    store: dict[str, Node] = field(default_factory=dict)  # "/" is the volume root
    labels: dict[str, str] | None = None
    options: dict[str, str] | None = None
    anonymous: bool = False


@dataclass(slots=True)
class Network:
    name: str
    id: str  # 64 hex
    driver: str  # bridge | host | null
    subnet: str
    gateway: str
    created: float
    internal: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    builtin: bool = False
    next_host: int = 2  # next address handed out on this network


@dataclass(slots=True)
class ShellFrame:
    """One shell on a terminal's stack: the host shell, or a shell inside a container."""

    kind: Literal["host", "container"]
    cwd: str
    env: dict[str, str]
    container: str = ""  # container id for container shells
    exec_session: bool = False  # `docker exec -it` (exit leaves the container running)
    shell: str = "bash"  # bash | sh | node | python (REPLs)
    user: str = "root"
    history: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # set but not exported
    aliases: dict[str, str] = field(default_factory=dict)
    last_status: int = 0
    functions: dict[str, str] = field(default_factory=dict)  # shell functions: name -> body text


@dataclass(slots=True)
class Terminal:
    """One terminal tab. ``stack[0]`` is the host shell; deeper frames are container shells."""

    id: str
    stack: list[ShellFrame]
    mode: Literal["shell", "confirm", "attached", "following"] = "shell"
    pending: dict[str, Any] = field(default_factory=dict)  # the confirmation waiting for an answer
    follow: str = ""  # container id whose logs stream here (`logs -f`, attached `run`)
    follow_from: int = 0  # index of the next log line to stream
    continued: str = ""  # a typed command waiting for its next line (the shell's `> ` prompt)


@dataclass(slots=True)
class State:
    """Everything one session's engine knows. ``catalog`` data is referenced, never copied."""

    seed: str
    counter: int = 0  # ids and names come from (seed, counter): deterministic and compact
    time_offset: float = 0.0  # `sleep N` on the host moves simulated time forward
    images: dict[str, Image] = field(default_factory=dict)  # by id
    tags: dict[str, str] = field(default_factory=dict)  # "nginx:latest" -> image id
    local_layers: dict[str, Layer] = field(default_factory=dict)  # layers the learner made
    containers: dict[str, Container] = field(default_factory=dict)  # by id, in creation order
    volumes: dict[str, Volume] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)  # by name
    host: dict[str, Node] = field(default_factory=dict)  # the learner's machine
    terminals: dict[str, Terminal] = field(default_factory=dict)
    next_pid: int = 24817
    logged_in: dict[str, str] = field(default_factory=dict)  # registry -> user
    # engine/build: cache key -> [layer id, created, image id]; the last build for the diagrams
    build_cache: dict[str, list[Any]] = field(default_factory=dict)
    last_build: dict[str, Any] = field(default_factory=dict)
    # engine/daemon/registry: the session's simulated registries (plain data)
    registries: dict[str, Any] = field(default_factory=dict)
