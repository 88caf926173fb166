"""The image catalog: ids, digests, layers, sizes, configs and history match the reference (§7, §3.3)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.catalog import CATALOG, Catalog, CatalogImage

ROOT = Path(__file__).resolve().parents[2]
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def docker_size(n: int) -> str:
    """The classic `docker images` SIZE rule (§2.4): 3 significant digits, decimal units."""
    units = ["B", "kB", "MB", "GB", "TB"]
    value, i = float(n), 0
    while value >= 1000 and i < len(units) - 1:
        value, i = value / 1000, i + 1
    return f"{value:.3g}{units[i]}"


def image(ref: str, platform: str | None = None) -> CatalogImage:
    name, tag = ref.split(":")
    found = CATALOG.lookup(f"library/{name}", tag, platform)
    assert found is not None, ref
    return found


ALL_TAGS = {
    "library/nginx": ["1.25", "latest", "1.25-alpine"],
    "library/node": ["18-alpine", "18", "18.17-alpine"],
    "library/ubuntu": ["22.04", "latest"],
    "library/alpine": ["3.19", "latest"],
    "library/mysql": ["8.0", "latest"],
    "library/redis": ["7", "latest"],
    "library/python": ["3.12-slim", "3.11-slim"],
    "library/busybox": ["latest"],
    "library/hello-world": ["latest"],
    "library/golang": ["1.21-alpine"],
    "library/registry": ["2"],
}


def test_every_curated_tag_loads() -> None:
    for repository, tags in ALL_TAGS.items():
        assert CATALOG.has_repository(repository)
        assert CATALOG.tags(repository) == tags
        for tag in tags:
            found = CATALOG.lookup(repository, tag)
            assert found is not None and found.tag == tag and found.repository == repository
            assert found.platform == "linux/amd64"
    assert not CATALOG.has_repository("library/doesnotexist")
    assert CATALOG.lookup("library/nginx", "9.9") is None


# (ref, short id, layers, SIZE as `docker images` prints it) — §3.1 and §7
TABLE = [
    ("nginx:1.25", "af62dd757b58", 7, "187MB"),
    ("nginx:latest", "af62dd757b58", 7, "187MB"),
    ("nginx:1.25-alpine", "eaf194063ee2", 8, "47.7MB"),
    ("node:18-alpine", "b430f596d217", 4, "128MB"),
    ("node:18", None, 8, "1.09GB"),
    ("ubuntu:22.04", "ca2b0f26964c", 1, "77.9MB"),
    ("alpine:3.19", "dcb11b21f6dc", 1, "7.38MB"),
    ("mysql:8.0", "307199bdf3e2", 11, "602MB"),
    ("redis:7", "6b8be92f31f3", 8, "117MB"),
    ("python:3.12-slim", "c78a70d7588f", 4, "120MB"),
    ("busybox:latest", "f62daa0d2c72", 1, "4.26MB"),
    ("hello-world:latest", "74cc54e27dc4", 1, "10.1kB"),
    ("registry:2", None, 5, "25.4MB"),
]


@pytest.mark.parametrize(("ref", "short", "count", "size"), TABLE)
def test_ids_layer_counts_and_sizes(ref: str, short: str | None, count: int, size: str) -> None:
    found = image(ref)
    assert found.id.startswith("sha256:") and HEX64.match(found.id[7:])
    if short:
        assert found.id[7:19] == short
    assert len(found.layers) == count
    assert found.size == sum(layer.size for layer in found.layers)
    assert docker_size(found.size) == size
    assert found.ref == ref


def test_nginx_is_the_published_image() -> None:
    nginx = image("nginx:1.25")
    assert nginx.id == "sha256:af62dd757b583ccd39ad332fb77e57f90341453f626e141bf87949b37a309a7d"
    assert nginx.index_digest == (
        "sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"
    )
    assert nginx.size == 186638362
    assert [layer.short for layer in nginx.layers] == [
        "648e0aadf75a",
        "c00f8e87f8b6",
        "551ce35b785d",
        "5ef200c1204c",
        "4feb1f8cc23f",
        "6e8be0b50341",
        "d62050e92317",
    ]
    assert sum(layer.download_size for layer in nginx.layers) == 70467797
    assert docker_size(nginx.layers[0].download_size).startswith("29.1")
    assert nginx.docker_version == "20.10.23"
    assert (nginx.architecture, nginx.os, nginx.variant) == ("amd64", "linux", "")


def test_layer_digests_and_diff_ids_are_distinct_full_hex() -> None:
    for found in CATALOG.images():
        for layer in found.layers:
            assert HEX64.match(layer.digest) and HEX64.match(layer.id)
            assert layer.digest != layer.id
            assert layer.short == layer.digest[:12]
            assert CATALOG.layer(layer.id) is layer
            assert CATALOG.layer("sha256:" + layer.id) is layer


def test_nginx_latest_is_the_same_image_as_1_25() -> None:
    a, b = image("nginx:1.25"), image("nginx:latest")
    assert a.id == b.id and a.index_digest == b.index_digest
    assert all(x is y for x, y in zip(a.layers, b.layers, strict=True))
    assert (a.tag, b.tag) == ("1.25", "latest")


def test_ubuntu_latest_is_22_04() -> None:
    a, b = image("ubuntu:22.04"), image("ubuntu:latest")
    assert a.id == b.id and a.layers[0] is b.layers[0]
    assert a.layers[0].short == "bccd10f490ab"


def test_shared_base_layers_are_one_object() -> None:
    alpine = image("alpine:3.19").layers[0]
    assert alpine.short == "4abcf2066143"
    assert image("node:18-alpine").layers[0] is alpine
    assert image("golang:1.21-alpine").layers[0] is alpine
    py312, py311 = image("python:3.12-slim"), image("python:3.11-slim")
    assert py312.layers[0] is py311.layers[0]
    assert py312.layers[0].short == "119d43eec815"
    assert py312.layers[1] is not py311.layers[1]
    assert image("registry:2").layers[0] is image("nginx:1.25-alpine").layers[0]
    assert image("node:18.17-alpine").layers[0] is image("nginx:1.25-alpine").layers[0]
    assert image("mysql:latest").id == image("mysql:8.0").id
    assert image("redis:latest").layers == image("redis:7").layers


def test_the_empty_layer_is_shared_and_empty() -> None:
    empty = CATALOG.layer("5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")
    assert empty.short == "4f4fb700ef54"
    assert (empty.size, empty.download_size) == (0, 32)
    assert empty in image("redis:7").layers
    assert empty in image("redis:7", "linux/arm64").layers  # the same bytes on every platform


def test_pull_layer_ids_follow_the_reference() -> None:
    shorts = {
        "nginx:1.25-alpine": "7264a8db6415 3a753be56661 f3063829fa47 90fa5aa417ca bc66f7a3f388 "
        "52972a58b96d 1af8c8d8877f 483e4ad92080",
        "node:18-alpine": "4abcf2066143 45a0166cf96b 1fed6d4dd8ca 2ace4c9b5d28",
        "hello-world:latest": "e6590344b1a5",
        "mysql:8.0": "5e407bf3af90 bbcaa884ef4a c0ba5caab336 e1ac943225fe 143875155e8f "
        "78accec1f909 0074132ff84a a92d978133e0 af33c7bb2ccb 446b165975c9 e06f8455314d",
        "redis:7": "c02d17997ce3 5a8a1ddac675 c8d70ddedb79 413f71042199 6f3bbde18420 "
        "c92ba2a154a4 4f4fb700ef54 e3ef2252999f",
        "python:3.12-slim": "119d43eec815 83e2eb8c4c73 671677b67e76 3d6ef8a4ce0a",
    }
    for ref, expected in shorts.items():
        assert [layer.short for layer in image(ref).layers] == expected.split(), ref


INDEX_DIGESTS = {
    "nginx:1.25-alpine": "cac882be2b7305e0c8d3e3cd0575a2fd58f5fde6dd5d6299605aa0f3e67ca385",
    "node:18-alpine": "b5b90f3915a8fc0aff8fef45cef6372d6d9e40ec5c4df80d6119c5d7e7a7f8bd",
    "ubuntu:22.04": "1d37836f5bdd330adde8e61df431bcda685557d8ad51ce5f5ff0e3ff63350bc4",
    "alpine:3.19": "1269259bb1aaa81d18ea82827bd825a385e2b92d5647e67a332a69633b5a0ea1",
    "mysql:8.0": "e161b1be9ab9798174d52cc460c34ffd45488cc4ce6081431c8e2084f5d2aa0c",
    "redis:7": "ba125ee995db4c9cf937bb5a771722f443ac96176c7aa5cd03711485ab77c852",
    "python:3.12-slim": "5e2dbd4bbdd9c0e67412aea9463906f74a22c60f89eb7b5bbb7d45b66a2b68a6",
    "hello-world:latest": "e0b569a5163a5e6be84e210a2587e7d447e08f87a0e90798363fa44a0464a1e8",
}


def test_index_digests_are_the_real_ones_and_differ_from_ids() -> None:
    for ref, digest in INDEX_DIGESTS.items():
        found = image(ref)
        assert found.index_digest == "sha256:" + digest
        assert found.index_digest != found.id
    digests = {
        image(f"{r.split('/')[1]}:{t}").index_digest for r, ts in ALL_TAGS.items() for t in ts
    }
    # one per distinct image (the latest aliases share theirs)
    assert len(digests) == 15


def test_arm64_variants() -> None:
    for ref in [
        "nginx:1.25",
        "alpine:3.19",
        "ubuntu:22.04",
        "node:18-alpine",
        "node:18",
        "python:3.12-slim",
        "redis:7",
        "busybox:latest",
        "hello-world:latest",
    ]:
        amd, arm = image(ref), image(ref, "linux/arm64")
        assert arm.platform == "linux/arm64" and (arm.architecture, arm.variant) == ("arm64", "v8")
        assert arm.id != amd.id
        assert arm.index_digest == amd.index_digest
        assert len(arm.layers) == len(amd.layers)
        assert all(a.id != b.id for a, b in zip(arm.layers, amd.layers, strict=True) if b.size), ref
    assert image("ubuntu:22.04", "linux/arm64").id[7:19] == "a50ab9f16797"
    assert image("ubuntu:22.04", "linux/arm64").layers[0].short == "a4a2c7a57ed8"
    assert image("hello-world:latest", "linux/arm64").id[7:19] == "f1f77a0f96b7"
    # arm64 images share their base layers just as the amd64 ones do
    assert (
        image("node:18-alpine", "linux/arm64").layers[0]
        is image("alpine:3.19", "linux/arm64").layers[0]
    )
    for ref in ["mysql:8.0", "golang:1.21-alpine", "registry:2"]:
        name, tag = ref.split(":")
        assert CATALOG.lookup(f"library/{name}", tag, "linux/arm64") is None
        assert CATALOG.platforms(f"library/{name}", tag) == ["linux/amd64"]
    assert CATALOG.lookup("library/nginx", "1.25", "linux/mips64") is None


def test_configs() -> None:
    nginx = image("nginx:1.25").config
    assert nginx["Entrypoint"] == ["/docker-entrypoint.sh"]
    assert nginx["Cmd"] == ["nginx", "-g", "daemon off;"]
    assert nginx["ExposedPorts"] == {"80/tcp": {}}
    assert nginx["StopSignal"] == "SIGQUIT"
    assert nginx["Env"] == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "NGINX_VERSION=1.25.2",
        "NJS_VERSION=0.8.0",
        "PKG_RELEASE=1~bookworm",
    ]
    assert nginx["Labels"] == {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"}
    assert (nginx["Volumes"], nginx["WorkingDir"], nginx["User"]) == (None, "", "")
    redis = image("redis:7").config
    assert (redis["WorkingDir"], redis["Volumes"]) == ("/data", {"/data": {}})
    assert redis["Entrypoint"] == ["docker-entrypoint.sh"] and redis["Cmd"] == ["redis-server"]
    assert "REDIS_VERSION=7.4.7" in redis["Env"]
    mysql = image("mysql:8.0").config
    assert mysql["ExposedPorts"] == {"3306/tcp": {}, "33060/tcp": {}}
    assert mysql["Volumes"] == {"/var/lib/mysql": {}}
    assert "MYSQL_VERSION=8.0.39-1.el9" in mysql["Env"]
    python = image("python:3.12-slim").config
    assert python["Env"][0].startswith("PATH=/usr/local/bin:")
    assert "PYTHON_VERSION=3.12.12" in python["Env"] and python["Cmd"] == ["python3"]
    assert python["Entrypoint"] is None
    ubuntu = image("ubuntu:22.04").config
    assert ubuntu["Cmd"] == ["/bin/bash"]
    assert ubuntu["Labels"] == {
        "org.opencontainers.image.ref.name": "ubuntu",
        "org.opencontainers.image.version": "22.04",
    }
    assert image("node:18-alpine").config["Env"][1:] == [
        "NODE_VERSION=18.20.2",
        "YARN_VERSION=1.22.19",
    ]
    assert image("busybox:latest").config["Cmd"] == ["sh"]
    assert image("hello-world:latest").config["Cmd"] == ["/hello"]
    assert image("alpine:3.19").config["Cmd"] == ["/bin/sh"]
    assert "StopSignal" not in image("alpine:3.19").config


def test_history_matches_layers_everywhere() -> None:
    for found in CATALOG.images():
        made = [h for h in found.history if not h.empty_layer]
        assert len(made) == len(found.layers), found.ref
        assert [h.size for h in made] == [layer.size for layer in found.layers]
        assert all(h.size == 0 for h in found.history if h.empty_layer)
        assert all(h.created <= found.created + 1 for h in found.history)


def test_nginx_history_is_legacy_builder_style() -> None:
    rows = image("nginx:1.25").history
    assert len(rows) == 16
    newest = rows[-1]
    assert newest.created_by == '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]'
    assert newest.empty_layer and newest.comment == ""
    assert rows[-2].created_by == "/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT"
    assert rows[0].created_by.startswith("/bin/sh -c #(nop) ADD file:209589a8bdb5a3788")
    assert rows[0].created_by.endswith(" in / ")
    assert rows[6].created_by.startswith("/bin/sh -c set -x     && groupadd --system -")
    assert docker_size(rows[0].size) == "74.8MB" and docker_size(rows[6].size) == "112MB"
    assert [docker_size(r.size) for r in rows[7:12]] == [
        "1.62kB",
        "2.12kB",
        "298B",
        "3.02kB",
        "4.62kB",
    ]


def test_redis_history_is_buildkit_style() -> None:
    redis = image("redis:7")
    rows = redis.history
    assert redis.docker_version == ""
    assert rows[-1].created_by == 'CMD ["redis-server"]'
    assert rows[-1].comment == "buildkit.dockerfile.v0"
    assert rows[-2].created_by == "EXPOSE map[6379/tcp:{}]"
    assert rows[0].comment == "debuerreotype 0.16"
    assert rows[0].created_by.startswith("# debian.sh --arch 'amd64' out/ 'bookworm' '")
    workdir = next(r for r in rows if r.created_by == "WORKDIR /data")
    assert not workdir.empty_layer and workdir.size == 0
    assert docker_size(rows[0].size) == "74.8MB"
    alpine = image("alpine:3.19").history
    assert [h.created_by for h in alpine][1] == 'CMD ["/bin/sh"]'
    assert alpine[0].created_by.endswith("-x86_64.tar.gz / # buildkit")
    hello = image("hello-world:latest").history
    assert [h.created_by for h in hello] == ["COPY hello / # buildkit", 'CMD ["/hello"]']


def test_ubuntu_history_starts_with_args_and_labels() -> None:
    rows = [h.created_by for h in image("ubuntu:22.04").history]
    assert rows[:4] == [
        "/bin/sh -c #(nop)  ARG RELEASE",
        "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH",
        "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu",
        "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04",
    ]
    assert rows[-1] == '/bin/sh -c #(nop)  CMD ["/bin/bash"]'


def test_created_dates() -> None:
    from datetime import UTC, datetime

    def day(ref: str) -> str:
        return datetime.fromtimestamp(image(ref).created, UTC).strftime("%Y-%m-%d")

    assert day("nginx:1.25") == "2023-08-15"
    assert day("node:18-alpine") == "2024-04-11"
    assert day("ubuntu:22.04") == "2024-02-27"
    assert day("alpine:3.19") == "2025-01-06"
    assert day("hello-world:latest") == "2025-01-21"
    assert image("nginx:1.25").created == pytest.approx(1692142729.869391)


def test_image_by_id() -> None:
    nginx = image("nginx:1.25")
    assert CATALOG.image(nginx.id) is not None
    assert CATALOG.image(nginx.id).id == nginx.id  # type: ignore[union-attr]
    assert CATALOG.image(nginx.id[7:]).id == nginx.id  # type: ignore[union-attr]
    arm = image("nginx:1.25", "linux/arm64")
    assert CATALOG.image(arm.id).platform == "linux/arm64"  # type: ignore[union-attr]
    assert CATALOG.image("sha256:" + "0" * 64) is None


def test_layer_entries_are_frozen_and_complete() -> None:
    layer = image("nginx:1.25").layers[1]
    with pytest.raises(TypeError):
        layer.entries["/x"] = layer.entries["/usr"]  # type: ignore[index]
    for found in CATALOG.images():
        for lay in found.layers:
            for path in lay.entries:
                assert path.startswith("/") and path != "/" and not path.endswith("/")
                parent = path.rsplit("/", 1)[0]
                if parent:
                    assert lay.entries[parent].kind == "dir", (lay.short, path)


def test_texts_for_every_program() -> None:
    for program in ["nginx", "mysql", "redis", "hello-world", "node", "python", "registry"]:
        assert CATALOG.texts(program)
    hello = CATALOG.texts("hello-world")["message"].format(arch="amd64")
    lines = hello.split("\n")
    assert lines[0] == "" and lines[1] == "Hello from Docker!"
    assert " 1. The Docker client contacted the Docker daemon." in lines
    assert "    (amd64)" in lines
    assert " $ docker run -it ubuntu bash" in lines
    assert " https://hub.docker.com/" in lines and " https://docs.docker.com/get-started/" in lines
    assert hello.endswith("get-started/\n\n")
    nginx = CATALOG.texts("nginx")
    assert nginx["entrypoint"][-1] == (
        "/docker-entrypoint.sh: Configuration complete; ready for start up"
    )
    assert nginx["startup"][1].format(time="2024/05/01 10:00:00") == (
        "2024/05/01 10:00:00 [notice] 1#1: nginx/1.25.2"
    )
    line = nginx["access_log"].format(
        client="172.17.0.1",
        access_time="01/May/2024:10:01:00 +0000",
        method="GET",
        path="/",
        protocol="HTTP/1.1",
        status=200,
        bytes=615,
        user_agent="curl/8.4.0",
    )
    assert line == (
        '172.17.0.1 - - [01/May/2024:10:01:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.4.0" "-"'
    )
    mysql = CATALOG.texts("mysql")
    assert mysql["no_password"]["lines"][0].format(date="D") == (
        "D [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"
    )
    assert mysql["ready"].format(ts="T").endswith("port: 3306  MySQL Community Server - GPL.")
    redis = CATALOG.texts("redis")
    assert redis["startup"][-1].format(pid=1, time="t") == "1:M t * Ready to accept connections tcp"
    assert CATALOG.texts("node")["banner"] == [
        "Welcome to Node.js v18.20.2.",
        'Type ".help" for more information.',
    ]
    py = CATALOG.texts("python")
    banner = py["banner"][0].format(**py["versions"]["3.12"])
    assert re.fullmatch(r"Python 3\.12\.12 \(main, .+\) \[GCC [\d.]+\] on linux", banner)
    assert py["banner"][1] == (
        'Type "help", "copyright", "credits" or "license" for more information.'
    )
    assert "listening on [::]:5000" in CATALOG.texts("registry")["startup"][-1]


def test_host_rootfs_is_a_fresh_copy() -> None:
    a, b = CATALOG.host_rootfs(), CATALOG.host_rootfs()
    assert a is not b and a == b
    a["/tmp/x"] = a["/etc/hostname"]
    assert "/tmp/x" not in CATALOG.host_rootfs()
    assert b["/home/learner"].kind == "dir" and b["/home/learner"].uid == 1000
    for binary in ["/usr/bin/docker", "/usr/bin/bash", "/usr/bin/curl", "/usr/bin/ls"]:
        assert b[binary].kind == "file" and b[binary].mode & 0o111
    assert "learner:x:1000:1000" in (b["/etc/passwd"].text or "")
    assert b["/tmp"].mode == 0o1777
    assert "Debian GNU/Linux 12" in (b["/usr/lib/os-release"].text or "")


def test_separate_catalogs_load_independently() -> None:
    fresh = Catalog()
    assert fresh.lookup("library/nginx", "1.25").id == image("nginx:1.25").id  # type: ignore[union-attr]
    assert fresh.lookup("library/nginx", "1.25").layers[0] is not image("nginx:1.25").layers[0]  # type: ignore[union-attr]


def test_load_time_of_the_whole_catalog() -> None:
    """Measured in a fresh interpreter: the first lookup loads everything (aim: < 150 ms)."""
    code = (
        "import time; from engine.catalog import CATALOG; t=time.perf_counter(); "
        "CATALOG.lookup('library/nginx','1.25'); print(time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds = float(out.stdout.strip())
    print(f"catalog load: {seconds * 1000:.0f} ms")
    assert seconds < 1.0  # generous: shared CI machines are slow; the aim is < 0.15 s


def test_layers_build_once_under_concurrent_first_use() -> None:
    from concurrent.futures import ThreadPoolExecutor

    fresh = Catalog()
    nginx = fresh.lookup("library/nginx", "1.25")
    assert nginx is not None
    base = nginx.layers[0]
    assert not base.entries.built  # type: ignore[attr-defined]
    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(lambda _: len(base.entries), range(16)))
    assert len(set(counts)) == 1 and counts[0] > 100
    assert base.entries.built  # type: ignore[attr-defined]


def test_arm64_history_names_its_own_tarballs() -> None:
    amd = [h.created_by for h in image("alpine:3.19").history]
    arm = [h.created_by for h in image("alpine:3.19", "linux/arm64").history]
    assert arm[0] == "ADD alpine-minirootfs-3.19.1-aarch64.tar.gz / # buildkit"
    assert arm[1] == amd[1]
    node_amd = image("node:18-alpine").history
    node_arm = image("node:18-alpine", "linux/arm64").history
    assert node_arm[3].created_by == node_amd[3].created_by  # the RUN text is the same
    assert node_arm[0].created_by != node_amd[0].created_by  # ADD file:<other hash> in /
    assert node_arm[0].created_by.startswith("/bin/sh -c #(nop) ADD file:")
    redis_arm = image("redis:7", "linux/arm64").history
    assert redis_arm[0].created_by.startswith("# debian.sh --arch 'arm64' out/ 'bookworm'")
