"""`docker top` (reference §4.7): ps -ef columns at minimum width 20, host PIDs, errors."""

from __future__ import annotations

import re

from tests.engine.cmd_support import Sh, full_id, stderr


def test_nginx_processes(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    rows = sh("docker top web", ok=True).output.rstrip("\n").split("\n")
    assert rows[0] == (
        "UID                 PID                 PPID                C                   "
        "STIME               TTY                 TIME                CMD"
    )
    assert re.fullmatch(
        r"root {16}(\d+) +\d+ +0 {19}\d\d:\d\d {15}\? {19}00:00:00 {12}"
        r"nginx: master process nginx -g daemon off;",
        rows[1],
    )
    assert rows[2].startswith("101   ") and rows[2].endswith("nginx: worker process")
    assert len(rows) == 4


def test_stopped_and_unknown(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    out = sh("docker top web")
    assert (out.exit_code, stderr(out)) == (
        1,
        f"Error response from daemon: container {full_id(sh, 'web')} is not running\n",
    )
    assert stderr(sh("docker top nope")) == "Error response from daemon: No such container: nope\n"


def test_ps_options_aux(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    rows = sh("docker top web aux", ok=True).output.rstrip("\n").split("\n")
    assert rows[0].split() == [
        "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"
    ]  # fmt: skip
    assert rows[1].split()[7:10] == ["Ss", "15:06", "0:00"]
    assert rows[1].endswith("nginx: master process nginx -g daemon off;")
    assert sh("docker top web -aux", ok=True).output == sh("docker top web aux").output
