"""start / stop / restart / pause / unpause / kill / rm / rename / wait (reference §4.4)."""

from __future__ import annotations

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, full_id, stderr, stdout


@pytest.fixture
def web(engine: Engine, sh: Sh) -> str:
    sh("docker run -d --name web nginx:1.25", ok=True)
    return full_id(sh, "web")


def status(sh: Sh, name: str = "web") -> str:
    return sh(f"docker inspect -f '{{{{.State.Status}}}} {{{{.State.ExitCode}}}}' {name}").output


def test_each_argument_echoed_as_typed(web: str, sh: Sh) -> None:
    sh("docker run -d --name web2 nginx:1.25", ok=True)
    assert sh(f"docker stop {web[:5]} web2", ok=True).output == f"{web[:5]}\nweb2\n"
    assert sh("docker start web web2", ok=True).output == "web\nweb2\n"
    assert sh("docker restart web", ok=True).output == "web\n"
    assert sh("docker pause web", ok=True).output == "web\n"
    assert sh("docker unpause web", ok=True).output == "web\n"
    assert sh("docker kill web", ok=True).output == "web\n"
    assert status(sh) == "exited 137\n"
    assert sh("docker rm web", ok=True).output == "web\n"


def test_stop_nginx_exits_0_and_is_idempotent(web: str, sh: Sh) -> None:
    sh("docker stop web", ok=True)
    assert status(sh) == "exited 0\n"
    assert sh("docker stop web", ok=True).output == "web\n"
    sh("docker start web", ok=True)
    assert sh("docker start web", ok=True).output == "web\n"


def test_stop_shell_pid1_takes_sigkill(sh: Sh) -> None:
    sh("docker run -dit --name box alpine:3.19", ok=True)
    sh("docker stop box", ok=True)
    assert status(sh, "box") == "exited 137\n"


def test_kill_with_signal(web: str, sh: Sh) -> None:
    sh("docker run -d --name cache redis:7", ok=True)
    assert sh("docker kill -s SIGTERM cache", ok=True).output == "cache\n"
    assert status(sh, "cache") == "exited 0\n"


def test_unknown_container(sh: Sh) -> None:
    for verb in ("stop", "kill", "pause", "unpause", "rm"):
        out = sh(f"docker {verb} nope")
        assert out.exit_code == 1
        assert stderr(out) == "Error response from daemon: No such container: nope\n"


def test_start_unknown_adds_summary(sh: Sh) -> None:
    out = sh("docker start nope")
    assert out.exit_code == 1
    assert stderr(out) == (
        "Error response from daemon: No such container: nope\n"
        "Error: failed to start containers: nope\n"
    )


def test_restart_unknown(sh: Sh) -> None:
    out = sh("docker restart nope")
    assert out.exit_code == 1
    assert stderr(out) == (
        "Error response from daemon: Cannot restart container nope: No such container: nope\n"
    )


def test_pause_errors(web: str, sh: Sh) -> None:
    sh("docker pause web", ok=True)
    out = sh("docker pause web")
    assert (out.exit_code, stderr(out)) == (
        1,
        f"Error response from daemon: container {web} is already paused\n",
    )
    out = sh("docker start web")
    assert stderr(out) == (
        "Error response from daemon: cannot start a paused container, try unpause instead\n"
        "Error: failed to start containers: web\n"
    )
    out = sh("docker rm web")
    assert stderr(out) == (
        'Error response from daemon: cannot remove container "/web": container is paused and '
        "must be unpaused first\n"
    )
    sh("docker unpause web", ok=True)
    out = sh("docker unpause web")
    assert stderr(out) == f"Error response from daemon: Container {web} is not paused\n"
    sh("docker stop web", ok=True)
    out = sh("docker pause web")
    assert stderr(out) == f"Error response from daemon: container {web} is not running\n"


def test_kill_stopped(web: str, sh: Sh) -> None:
    sh("docker stop web", ok=True)
    out = sh("docker kill web")
    assert out.exit_code == 1
    assert stderr(out) == (
        f"Error response from daemon: cannot kill container: web: container {web} is not running\n"
    )


def test_rm_running_then_force(web: str, sh: Sh) -> None:
    out = sh("docker rm web")
    assert out.exit_code == 1
    assert stderr(out) == (
        'Error response from daemon: cannot remove container "/web": container is running: stop '
        "the container before removing or force remove\n"
    )
    assert sh("docker rm -f web", ok=True).output == "web\n"
    assert sh("docker ps -aq", ok=True).output == ""


def test_rm_force_missing_still_exits_0(sh: Sh) -> None:
    out = sh("docker rm -f nope")
    assert out.exit_code == 0
    assert stderr(out) == "Error response from daemon: No such container: nope\n"


def test_partial_failure_exit_1_but_successes_echoed(web: str, sh: Sh) -> None:
    out = sh("docker stop web nope")
    assert out.exit_code == 1
    assert stdout(out) == "web\n"
    assert stderr(out) == "Error response from daemon: No such container: nope\n"


def test_restart_stopped_starts_it(web: str, sh: Sh) -> None:
    sh("docker stop web", ok=True)
    sh("docker restart web", ok=True)
    assert status(sh) == "running 0\n"


def test_rename_and_wait(web: str, sh: Sh) -> None:
    assert sh("docker rename web site", ok=True).output == ""
    assert sh("docker ps --format '{{.Names}}'", ok=True).output == "site\n"
    sh("docker run --name hi hello-world", ok=True)
    assert sh("docker wait hi", ok=True).output == "0\n"


def test_rm_volumes_flag_removes_anonymous_volume(sh: Sh) -> None:
    sh("docker run -d --name cache redis:7", ok=True)
    assert len(sh("docker volume ls -q", ok=True).output.split()) == 1
    sh("docker rm -f -v cache", ok=True)
    assert sh("docker volume ls -q", ok=True).output == ""


def test_auto_remove_on_stop(sh: Sh) -> None:
    sh("docker run -d --rm --name tmp1 nginx:1.25", ok=True)
    sh("docker stop tmp1", ok=True)
    assert sh("docker ps -aq", ok=True).output == ""
