"""Bringing a project's containers, networks and volumes to what its Compose file says.

The order and the progress lines are Compose v2's: images first (pulls, then builds), then
networks, volumes, containers created in dependency order, then started in dependency order;
`down` goes the other way and removes networks (and with -v volumes) last.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import asdict, dataclass
from typing import Any

from engine.cli.parser import parse_duration
from engine.commands.base import Ctx
from engine.commands.options import OptionError, read_env_file
from engine.compose.api import (
    CONFIG_FILES,
    NUMBER,
    ONEOFF,
    PROJECT,
    SERVICE,
    WORKING_DIR,
    docker,
    labels_of,
    project_containers,
)
from engine.compose.model import COMPOSE_VERSION, LABEL, ComposeError, Project, Service
from engine.compose.progress import BuildLines, Progress
from engine.daemon import containers, health, images
from engine.daemon.core import DaemonError, LimitError
from engine.messages import text
from engine.model import Container, MountSpec, PortBinding
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference


@dataclass
class Run:
    """One Compose command at work: the docker side, the project and the progress writer."""

    ctx: Ctx
    project: Project
    progress: Progress

    def fail(self, error: DaemonError) -> ComposeError:
        if isinstance(error, LimitError):
            return ComposeError(text(error.message, self.ctx.d.lang))
        return ComposeError(f"Error response from daemon: {error.message}")


def resource(container: Container) -> str:
    return f"Container {container.name}"


def service_container(run: Run, service: Service) -> Container | None:
    found = project_containers(run.ctx, run.project.name, services=[service.name])
    return found[0] if found else None


# -- images ---------------------------------------------------------------------------------


def ensure_images(
    run: Run, services: list[Service], *, build: bool = False, quiet_pull: bool = False
) -> int:
    """Pull what is missing, then build what has to be built (`--build`: every build:)."""
    d = run.ctx.d
    missing = [s for s in services if s.build is None and d.find_image(s.image) is None]
    for service in missing:
        pull_service(run, service, quiet=quiet_pull)
    if missing:
        run.progress.interrupt()  # Compose pulls under a progress writer of its own
    for service in services:
        if service.build is None:
            continue
        if build or d.find_image(service.image_name(run.project.name)) is None:
            status = build_service(run, service)
            if status:
                return status
    return 0


def pull_service(run: Run, service: Service, *, quiet: bool = False) -> None:
    try:
        ref = parse_reference(service.image)
    except RefError as error:
        raise ComposeError(error.message) from None
    if not quiet:
        run.progress.text_event(service.name, "Pulling")
    try:
        images.pull(run.ctx.d, ref, run.progress.pull_stream(service.name), quiet=quiet)
    except DaemonError as error:
        run.progress.event(service.name, "Error")
        raise run.fail(error) from None
    if not quiet:
        run.progress.text_event(service.name, "Pulled")


def build_service(run: Run, service: Service, extra: list[str] | None = None) -> int:
    assert service.build is not None
    project = run.project
    labels = {f"{LABEL}.project": project.name, f"{LABEL}.service": service.name}
    labels[f"{LABEL}.version"] = COMPOSE_VERSION
    argv = ["build", "-t", service.image_name(project.name)]
    argv += ["-f", posixpath.join(service.build.context, service.build.dockerfile)]
    for key, value in labels.items():
        argv += ["--label", f"{key}={value}"]
    argv += [*(extra or []), service.build.context]
    run.progress.event(f"Service {service.name}", "Building")
    run.progress.interrupt()  # the build's log goes below the block drawn so far
    stream = BuildLines(run.ctx.p.stderr, service.name, run.progress)
    status, _ = docker(run.ctx, argv, out=stream, err=stream)
    if status == 0:
        run.progress.event(f"Service {service.name}", "Built")
    return status


# -- networks and volumes -------------------------------------------------------------------


def ensure_networks(run: Run, services: list[Service]) -> None:
    d, project = run.ctx.d, run.project
    used = sorted({key for service in services for key in service.networks})
    for key in used:
        network = project.networks[key]
        if network.name in d.state.networks:
            continue
        if network.external:
            raise ComposeError(
                f"network {network.name} declared as external, but could not be found"
            )
        labels = {
            **network.labels,
            f"{LABEL}.network": key,
            f"{LABEL}.project": project.name,
            f"{LABEL}.version": COMPOSE_VERSION,
        }
        argv = ["network", "create", *_label_flags(labels)]
        argv += ["--internal"] if network.internal else []
        run.progress.event(f"Network {network.name}", "Creating")
        status, err = docker(run.ctx, [*argv, network.name])
        if status:
            raise ComposeError(err.rstrip("\n"))
        run.progress.event(f"Network {network.name}", "Created")


def ensure_volumes(run: Run) -> None:
    d, project = run.ctx.d, run.project
    for key in sorted(project.volumes):
        volume = project.volumes[key]
        if volume.name in d.state.volumes:
            continue
        if volume.external:
            raise ComposeError(f'external volume "{volume.name}" not found')
        labels = {
            **volume.labels,
            f"{LABEL}.project": project.name,
            f"{LABEL}.version": COMPOSE_VERSION,
            f"{LABEL}.volume": key,
        }
        run.progress.event(f'Volume "{volume.name}"', "Creating")
        status, err = docker(run.ctx, ["volume", "create", *_label_flags(labels), volume.name])
        if status:
            raise ComposeError(err.rstrip("\n"))
        run.progress.event(f'Volume "{volume.name}"', "Created")


def _label_flags(labels: dict[str, str]) -> list[str]:
    return [flag for key in sorted(labels) for flag in ("--label", f"{key}={labels[key]}")]


# -- containers -----------------------------------------------------------------------------


def config_hash(service: Service) -> str:
    """What Compose compares to decide whether a container must be recreated."""
    return hashlib.sha256(json.dumps(asdict(service), sort_keys=True).encode()).hexdigest()


def create_containers(
    run: Run, services: list[Service], *, force_recreate: bool = False, no_recreate: bool = False
) -> None:
    for service in services:
        existing = service_container(run, service)
        if existing is None:
            run.progress.event(f"Container {run.project.container_name(service)}", "Creating")
            create_container(run, service)
            run.progress.event(f"Container {run.project.container_name(service)}", "Created")
            continue
        diverged = labels_of(existing).get(f"{LABEL}.config-hash") != config_hash(service)
        if force_recreate or (diverged and not no_recreate):
            run.progress.event(resource(existing), "Recreate")
            containers.remove(run.ctx.d, existing, force=True)
            created = create_container(run, service)
            run.progress.event(resource(created), "Recreated")
        elif existing.running:
            run.progress.event(resource(existing), "Running")


def create_container(
    run: Run,
    service: Service,
    *,
    name: str = "",
    one_off: bool = False,
    command: list[str] | None = None,
    auto_remove: bool = False,
    with_ports: bool = True,
) -> Container:
    d, project = run.ctx.d, run.project
    image = d.find_image(service.image_name(project.name))
    if image is None:
        raise ComposeError(f"No such image: {service.image_name(project.name)}")
    name = name or project.container_name(service)
    networks = [project.networks[key].name for key in service.networks]
    spec = containers.ContainerSpec(
        image=image,
        image_ref=service.image_name(project.name),
        name=name,
        command=command if command is not None else list(service.command or []),
        entrypoint=service.entrypoint,
        env=_environment(run, service),
        ports=_port_bindings(run, service) if with_ports else [],
        mounts=_mounts(run, service),
        workdir=service.working_dir,
        user=service.user,
        tty=service.tty,
        interactive=service.stdin_open,
        restart=service.restart or "no",
        auto_remove=auto_remove,
        network=networks[0],
        hostname=service.hostname,
        labels={**service.labels, **_compose_labels(run, service, image.id, one_off)},
        healthcheck=_healthcheck(service.healthcheck),
    )
    try:
        container = containers.create(d, spec)
    except DaemonError as error:
        raise run.fail(error) from None
    # Endpoint settings Docker keeps with the container: every network, and the service name
    # as a DNS alias on each (engine/daemon/networks.attach_default applies them at start).
    container.program["networks"] = networks[1:]
    container.program["aliases"] = {net: [name, service.name] for net in networks}
    exposed = container.config.get("ExposedPorts") or {}
    for port in service.expose:
        exposed.setdefault(port if "/" in port else f"{port}/tcp", {})
    container.config["ExposedPorts"] = exposed or None
    return container


def _compose_labels(run: Run, service: Service, image_id: str, one_off: bool) -> dict[str, str]:
    project = run.project
    depends = ",".join(f"{dep}:{cond}:false" for dep, cond in sorted(service.depends_on.items()))
    return {
        f"{LABEL}.config-hash": config_hash(service),
        NUMBER: "1",
        f"{LABEL}.depends_on": depends,
        f"{LABEL}.image": image_id,
        ONEOFF: "True" if one_off else "False",
        PROJECT: project.name,
        CONFIG_FILES: ",".join(project.config_files),
        WORKING_DIR: project.working_dir,
        SERVICE: service.name,
        f"{LABEL}.version": COMPOSE_VERSION,
    }


def _environment(run: Run, service: Service) -> list[str]:
    host = run.ctx.d.host_fs()
    env: list[str] = []
    for path in service.env_files:
        try:
            env += read_env_file(host, path, run.project.working_dir)
        except OptionError as error:
            raise ComposeError(error.message) from None
    env += [f"{k}={v}" for k, v in service.environment.items() if v is not None]
    return env


def _port_bindings(run: Run, service: Service) -> list[PortBinding]:
    bindings = []
    for port in service.ports:
        published = port.published.split("-", 1)[0]
        host_port = int(published) if published.isdigit() else 0
        if not host_port:
            host_port = containers._random_port(run.ctx.d)  # Docker picks an ephemeral port
        bindings.append(PortBinding(port.target, port.protocol, port.host_ip, host_port))
    return bindings


def _mounts(run: Run, service: Service) -> list[MountSpec]:
    mounts = []
    for volume in service.volumes:
        if volume.type == "volume" and volume.source:
            source = run.project.volumes[volume.source].name
            mounts.append(MountSpec("volume", volume.target, source, volume.read_only))
        elif volume.type == "volume":
            mounts.append(MountSpec("volume", volume.target, anonymous=True))
        else:
            mounts.append(MountSpec(volume.type, volume.target, volume.source, volume.read_only))
    return mounts


HEALTHCHECK_DURATIONS = ("interval", "timeout", "start_period", "start_interval")


def _healthcheck(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """Compose's ToHealthCheck: a string test runs in a shell, `disable: true` is `NONE`;
    what is left unset the daemon takes from the image."""
    if spec is None:
        return None
    test = spec.get("test")
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    if spec.get("disable") in (True, "true"):
        test = ["NONE"]
    durations = {}
    for key in HEALTHCHECK_DURATIONS:
        try:
            durations[key] = parse_duration(str(spec[key])) if spec.get(key) else 0.0
        except ValueError as error:
            raise ComposeError(str(error)) from None
    return health.make_config(
        [str(word) for word in test or []],
        retries=int(spec.get("retries") or 0),
        **durations,
    )


def start_containers(run: Run, services: list[Service]) -> None:
    for service in services:
        container = service_container(run, service)
        if container is None or container.running:
            continue
        _wait_for_dependencies(run, service)
        run.progress.event(resource(container), "Starting")
        try:
            containers.start(run.ctx.d, container)
        except DaemonError as error:
            raise run.fail(error) from None
        containers.settle(run.ctx.d)
        run.progress.event(resource(container), "Started")


def _wait_for_dependencies(run: Run, service: Service) -> None:
    """`condition: service_healthy` / `service_completed_successfully` print a wait."""
    for dep, condition in sorted(service.depends_on.items()):
        if condition == "service_started":
            continue
        container = service_container(run, run.project.services[dep])
        if container is None:
            continue
        run.progress.event(resource(container), "Waiting")
        if condition == "service_healthy":
            wait_healthy(run, container, fallback_running=False)
        elif container.running:
            raise ComposeError(f"service {dep!r} didn't complete successfully: still running")
        elif container.exit_code:
            raise ComposeError(
                f"service {dep!r} didn't complete successfully: exit {container.exit_code}"
            )
        else:
            run.progress.event(resource(container), "Exited")


def wait_healthy(run: Run, container: Container, *, fallback_running: bool) -> None:
    """Compose's isServiceHealthy, answered at once: the simulated clock does not move while
    Compose waits; the container's pending probes decide (engine/daemon/health.decide)."""
    problem = ""
    if container.status == "exited":
        problem = f"container {container.name} exited ({container.exit_code})"
    elif fallback_running and not container.config.get("Healthcheck"):
        problem = ""  # no healthcheck: running is enough
    elif not container.health:
        problem = f"container {container.name} has no healthcheck configured"
    elif health.decide(run.ctx.d, container) == "unhealthy":
        problem = f"container {container.name} is unhealthy"
    if problem:
        run.progress.event(resource(container), "Error")
        raise ComposeError(f"dependency failed to start: {problem}")
    run.progress.event(resource(container), "Healthy")


def wait_services(run: Run, services: list[Service]) -> None:
    """`up --wait`: every service running, or healthy when it has a healthcheck."""
    found = [c for s in services if (c := service_container(run, s)) is not None]
    for container in found:
        run.progress.event(resource(container), "Waiting")
    for container in found:
        wait_healthy(run, container, fallback_running=True)


def stop_containers(run: Run, found: list[Container], timeout: int | None = None) -> None:
    for container in found:
        run.progress.event(resource(container), "Stopping")
        waited = containers.stop(run.ctx.d, container, timeout=timeout)
        run.progress.wait(min(waited, 10.0))
        run.progress.event(resource(container), "Stopped")


def remove_containers(
    ctx: Ctx, progress: Progress, found: list[Container], *, volumes: bool = False
) -> None:
    for container in found:
        progress.event(resource(container), "Removing")
        containers.remove(ctx.d, container, force=True, volumes=volumes)
        progress.event(resource(container), "Removed")


def in_stop_order(run: Run, found: list[Container]) -> list[Container]:
    """Dependents before their dependencies; containers of unknown services last."""
    rank = {s.name: i for i, s in enumerate(reversed(run.project.ordered()))}
    return sorted(found, key=lambda c: (rank.get(labels_of(c).get(SERVICE, ""), len(rank)), c.name))


# -- up and down ----------------------------------------------------------------------------


def up(
    run: Run,
    services: list[Service],
    *,
    build: bool = False,
    start: bool = True,
    force_recreate: bool = False,
    no_recreate: bool = False,
    quiet_pull: bool = False,
) -> int:
    status = ensure_images(run, services, build=build, quiet_pull=quiet_pull)
    if status:
        return status
    ensure_networks(run, services)
    ensure_volumes(run)
    create_containers(run, services, force_recreate=force_recreate, no_recreate=no_recreate)
    if start:
        start_containers(run, services)
    return 0


def down(run: Run, *, volumes: bool, rmi: str, remove_orphans: bool, timeout: int | None) -> int:
    ctx, project = run.ctx, run.project
    found = project_containers(ctx, project.name, one_off=None)
    orphans = [c for c in found if labels_of(c).get(SERVICE) not in project.services]
    if orphans and not remove_orphans:
        run.progress.warn(orphan_warning(orphans))
        found = [c for c in found if c not in orphans]
    touched = bool(found)
    for container in in_stop_order(run, found):
        stop_containers(run, [container], timeout)
        remove_containers(ctx, run.progress, [container], volumes=volumes)
    touched = _remove_networks(run) or touched
    if rmi:
        touched = _remove_images(run, rmi) or touched
    if volumes:
        touched = _remove_volumes(run) or touched
    if not touched:
        ctx.err(f'Warning: No resource found to remove for project "{project.name}".\n')
    return 0


def orphan_warning(orphans: list[Container]) -> str:
    names = " ".join(c.name for c in orphans)
    return (
        f"Found orphan containers ([{names}]) for this project. If you removed or renamed this "
        "service in your compose file, you can run this command with the --remove-orphans flag "
        "to clean it up."
    )


def _remove_networks(run: Run) -> bool:
    d = run.ctx.d
    owned = [
        network.name
        for _, network in sorted(run.project.networks.items())
        if not network.external
        and network.name in d.state.networks
        and d.state.networks[network.name].labels.get(PROJECT) == run.project.name
    ]
    return _remove_each(run, "Network", ["network", "rm"], owned)


def _remove_volumes(run: Run) -> bool:
    d = run.ctx.d
    owned = [
        volume.name
        for _, volume in sorted(run.project.volumes.items())
        if not volume.external and volume.name in d.state.volumes
    ]
    return _remove_each(run, "Volume", ["volume", "rm"], owned)


def _remove_each(run: Run, kind: str, command: list[str], names: list[str]) -> bool:
    """`docker <kind> rm` each name with Compose's Removing/Removed lines; whether any went."""
    removed = False
    for name in names:
        run.progress.event(f"{kind} {name}", "Removing")
        status, err = docker(run.ctx, [*command, name])
        if status:
            run.ctx.err(err)
            continue
        run.progress.event(f"{kind} {name}", "Removed")
        removed = True
    return removed


def _remove_images(run: Run, mode: str) -> bool:
    d = run.ctx.d
    removed = False
    for service in sorted(run.project.services.values(), key=lambda s: s.name):
        if mode == "local" and service.image:
            continue  # `--rmi local` keeps images with a name of their own
        name = parse_reference(service.image_name(run.project.name)).familiar
        if d.find_image(name) is None:
            continue
        run.progress.event(f"Image {name}", "Removing")
        status, err = docker(run.ctx, ["rmi", name])
        if status:
            run.ctx.err(err)
            continue
        run.progress.event(f"Image {name}", "Removed")
        removed = True
    return removed
