"""`docker create` (reference §4.2): the id on stdout, `Created` status, errors say `create`."""

from __future__ import annotations

import re

from tests.engine.cmd_support import Sh, full_id, stderr, stdout


def test_create_prints_full_id_and_does_not_start(sh: Sh) -> None:
    out = sh("docker create --name web nginx:1.25", ok=True)
    assert re.fullmatch(r"[0-9a-f]{64}\n", stdout(out))
    assert stderr(out).startswith("Unable to find image 'nginx:1.25' locally\n")
    assert sh("docker ps -a --format '{{.Names}} {{.Status}}'", ok=True).output == "web Created\n"
    assert sh("docker ps -q", ok=True).output == ""
    assert sh("docker logs web", ok=True).output == ""


def test_start_runs_a_created_container(sh: Sh) -> None:
    sh("docker create --name web nginx:1.25", ok=True)
    assert sh("docker start web", ok=True).output == "web\n"
    assert sh("docker ps --format '{{.Status}}'", ok=True).output == "Up Less than a second\n"


def test_create_errors_name_the_create_command(sh: Sh) -> None:
    sh("docker create --name web nginx:1.25", ok=True)
    cid = full_id(sh, "web")
    out = sh("docker create --name web nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == (
        f'docker: Error response from daemon: Conflict. The container name "/web" is already in '
        f'use by container "{cid}". You have to remove (or rename) that container to be able to '
        "reuse that name.\nSee 'docker create --help'.\n"
    )


def test_create_requires_an_image(sh: Sh) -> None:
    out = sh("docker create")
    assert out.exit_code == 1
    assert stderr(out) == (
        "\"docker create\" requires at least 1 argument.\nSee 'docker create --help'.\n\n"
        "Usage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Create a new container\n"
    )


def test_inspect_of_created_container(sh: Sh) -> None:
    sh("docker create --name web nginx:1.25", ok=True)
    out = sh(
        "docker inspect -f '{{.State.Status}} {{.State.StartedAt}} {{.State.Pid}}' web", ok=True
    )
    assert out.output == "created 0001-01-01T00:00:00Z 0\n"
