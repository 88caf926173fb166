"""`docker logs` (reference §4.5, §8): streams, --tail, -t, --since, survival across restarts."""

from __future__ import annotations

import re

from engine import Engine
from tests.engine.cmd_support import Sh, stderr, stdout


def test_nginx_startup_lines_on_their_streams(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker logs web", ok=True)
    assert stdout(out).split("\n")[:2] == [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
        "configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    ]
    assert stdout(out).endswith(
        "/docker-entrypoint.sh: Configuration complete; ready for start up\n"
    )
    assert stderr(out).split("\n")[1] == "2025/06/15 15:06:40 [notice] 1#1: nginx/1.25.2"


def test_tail_and_timestamps(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    tail = sh("docker logs --tail 2 web", ok=True).output
    assert tail == (
        "2025/06/15 15:06:40 [notice] 1#1: start worker process 29\n"
        "2025/06/15 15:06:40 [notice] 1#1: start worker process 30\n"
    )
    stamped = sh("docker logs -t -n 1 web", ok=True).output
    assert re.fullmatch(
        r"2025-06-15T15:06:40\.\d{9}Z 2025/06/15 15:06:40 \[notice\] 1#1: start worker process 30\n",
        stamped,
    )


def test_access_log_line_per_request(sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    sh("curl -s localhost:8080 > /dev/null", ok=True)
    last = sh("docker logs --tail 1 web", ok=True).output
    assert re.fullmatch(
        r'172\.17\.0\.1 - - \[15/Jun/2025:15:06:40 \+0000\] "GET / HTTP/1\.1" 200 615 "-" '
        r'"curl/[\d.]+" "-"\n',
        last,
    )


def test_since_relative(sh: Sh, clock) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    clock.advance(600)
    sh("curl -s localhost:8080 > /dev/null", ok=True)
    recent = sh("docker logs --since 5m web", ok=True).output
    assert recent.count("\n") == 1 and '"GET / HTTP/1.1" 200 615' in recent


def test_logs_survive_restart_and_vanish_with_rm(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    before = sh("docker logs web", ok=True).output
    sh("docker restart web", ok=True)
    after = sh("docker logs web", ok=True).output
    assert after.startswith(before) and len(after) > len(before)
    sh("docker rm -f web", ok=True)
    out = sh("docker logs web")
    assert out.exit_code == 1
    assert stderr(out) == "Error response from daemon: No such container: web\n"


def test_redis_banner(sh: Sh) -> None:
    sh("docker run -d --name cache redis:7", ok=True)
    lines = sh("docker logs cache", ok=True).output.split("\n")
    assert (
        lines[0] == "1:C 15 Jun 2025 15:06:40.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"
    )
    assert lines[-2].endswith(" * Ready to accept connections tcp")


def test_silent_images_have_empty_logs(sh: Sh) -> None:
    sh("docker run -d --name box alpine:3.19", ok=True)
    assert sh("docker logs box", ok=True).output == ""


def test_follow_streams_until_ctrl_c(engine: Engine, sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    out = sh("docker logs -f --tail 1 web")
    assert out.output == "2025/06/15 15:06:40 [notice] 1#1: start worker process 30\n"
    assert out.mode == "following" and out.prompt == ""
    other = engine.execute("curl -s localhost:8080 > /dev/null", "other")
    streamed = "".join(frame.text for frame in other.elsewhere["main"])
    assert '"GET / HTTP/1.1" 200 615' in streamed
    stopped = engine.interrupt()
    assert (stopped.output, stopped.exit_code, stopped.prompt) == ("^C\n", 130, "$ ")


def test_until_and_bad_times(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    assert sh("docker logs --until 2025-06-15T15:00:00 web", ok=True).output == ""
    out = sh("docker logs --until 2025-06-15T15:10:00Z --tail 1 web", ok=True)
    assert out.output == "2025/06/15 15:06:40 [notice] 1#1: start worker process 30\n"
    out = sh("docker logs --until nope web")
    assert (out.exit_code, stderr(out)) == (
        1,
        'invalid value for "until": failed to parse value as time or duration: "nope"\n',
    )
    out = sh("docker logs --since yesterday web")
    assert stderr(out) == (
        'invalid value for "since": failed to parse value as time or duration: "yesterday"\n'
    )


def test_a_container_curling_itself_is_logged_from_loopback(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker exec web curl -s localhost", ok=True)
    assert sh("docker logs web", ok=True).output.endswith(
        '127.0.0.1 - - [15/Jun/2025:15:06:40 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"\n'
    )


def test_a_run_once_command_keeps_stdout_and_stderr_in_order(sh: Sh) -> None:
    sh("docker pull -q alpine:3.19", ok=True)
    script = "echo out1; echo err1 >&2; echo out2; echo err2 >&2"
    run = sh(f'docker run --name once alpine:3.19 sh -c "{script}"', ok=True)
    assert run.output == "out1\nerr1\nout2\nerr2\n"
    out = sh("docker logs once", ok=True)
    assert [(f.stream, f.text) for f in out.frames] == [
        ("stdout", "out1\n"),
        ("stderr", "err1\n"),
        ("stdout", "out2\n"),
        ("stderr", "err2\n"),
    ]
