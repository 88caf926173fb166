"""`docker rmi` (reference §3.6): the decision table and every conflict, byte for byte."""

from __future__ import annotations

import re

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, full_id, stderr, stdout

NGINX_ID = "sha256:af62dd757b583ccd39ad332fb77e57f90341453f626e141bf87949b37a309a7d"
DIGEST = "sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"


@pytest.fixture
def nginx(engine: Engine, sh: Sh) -> Engine:
    sh("docker pull nginx:1.25", ok=True)
    return engine


def test_only_tag_unused(nginx: Engine, sh: Sh) -> None:
    lines = sh("docker rmi nginx:1.25", ok=True).output.split("\n")
    assert lines[:3] == [
        "Untagged: nginx:1.25",
        f"Untagged: nginx@{DIGEST}",
        f"Deleted: {NGINX_ID}",
    ]
    layer_lines = [line for line in lines[3:] if line]
    assert len(layer_lines) == 7
    assert all(re.fullmatch(r"Deleted: sha256:[0-9a-f]{64}", line) for line in layer_lines)


def test_other_tags_remain(nginx: Engine, sh: Sh) -> None:
    sh("docker tag nginx:1.25 myweb:v1", ok=True)
    assert sh("docker rmi myweb:v1", ok=True).output == "Untagged: myweb:v1\n"


def test_ref_with_container(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    cid = full_id(sh, "web")
    out = sh("docker rmi nginx:1.25")
    assert out.exit_code == 1
    assert stderr(out) == (
        'Error response from daemon: conflict: unable to remove repository reference "nginx:1.25" '
        f"(must force) - container {cid[:12]} is using its referenced image af62dd757b58\n"
    )


def test_ref_force_running_keeps_image_as_none(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker rmi -f nginx:1.25", ok=True)
    assert stdout(out) == f"Untagged: nginx:1.25\nUntagged: nginx@{DIGEST}\n"
    assert "<none>       <none>    af62dd757b58" in sh("docker images", ok=True).output


def test_ref_force_stopped_deletes_image_only(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    out = sh("docker rmi -f nginx:1.25", ok=True)
    assert stdout(out) == (f"Untagged: nginx:1.25\nUntagged: nginx@{DIGEST}\nDeleted: {NGINX_ID}\n")
    assert sh("docker ps -a --format '{{.Image}}'", ok=True).output == "af62dd757b58\n"


def test_container_still_starts_after_forced_untag(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    sh("docker rmi -f nginx:1.25", ok=True)
    sh("docker start web", ok=True)
    assert sh("docker inspect -f '{{.State.Status}}' web", ok=True).output == "running\n"


def test_container_still_starts_after_forced_delete_by_id(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    sh("docker rmi -f af62dd757b58", ok=True)
    sh("docker start web", ok=True)
    assert sh("docker inspect -f '{{.State.Status}}' web", ok=True).output == "running\n"


def test_id_with_several_repositories(nginx: Engine, sh: Sh) -> None:
    sh("docker tag nginx:1.25 myweb:v1", ok=True)
    out = sh("docker rmi af62dd757b58")
    assert stderr(out) == (
        "Error response from daemon: conflict: unable to delete af62dd757b58 (must be forced) - "
        "image is referenced in multiple repositories\n"
    )
    out = sh("docker rmi -f af62dd757b58", ok=True)
    assert stdout(out).startswith("Untagged: ")
    assert f"Deleted: {NGINX_ID}\n" in stdout(out)


def test_id_with_stopped_container(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    cid = full_id(sh, "web")
    out = sh("docker rmi af62dd757b58")
    assert stderr(out) == (
        "Error response from daemon: conflict: unable to delete af62dd757b58 (must be forced) - "
        f"image is being used by stopped container {cid[:12]}\n"
    )


def test_id_with_running_container_cannot_be_forced(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    cid = full_id(sh, "web")
    for line in ("docker rmi af62dd757b58", "docker rmi -f af62dd757b58"):
        out = sh(line)
        assert out.exit_code == 1
        assert stderr(out) == (
            "Error response from daemon: conflict: unable to delete af62dd757b58 (cannot be "
            f"forced) - image is being used by running container {cid[:12]}\n"
        )


def test_unknown_and_several(nginx: Engine, sh: Sh) -> None:
    out = sh("docker rmi nope nginx:1.25")
    assert out.exit_code == 1
    assert stderr(out) == "Error response from daemon: No such image: nope:latest\n"
    assert stdout(out).startswith("Untagged: nginx:1.25\n")


def test_force_ignores_missing(sh: Sh) -> None:
    out = sh("docker rmi -f nope")
    assert out.exit_code == 0
    assert stderr(out) == "Error response from daemon: No such image: nope:latest\n"


def test_parent_of_a_commit_survives_untag(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker commit web child:v1", ok=True)
    sh("docker rm -f web", ok=True)
    assert sh("docker rmi nginx:1.25", ok=True).output == (
        f"Untagged: nginx:1.25\nUntagged: nginx@{DIGEST}\n"
    )


def test_parent_with_child_cannot_be_deleted_by_id(nginx: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker commit web child:v1", ok=True)
    sh("docker rm -f web", ok=True)
    sh("docker tag nginx:1.25 keep:v1", ok=True)
    sh("docker rmi keep:v1", ok=True)
    out = sh("docker rmi -f af62dd757b58")
    assert out.exit_code == 1
    assert stderr(out).endswith(
        "Error response from daemon: conflict: unable to delete af62dd757b58 (cannot be forced) "
        "- image has dependent child images\n"
    )
