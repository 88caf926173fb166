"""CLI-level errors (reference §2.7, §2.8, §9), classic profile, byte for byte."""

from __future__ import annotations

import pytest

from tests.engine.cmd_support import Sh, stderr, stdout


def test_unknown_command(sh: Sh) -> None:
    out = sh("docker foo")
    assert out.exit_code == 1
    assert stderr(out) == "docker: 'foo' is not a docker command.\nSee 'docker --help'\n"
    assert stdout(out) == ""


def test_unknown_long_flag(sh: Sh) -> None:
    out = sh("docker run --foo nginx")
    assert out.exit_code == 125
    assert stderr(out) == "unknown flag: --foo\nSee 'docker run --help'.\n"


def test_unknown_shorthand_flag(sh: Sh) -> None:
    out = sh("docker run -z nginx")
    assert out.exit_code == 125
    assert stderr(out) == "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'.\n"


def test_flag_needs_argument(sh: Sh) -> None:
    out = sh("docker run --name")
    assert out.exit_code == 125
    assert stderr(out) == "flag needs an argument: --name\nSee 'docker run --help'.\n"
    out = sh("docker run -p")
    assert stderr(out) == "flag needs an argument: 'p' in -p\nSee 'docker run --help'.\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "docker run",
            "\"docker run\" requires at least 1 argument.\nSee 'docker run --help'.\n\n"
            "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
            "Create and run a new container from an image\n",
        ),
        (
            "docker pull",
            "\"docker pull\" requires exactly 1 argument.\nSee 'docker pull --help'.\n\n"
            "Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\n"
            "Download an image from a registry\n",
        ),
        (
            "docker tag nginx",
            "\"docker tag\" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\n"
            "Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n"
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n",
        ),
        (
            "docker exec web",
            "\"docker exec\" requires at least 2 arguments.\nSee 'docker exec --help'.\n\n"
            "Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
            "Execute a command in a running container\n",
        ),
        (
            "docker ps x",
            "\"docker ps\" accepts no arguments.\nSee 'docker ps --help'.\n\n"
            "Usage:  docker ps [OPTIONS]\n\nList containers\n",
        ),
        (
            "docker stop",
            "\"docker stop\" requires at least 1 argument.\nSee 'docker stop --help'.\n\n"
            "Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
            "Stop one or more running containers\n",
        ),
        (
            "docker rmi",
            "\"docker rmi\" requires at least 1 argument.\nSee 'docker rmi --help'.\n\n"
            "Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n\nRemove one or more images\n",
        ),
        (
            "docker logs",
            "\"docker logs\" requires exactly 1 argument.\nSee 'docker logs --help'.\n\n"
            "Usage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container\n",
        ),
        (
            "docker history",
            "\"docker history\" requires exactly 1 argument.\nSee 'docker history --help'.\n\n"
            "Usage:  docker history [OPTIONS] IMAGE\n\nShow the history of an image\n",
        ),
    ],
)
def test_argument_count(sh: Sh, line: str, expected: str) -> None:
    out = sh(line)
    assert out.exit_code == 1
    assert stderr(out) == expected


def test_management_form_usage_line(sh: Sh) -> None:
    out = sh("docker container run")
    assert stderr(out).startswith('"docker container run" requires at least 1 argument.\n')
    assert "Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n" in stderr(out)


def test_uppercase_reference(sh: Sh) -> None:
    out = sh("docker pull Nginx")
    assert out.exit_code == 1
    assert stderr(out) == (
        "invalid reference format: repository name (library/Nginx) must be lowercase\n"
    )
    # An upper-case first component is taken as a registry host (distribution/reference
    # splitDockerDomain), so only the path after it is named; reference §2.8 says otherwise.
    out = sh("docker pull MyOrg/App")
    assert stderr(out) == "invalid reference format: repository name (App) must be lowercase\n"


@pytest.mark.parametrize("ref", ["nginx:", "nginx::1"])
def test_malformed_reference(sh: Sh, ref: str) -> None:
    out = sh(f"docker pull {ref}")
    assert out.exit_code == 1
    assert stderr(out) == "invalid reference format\n"


def test_hex_name_is_not_a_repository(sh: Sh) -> None:
    hex64 = "a" * 64
    out = sh(f"docker pull {hex64}")
    assert out.exit_code == 1
    assert stderr(out) == (
        f"invalid repository name ({hex64}), cannot specify 64-byte hexadecimal strings\n"
    )


def test_run_framing_of_reference_error(sh: Sh) -> None:
    out = sh("docker run Nginx")
    assert out.exit_code == 125
    assert stderr(out) == (
        "docker: invalid reference format: repository name (library/Nginx) must be lowercase.\n"
        "See 'docker run --help'.\n"
    )


def test_tag_framing_of_reference_error(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    out = sh("docker tag hello-world Bad")
    assert out.exit_code == 1
    assert stderr(out) == (
        'error parsing reference: "Bad" is not a valid repository/tag: invalid reference '
        "format: repository name (library/Bad) must be lowercase\n"
    )


def test_help_goes_to_stdout_and_succeeds(sh: Sh) -> None:
    out = sh("docker ps --help")
    assert out.exit_code == 0
    assert stdout(out).startswith("\nUsage:  docker ps [OPTIONS]\n")


def test_unknown_subcommand_classic(sh: Sh) -> None:
    out = sh("docker image foo")
    assert out.exit_code == 1
    assert stderr(out).startswith("\nUsage:  docker image COMMAND\n\nManage images\n\nCommands:\n")
    # cli.NoArgs on a command with sub-commands: the whole `docker image --help` text.
    assert stderr(out) == stdout(sh("docker image --help"))
    assert stderr(out).endswith(
        "\n\nRun 'docker image COMMAND --help' for more information on a command.\n"
    )


def test_inspect_template_parse_error(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker inspect -f '{{.State.Status' web")
    assert out.exit_code == 64
    assert stderr(out) == "template parsing error: template: :1: unclosed action\n"
