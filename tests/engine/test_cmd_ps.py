"""`docker ps` (reference §4.3): columns, statuses, ports, flags, filters and formats."""

from __future__ import annotations

import json

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, stderr

EMPTY = "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"


def rows(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


@pytest.fixture
def busy(engine: Engine, sh: Sh, clock) -> Engine:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    sh("docker run -d --name cache redis:7", ok=True)
    sh("docker run --name hello hello-world", ok=True)
    sh("docker create --name web2 nginx:1.25", ok=True)
    clock.advance(180)
    return engine


def test_empty_table(sh: Sh) -> None:
    assert sh("docker ps", ok=True).output == EMPTY
    assert sh("docker ps -a", ok=True).output == EMPTY


def test_running_only_newest_first(busy: Engine, sh: Sh) -> None:
    table = rows(sh("docker ps", ok=True).output)
    assert table[0] == (
        "CONTAINER ID   IMAGE        COMMAND                  CREATED         STATUS         "
        "PORTS                                     NAMES"
    )
    assert table[1][12:] == (
        '   redis:7      "docker-entrypoint.s…"   3 minutes ago   Up 3 minutes   '
        "6379/tcp                                  cache"
    )
    assert table[2][12:] == (
        '   nginx:1.25   "/docker-entrypoint.…"   3 minutes ago   Up 3 minutes   '
        "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web"
    )
    assert len(table) == 3


def test_all_shows_created_and_exited(busy: Engine, sh: Sh) -> None:
    table = rows(sh("docker ps -a", ok=True).output)
    assert [row.split()[-1] for row in table[1:]] == ["web2", "hello", "cache", "web"]
    assert "   Created   " in table[1]
    assert "   Exited (0) 3 minutes ago   " in table[2]
    assert '"/hello"' in table[2]


def test_quiet_last_and_no_trunc(busy: Engine, sh: Sh) -> None:
    quiet = rows(sh("docker ps -q", ok=True).output)
    assert len(quiet) == 2 and all(len(row) == 12 for row in quiet)
    latest = rows(sh("docker ps -l --no-trunc", ok=True).output)
    assert len(latest) == 2
    assert len(latest[1].split()[0]) == 64
    assert "\"/docker-entrypoint.sh nginx -g 'daemon off;'\"" in latest[1]
    assert len(rows(sh("docker ps -n 3", ok=True).output)) == 4


def test_size_column(busy: Engine, sh: Sh) -> None:
    table = rows(sh("docker ps -s", ok=True).output)
    assert table[0].endswith("   NAMES     SIZE")
    assert table[2].endswith("   web       1.09kB (virtual 187MB)")


def test_format_table_and_bare(busy: Engine, sh: Sh) -> None:
    out = sh("docker ps --format 'table {{.Names}}\\t{{.Status}}'", ok=True).output
    assert out == "NAMES     STATUS\ncache     Up 3 minutes\nweb       Up 3 minutes\n"
    assert sh("docker ps -a --format '{{.Names}}'", ok=True).output == "web2\nhello\ncache\nweb\n"


def test_filters(busy: Engine, sh: Sh) -> None:
    assert sh("docker ps -a -f status=exited --format '{{.Names}}'", ok=True).output == "hello\n"
    assert sh("docker ps -a --filter name=web --format '{{.Names}}'", ok=True).output == (
        "web2\nweb\n"
    )
    assert sh("docker ps -a -f ancestor=redis:7 --format '{{.Names}}'", ok=True).output == (
        "cache\n"
    )


def test_quiet_with_format_warns(busy: Engine, sh: Sh) -> None:
    out = sh("docker ps -q --format '{{.Names}}'", ok=True)
    assert stderr(out) == (
        "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"
    )


def test_paused_status_and_stopped_ports(busy: Engine, sh: Sh) -> None:
    sh("docker pause web", ok=True)
    assert sh("docker ps -f name=web2 -a --format '{{.Status}}'", ok=True).output == "Created\n"
    assert sh("docker ps --format '{{.Names}} {{.Status}}'", ok=True).output == (
        "cache Up 3 minutes\nweb Up 3 minutes (Paused)\n"
    )
    sh("docker unpause web", ok=True)
    sh("docker stop web", ok=True)
    assert sh("docker ps -a -f name=^web$ --format '[{{.Ports}}]'", ok=True).output == "[]\n"


def test_publish_forms(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    sh("docker run -d --name a1 -p 127.0.0.1:8081:80 nginx:1.25", ok=True)
    sh("docker run -d --name a2 -p 80:80 nginx:1.25", ok=True)
    out = sh("docker ps --format '{{.Names}} {{.Ports}}'", ok=True).output
    assert out == "a2 0.0.0.0:80->80/tcp, [::]:80->80/tcp\na1 127.0.0.1:8081->80/tcp\n"


def test_json_format_fields(sh: Sh) -> None:
    sh("docker run -d --name web -v d1:/d -p 8080:80 nginx:1.25", ok=True)
    record = json.loads(sh("docker ps --format json", ok=True).output)
    assert list(record) == sorted(record)  # Go marshals the context's fields in name order
    assert record["LocalVolumes"] == "1"
    assert record["Mounts"] == "d1"
    assert record["Ports"] == "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
    assert record["Command"] == '"/docker-entrypoint.…"'
    assert record["State"] == "running"


def test_invalid_filters(sh: Sh) -> None:
    out = sh("docker ps -f foo=bar")
    assert (out.exit_code, stderr(out)) == (1, "Error response from daemon: invalid filter 'foo'\n")
    out = sh("docker ps -f status=bogus")
    assert stderr(out) == "Error response from daemon: invalid filter 'status=bogus'\n"
    out = sh("docker ps -n abc")
    assert out.exit_code == 125
    assert stderr(out) == (
        'invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid '
        "syntax\nSee 'docker ps --help'.\n"
    )
