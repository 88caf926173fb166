"""`docker … --help` text in Docker CLI 27's layout (cobra usage template + pflag columns)."""

from engine import Engine
from engine.cli import help_text, parse_command, short_description, usage_line


def test_ps_help() -> None:
    text = help_text("container.ls", "docker ps")
    assert text.startswith(
        "\nUsage:  docker ps [OPTIONS]\n\n"
        "List containers\n\n"
        "Aliases:\n"
        "  docker container ls, docker container list, docker container ps, docker ps\n\n"
        "Options:\n"
        "  -a, --all             Show all containers (default shows just running)\n"
        "  -f, --filter filter   Filter output based on conditions provided\n"
        "      --format string   Format output using a custom template:\n"
    )
    assert "  -n, --last int        Show n last created containers (includes all\n" in text
    assert "                        states) (default -1)\n" in text
    assert text.endswith("  -s, --size            Display total file sizes\n")


def test_run_help_lists_flags_sorted_with_defaults() -> None:
    text = help_text("container.run", "docker container run")
    assert text.startswith(
        "\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Create and run a new container from an image\n\n"
        "Aliases:\n  docker container run, docker run\n\nOptions:\n"
        "      --add-host list                    Add a custom host-to-IP mapping\n"
        "                                         (host:ip)\n"
    )
    assert "  -d, --detach                           Run container in background and\n" in text
    assert "      --help                             Print usage\n" in text
    assert "      --pull string                      Pull image before running\n" in text
    assert "  -h, --hostname string                  Container host name\n" in text
    assert "--dns-opt " not in text and "--net " not in text  # hidden flags
    assert "      --sig-proxy                        Proxy received signals to the\n" in text


def test_management_command_help() -> None:
    assert help_text("group.volume", "docker volume") == (
        "\nUsage:  docker volume COMMAND\n\n"
        "Manage volumes\n\n"
        "Commands:\n"
        "  create      Create a volume\n"
        "  inspect     Display detailed information on one or more volumes\n"
        "  ls          List volumes\n"
        "  prune       Remove unused local volumes\n"
        "  rm          Remove one or more volumes\n\n"
        "Run 'docker volume COMMAND --help' for more information on a command.\n"
    )


def test_command_without_options() -> None:
    assert help_text("container.diff", "docker diff") == (
        "\nUsage:  docker diff CONTAINER\n\n"
        "Inspect changes to files or directories on a container's filesystem\n\n"
        "Aliases:\n  docker container diff, docker diff\n"
    )


def test_root_help() -> None:
    text = help_text("top.help", "docker")
    assert text.startswith(
        "\nUsage:  docker [OPTIONS] COMMAND\n\n"
        "A self-sufficient runtime for containers\n\n"
        "Common Commands:\n"
        "  run         Create and run a new container from an image\n"
        "  exec        Execute a command in a running container\n"
        "  ps          List containers\n"
        "  build       Build an image from a Dockerfile\n"
    )
    assert (
        "\nManagement Commands:\n  builder     Manage builds\n  compose*    Docker Compose\n"
        "  container   Manage containers\n" in text
    )
    assert "  rmi         Remove one or more images\n" in text
    assert "  -v, --version            Print version information and quit\n" in text
    assert text.endswith(
        "Run 'docker COMMAND --help' for more information on a command.\n\n"
        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n"
    )


def test_help_for_every_command_renders() -> None:
    for argv in (["run", "--help"], ["image", "ls", "--help"], ["volume", "rm", "--help"],
                 ["cp", "--help"], ["system", "info", "--help"], ["builder", "--help"]):  # fmt: skip
        p = parse_command(argv)
        assert p.help_requested
        assert help_text(p.name, p.typed).startswith("\nUsage:  docker ")


def test_usage_lines_and_descriptions() -> None:
    assert usage_line("image.ls", "docker images") == "docker images [OPTIONS] [REPOSITORY[:TAG]]"
    assert (
        usage_line("image.ls", "docker image ls") == "docker image ls [OPTIONS] [REPOSITORY[:TAG]]"
    )
    assert usage_line("container.top", "docker top") == "docker top CONTAINER [ps OPTIONS]"
    assert usage_line("volume.create", "docker volume create") == (
        "docker volume create [OPTIONS] [VOLUME]"
    )
    assert short_description("container.rm") == "Remove one or more containers"
    assert short_description("container.logs") == "Fetch the logs of a container"
    assert short_description("image.history") == "Show the history of an image"
    assert short_description("container.stop") == "Stop one or more running containers"


def test_compose_is_listed_and_docker_help_compose_asks_the_plugin() -> None:
    engine = Engine(seed="t", clock=lambda: 1_750_000_000.0)
    for topic in ("compose", "compose up"):
        assert (
            engine.execute(f"docker help {topic}").output
            == engine.execute(f"docker {topic} --help").output
        )
    assert engine.execute("docker help compose").output.startswith(
        "\nUsage:  docker compose [OPTIONS] COMMAND\n"
    )
