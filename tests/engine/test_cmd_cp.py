"""`docker cp` (reference §4.11): both directions, the classic summary, and its errors."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr, stdout


def test_copy_out_summary_on_stderr(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker cp web:/etc/nginx/nginx.conf /tmp/nginx.conf", ok=True)
    assert stdout(out) == ""
    assert stderr(out) == "Successfully copied 2.05kB to /tmp/nginx.conf\n"
    assert sh("grep -c worker_processes /tmp/nginx.conf", ok=True).output == "1\n"


def test_copy_in_and_serve(sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    sh("echo hello > /tmp/index.html", ok=True)
    out = sh("docker cp /tmp/index.html web:/usr/share/nginx/html/", ok=True)
    assert stderr(out) == "Successfully copied 2.05kB to web:/usr/share/nginx/html/\n"
    assert sh("curl -s localhost:8080", ok=True).output == "hello\n"


def test_quiet_and_stopped_container(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    assert sh("docker cp -q web:/etc/nginx/nginx.conf /tmp/n", ok=True).output == ""
    assert "worker_processes" in sh("cat /tmp/n", ok=True).output


def test_hostname_file_holds_short_id(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    short = sh("docker exec web hostname", ok=True).output
    assert sh("docker exec web cat /etc/hostname", ok=True).output == short


def test_directory_copy(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker cp web:/etc/nginx /tmp/ng", ok=True)
    assert "nginx.conf" in sh("ls /tmp/ng", ok=True).output


def test_errors(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker run -d --name web2 nginx:1.25", ok=True)
    out = sh("docker cp web:/nope /tmp/x")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: Could not find the file /nope in container web\n",
    )
    assert stderr(sh("docker cp a b")) == "must specify at least one container source\n"
    assert stderr(sh("docker cp web:/a web2:/b")) == "copying between containers is not supported\n"
    assert stderr(sh("docker cp nope:/x /tmp")) == (
        "Error response from daemon: No such container: nope\n"
    )
