"""Root filesystems of the catalog images, seen through a UnionFS as a container would see them."""

from __future__ import annotations

import posixpath

import pytest

from engine.catalog import CATALOG
from engine.catalog.rootfs import build_entries
from engine.fs import UnionFS


def rootfs(ref: str, platform: str | None = None) -> UnionFS:
    name, tag = ref.split(":")
    found = CATALOG.lookup(f"library/{name}", tag, platform)
    assert found is not None
    return UnionFS({}, found.layers)


def path_of(ref: str) -> list[str]:
    name, tag = ref.split(":")
    found = CATALOG.lookup(f"library/{name}", tag)
    assert found is not None
    env = dict(e.split("=", 1) for e in found.config["Env"])
    return env["PATH"].split(":")


def which(fs: UnionFS, ref: str, command: str) -> str | None:
    """Where a shell would find ``command`` in the image's PATH (an executable file)."""
    for directory in path_of(ref):
        candidate = posixpath.join(directory, command)
        node = fs.stat(candidate)
        if node is not None and node.kind == "file" and node.mode & 0o111:
            return candidate
    return None


DEBIAN_ROOT = [
    "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root",
    "run", "sbin", "srv", "sys", "tmp", "usr", "var",
]  # fmt: skip


def test_nginx_root_is_debian_with_nginx_on_top() -> None:
    fs = rootfs("nginx:1.25")
    assert fs.listdir("/") == sorted([*DEBIAN_ROOT, "docker-entrypoint.d", "docker-entrypoint.sh"])
    assert fs.listdir("/usr/share/nginx/html") == ["50x.html", "index.html"]
    index = fs.read("/usr/share/nginx/html/index.html")
    assert len(index.encode()) == 615
    assert "<title>Welcome to nginx!</title>" in index
    assert "<h1>An error occurred.</h1>" in fs.read("/usr/share/nginx/html/50x.html")
    os_release = fs.read("/etc/os-release")
    assert 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' in os_release
    assert fs.read("/etc/debian_version") == "12.1\n"
    assert fs.read("/etc/issue") == "Debian GNU/Linux 12 \\n \\l\n\n"
    assert fs.listdir("/docker-entrypoint.d") == [
        "10-listen-on-ipv6-by-default.sh",
        "15-local-resolvers.envsh",
        "20-envsubst-on-templates.sh",
        "30-tune-worker-processes.sh",
    ]
    entry = fs.stat("/docker-entrypoint.sh")
    assert entry is not None and entry.mode == 0o755
    assert fs.read("/docker-entrypoint.sh").startswith("#!/bin/sh\n")
    assert "user  nginx;" in fs.read("/etc/nginx/nginx.conf")
    assert "include /etc/nginx/conf.d/*.conf;" in fs.read("/etc/nginx/nginx.conf")
    default = fs.read("/etc/nginx/conf.d/default.conf")
    assert "listen       80;" in default and "root   /usr/share/nginx/html;" in default
    nginx = fs.stat("/usr/sbin/nginx")
    assert nginx is not None and nginx.text is None and nginx.size > 1_000_000
    assert "nginx:x:101:101:nginx user:/nonexistent:/bin/false" in fs.read("/etc/passwd")
    assert fs.read("/etc/passwd").startswith("root:x:0:0:root:/root:/bin/bash\n")
    assert fs.lstat("/var/log/nginx/access.log").target == "/dev/stdout"  # type: ignore[union-attr]
    # the layer that provides each file is the one the real image has it in
    assert fs.origin_layer("/usr/sbin/nginx") == rootfs_layer("nginx:1.25", 1)
    assert fs.origin_layer("/etc/os-release") == rootfs_layer("nginx:1.25", 0)
    assert fs.origin_layer("/etc/passwd") == rootfs_layer("nginx:1.25", 1)
    assert fs.origin_layer("/docker-entrypoint.sh") == rootfs_layer("nginx:1.25", 2)


def rootfs_layer(ref: str, index: int) -> str:
    name, tag = ref.split(":")
    found = CATALOG.lookup(f"library/{name}", tag)
    assert found is not None
    return found.layers[index].id


def test_debian_merged_usr_links() -> None:
    fs = rootfs("nginx:1.25")
    for link, target in [("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib")]:
        node = fs.lstat(link)
        assert node is not None and node.kind == "link" and node.target == target
    assert fs.resolve("/bin/bash") == "/usr/bin/bash"
    assert fs.resolve("/bin/sh") == "/usr/bin/dash"


def test_alpine_applets_are_busybox_links() -> None:
    fs = rootfs("alpine:3.19")
    assert fs.resolve("/bin/sh") == "/bin/busybox"
    assert fs.resolve("/bin/ls") == "/bin/busybox"
    assert fs.resolve("/usr/bin/env") == "/bin/busybox"
    assert fs.read("/etc/alpine-release") == "3.19.1\n"
    assert "Alpine Linux v3.19" in fs.read("/etc/os-release")
    assert fs.read("/etc/passwd").startswith("root:x:0:0:root:/root:/bin/sh\n")
    assert not fs.exists("/bin/bash")
    assert which(fs, "alpine:3.19", "curl") is None
    assert which(fs, "alpine:3.19", "apk") == "/sbin/apk"


def test_ubuntu_has_bash_but_no_curl_and_no_ps() -> None:
    fs = rootfs("ubuntu:22.04")
    assert fs.exists("/bin/bash")
    assert which(fs, "ubuntu:22.04", "curl") is None
    assert which(fs, "ubuntu:22.04", "ps") is None
    assert "DISTRIB_RELEASE=22.04" in fs.read("/etc/lsb-release")
    assert 'VERSION="22.04.4 LTS (Jammy Jellyfish)"' in fs.read("/etc/os-release")
    assert not fs.exists("/etc/apt/sources.list.d/debian.sources")
    assert "jammy main restricted" in fs.read("/etc/apt/sources.list")


# What the shell's utilities expect on $PATH (engine/shell/utilities), `ps` aside: procps is
# missing from most images, and learners should meet that.
COMMON = ["sh", "ls", "touch", "mkdir", "rm", "rmdir", "cp", "mv", "ln", "chmod", "chown", "stat",
          "find", "du", "df", "cat", "echo", "printf", "grep", "egrep", "head", "tail", "wc",
          "sort", "uniq", "cut", "tr", "tee", "seq", "yes", "basename", "dirname", "test", "env",
          "printenv", "whoami", "hostname", "uname", "id", "date", "sleep", "which", "true",
          "false", "pwd", "clear"]  # fmt: skip
MINIMAL = [c for c in COMMON if c not in {"which", "clear"}]  # Oracle Linux slim lacks these
DEBIAN_TOOLS = ["bash", "apt-get", "apt", "dpkg"]

# image -> (commands that must be there, commands that must not)
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "nginx:1.25": ([*COMMON, *DEBIAN_TOOLS, "curl", "nginx", "envsubst"], ["ps", "apk"]),
    "nginx:1.25-alpine": ([*COMMON, "apk", "curl", "nginx", "ps"], ["bash", "apt-get"]),
    "node:18-alpine": ([*COMMON, "apk", "node", "npm", "npx", "yarn", "docker-entrypoint.sh"],
                       ["bash", "curl"]),
    "node:18.17-alpine": ([*COMMON, "apk", "node", "npm", "yarn"], ["bash", "curl"]),
    "node:18": ([*COMMON, *DEBIAN_TOOLS, "node", "npm", "npx", "yarn", "ps", "curl", "git",
                 "python3", "gcc", "make"], ["apk"]),
    "ubuntu:22.04": ([*COMMON, *DEBIAN_TOOLS], ["curl", "ps", "apk", "wget"]),
    "alpine:3.19": ([*COMMON, "apk", "ps", "wget", "vi"], ["bash", "curl", "apt-get"]),
    "python:3.12-slim": ([*COMMON, *DEBIAN_TOOLS, "python3", "python", "python3.12", "pip",
                          "pip3"], ["curl", "ps", "apk"]),
    "python:3.11-slim": ([*COMMON, *DEBIAN_TOOLS, "python3", "python3.11", "pip"], ["curl", "ps"]),
    "redis:7": ([*COMMON, *DEBIAN_TOOLS, "redis-server", "redis-cli", "gosu",
                 "docker-entrypoint.sh"], ["curl", "ps"]),
    "mysql:8.0": ([*MINIMAL, "bash", "mysqld", "mysql", "mysqlsh", "gosu", "microdnf",
                   "docker-entrypoint.sh"], ["apt-get", "apk", "curl", "ps", "which"]),
    "busybox:latest": ([*COMMON, "ps", "vi", "wget"], ["bash", "apk", "apt-get"]),
    "golang:1.21-alpine": ([*COMMON, "go", "gofmt", "apk"], ["bash", "curl"]),
    "registry:2": ([*COMMON, "registry", "apk"], ["bash", "curl"]),
}  # fmt: skip


@pytest.mark.parametrize("ref", sorted(COMMANDS))
def test_commands_in_path(ref: str) -> None:
    fs = rootfs(ref)
    present, absent = COMMANDS[ref]
    missing = [c for c in present if which(fs, ref, c) is None]
    assert missing == []
    unexpected = [c for c in absent if which(fs, ref, c) is not None]
    assert unexpected == []


def test_program_binaries_and_links() -> None:
    py = rootfs("python:3.12-slim")
    assert py.lstat("/usr/local/bin/python3").target == "python3.12"  # type: ignore[union-attr]
    assert py.resolve("/usr/local/bin/python") == "/usr/local/bin/python3.12"
    assert 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"' in py.read("/etc/os-release")
    node = rootfs("node:18-alpine")
    assert node.resolve("/usr/local/bin/npm") == ("/usr/local/lib/node_modules/npm/bin/npm-cli.js")
    assert node.resolve("/usr/local/bin/yarn") == "/opt/yarn-v1.22.19/bin/yarn"
    assert "node:x:1000:1000" in node.read("/etc/passwd")
    assert node.stat("/home/node").uid == 1000  # type: ignore[union-attr]
    redis = rootfs("redis:7")
    assert redis.resolve("/usr/local/bin/redis-check-aof") == "/usr/local/bin/redis-server"
    assert redis.stat("/data").uid == 999  # type: ignore[union-attr]
    assert "redis:x:999:999" in redis.read("/etc/passwd")
    assert redis.read("/etc/debian_version") == "12.13\n"
    mysql = rootfs("mysql:8.0")
    assert "datadir=/var/lib/mysql" in mysql.read("/etc/my.cnf")
    assert 'PRETTY_NAME="Oracle Linux Server 9.4"' in mysql.read("/etc/os-release")
    assert mysql.resolve("/entrypoint.sh") == "/usr/local/bin/docker-entrypoint.sh"
    assert "mysql:x:999:999" in mysql.read("/etc/passwd")
    registry = rootfs("registry:2")
    assert "rootdirectory: /var/lib/registry" in registry.read("/etc/docker/registry/config.yml")
    golang = rootfs("golang:1.21-alpine")
    assert golang.read("/usr/local/go/VERSION").startswith("go1.21.9\n")
    assert golang.stat("/go").mode == 0o1777  # type: ignore[union-attr]


def test_hello_world_has_only_hello() -> None:
    fs = rootfs("hello-world:latest")
    assert fs.listdir("/") == ["hello"]
    hello = fs.stat("/hello")
    assert hello is not None and hello.mode == 0o755 and hello.text is None
    assert which(fs, "hello-world:latest", "sh") is None


def test_special_directories() -> None:
    for ref in ["nginx:1.25", "alpine:3.19", "ubuntu:22.04", "busybox:latest"]:
        fs = rootfs(ref)
        assert fs.stat("/tmp").mode == 0o1777, ref  # type: ignore[union-attr]
        assert fs.stat("/root").mode == 0o700, ref  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "ref", ["nginx:1.25", "ubuntu:22.04", "alpine:3.19", "redis:7", "python:3.12-slim"]
)
def test_big_layers_add_up_to_their_declared_size(ref: str) -> None:
    name, tag = ref.split(":")
    found = CATALOG.lookup(f"library/{name}", tag)
    assert found is not None
    for layer in found.layers:
        if layer.size < 100_000:
            continue  # tiny COPY layers: declared size from the real image, files our own
        files = sum(n.size for n in layer.entries.values() if n.kind == "file")
        assert files == pytest.approx(layer.size, rel=0.01), layer.short


def test_rootfs_stays_compact() -> None:
    for ref in ["nginx:1.25", "ubuntu:22.04", "alpine:3.19", "node:18", "mysql:8.0"]:
        entries = sum(len(layer.entries) for layer in rootfs(ref).lower)
        assert 150 < entries < 1500, ref


def test_arm64_rootfs_names_its_architecture() -> None:
    deb = rootfs("nginx:1.25", "linux/arm64")
    assert deb.exists("/usr/lib/aarch64-linux-gnu/libc.so.6")
    assert not deb.exists("/usr/lib/x86_64-linux-gnu/libc.so.6")
    assert deb.read("/var/lib/dpkg/arch") == "arm64\n"
    alp = rootfs("alpine:3.19", "linux/arm64")
    assert alp.read("/etc/apk/arch") == "aarch64\n"
    assert alp.exists("/lib/ld-musl-aarch64.so.1")
    assert alp.resolve("/bin/sh") == "/bin/busybox"


def test_host_machine() -> None:
    host = UnionFS(CATALOG.host_rootfs())
    assert host.read("/etc/hostname") == "playground\n"
    assert host.is_dir("/home/learner")
    assert ".bashrc" in host.listdir("/home/learner")
    for command in ["docker", "curl", "bash", "ls", "ps", "grep"]:
        node = host.stat(f"/usr/bin/{command}")
        assert node is not None and node.mode & 0o111, command
    assert host.resolve("/bin/bash") == "/usr/bin/bash"
    assert host.is_dir("/tmp")
    assert "docker:x:999:learner" in host.read("/etc/group")


def test_filesets_merge_and_remove() -> None:
    sets = {
        "base": {"files": {"/etc/a": "A\n", "/etc/b": "B\n"}, "fill": {"/lib": ["big"]}},
        "top": {
            "include": ["base"],
            "remove": ["/etc/b"],
            "links": {"/etc/c": "a"},
            "bins": {"/usr/bin": {"tool": 100}},
            "extend": {"/etc/a": {"from": "base", "add": "more\n"}},
        },
    }
    entries = build_entries(["top"], sets.__getitem__, size=1000)
    assert entries["/etc/a"].text == "A\nmore\n"
    assert "/etc/b" not in entries
    assert entries["/etc/c"].kind == "link" and entries["/etc/c"].target == "a"
    assert entries["/usr/bin/tool"].mode == 0o755 and entries["/usr/bin/tool"].size == 100
    assert entries["/usr"].kind == "dir" and entries["/usr/bin"].kind == "dir"
    # the fill blob takes what the other files leave of the declared size
    assert sum(n.size for n in entries.values() if n.kind == "file") == 1000
