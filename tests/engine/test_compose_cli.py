"""`docker compose` as a CLI plugin: version, help, unknown commands and flags."""

from __future__ import annotations

import pytest

from tests.engine.cmd_support import Sh, stderr, stdout


def test_version(sh: Sh) -> None:
    assert stdout(sh("docker compose version", ok=True)) == "Docker Compose version v2.32.4\n"
    assert stdout(sh("docker compose version --short", ok=True)) == "2.32.4\n"
    assert stdout(sh("docker compose version -f json", ok=True)) == '{"version": "v2.32.4"}\n'


def test_help_lists_the_commands(sh: Sh) -> None:
    out = sh("docker compose --help", ok=True)
    text = stdout(out)
    assert text.startswith(
        "\nUsage:  docker compose [OPTIONS] COMMAND\n\n"
        "Define and run multi-container applications with Docker\n\nOptions:\n"
    )
    assert "  -f, --file stringArray           Compose configuration files\n" in text
    assert "  up          Create and start containers\n" in text
    assert text.endswith(
        "\nRun 'docker compose COMMAND --help' for more information on a command.\n"
    )
    assert stdout(sh("docker compose", ok=True)) == text


def test_sub_command_help(sh: Sh) -> None:
    text = stdout(sh("docker compose down --help", ok=True))
    assert text.startswith(
        "\nUsage:  docker compose down [OPTIONS] [SERVICES]\n\n"
        "Stop and remove containers, networks\n\nOptions:\n"
    )
    assert "  -v, --volumes " in text


def test_unknown_sub_command(sh: Sh) -> None:
    out = sh("docker compose foo")
    assert (out.exit_code, stderr(out)) == (1, 'unknown docker command: "compose foo"\n')


def test_listed_but_not_simulated(sh: Sh) -> None:
    out = sh("docker compose watch")
    assert (out.exit_code, stderr(out)) == (
        1,
        "playground: `docker compose watch` is not simulated here\n",
    )


@pytest.mark.parametrize(
    ("line", "code", "message"),
    [
        (
            "docker compose up --bogus",
            125,
            "unknown flag: --bogus\nSee 'docker compose up --help'.\n",
        ),
        (
            "docker compose exec web",
            1,
            '"docker compose exec" requires at least 2 arguments.\n'
            "See 'docker compose exec --help'.\n\n"
            "Usage:  docker compose exec [OPTIONS] SERVICE COMMAND [ARGS...]\n\n"
            "Execute a command in a running container\n",
        ),
        (
            "docker compose ls extra",
            1,
            "\"docker compose ls\" accepts no arguments.\nSee 'docker compose ls --help'.\n\n"
            "Usage:  docker compose ls [OPTIONS]\n\nList running compose projects\n",
        ),
    ],
)
def test_usage_errors(sh: Sh, line: str, code: int, message: str) -> None:
    out = sh(line)
    assert (out.exit_code, stderr(out)) == (code, message)


def test_ls_lists_projects_from_labels(sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    for name in ("shop", "blog"):
        sh(f"mkdir -p /home/learner/{name} && cd /home/learner/{name}", ok=True)
        sh("printf 'services:\\n  web:\\n    image: nginx\\n' > compose.yaml", ok=True)
        sh("docker compose up -d", ok=True)
    sh("docker compose stop", ok=True)
    assert stdout(sh("docker compose ls", ok=True)) == (
        "NAME      STATUS       CONFIG FILES\nshop      running(1)   /home/learner/shop/compose.yaml\n"
    )
    assert stdout(sh("docker compose ls -a -q", ok=True)) == "blog\nshop\n"


def test_tab_completion(engine, sh: Sh) -> None:
    sh("mkdir app && cd app && printf 'services:\\n  web:\\n    image: nginx\\n"
       "  worker:\\n    image: nginx\\n' > compose.yaml", ok=True)  # fmt: skip
    assert engine.complete("docker comp") == ["compose"]
    assert engine.complete("docker compose u") == ["up"]
    assert engine.complete("docker compose up --de") == ["--detach"]
    assert engine.complete("docker compose logs w") == ["web", "worker"]
