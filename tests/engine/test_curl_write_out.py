"""`curl -w`: the write-out template tutorials use to print a status code."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr, stdout


def test_status_code_of_a_published_port(sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    out = sh("curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080", ok=True)
    assert out.output == "200\n"
    out = sh("curl -s -o /dev/null -w '%{http_code} %{content_type}' localhost:8080/nope", ok=True)
    assert out.output == "404 text/html"


def test_inside_the_container_and_dev_null_stays_a_device(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker exec web curl -s -o /dev/null -w '%{http_code}' localhost", ok=True)
    assert out.output == "200"
    assert "/dev/null" not in sh("docker diff web", ok=True).output


def test_no_answer_is_000_and_unknown_variables_are_named(sh: Sh) -> None:
    out = sh("curl -s -w '%{http_code}\\n' localhost:9999")
    assert (out.exit_code, stdout(out)) == (7, "000\n")
    out = sh("curl -s -o /dev/null -w '%{bogus}|%%' localhost:9999")
    assert stderr(out) == "curl: unknown --write-out variable: 'bogus'\n"
    assert stdout(out) == "|%"
