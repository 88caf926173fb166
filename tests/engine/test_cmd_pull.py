"""`docker pull` (reference §3.2): the line-by-line output, shared layers, and pull errors."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr, stdout

NGINX_LAYERS = [
    "648e0aadf75a",
    "c00f8e87f8b6",
    "551ce35b785d",
    "5ef200c1204c",
    "4feb1f8cc23f",
    "6e8be0b50341",
    "d62050e92317",
]
NGINX_DIGEST = "sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"


def test_fresh_pull_exact_text(sh: Sh) -> None:
    out = sh("docker pull nginx:1.25", ok=True)
    assert out.output == (
        "1.25: Pulling from library/nginx\n"
        + "".join(f"{layer}: Pull complete\n" for layer in NGINX_LAYERS)
        + f"Digest: {NGINX_DIGEST}\n"
        "Status: Downloaded newer image for nginx:1.25\n"
        "docker.io/library/nginx:1.25\n"
    )


def test_default_tag_line(sh: Sh) -> None:
    out = sh("docker pull hello-world", ok=True)
    assert out.output.split("\n")[:2] == [
        "Using default tag: latest",
        "latest: Pulling from library/hello-world",
    ]


def test_up_to_date_prints_no_layers(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    assert sh("docker pull nginx:1.25", ok=True).output == (
        "1.25: Pulling from library/nginx\n"
        f"Digest: {NGINX_DIGEST}\n"
        "Status: Image is up to date for nginx:1.25\n"
        "docker.io/library/nginx:1.25\n"
    )


def test_shared_base_layer_already_exists(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    lines = sh("docker pull node:18-alpine", ok=True).output.split("\n")
    assert lines[1] == "4abcf2066143: Already exists"
    assert lines[2:5] == [
        "45a0166cf96b: Pull complete",
        "1fed6d4dd8ca: Pull complete",
        "2ace4c9b5d28: Pull complete",
    ]


def test_alias_tag_shares_everything(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    lines = sh("docker pull nginx:latest", ok=True).output.split("\n")
    assert lines[1:8] == [f"{layer}: Already exists" for layer in NGINX_LAYERS]
    assert lines[9] == "Status: Downloaded newer image for nginx:latest"


def test_quiet_prints_reference_only(sh: Sh) -> None:
    assert sh("docker pull -q nginx:1.25", ok=True).output == "docker.io/library/nginx:1.25\n"


def test_unknown_repository(sh: Sh) -> None:
    out = sh("docker pull doesnotexist")
    assert out.exit_code == 1
    assert stdout(out) == "Using default tag: latest\n"
    assert stderr(out) == (
        "Error response from daemon: pull access denied for doesnotexist, repository does not "
        "exist or may require 'docker login': denied: requested access to the resource is denied\n"
        "playground: only these images can be pulled here: alpine, busybox, golang, hello-world, "
        "mysql, nginx, node, python, redis, registry, ubuntu\n"
    )


def test_unknown_tag(sh: Sh) -> None:
    out = sh("docker pull nginx:9.9")
    assert out.exit_code == 1
    assert stderr(out) == (
        "Error response from daemon: manifest for nginx:9.9 not found: manifest unknown: "
        "manifest unknown\nplayground: the tags of this image here: 1.25, latest, 1.25-alpine\n"
    )


def test_all_tags_with_tag(sh: Sh) -> None:
    out = sh("docker pull -a nginx:1.25")
    assert (out.exit_code, stderr(out)) == (1, "tag can't be used with --all-tags/-a\n")


def test_platform_errors(sh: Sh) -> None:
    out = sh("docker pull --platform linux/mips64 nginx:1.25")
    assert stderr(out) == (
        "Error response from daemon: no matching manifest for linux/mips64 in the manifest list "
        "entries\n"
    )
    out = sh("docker pull --platform foo nginx:1.25")
    assert stderr(out) == '"foo": unknown operating system or architecture: invalid argument\n'


def test_platform_is_recorded(sh: Sh) -> None:
    sh("docker pull --platform linux/arm64 alpine:3.19", ok=True)
    out = sh("docker image inspect -f '{{.Os}}/{{.Architecture}}' alpine:3.19", ok=True)
    assert out.output == "linux/arm64\n"
