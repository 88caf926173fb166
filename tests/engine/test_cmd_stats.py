"""`docker stats --no-stream` (reference §4.8): columns, helpers, the zero row of a stopped one."""

from __future__ import annotations

import re

from tests.engine.cmd_support import Sh, full_id, stderr


def test_running_rows(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    rows = sh("docker stats --no-stream", ok=True).output.rstrip("\n").split("\n")
    assert rows[0] == (
        "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O       "
        "BLOCK I/O     PIDS"
    )
    assert re.fullmatch(
        r"[0-9a-f]{12}   web       \d+\.\d\d%     [\d.]+MiB / [\d.]+GiB   \d+\.\d\d%     "
        r"\S+ / \S+ +\S+ / \S+ +\d+",
        rows[1],
    )


def test_stopped_named_container_shows_zero_row(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker stop web", ok=True)
    out = sh("docker stats --no-stream web", ok=True).output
    assert out == (
        "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n"
        f"{full_id(sh, 'web')[:12]}   web       0.00%     0B / 0B             0.00%     0B / 0B   "
        "0B / 0B     0\n"
    )


def test_unknown(sh: Sh) -> None:
    out = sh("docker stats --no-stream nope")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: No such container: nope\n",
    )
