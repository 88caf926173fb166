"""docker argv parsing: pflag semantics and classic (CLI 27) usage errors, reference §2.7 and §9."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli import CliError, help_text, parse_command


def fails(argv: list[str]) -> CliError:
    with pytest.raises(CliError) as info:
        parse_command(argv)
    return info.value


def test_run_flags_end_at_the_image() -> None:
    p = parse_command(
        ["run", "-it", "--rm", "-p", "8080:80", "-e", "A=1", "-e", "B=2", "nginx", "ls", "-l"]
    )
    assert p.name == "container.run"
    assert p.typed == "docker run"
    assert p.args == ["nginx", "ls", "-l"]
    assert p.flags["interactive"] and p.flags["tty"] and p.flags["rm"]
    assert p.flags["publish"] == ["8080:80"]
    assert p.flags["env"] == ["A=1", "B=2"]
    assert p.flags["detach"] is False
    assert p.flags["name"] == ""
    assert p.flags["pull"] == "missing"
    assert p.changed == {"interactive", "tty", "rm", "publish", "env"}


def test_combined_and_attached_values() -> None:
    p = parse_command(["run", "-dit", "-p8080:80", "-p=9090:90", "--name=web", "ubuntu"])
    assert p.flags["detach"] and p.flags["interactive"] and p.flags["tty"]
    assert p.flags["publish"] == ["8080:80", "9090:90"]
    assert p.flags["name"] == "web"
    p = parse_command(["run", "--name", "web", "-itp", "80:80", "nginx"])
    assert (p.flags["name"], p.flags["publish"], p.args) == ("web", ["80:80"], ["nginx"])


def test_bool_values_and_double_dash() -> None:
    p = parse_command(["ps", "-a=false", "--no-trunc=true"])
    assert p.flags["all"] is False and p.flags["no-trunc"] is True
    p = parse_command(["run", "--rm=false", "--", "-weird-image"])
    assert p.flags["rm"] is False and p.args == ["-weird-image"]
    p = parse_command(["rm", "-f", "--", "-x", "-y"])
    assert p.args == ["-x", "-y"]


def test_flags_after_positionals_for_interspersed_commands() -> None:
    p = parse_command(["rm", "web", "-f", "db"])
    assert p.args == ["web", "db"] and p.flags["force"] is True
    p = parse_command(["exec", "-it", "web", "bash", "-c", "ls -l"])
    assert p.args == ["web", "bash", "-c", "ls -l"]
    p = parse_command(["run", "nginx", "--help"])
    assert not p.help_requested and p.args == ["nginx", "--help"]


def test_typed_values() -> None:
    assert parse_command(["ps", "-n", "3"]).flags["last"] == 3
    assert parse_command(["ps", "--last=0x10"]).flags["last"] == 16
    assert parse_command(["ps"]).flags["last"] == -1
    assert parse_command(["stop", "-t", "5", "web"]).flags["time"] == 5
    assert parse_command(["run", "--health-interval", "1m30s", "n"]).flags["health-interval"] == 90
    build = parse_command(
        ["build", "--cache-from", "a,b", "--cache-from=c", "-t", "x", "-t", "y", "."]
    )
    assert build.flags["cache-from"] == ["a", "b", "c"]
    assert build.flags["tag"] == ["x", "y"]
    assert build.flags["rm"] is True


@pytest.mark.parametrize(
    ("argv", "name", "typed"),
    [
        (["ps"], "container.ls", "docker ps"),
        (["container", "ls"], "container.ls", "docker container ls"),
        (["container", "ps"], "container.ls", "docker container ls"),
        (["container", "list"], "container.ls", "docker container ls"),
        (["images"], "image.ls", "docker images"),
        (["image", "ls"], "image.ls", "docker image ls"),
        (["image", "list"], "image.ls", "docker image ls"),
        (["rmi", "x"], "image.rm", "docker rmi"),
        (["image", "rm", "x"], "image.rm", "docker image rm"),
        (["image", "remove", "x"], "image.rm", "docker image rm"),
        (["container", "run", "x"], "container.run", "docker container run"),
        (["build", "."], "image.build", "docker build"),
        (["image", "build", "."], "image.build", "docker image build"),
        (["builder", "build", "."], "image.build", "docker builder build"),
        (["builder", "prune"], "builder.prune", "docker builder prune"),
        (["volume", "create", "v"], "volume.create", "docker volume create"),
        (["volume", "list"], "volume.ls", "docker volume ls"),
        (["network", "connect", "n", "c"], "network.connect", "docker network connect"),
        (["system", "df"], "system.df", "docker system df"),
        (["system", "prune"], "system.prune", "docker system prune"),
        (["system", "info"], "top.info", "docker system info"),
        (["info"], "top.info", "docker info"),
        (["version"], "top.version", "docker version"),
        (["login"], "top.login", "docker login"),
        (["logout"], "top.logout", "docker logout"),
        (["search", "nginx"], "top.search", "docker search"),
        (["inspect", "web"], "top.inspect", "docker inspect"),
        (["container", "inspect", "web"], "container.inspect", "docker container inspect"),
        (["cp", "web:/a", "b"], "container.cp", "docker cp"),
        (["export", "web"], "container.export", "docker export"),
        (["import", "f.tar"], "image.import", "docker import"),
        (["save", "nginx"], "image.save", "docker save"),
        (["load"], "image.load", "docker load"),
        (["push", "x"], "image.push", "docker push"),
        (["top", "web", "aux"], "container.top", "docker top"),
    ],
)
def test_command_names(argv: list[str], name: str, typed: str) -> None:
    p = parse_command(argv)
    assert (p.name, p.typed) == (name, typed)


def test_version_help_and_globals() -> None:
    assert parse_command(["--version"]).name == "top.version_short"
    assert parse_command(["-v"]).name == "top.version_short"
    p = parse_command(["-H", "tcp://x:2375", "--context=default", "--debug", "ps"])
    assert p.name == "container.ls"
    assert p.global_flags["host"] == ["tcp://x:2375"] and p.global_flags["debug"] is True
    bare = parse_command([])
    assert bare.name == "top.help" and bare.help_requested and bare.help_to_stderr
    assert parse_command(["--help"]).help_requested
    group = parse_command(["image"])
    assert (group.name, group.help_requested, group.help_to_stderr) == ("group.image", True, True)
    assert parse_command(["run", "--help"]).help_requested
    assert parse_command(["help", "run"]).name == "container.run"
    short_help = parse_command(["ps", "-h"])
    assert short_help.help_requested
    assert short_help.warnings == ["Flag shorthand -h has been deprecated, please use --help"]
    # for run/create -h is --hostname
    assert parse_command(["run", "-h", "box", "nginx"]).flags["hostname"] == "box"
    # --help wins over a wrong argument count
    assert parse_command(["pull", "--help"]).help_requested


def test_unknown_command() -> None:
    err = fails(["foo"])
    assert err.message == "docker: 'foo' is not a docker command.\nSee 'docker --help'"
    assert err.exit_code == 1


def test_unknown_flags() -> None:
    err = fails(["run", "--foo", "nginx"])
    assert (err.message, err.exit_code) == ("unknown flag: --foo\nSee 'docker run --help'.", 125)
    assert fails(["container", "run", "--foo=1", "x"]).message == (
        "unknown flag: --foo\nSee 'docker container run --help'."
    )
    assert (
        fails(["run", "-z"]).message
        == "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'."
    )
    assert (
        fails(["ps", "-az"]).message == "unknown shorthand flag: 'z' in -z\nSee 'docker ps --help'."
    )
    assert (
        fails(["ps", "-za"]).message
        == "unknown shorthand flag: 'z' in -za\nSee 'docker ps --help'."
    )
    assert fails(["ps", "---x"]).message == "bad flag syntax: ---x\nSee 'docker ps --help'."
    # flags after the command word belong to the command, not the root
    assert fails(["ps", "--debug"]).message == "unknown flag: --debug\nSee 'docker ps --help'."


def test_missing_flag_values() -> None:
    err = fails(["run", "--name"])
    assert (err.message, err.exit_code) == (
        "flag needs an argument: --name\nSee 'docker run --help'.",
        125,
    )
    assert (
        fails(["run", "-p"]).message
        == "flag needs an argument: 'p' in -p\nSee 'docker run --help'."
    )
    assert (
        fails(["run", "-dp"]).message
        == "flag needs an argument: 'p' in -p\nSee 'docker run --help'."
    )


def test_invalid_values() -> None:
    err = fails(["ps", "-n", "x"])
    assert err.message == (
        'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax\n'
        "See 'docker ps --help'."
    )
    assert err.exit_code == 125
    assert fails(["stop", "--time=1.5", "w"]).message == (
        'invalid argument "1.5" for "-t, --time" flag: strconv.ParseInt: parsing "1.5": invalid syntax\n'
        "See 'docker stop --help'."
    )
    assert fails(["ps", "-a=maybe"]).message == (
        'invalid argument "maybe" for "-a, --all" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n'
        "See 'docker ps --help'."
    )
    assert fails(["ps", "-n", "99999999999999999999"]).message.startswith(
        'invalid argument "99999999999999999999" for "-n, --last" flag: strconv.ParseInt: '
        'parsing "99999999999999999999": value out of range\n'
    )
    assert fails(["run", "--health-interval=5x", "n"]).message == (
        'invalid argument "5x" for "--health-interval" flag: time: invalid duration "5x"\n'
        "See 'docker run --help'."
    )


def test_argument_counts_classic_wording() -> None:
    err = fails(["run"])
    assert err.exit_code == 1
    assert err.message == (
        '"docker run" requires at least 1 argument.\n'
        "See 'docker run --help'.\n\n"
        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Create and run a new container from an image"
    )
    assert fails(["container", "run"]).message == (
        '"docker container run" requires at least 1 argument.\n'
        "See 'docker container run --help'.\n\n"
        "Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        "Create and run a new container from an image"
    )
    assert fails(["pull"]).message == (
        '"docker pull" requires exactly 1 argument.\n'
        "See 'docker pull --help'.\n\n"
        "Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\n"
        "Download an image from a registry"
    )
    assert fails(["exec", "web"]).message == (
        '"docker exec" requires at least 2 arguments.\n'
        "See 'docker exec --help'.\n\n"
        "Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
        "Execute a command in a running container"
    )
    assert fails(["tag", "a"]).message == (
        '"docker tag" requires exactly 2 arguments.\n'
        "See 'docker tag --help'.\n\n"
        "Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n"
        "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE"
    )
    assert fails(["ps", "extra"]).message == (
        '"docker ps" accepts no arguments.\n'
        "See 'docker ps --help'.\n\n"
        "Usage:  docker ps [OPTIONS]\n\n"
        "List containers"
    )
    assert fails(["images", "a", "b"]).message == (
        '"docker images" requires at most 1 argument.\n'
        "See 'docker images --help'.\n\n"
        "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
        "List images"
    )
    assert fails(["image", "ls", "a", "b"]).message.startswith(
        '"docker image ls" requires at most 1 argument.\n'
        "See 'docker image ls --help'.\n\n"
        "Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n\n"
    )
    assert fails(["commit", "a", "b", "c"]).message == (
        '"docker commit" requires at least 1 and at most 2 arguments.\n'
        "See 'docker commit --help'.\n\n"
        "Usage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\n"
        "Create a new image from a container's changes"
    )
    assert fails(["stop"]).message.startswith('"docker stop" requires at least 1 argument.\n')
    assert fails(["rmi"]).message.endswith(
        "Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n\nRemove one or more images"
    )


def test_build_uses_buildx_wording() -> None:
    err = fails(["build"])
    assert err.exit_code == 1
    assert err.message == (
        'ERROR: "docker buildx build" requires exactly 1 argument.\n'
        "See 'docker buildx build --help'.\n\n"
        "Usage:  docker buildx build [OPTIONS] PATH | URL | -\n\n"
        "Start a build"
    )


def test_unknown_subcommand_of_a_management_command() -> None:
    # cli.NoArgs on a command with sub-commands: a newline, then the whole usage text.
    err = fails(["image", "foo"])
    assert err.exit_code == 1
    assert err.message == "\n" + help_text("group.image", "docker image").strip("\n")
    assert err.message.startswith("\nUsage:  docker image COMMAND\n\nManage images\n\nCommands:\n")


def test_root_flag_error_appends_usage() -> None:
    err = fails(["--foo"])
    assert err.exit_code == 125
    assert err.message.startswith(
        "unknown flag: --foo\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n"
    )


_TOKENS = st.sampled_from(
    ["run", "ps", "image", "container", "ls", "-a", "-it", "-p", "--name", "--name=x", "--", "-",
     "-h", "--help", "-n", "x", "nginx", "--rm=maybe", "-p=", "---", "--=", "-=", "volume", "help",
     "build", "-t", "--last", "0x1g", "system", "-dit", "builder", "--health-interval", "1h2m"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TOKENS, st.text(max_size=8)), max_size=8))
def test_parser_only_raises_cli_error(argv: list[str]) -> None:
    try:
        p = parse_command(argv)
    except CliError as err:
        assert err.message and not err.message.endswith("\n")
        assert err.exit_code in (1, 125)
    else:
        assert p.name
