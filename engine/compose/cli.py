"""`docker compose …` arguments: the plugin's root flags, its sub-commands, their flags and help.

Names, usage lines and flag texts follow Docker Compose v2.32. Compose parses with cobra/pflag
like the docker CLI, so the docker CLI's parser does the work; only the table is Compose's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.cli.help import MIN_NAME_PADDING, command_help, flag_usages
from engine.cli.parser import CliError, parse_leading_flags, parse_leaf
from engine.cli.spec import BOOL, INT, LIST, NO_ARGS, STRING, CommandSpec, at_least
from engine.cli.spec import flag as F

PATH = "docker compose"
SHORT = "Define and run multi-container applications with Docker"

ROOT_FLAGS = (
    F("all-resources", "", BOOL, "Include all resources, even those not used by services"),
    F(
        "ansi",
        "",
        STRING,
        'Control when to print ANSI control characters ("never"|"always"|"auto")',
        default="auto",
    ),
    F("compatibility", "", BOOL, "Run compose in backward compatibility mode"),
    F("dry-run", "", BOOL, "Execute command in dry run mode"),
    F("env-file", "", LIST, "Specify an alternate environment file", type_name="stringArray"),
    F("file", "f", LIST, "Compose configuration files", type_name="stringArray"),
    F("parallel", "", INT, "Control max parallelism, -1 for unlimited", default=-1),
    F("profile", "", LIST, "Specify a profile to enable", type_name="stringArray"),
    F(
        "progress",
        "",
        STRING,
        "Set type of progress output (auto, tty, plain, json, quiet)",
        default="auto",
    ),
    F(
        "project-directory",
        "",
        STRING,
        "Specify an alternate working directory\n(default: the path of the, first specified, "
        "Compose file)",
    ),
    F("project-name", "p", STRING, "Project name"),
)

TIMEOUT = F("timeout", "t", INT, "Specify a shutdown timeout in seconds")
FORMAT_TABLE = F(
    "format",
    "",
    STRING,
    "Format the output. Values: [table | json]",
    default="table",
)


def _c(name: str, use: str, short: str, flags: tuple[Any, ...] = (), **kw: Any) -> CommandSpec:
    return CommandSpec(f"compose.{name}", use, short, kw.pop("arity", at_least(0)), flags, **kw)


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        _c(
            "build",
            "build [OPTIONS] [SERVICE...]",
            "Build or rebuild services",
            (
                F("build-arg", "", LIST, "Set build-time variables for services",
                  type_name="stringArray"),
                F("no-cache", "", BOOL, "Do not use cache when building the image"),
                F("pull", "", BOOL, "Always attempt to pull a newer version of the image"),
                F("quiet", "q", BOOL, "Don't print anything to STDOUT"),
            ),
        ),
        _c(
            "config",
            "config [OPTIONS] [SERVICE...]",
            "Parse, resolve and render compose file in canonical format",
            (
                F("format", "", STRING, "Format the output. Values: [yaml | json]",
                  default="yaml"),
                F("images", "", BOOL, "Print the image names, one per line."),
                F("networks", "", BOOL, "Print the network names, one per line."),
                F("quiet", "q", BOOL, "Only validate the configuration, don't print anything"),
                F("services", "", BOOL, "Print the service names, one per line."),
                F("volumes", "", BOOL, "Print the volume names, one per line."),
            ),
        ),
        _c(
            "create",
            "create [OPTIONS] [SERVICE...]",
            "Creates containers for a service",
            (
                F("build", "", BOOL, "Build images before starting containers"),
                F("force-recreate", "", BOOL, "Recreate containers even if their configuration "
                  "and image haven't changed"),
                F("no-build", "", BOOL, "Don't build an image, even if it's policy"),
                F("pull", "", STRING, 'Pull image before running ("always"|"missing"|"never"|'
                  '"build")', default="policy"),
                F("quiet-pull", "", BOOL, "Pull without printing progress information"),
            ),
        ),
        _c(
            "down",
            "down [OPTIONS] [SERVICES]",
            "Stop and remove containers, networks",
            (
                F("remove-orphans", "", BOOL, "Remove containers for services not defined in "
                  "the Compose file"),
                F("rmi", "", STRING, 'Remove images used by services. "local" remove only '
                  "images that don't have a custom tag (\"local\"|\"all\")"),
                TIMEOUT,
                F("volumes", "v", BOOL, 'Remove named volumes declared in the "volumes" section '
                  "of the Compose file and anonymous volumes attached to containers"),
            ),
        ),
        _c(
            "exec",
            "exec [OPTIONS] SERVICE COMMAND [ARGS...]",
            "Execute a command in a running container",
            (
                F("detach", "d", BOOL, "Detached mode: Run command in the background"),
                F("env", "e", LIST, "Set environment variables", type_name="stringArray"),
                F("index", "", INT, "Index of the container if service has multiple replicas"),
                F("interactive", "i", BOOL, "Keep STDIN open even if not attached",
                  default=True, hidden=True),
                F("no-TTY", "T", BOOL, "Disable pseudo-TTY allocation. By default `docker "
                  "compose exec` allocates a TTY."),
                F("privileged", "", BOOL, "Give extended privileges to the process"),
                F("tty", "t", BOOL, "Allocate a pseudo-TTY", default=True, hidden=True),
                F("user", "u", STRING, "Run the command as this user"),
                F("workdir", "w", STRING, "Path to workdir directory for this command"),
            ),
            arity=at_least(2),
            interspersed=False,
        ),
        _c(
            "images",
            "images [OPTIONS] [SERVICE...]",
            "List images used by the created containers",
            (FORMAT_TABLE, F("quiet", "q", BOOL, "Only display IDs")),
        ),
        _c(
            "kill",
            "kill [OPTIONS] [SERVICE...]",
            "Force stop service containers",
            (
                F("remove-orphans", "", BOOL, "Remove containers for services not defined in "
                  "the Compose file"),
                F("signal", "s", STRING, "SIGNAL to send to the container", default="SIGKILL"),
            ),
        ),
        _c(
            "logs",
            "logs [OPTIONS] [SERVICE...]",
            "View output from containers",
            (
                F("follow", "f", BOOL, "Follow log output"),
                F("index", "", INT, "index of the container if service has multiple replicas"),
                F("no-color", "", BOOL, "Produce monochrome output"),
                F("no-log-prefix", "", BOOL, "Don't print prefix in logs"),
                F("since", "", STRING, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) "
                  "or relative (e.g. 42m for 42 minutes)"),
                F("tail", "n", STRING, "Number of lines to show from the end of the logs for "
                  "each container", default="all"),
                F("timestamps", "t", BOOL, "Show timestamps"),
                F("until", "", STRING, "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) "
                  "or relative (e.g. 42m for 42 minutes)"),
            ),
        ),
        _c(
            "ls",
            "ls [OPTIONS]",
            "List running compose projects",
            (
                F("all", "a", BOOL, "Show all stopped Compose projects"),
                F("filter", "", STRING, "Filter output based on conditions provided"),
                FORMAT_TABLE,
                F("quiet", "q", BOOL, "Only display project names"),
            ),
            arity=NO_ARGS,
        ),
        _c(
            "ps",
            "ps [OPTIONS] [SERVICE...]",
            "List containers",
            (
                F("all", "a", BOOL, "Show all stopped containers (including those created by "
                  "the run command)"),
                F("filter", "", STRING, "Filter services by a property (supported filters: "
                  "status)."),
                F("format", "", STRING, "Format output using a custom template:\n'table':"
                  "            Print output in table format with column headers (default)\n"
                  "'table TEMPLATE':   Print output in table format using the given Go "
                  "template\n'json':             Print in JSON format\n'TEMPLATE':"
                  "         Print output using the given Go template.\nRefer to "
                  "https://docs.docker.com/go/formatting/ for more information about "
                  "formatting output with templates", default="table"),
                F("no-trunc", "", BOOL, "Don't truncate output"),
                F("quiet", "q", BOOL, "Only display IDs"),
                F("services", "", BOOL, "Display services"),
                F("status", "", LIST, "Filter services by status. Values: [paused | restarting "
                  "| removing | running | dead | created | exited]", type_name="stringArray"),
            ),
        ),
        _c(
            "pull",
            "pull [OPTIONS] [SERVICE...]",
            "Pull service images",
            (
                F("ignore-pull-failures", "", BOOL, "Pull what it can and ignores images with "
                  "pull failures"),
                F("include-deps", "", BOOL, "Also pull services declared as dependencies"),
                F("quiet", "q", BOOL, "Pull without printing progress information"),
            ),
        ),
        _c("restart", "restart [OPTIONS] [SERVICE...]", "Restart service containers",
           (F("no-deps", "", BOOL, "Don't restart dependent services"), TIMEOUT)),
        _c(
            "rm",
            "rm [OPTIONS] [SERVICE...]",
            "Removes stopped service containers",
            (
                F("force", "f", BOOL, "Don't ask to confirm removal"),
                F("stop", "s", BOOL, "Stop the containers, if required, before removing"),
                F("volumes", "v", BOOL, "Remove any anonymous volumes attached to containers"),
            ),
            long="Removes stopped service containers\n\nBy default, anonymous volumes attached "
            "to containers will not be removed. You\ncan override this with -v. To list all "
            'volumes, use "docker volume ls".\n\nAny data which is not in a volume will be lost.',
        ),
        _c(
            "run",
            "run [OPTIONS] SERVICE [COMMAND] [ARGS...]",
            "Run a one-off command on a service",
            (
                F("build", "", BOOL, "Build image before starting container"),
                F("detach", "d", BOOL, "Run container in background and print container ID"),
                F("entrypoint", "", STRING, "Override the entrypoint of the image"),
                F("env", "e", LIST, "Set environment variables", type_name="stringArray"),
                F("interactive", "i", BOOL, "Keep STDIN open even if not attached",
                  default=True),
                F("name", "", STRING, "Assign a name to the container"),
                F("no-TTY", "T", BOOL, "Disable pseudo-TTY allocation (default: auto-detected)"),
                F("no-deps", "", BOOL, "Don't start linked services"),
                F("publish", "p", LIST, "Publish a container's port(s) to the host",
                  type_name="stringArray"),
                F("rm", "", BOOL, "Automatically remove the container when it exits"),
                F("service-ports", "P", BOOL, "Run command with all service's ports enabled and "
                  "mapped to the host"),
                F("tty", "t", BOOL, "Allocate a pseudo-TTY", default=True, hidden=True),
                F("user", "u", STRING, "Run as specified username or uid"),
                F("volume", "v", LIST, "Bind mount a volume", type_name="stringArray"),
                F("workdir", "w", STRING, "Working directory inside the container"),
            ),
            arity=at_least(1),
            interspersed=False,
        ),
        _c("start", "start [SERVICE...]", "Start services"),
        _c("stop", "stop [OPTIONS] [SERVICE...]", "Stop services", (TIMEOUT,)),
        _c("top", "top [SERVICES...]", "Display the running processes"),
        _c(
            "up",
            "up [OPTIONS] [SERVICE...]",
            "Create and start containers",
            (
                F("abort-on-container-exit", "", BOOL, "Stops all containers if any container "
                  "was stopped. Incompatible with -d"),
                F("build", "", BOOL, "Build images before starting containers"),
                F("detach", "d", BOOL, "Detached mode: Run containers in the background"),
                F("force-recreate", "", BOOL, "Recreate containers even if their configuration "
                  "and image haven't changed"),
                F("no-build", "", BOOL, "Don't build an image, even if it's policy"),
                F("no-color", "", BOOL, "Produce monochrome output"),
                F("no-deps", "", BOOL, "Don't start linked services"),
                F("no-log-prefix", "", BOOL, "Don't print prefix in logs"),
                F("no-recreate", "", BOOL, "If containers already exist, don't recreate them. "
                  "Incompatible with --force-recreate."),
                F("no-start", "", BOOL, "Don't start the services after creating them"),
                F("pull", "", STRING, 'Pull image before running ("always"|"missing"|"never")',
                  default="policy"),
                F("quiet-pull", "", BOOL, "Pull without printing progress information"),
                F("remove-orphans", "", BOOL, "Remove containers for services not defined in "
                  "the Compose file"),
                F("timeout", "t", INT, "Use this timeout in seconds for container shutdown "
                  "when attached or when containers are already running"),
                F("wait", "", BOOL, "Wait for services to be running|healthy. Implies "
                  "detached mode."),
            ),
        ),
        _c(
            "version",
            "version [OPTIONS]",
            "Show the Docker Compose version information",
            (
                F("format", "f", STRING, "Format the output. Values: [pretty | json]. "
                  "(Default: pretty)"),
                F("short", "", BOOL, "Shows only Compose's version number"),
            ),
            arity=NO_ARGS,
        ),
    )
}  # fmt: skip

# Listed in `docker compose --help` like a real Compose, but not simulated here.
NOT_SIMULATED: dict[str, str] = {
    "attach": "Attach local standard input, output, and error streams to a service's running "
    "container",
    "commit": "Create a new image from a service container's changes",
    "cp": "Copy files/folders between a service container and the local filesystem",
    "events": "Receive real time events from containers",
    "export": "Export a service container's filesystem as a tar archive",
    "pause": "Pause services",
    "port": "Print the public port for a port binding",
    "push": "Push service images",
    "scale": "Scale services",
    "stats": "Display a live stream of container(s) resource usage statistics",
    "unpause": "Unpause services",
    "wait": "Block until containers of all (or specified) services stop.",
    "watch": "Watch build context for service and rebuild/refresh containers when files are "
    "updated",
}


@dataclass
class ComposeArgs:
    """A parsed `docker compose` line. `command` is "" for the plugin's own help."""

    root: dict[str, Any]
    command: str = ""
    typed: str = PATH
    flags: dict[str, Any] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    help_requested: bool = False
    warnings: list[str] = field(default_factory=list)

    def given(self, name: str) -> bool:
        return name in self.changed


def parse(argv: list[str]) -> ComposeArgs:
    """Raises CliError with Compose's wording."""
    root, rest, warnings = parse_leading_flags(ROOT_FLAGS, PATH, argv)
    if root.get("help") or not rest:
        return ComposeArgs(root, help_requested=True, warnings=warnings)
    word = rest[0]
    spec = COMMANDS.get(word)
    if spec is None and word not in NOT_SIMULATED:
        raise CliError(f'unknown docker command: "compose {word}"', 1)
    if spec is None:
        return ComposeArgs(root, word, f"{PATH} {word}", warnings=warnings)
    parsed = parse_leaf(spec, f"{PATH} {word}", rest[1:])
    return ComposeArgs(
        root,
        word,
        parsed.typed,
        parsed.flags,
        parsed.args,
        set(parsed.changed),
        parsed.help_requested,
        warnings + parsed.warnings,
    )


def help_text(args: ComposeArgs) -> str:
    if args.command in COMMANDS:
        return command_help(COMMANDS[args.command], args.typed)
    return root_help()


def root_help() -> str:
    listed = sorted([(n, s.short) for n, s in COMMANDS.items()] + list(NOT_SIMULATED.items()))
    lines = [f"\nUsage:  {PATH} [OPTIONS] COMMAND\n\n{SHORT}\n\nOptions:\n"]
    lines.append(flag_usages(ROOT_FLAGS).rstrip() + "\n\nCommands:\n")
    lines += [f"  {name.ljust(MIN_NAME_PADDING)} {short}\n" for name, short in listed]
    lines.append(f"\nRun '{PATH} COMMAND --help' for more information on a command.\n")
    return "".join(lines)
