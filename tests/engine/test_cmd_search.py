"""`docker search`: Docker Hub's answer for the playground's own repositories."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr


def test_table_truncates_descriptions_and_marks_official(sh: Sh) -> None:
    assert sh("docker search nginx", ok=True).output == (
        "NAME      DESCRIPTION                STARS     OFFICIAL\n"
        "nginx     Official build of Nginx.   20900     [OK]\n"
    )
    out = sh("docker search sql", ok=True).output.splitlines()
    assert out[1] == "mysql     MySQL is a widely used, open-source relation…   15900     [OK]"
    assert (
        "relational database management system (RDBMS)."
        in sh("docker search --no-trunc mysql", ok=True).output
    )


def test_limit_filters_and_format(sh: Sh) -> None:
    assert sh("docker search --limit 2 --format '{{.Name}}' a", ok=True).output == "nginx\nubuntu\n"
    stars = sh("docker search -f stars=15000 --format '{{.Name}} {{.StarCount}}' e", ok=True)
    assert stars.output == "ubuntu 17600\nmysql 15900\n"
    assert sh("docker search -f is-official=false nginx", ok=True).output.count("\n") == 1
    out = sh("docker search --filter bogus=1 nginx")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: invalid filter 'bogus'\n",
    )
    out = sh("docker search --limit 101 nginx")
    assert stderr(out) == "Error response from daemon: limit 101 is outside the range of [1, 100]\n"
