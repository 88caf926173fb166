"""`docker images` (reference §3.1): classic table, one row per tag, flags and filters."""

from __future__ import annotations

import json

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, stderr

EMPTY = "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"


@pytest.fixture
def pulled(engine: Engine, sh: Sh) -> Engine:
    sh("docker pull nginx:1.25", ok=True)
    sh("docker pull hello-world", ok=True)
    sh("docker tag nginx:1.25 nginx:latest", ok=True)
    return engine


def test_empty(sh: Sh) -> None:
    assert sh("docker images", ok=True).output == EMPTY
    assert sh("docker image ls", ok=True).output == EMPTY


def test_table_rows(pulled: Engine, sh: Sh) -> None:
    assert sh("docker images", ok=True).output == (
        "REPOSITORY    TAG       IMAGE ID       CREATED         SIZE\n"
        "hello-world   latest    74cc54e27dc4   4 months ago    10.1kB\n"
        "nginx         1.25      af62dd757b58   22 months ago   187MB\n"
        "nginx         latest    af62dd757b58   22 months ago   187MB\n"
    )


def test_quiet_repeats_multi_tag_ids(pulled: Engine, sh: Sh) -> None:
    assert sh("docker images -q", ok=True).output == ("74cc54e27dc4\naf62dd757b58\naf62dd757b58\n")


def test_reference_argument_and_wildcard(pulled: Engine, sh: Sh) -> None:
    assert len(sh("docker images nginx", ok=True).output.split("\n")) == 4
    assert sh("docker images nginx:1.25 -q", ok=True).output == "af62dd757b58\n"
    assert sh("docker images 'ngi*' -q", ok=True).output == "af62dd757b58\naf62dd757b58\n"
    assert sh("docker images nosuch", ok=True).output == EMPTY


def test_digests_and_no_trunc(pulled: Engine, sh: Sh) -> None:
    lines = sh("docker images --digests hello-world", ok=True).output.split("\n")
    assert lines[0].split() == ["REPOSITORY", "TAG", "DIGEST", "IMAGE", "ID", "CREATED", "SIZE"]
    assert "sha256:e0b569a5163a5e6be84e210a2587e7d447e08f87a0e90798363fa44a0464a1e8" in lines[1]
    full = sh("docker images --no-trunc hello-world", ok=True).output
    assert "   sha256:74cc54e27dc4" in full


def test_dangling_rows(pulled: Engine, sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker rmi -f nginx:1.25 nginx:latest", ok=True)
    out = sh("docker images --filter dangling=true", ok=True).output
    assert out == (
        "REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
        "<none>       <none>    af62dd757b58   22 months ago   187MB\n"
    )
    assert sh("docker ps --format '{{.Image}}'", ok=True).output == "af62dd757b58\n"


def test_format(pulled: Engine, sh: Sh) -> None:
    out = sh("docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'", ok=True).output
    assert out == "hello-world:latest 10.1kB\nnginx:1.25 187MB\nnginx:latest 187MB\n"


def test_json_format_sizes(pulled: Engine, sh: Sh) -> None:
    rows = sh("docker images --format json nginx:1.25", ok=True).output
    record = json.loads(rows)
    assert (record["Size"], record["VirtualSize"]) == ("187MB", "186.6MB")
    assert record["CreatedAt"] == "2023-08-15 23:38:49 +0000 UTC"
    assert record["Containers"] == "N/A"


def test_invalid_filters(sh: Sh) -> None:
    out = sh("docker images -f bogus=1")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: invalid filter 'bogus'\n",
    )
    out = sh("docker images --filter dangling=maybe")
    assert stderr(out) == "Error response from daemon: invalid filter 'dangling=[maybe]'\n"


def test_label_and_reference_filters(pulled: Engine, sh: Sh) -> None:
    out = sh("docker images -f label=maintainer --format '{{.Repository}}:{{.Tag}}'", ok=True)
    assert out.output == "nginx:1.25\nnginx:latest\n"
    out = sh("docker images --filter reference='nginx:1.*' -q", ok=True)
    assert out.output == "af62dd757b58\n"
