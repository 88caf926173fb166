"""`docker exec` (reference §4.6): output and exit code of the command, and every exec error."""

from __future__ import annotations

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, full_id, stderr


@pytest.fixture
def web(engine: Engine, sh: Sh) -> str:
    sh("docker run -d --name web nginx:1.25", ok=True)
    return full_id(sh, "web")


def test_runs_in_container(web: str, sh: Sh) -> None:
    assert (
        sh("docker exec web ls /usr/share/nginx/html", ok=True).output == "50x.html\nindex.html\n"
    )
    assert sh("docker exec web sh -c 'exit 4'").exit_code == 4


def test_env_workdir_user(web: str, sh: Sh) -> None:
    assert sh("docker exec -e GREETING=hi web printenv GREETING", ok=True).output == "hi\n"
    assert sh("docker exec -w /etc/nginx web pwd", ok=True).output == "/etc/nginx\n"
    assert sh("docker exec -u nginx web whoami", ok=True).output == "nginx\n"


def test_interactive_shell_prompt(web: str, sh: Sh) -> None:
    out = sh("docker exec -it web bash", ok=True)
    assert out.prompt == f"root@{web[:12]}:/# "
    assert sh("exit", ok=True).prompt == "$ "


def test_missing_binary(sh: Sh) -> None:
    sh("docker run -dit --name box alpine:3.19", ok=True)
    out = sh("docker exec -it box bash")
    assert out.exit_code == 127
    assert stderr(out) == (
        "OCI runtime exec failed: exec failed: unable to start container process: exec: "
        '"bash": executable file not found in $PATH: unknown\n'
    )


def test_stopped_and_created(web: str, sh: Sh) -> None:
    sh("docker stop web", ok=True)
    out = sh("docker exec web ls")
    assert (out.exit_code, stderr(out)) == (
        1,
        f"Error response from daemon: container {web} is not running\n",
    )
    sh("docker create --name fresh nginx:1.25", ok=True)
    fresh = full_id(sh, "fresh")
    out = sh("docker exec fresh ls")
    assert stderr(out) == f"Error response from daemon: container {fresh} is not running\n"


def test_paused(web: str, sh: Sh) -> None:
    sh("docker pause web", ok=True)
    out = sh("docker exec web ls")
    assert out.exit_code == 1
    assert stderr(out) == (
        "Error response from daemon: Container web is paused, unpause the container before exec\n"
    )


def test_unknown_container(sh: Sh) -> None:
    out = sh("docker exec nope ls")
    assert out.exit_code == 1
    assert stderr(out) == "Error response from daemon: No such container: nope\n"


def test_needs_two_arguments(web: str, sh: Sh) -> None:
    out = sh("docker exec web")
    assert out.exit_code == 1
    assert stderr(out).startswith('"docker exec" requires at least 2 arguments.\n')


def test_streams_keep_their_order(web: str, sh: Sh) -> None:
    assert sh("docker exec web sh -c 'echo a >&2; echo b'", ok=True).output == "a\nb\n"


def test_a_program_of_the_image_that_is_not_simulated_says_so(sh: Sh) -> None:
    out = sh("docker run --rm alpine:3.19 getent hosts localhost")
    assert out.exit_code == 0
    assert stderr(out).endswith(
        "getent: playground: this program is not simulated here; it did nothing\n"
    )
