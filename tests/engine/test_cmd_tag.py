"""`docker tag` (reference §3.5): silent success, moved tags, and its errors."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr


def test_tag_is_silent_and_adds_a_row(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    out = sh("docker tag nginx:1.25 myregistry/nginx:v1.0", ok=True)
    assert out.output == ""
    rows = sh("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'", ok=True).output
    assert "myregistry/nginx:v1.0 af62dd757b58\n" in rows


def test_retag_moves_the_name(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    sh("docker pull hello-world", ok=True)
    sh("docker tag alpine:3.19 mine:latest", ok=True)
    sh("docker tag hello-world mine:latest", ok=True)
    assert sh("docker images mine -q", ok=True).output == "74cc54e27dc4\n"


def test_source_missing(sh: Sh) -> None:
    out = sh("docker tag foo bar")
    assert out.exit_code == 1
    assert stderr(out) == "Error response from daemon: No such image: foo:latest\n"


def test_bad_target(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    out = sh("docker tag hello-world My/App")
    assert out.exit_code == 1
    assert stderr(out).startswith(
        'error parsing reference: "My/App" is not a valid repository/tag: '
    )


def test_digest_target(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    out = sh(f"docker tag hello-world foo@sha256:{'a' * 64}")
    assert (out.exit_code, stderr(out)) == (1, "refusing to create a tag with a digest reference\n")


def test_image_tag_form(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    sh("docker image tag hello-world hi:v1", ok=True)
    assert sh("docker images hi -q", ok=True).output == "74cc54e27dc4\n"
