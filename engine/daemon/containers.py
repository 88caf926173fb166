"""Container lifecycle: create, start, stop, kill, pause, unpause, restart, rename, remove.

Time-driven changes (mysql giving up after a second, restart policies, `sleep 5` ending) are applied
lazily by ``settle`` before every command, from the simulated clock.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from engine.daemon import health, networks, programs
from engine.daemon.core import MAX_CONTAINERS, Daemon, DaemonError, LimitError
from engine.fs import FsError, dir_node
from engine.model import Container, Image, LogLine, MountSpec, PortBinding, Volume

SIGNALS = {
    "SIGHUP": 1,
    "SIGINT": 2,
    "SIGQUIT": 3,
    "SIGKILL": 9,
    "SIGUSR1": 10,
    "SIGUSR2": 12,
    "SIGTERM": 15,
    "SIGSTOP": 19,
}

NAME_RE = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
VOLUME_NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


@dataclass
class ContainerSpec:
    """What `docker create`/`run` asked for, after flag parsing."""

    image: Image
    image_ref: str
    name: str = ""
    command: list[str] = field(default_factory=list)
    entrypoint: list[str] | None = None
    env: list[str] = field(default_factory=list)
    ports: list[PortBinding] = field(default_factory=list)
    publish_all: bool = False
    mounts: list[MountSpec] = field(default_factory=list)
    workdir: str = ""
    user: str = ""
    tty: bool = False
    interactive: bool = False
    restart: str = "no"
    auto_remove: bool = False
    network: str = "bridge"
    hostname: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    platform: str = ""
    attach: bool = False  # run without -d
    healthcheck: dict[str, Any] | None = None  # the user's; unset fields come from the image


def parse_signal(value: str) -> tuple[str, int]:
    text = value.upper()
    if text.isdigit():
        number = int(text)
        for name, num in SIGNALS.items():
            if num == number:
                return name, number
        return f"SIG{number}", number
    if not text.startswith("SIG"):
        text = "SIG" + text
    if text not in SIGNALS:
        raise DaemonError(f"Invalid signal: {value}")
    return text, SIGNALS[text]


def signal_exit_code(signal: str) -> int:
    return 128 + SIGNALS.get(signal, 15)


def validate_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise DaemonError(
            f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        )


def check_name_free(d: Daemon, name: str) -> None:
    for other in d.state.containers.values():
        if other.name == name:
            raise DaemonError(
                f'Conflict. The container name "/{name}" is already in use by container '
                f'"{other.id}". You have to remove (or rename) that container to be able to '
                "reuse that name."
            )


def merge_env(base: list[str], extra: list[str]) -> list[str]:
    env: dict[str, str] = {}
    for item in [*base, *extra]:
        key, _, value = item.partition("=")
        env[key] = item if "=" in item else f"{key}={value}"
    return list(env.values())


def default_hostname(d: Daemon, network: str, cid: str) -> str:
    """The short id; with `--network host` the host's own name, as Docker sets it."""
    if network == "host":
        with contextlib.suppress(FsError):
            name = d.host_fs().read("/etc/hostname").strip()
            if name:
                return name
    return cid[:12]


def create(d: Daemon, spec: ContainerSpec) -> Container:
    if len(d.state.containers) >= MAX_CONTAINERS:
        raise LimitError("limit.containers")
    if spec.name:
        validate_name(spec.name)
        spec.name = spec.name.removeprefix("/")
        check_name_free(d, spec.name)
    if (
        spec.network not in ("bridge", "host", "none", "default")
        and spec.network not in d.state.networks
    ):
        raise DaemonError(f"network {spec.network} not found")
    image = spec.image
    config = image.config
    if spec.entrypoint is not None:
        entrypoint = spec.entrypoint
        cmd = spec.command
    else:
        entrypoint = list(config.get("Entrypoint") or [])
        cmd = spec.command or list(config.get("Cmd") or [])
    argv = [*entrypoint, *cmd]
    if not argv:
        raise DaemonError("no command specified")
    healthcheck = health.merge(spec.healthcheck, config.get("Healthcheck"))
    health.validate(healthcheck)
    cid = d.new_hex()
    name = spec.name or d.generate_name()
    env = merge_env(list(config.get("Env") or []), spec.env)
    exposed = dict(config.get("ExposedPorts") or {})
    for binding in spec.ports:
        exposed.setdefault(f"{binding.container_port}/{binding.proto}", {})
    container = Container(
        id=cid,
        name=name,
        image_id=image.id,
        image_ref=spec.image_ref,
        created=d.now(),
        path=argv[0],
        args=argv[1:],
        config={
            "Hostname": spec.hostname or default_hostname(d, spec.network, cid),
            "User": spec.user or config.get("User", ""),
            "AttachStdin": spec.attach and spec.interactive,
            "AttachStdout": spec.attach,
            "AttachStderr": spec.attach,
            "ExposedPorts": exposed or None,
            "Tty": spec.tty,
            "OpenStdin": spec.interactive,
            "StdinOnce": spec.attach and spec.interactive,
            "Env": env,
            "Cmd": cmd or None,
            **({"Healthcheck": healthcheck} if healthcheck is not None else {}),
            "Image": spec.image_ref,
            "Volumes": config.get("Volumes"),
            "WorkingDir": spec.workdir or config.get("WorkingDir", ""),
            "Entrypoint": entrypoint or None,
            "OnBuild": None,
            "Labels": {**(config.get("Labels") or {}), **spec.labels},
            "StopSignal": config.get("StopSignal", ""),
        },
        ports=list(spec.ports),
        publish_all=spec.publish_all,
        restart_policy=spec.restart,
        auto_remove=spec.auto_remove,
        network_mode="bridge" if spec.network == "default" else spec.network,
        platform=spec.platform,
    )
    container.mounts = _prepare_mounts(d, container, spec.mounts, config)
    d.state.containers[cid] = container
    d.emit("container.created", container=cid, name=name, image=image.id)
    for mount in container.mounts:
        if mount.type == "volume":
            d.emit(
                "volume.mounted",
                volume=mount.source,
                container=cid,
                name=name,
                destination=mount.destination,
            )
        elif mount.type == "bind":
            d.emit(
                "bind.mounted",
                source=mount.source,
                container=cid,
                name=name,
                destination=mount.destination,
            )
    workdir = container.config["WorkingDir"]
    if workdir:
        fs = d.container_fs(container, events=False)
        if not fs.exists(workdir):
            fs.mkdir(workdir, parents=True)
    return container


def _prepare_mounts(
    d: Daemon, container: Container, requested: list[MountSpec], config: dict
) -> list[MountSpec]:
    mounts: list[MountSpec] = []
    for spec in requested:
        if spec.type == "volume":
            if spec.anonymous or not spec.source:
                spec.source = d.new_hex()
                spec.anonymous = True
            ensure_volume(d, spec.source, anonymous=spec.anonymous, from_run=True)
        elif spec.type == "bind":
            host = d.host_fs()
            if not host.exists(spec.source):
                host.mkdir(spec.source, parents=True)
        mounts.append(spec)
    taken = {m.destination for m in mounts}
    for path in config.get("Volumes") or {}:
        if path not in taken:
            name = d.new_hex()
            ensure_volume(d, name, anonymous=True, from_run=True)
            mounts.append(MountSpec("volume", path, name, anonymous=True))
    return mounts


def ensure_volume(
    d: Daemon, name: str, *, anonymous: bool = False, from_run: bool = False
) -> Volume:
    from engine.daemon.core import MAX_VOLUMES

    volume = d.state.volumes.get(name)
    if volume is not None:
        return volume
    if not VOLUME_NAME_RE.match(name) or len(name) < 2:
        raise DaemonError(
            f'create {name}: "{name}" includes invalid characters for a local volume name, only '
            '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, '
            "use absolute path"
        )
    if len(d.state.volumes) >= MAX_VOLUMES:
        raise LimitError("limit.volumes")
    volume = Volume(
        name=name,
        created=d.now(),
        store={"/": dir_node()},
        labels=None if from_run else {},
        options=None if from_run else {},
        anonymous=anonymous,
    )
    d.state.volumes[name] = volume
    d.emit("volume.created", volume=name, anonymous=anonymous)
    return volume


def seed_volumes(d: Daemon, container: Container) -> None:
    """A new, empty named volume gets the image's files at its mount point (Docker copies them)."""
    image = d.state.images.get(container.image_id)
    if image is None:
        return
    from engine.fs import UnionFS

    image_fs = UnionFS({}, d.image_layers(image), read_only=True)
    for mount in container.mounts:
        if mount.type != "volume":
            continue
        volume = d.state.volumes.get(mount.source)
        if volume is None or len(volume.store) > 1 or not image_fs.is_dir(mount.destination):
            continue
        for path, node in image_fs.walk(mount.destination):
            rel = "/" + posixpath.relpath(path, mount.destination)
            volume.store[rel] = node


# -- state changes ------------------------------------------------------------------------


def start(d: Daemon, container: Container, *, attach_tty: bool = False, stdin: str = "") -> None:
    """Start a created or exited container. Raises DaemonError for Docker's start failures.
    ``stdin``: what `docker run -i` piped into the main process."""
    if container.status == "paused":
        raise DaemonError("cannot start a paused container, try unpause instead")
    if container.status in ("running", "restarting"):
        return
    _check_ports(d, container)
    seed_volumes(d, container)
    program = programs.resolve(d, container)
    if isinstance(program, programs.StartFailure):
        container.exit_code = program.exit_code
        container.error = program.message
        raise DaemonError(program.message, program.exit_code)
    container.status = "running"
    container.started_at = d.now()
    container.finished_at = 0.0
    container.exit_code = 0
    container.error = ""
    container.stopped_by_user = False
    container.pid = d.new_pid()
    container.exit_at = None
    health.begin(container)
    networks.attach_default(d, container)
    d.emit("container.started", container=container.id, name=container.name)
    program.stdin = stdin
    program.start(d, container)


def _check_ports(d: Daemon, container: Container) -> None:
    if container.publish_all:
        exposed = container.config.get("ExposedPorts") or {}
        have = {(p.container_port, p.proto) for p in container.ports if p.host_port}
        for key in exposed:
            port, _, proto = key.partition("/")
            if (int(port), proto or "tcp") not in have:
                container.ports.append(PortBinding(int(port), proto or "tcp", "", _random_port(d)))
    used = {
        (p.host_port, p.proto)
        for other in d.state.containers.values()
        if other.id != container.id and other.running
        for p in other.ports
        if p.host_port
    }
    for binding in container.ports:
        if binding.host_port and (binding.host_port, binding.proto) in used:
            ip = binding.host_ip or "0.0.0.0"
            raise DaemonError(
                f"driver failed programming external connectivity on endpoint {container.name} "
                f"({d.new_hex()}): Bind for {ip}:{binding.host_port} failed: port is already allocated"
            )


def _random_port(d: Daemon) -> int:
    used = {p.host_port for c in d.state.containers.values() for p in c.ports}
    port = 32768 + d.random_int(200)
    while port in used:
        port += 1
    return port


def log(
    d: Daemon, container: Container, text: str, stream: str = "stdout", at: float | None = None
) -> None:
    when = round(d.now() if at is None else at, 3)
    for line in text.split("\n"):
        container.logs.append(LogLine(when, "stderr" if stream == "stderr" else "stdout", line))
    if len(container.logs) > 2000:
        del container.logs[: len(container.logs) - 2000]


def finish(
    d: Daemon,
    container: Container,
    exit_code: int,
    *,
    at: float | None = None,
    by_user: bool = False,
) -> None:
    """The main process ended: record it, free the network, then apply the restart policy."""
    container.status = "exited"
    container.exit_code = exit_code
    container.finished_at = d.now() if at is None else at
    container.pid = 0
    container.exit_at = None
    container.stopped_by_user = by_user
    networks.detach_all(d, container)
    d.emit("container.died", container=container.id, name=container.name, exit_code=exit_code)
    if container.auto_remove:
        remove(d, container, volumes=True)
        return
    if not by_user and _should_restart(container):
        container.restart_count += 1
        with contextlib.suppress(DaemonError):  # a failed restart leaves it exited
            start(d, container)


def _should_restart(container: Container) -> bool:
    policy, _, limit = container.restart_policy.partition(":")
    if policy in ("always", "unless-stopped"):
        return container.restart_count < 1000
    if policy == "on-failure" and container.exit_code != 0:
        return not limit or container.restart_count < int(limit)
    return False


def stop(d: Daemon, container: Container, *, timeout: int | None = None, signal: str = "") -> float:
    """Stop a running container. Returns how many seconds the stop took (for the animation)."""
    if container.status == "paused":
        container.status = "running"
    if not container.running:
        return 0.0
    stop_signal = signal or container.config.get("StopSignal") or "SIGTERM"
    program = programs.running_program(d, container)
    code = program.on_signal(d, container, stop_signal)
    waited = 0.0
    if code is None:  # ignored the signal: SIGKILL after the timeout
        waited = float(10 if timeout is None else timeout)
        code = 137
    finish(d, container, code, by_user=True)
    d.emit("container.stopped", container=container.id, name=container.name, exit_code=code)
    return waited


def kill(d: Daemon, container: Container, signal: str = "SIGKILL") -> None:
    if not container.running or container.status == "restarting":
        raise DaemonError(
            f"cannot kill container: {container.name}: container {container.id} is not running"
        )
    if container.status == "paused" and signal != "SIGKILL":
        return
    d.emit("container.killed", container=container.id, name=container.name, signal=signal)
    if signal == "SIGKILL":
        container.status = "running"
        finish(d, container, 137, by_user=True)
        return
    program = programs.running_program(d, container)
    code = program.on_signal(d, container, signal)
    if code is not None:
        finish(d, container, code, by_user=True)


def pause(d: Daemon, container: Container) -> None:
    if container.status == "paused":
        raise DaemonError(f"container {container.id} is already paused")
    if container.status != "running":
        raise DaemonError(f"container {container.id} is not running")
    container.status = "paused"
    d.emit("container.paused", container=container.id, name=container.name)


def unpause(d: Daemon, container: Container) -> None:
    if container.status != "paused":
        raise DaemonError(f"Container {container.id} is not paused")
    container.status = "running"
    health.resume(d, container)
    d.emit("container.unpaused", container=container.id, name=container.name)


def restart(d: Daemon, container: Container, *, timeout: int | None = None) -> float:
    waited = stop(d, container, timeout=timeout) if container.running else 0.0
    start(d, container)
    d.emit("container.restarted", container=container.id, name=container.name)
    return waited


def rename(d: Daemon, container: Container, new_name: str) -> None:
    validate_name(new_name)
    new_name = new_name.removeprefix("/")
    if new_name == container.name:
        raise DaemonError("Renaming a container with the same name as its current name")
    check_name_free(d, new_name)
    old = container.name
    container.name = new_name
    d.emit("container.renamed", container=container.id, name=new_name, old_name=old)


def remove(d: Daemon, container: Container, *, force: bool = False, volumes: bool = False) -> None:
    if container.status == "paused" and not force:
        raise DaemonError(
            f'cannot remove container "/{container.name}": container is paused and must be '
            "unpaused first"
        )
    if container.running and not force:
        raise DaemonError(
            f'cannot remove container "/{container.name}": container is running: stop the '
            "container before removing or force remove"
        )
    if container.running:
        container.status = "running"
        container.auto_remove = False
        finish(d, container, 137, by_user=True)
    networks.detach_all(d, container)
    d.state.containers.pop(container.id, None)
    d.emit("container.removed", container=container.id, name=container.name)
    from engine.daemon.images import release_removed

    release_removed(d, container.image_id)
    for mount in container.mounts:
        if not (mount.type == "volume" and mount.anonymous and (volumes or container.auto_remove)):
            continue
        shared = any(
            m.source == mount.source for c in d.state.containers.values() for m in c.mounts
        )
        if not shared and d.state.volumes.pop(mount.source, None) is not None:
            d.emit("volume.removed", volume=mount.source)
    for terminal in d.state.terminals.values():
        if terminal.follow == container.id:
            terminal.follow = ""
            terminal.mode = "shell"
        terminal.stack[1:] = [f for f in terminal.stack[1:] if f.container != container.id]


def settle(d: Daemon) -> None:
    """Apply what happened by itself since the last command (probes, processes ending,
    restarts). Probes first: those due before a process ended ran while it was up."""
    health.settle(d)
    now = d.now()
    for _ in range(3):  # a restart can schedule another exit; bounded so it cannot spin
        due = [
            c
            for c in list(d.state.containers.values())
            if c.status == "running" and c.exit_at is not None and c.exit_at <= now
        ]
        if not due:
            return
        for container in due:
            at = container.exit_at or now
            programs.running_program(d, container).on_exit(d, container)
            finish(d, container, container.exit_at_code, at=at)


def writable_fs_changes(d: Daemon, container: Container) -> list[tuple[str, str]]:
    """`docker diff`: (A|C|D, path), depth first with names sorted."""
    image = d.state.images.get(container.image_id)
    lower = d.image_layers(image) if image else []
    from engine.fs import UnionFS

    below = UnionFS({}, lower, read_only=True)
    out = []
    for path in sorted(container.upper, key=lambda p: p.split("/")):
        node = container.upper[path]
        if path == "/":
            continue
        if node.kind == "whiteout":
            out.append(("D", path))
        elif below.lstat(path) is not None:
            out.append(("C", path))
        else:
            out.append(("A", path))
    return out


def ensure_workdir(d: Daemon, container: Container) -> str:
    workdir = container.config.get("WorkingDir") or "/"
    fs = d.container_fs(container, events=False)
    try:
        if not fs.is_dir(workdir):
            fs.mkdir(workdir, parents=True)
    except FsError:
        return "/"
    return workdir
