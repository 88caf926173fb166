"""`docker run` (reference §4.1, §9): output of each mode and every run error, classic profile."""

from __future__ import annotations

import re

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, full_id, stderr, stdout

HEX64 = re.compile(r"^[0-9a-f]{64}\n$")
TRAILER = "See 'docker run --help'.\n"


def test_detached_pull_then_id(sh: Sh) -> None:
    out = sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    assert HEX64.match(stdout(out))
    err = stderr(out)
    assert err.startswith(
        "Unable to find image 'nginx:1.25' locally\n1.25: Pulling from library/nginx\n"
    )
    assert err.endswith("Status: Downloaded newer image for nginx:1.25\n")
    assert "Using default tag" not in err
    assert "docker.io/library/nginx:1.25" not in out.output


def test_default_tag_named_in_unable_line(sh: Sh) -> None:
    out = sh("docker run -d hello-world", ok=True)
    assert stderr(out).startswith("Unable to find image 'hello-world:latest' locally\n")


def test_present_image_prints_only_id(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    out = sh("docker run -d nginx:1.25", ok=True)
    assert HEX64.match(out.output)


def test_quiet_pull(sh: Sh) -> None:
    out = sh("docker run -d -q nginx:1.25", ok=True)
    assert HEX64.match(out.output)


def test_attached_hello_world(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    out = sh("docker run hello-world", ok=True)
    assert stdout(out).startswith("\nHello from Docker!\n")
    assert " $ docker run -it ubuntu bash\n" in stdout(out)


def test_attached_exit_code_is_the_containers(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    assert sh("docker run alpine:3.19 sh -c 'exit 3'").exit_code == 3
    out = sh("docker run alpine:3.19 echo hi there", ok=True)
    assert out.output == "hi there\n"


def test_name_conflict(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    cid = full_id(sh, "web")
    out = sh("docker run -d --name web nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == (
        f'docker: Error response from daemon: Conflict. The container name "/web" is already in '
        f'use by container "{cid}". You have to remove (or rename) that container to be able to '
        f"reuse that name.\n{TRAILER}"
    )


def test_port_already_allocated_leaves_created_container(sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx:1.25", ok=True)
    out = sh("docker run -d --name web2 -p 8080:80 nginx:1.25")
    assert out.exit_code == 125
    assert HEX64.match(stdout(out))
    assert re.fullmatch(
        r"docker: Error response from daemon: driver failed programming external connectivity on "
        r"endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already "
        r"allocated\.\n",
        stderr(out),
    )
    status = sh("docker ps -a --filter name=web2 --format '{{.Status}}'", ok=True).output
    assert status == "Created\n"


def test_missing_repository(sh: Sh) -> None:
    out = sh("docker run doesnotexist")
    assert out.exit_code == 125
    assert stderr(out) == (
        "Unable to find image 'doesnotexist:latest' locally\n"
        "docker: Error response from daemon: pull access denied for doesnotexist, repository does "
        "not exist or may require 'docker login': denied: requested access to the resource is "
        f"denied.\n{TRAILER}"
        "playground: only these images can be pulled here: alpine, busybox, golang, hello-world, "
        "mysql, nginx, node, python, redis, registry, ubuntu\n"
    )


def test_missing_tag(sh: Sh) -> None:
    out = sh("docker run nginx:9.9")
    assert out.exit_code == 125
    assert stderr(out) == (
        "Unable to find image 'nginx:9.9' locally\n"
        "docker: Error response from daemon: manifest for nginx:9.9 not found: manifest unknown: "
        f"manifest unknown.\n{TRAILER}"
        "playground: the tags of this image here: 1.25, latest, 1.25-alpine\n"
    )


def test_command_not_in_image(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    out = sh("docker run alpine:3.19 foo")
    assert out.exit_code == 127
    assert stderr(out) == (
        "docker: Error response from daemon: failed to create task for container: failed to "
        "create shim task: OCI runtime create failed: runc create failed: unable to start "
        'container process: exec: "foo": executable file not found in $PATH: unknown.\n'
    )


def test_command_is_a_directory(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    out = sh("docker run alpine:3.19 /etc")
    assert out.exit_code == 126
    assert stderr(out).endswith('exec: "/etc": is a directory: unknown.\n')


def test_invalid_container_name(sh: Sh) -> None:
    out = sh("docker run --name 'my web' nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out).endswith(
        "docker: Error response from daemon: Invalid container name (my web), only "
        f"[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\n{TRAILER}"
    )


def test_invalid_volume_name(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    out = sh("docker run -v 'my data:/x' nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == (
        'docker: Error response from daemon: create my data: "my data" includes invalid '
        'characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If '
        f"you intended to pass a host directory, use absolute path.\n{TRAILER}"
    )


def test_relative_mount_path(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    out = sh("docker run -v data:app nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == (
        "docker: Error response from daemon: invalid volume specification: 'data:app': invalid "
        "mount config for type \"volume\": invalid mount path: 'app' mount path must be "
        f"absolute.\n{TRAILER}"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [("abc:80", "invalid hostPort: abc"), ("80:abc", "invalid containerPort: abc")],
)
def test_bad_publish(sh: Sh, spec: str, message: str) -> None:
    out = sh(f"docker run -d -p {spec} nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == f"docker: {message}.\n{TRAILER}"


def test_bad_pull_option(sh: Sh) -> None:
    out = sh("docker run --pull sometimes nginx:1.25")
    assert out.exit_code == 125
    assert stderr(out) == (
        'docker: invalid pull option: \'sometimes\': must be one of "always", "missing" or '
        f'"never".\n{TRAILER}'
    )


def test_command_override_keeps_entrypoint(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    sh("docker create --name t1 nginx:1.25 nginx -T", ok=True)
    assert sh("docker inspect -f '{{.Path}} {{.Args}}' t1", ok=True).output == (
        "/docker-entrypoint.sh [nginx -T]\n"
    )
    sh("docker create --name u1 --entrypoint ls nginx:1.25 -l", ok=True)
    assert sh("docker inspect -f '{{.Path}} {{.Args}}' u1", ok=True).output == "ls [-l]\n"


def test_mysql_without_password_exits_1(sh: Sh, clock) -> None:
    sh("docker run -d --name db mysql:8.0", ok=True)
    clock.advance(3)
    assert sh("docker ps -a --format '{{.Status}}'", ok=True).output == (
        "Exited (1) 2 seconds ago\n"
    )
    logs = sh("docker logs db")
    assert (
        "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"
        in stderr(logs)
    )
    assert "    - MYSQL_RANDOM_ROOT_PASSWORD\n" in stderr(logs)


def test_rm_flag_removes_on_exit(sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    sh("docker run --rm alpine:3.19 true", ok=True)
    assert sh("docker ps -aq", ok=True).output == ""


def test_interactive_prompts(sh: Sh) -> None:
    sh("docker pull ubuntu:22.04", ok=True)
    out = sh("docker run -it --name u1 ubuntu:22.04", ok=True)
    left = sh("exit 5")
    assert (left.exit_code, left.prompt) == (5, "$ ")
    assert out.prompt == f"root@{full_id(sh, 'u1')[:12]}:/# "
    status = sh("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' u1", ok=True).output
    assert status == "exited 5\n"


def test_interactive_alpine_and_detach(engine: Engine, sh: Sh) -> None:
    sh("docker pull alpine:3.19", ok=True)
    assert sh("docker run -it --name a1 alpine:3.19", ok=True).prompt == "/ # "
    detached = engine.detach()
    assert detached.prompt == "$ "
    assert sh("docker ps --format '{{.Names}} {{.State}}'", ok=True).output == "a1 running\n"


def test_repl_banners(sh: Sh) -> None:
    sh("docker pull node:18-alpine", ok=True)
    out = sh("docker run -it node:18-alpine", ok=True)
    assert out.output == 'Welcome to Node.js v18.20.2.\nType ".help" for more information.\n'
    assert out.prompt == "> "
    sh(".exit", ok=True)
    sh("docker pull python:3.12-slim", ok=True)
    out = sh("docker run -it python:3.12-slim", ok=True)
    assert out.output.startswith("Python 3.12.12 (main, ")
    assert out.prompt == ">>> "


def test_non_tty_shell_images_exit_at_once(sh: Sh) -> None:
    sh("docker pull busybox", ok=True)
    sh("docker run -d --name bb busybox", ok=True)
    assert sh("docker ps -a --format '{{.Status}}'", ok=True).output == (
        "Exited (0) Less than a second ago\n"
    )
    assert sh("docker ps -a --format '{{.Command}}'", ok=True).output == '"sh"\n'
