"""Compose is a client of the Docker daemon: here it sends docker commands and finds its objects.

Objects belong to a project by their labels (`com.docker.compose.project=app`), as in Compose
itself, so nothing beyond the containers, networks and volumes has to be remembered.
"""

from __future__ import annotations

from dataclasses import replace

from engine.cli import parse_command
from engine.commands.base import HANDLERS, Ctx, Parsed
from engine.compose.model import LABEL
from engine.io import BufferStream, Stream
from engine.model import Container

PROJECT = f"{LABEL}.project"
SERVICE = f"{LABEL}.service"
ONEOFF = f"{LABEL}.oneoff"
NUMBER = f"{LABEL}.container-number"
WORKING_DIR = f"{LABEL}.project.working_dir"
CONFIG_FILES = f"{LABEL}.project.config_files"


def docker(
    ctx: Ctx, argv: list[str], *, out: Stream | None = None, err: Stream | None = None
) -> tuple[int, str]:
    """Run `docker ARGV` for Compose. Output goes to ``out``/``err`` when given; what is not
    given is captured, and the captured stderr comes back with the exit code."""
    parsed = parse_command(argv)
    captured = BufferStream("stderr")
    process = replace(
        ctx.p,
        argv=["docker", *argv],
        stdout=out or BufferStream("stdout"),
        stderr=err or captured,
    )
    handler = HANDLERS[parsed.name]
    status = handler(
        Ctx(ctx.d, process, ctx.terminal, parsed.typed),
        Parsed(parsed.name, parsed.typed, dict(parsed.flags), list(parsed.args), parsed.changed),
    )
    return status, captured.getvalue()


def labels_of(container: Container) -> dict[str, str]:
    return container.config.get("Labels") or {}


def project_containers(
    ctx: Ctx, project: str, *, one_off: bool | None = False, services: list[str] | None = None
) -> list[Container]:
    """The project's containers in creation order; ``one_off=None`` includes `run` containers."""
    found = []
    for container in ctx.d.state.containers.values():
        labels = labels_of(container)
        if labels.get(PROJECT) != project:
            continue
        if one_off is not None and (labels.get(ONEOFF) == "True") != one_off:
            continue
        if services and labels.get(SERVICE) not in services:
            continue
        found.append(container)
    return found


def all_projects(ctx: Ctx) -> dict[str, list[Container]]:
    """Every project that has containers, by name."""
    projects: dict[str, list[Container]] = {}
    for container in ctx.d.state.containers.values():
        name = labels_of(container).get(PROJECT)
        if name:
            projects.setdefault(name, []).append(container)
    return projects
