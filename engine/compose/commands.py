"""`docker compose <command>`: one handler per sub-command, as Compose v2 behaves and prints."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from engine.cli import CliError
from engine.commands.base import Ctx, print_rows
from engine.commands.describe import ago, command_text, ports_text, status_text
from engine.compose import attach, converge
from engine.compose.api import (
    CONFIG_FILES,
    SERVICE,
    all_projects,
    docker,
    labels_of,
    project_containers,
)
from engine.compose.cli import ComposeArgs, help_text, parse
from engine.compose.config import render_config
from engine.compose.converge import Run
from engine.compose.loader import LoadOptions, load_project
from engine.compose.model import COMPOSE_VERSION, ComposeError, Project, Service
from engine.compose.progress import MODES, TITLES, Progress, progress_for
from engine.daemon import containers
from engine.daemon.core import DaemonError
from engine.format.humanize import size3
from engine.messages import text
from engine.model import Container

Handler = Callable[[Run, ComposeArgs], int]
HANDLERS: dict[str, Handler] = {}
NO_PROJECT: dict[str, Callable[[Ctx, ComposeArgs], int]] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def run_compose(ctx: Ctx, argv: list[str]) -> int:
    """`docker compose ARGV`: parse, load the project, run the sub-command."""
    try:
        args = parse(argv)
    except CliError as error:
        ctx.err(error.message + "\n")
        return error.exit_code
    for warning in args.warnings:
        ctx.err(warning + "\n")
    if args.help_requested:
        ctx.out(help_text(args))
        return 0
    if args.command in NO_PROJECT:
        return NO_PROJECT[args.command](ctx, args)
    if args.command not in HANDLERS:
        ctx.err(text("unsupported", ctx.d.lang, what=args.typed) + "\n")
        return 1
    try:
        progress = _progress(ctx, args)
        project = _load(ctx, args)
        for warning in project.warnings:
            progress.warn(warning)
        return HANDLERS[args.command](Run(ctx, project, progress), args)
    except ComposeError as error:
        ctx.err(error.message + "\n")
        return 1


def _progress(ctx: Ctx, args: ComposeArgs) -> Progress:
    """The writer `--progress` and `--ansi` ask for, checked as Compose checks them."""
    mode = str(args.root.get("progress") or "auto")
    ansi = str(args.root.get("ansi") or "auto")
    if mode not in MODES:
        raise ComposeError(f"unsupported --progress value {mode!r}".replace("'", '"'))
    if mode == "tty" and ansi == "never":
        raise ComposeError("can't use --progress tty while ANSI support is disabled")
    if mode == "plain" and ansi == "always":
        raise ComposeError("can't use --progress plain while ANSI support is forced")
    title = TITLES.get(args.command, "Running")
    return progress_for(ctx.p.stderr, mode, title, ansi)


def _load(ctx: Ctx, args: ComposeArgs) -> Project:
    options = LoadOptions(
        cwd=ctx.p.cwd,
        env=dict(ctx.p.env),
        files=list(args.root.get("file") or []),
        project_name=args.root.get("project-name") or "",
        project_directory=args.root.get("project-directory") or "",
    )
    return load_project(ctx.d.host_fs(), options)


def selected(run: Run, args: ComposeArgs) -> list[Service]:
    """The services named on the command line (all when none), in start order."""
    for name in args.args:
        if name not in run.project.services:
            raise ComposeError(f"no such service: {name}")
    return run.project.ordered(args.args or None)


def _containers(run: Run, args: ComposeArgs, *, one_off: bool | None = False) -> list[Container]:
    return project_containers(run.ctx, run.project.name, one_off=one_off, services=args.args)


# -- lifecycle ------------------------------------------------------------------------------


@handles("up")
def up(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    services = selected(run, args)
    if flags.get("no-deps") and args.args:
        services = [run.project.services[name] for name in args.args]
    status = converge.up(
        run,
        services,
        build=bool(flags.get("build")),
        start=not flags.get("no-start"),
        force_recreate=bool(flags.get("force-recreate")),
        no_recreate=bool(flags.get("no-recreate")),
        quiet_pull=bool(flags.get("quiet-pull")),
    )
    if not status and flags.get("wait") and not flags.get("no-start"):
        converge.wait_services(run, services)
    if status or flags.get("detach") or flags.get("wait") or flags.get("no-start"):
        return status
    return _attach(run, args, [c for s in services if (c := converge.service_container(run, s))])


def _attach(run: Run, args: ComposeArgs, found: list[Container]) -> int:
    """Foreground `up`: every container's output with its prefix, until Ctrl+C."""
    ctx = run.ctx
    names = sorted(attach.log_name(c) for c in found)
    ctx.out(f"Attaching to {', '.join(names)}\n")
    prefix = not args.flags.get("no-log-prefix")
    attach.write_frames(ctx.p.stdout, attach.log_frames(found, prefix=prefix))
    if all(not c.running for c in found) or ctx.terminal is None:
        ctx.out("".join(attach.exit_lines(found)))
        return 0
    attach.hold(ctx.terminal, found, "attached", str(args.root.get("progress") or "auto"))
    return 0


@handles("create")
def create(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    return converge.up(
        run,
        selected(run, args),
        build=bool(flags.get("build")),
        start=False,
        force_recreate=bool(flags.get("force-recreate")),
        quiet_pull=bool(flags.get("quiet-pull")),
    )


@handles("down")
def down(run: Run, args: ComposeArgs) -> int:
    rmi = args.flags.get("rmi") or ""
    if rmi not in ("", "local", "all"):
        raise ComposeError(f"invalid --rmi option {rmi!r}")
    return converge.down(
        run,
        volumes=bool(args.flags.get("volumes")),
        rmi=rmi,
        remove_orphans=bool(args.flags.get("remove-orphans")),
        timeout=_timeout(args),
    )


def _timeout(args: ComposeArgs) -> int | None:
    return int(args.flags["timeout"]) if args.given("timeout") else None


@handles("start")
def start(run: Run, args: ComposeArgs) -> int:
    services = selected(run, args)
    if not _containers(run, args):
        raise ComposeError("service(s) not created: " + ", ".join(s.name for s in services))
    converge.start_containers(run, services)
    return 0


@handles("stop")
def stop(run: Run, args: ComposeArgs) -> int:
    found = converge.in_stop_order(run, _containers(run, args))
    converge.stop_containers(run, found, _timeout(args))
    return 0


@handles("restart")
def restart(run: Run, args: ComposeArgs) -> int:
    for container in reversed(converge.in_stop_order(run, _containers(run, args))):
        run.progress.event(converge.resource(container), "Restarting")
        try:
            containers.restart(run.ctx.d, container, timeout=_timeout(args))
        except DaemonError as error:
            raise run.fail(error) from None
        run.progress.event(converge.resource(container), "Started")
    return 0


@handles("kill")
def kill(run: Run, args: ComposeArgs) -> int:
    try:
        signal, _ = containers.parse_signal(args.flags.get("signal") or "SIGKILL")
    except DaemonError as error:
        raise run.fail(error) from None
    for container in converge.in_stop_order(run, _containers(run, args)):
        if not container.running:
            continue
        run.progress.event(converge.resource(container), "Killing")
        containers.kill(run.ctx.d, container, signal)
        run.progress.event(converge.resource(container), "Killed")
    return 0


@handles("rm")
def rm(run: Run, args: ComposeArgs) -> int:
    found = _containers(run, args, one_off=None)
    if args.flags.get("stop"):
        converge.stop_containers(run, [c for c in found if c.running])
    stopped = [c for c in found if not c.running]
    if not stopped:
        run.ctx.err("No stopped containers\n")
        return 0
    names = ", ".join(c.name for c in stopped)
    if not args.flags.get("force"):
        from engine.commands.confirm import confirm

        pending = {"action": "compose.rm", "containers": [c.id for c in stopped]}
        pending["volumes"] = bool(args.flags.get("volumes"))
        pending["progress"] = str(args.root.get("progress") or "auto")
        # Compose asks with its own prompt library (survey): `? Going to remove … (y/N) `.
        return confirm(
            run.ctx, "", pending, force=False, question=f"? Going to remove {names} (y/N) "
        )
    converge.remove_containers(
        run.ctx, run.progress, stopped, volumes=bool(args.flags.get("volumes"))
    )
    return 0


def answer_rm(ctx: Ctx, pending: dict[str, Any]) -> int:
    """The `y` to `docker compose rm`'s question (engine/commands/confirm.py)."""
    state = ctx.d.state.containers
    found = [state[cid] for cid in pending["containers"] if cid in state]
    progress = progress_for(ctx.p.stderr, str(pending.get("progress", "auto")), "Removing")
    converge.remove_containers(ctx, progress, found, volumes=bool(pending.get("volumes")))
    return 0


@handles("pull")
def pull(run: Run, args: ComposeArgs) -> int:
    for service in selected(run, args):
        if service.build is not None and not service.image:
            continue
        converge.pull_service(run, service, quiet=bool(args.flags.get("quiet")))
    return 0


@handles("build")
def build(run: Run, args: ComposeArgs) -> int:
    extra = ["--no-cache"] if args.flags.get("no-cache") else []
    extra += ["--pull"] if args.flags.get("pull") else []
    for value in args.flags.get("build-arg") or []:
        extra += ["--build-arg", value]
    for service in selected(run, args):
        if service.build is None:
            continue
        status = converge.build_service(run, service, extra)
        if status:
            return status
    return 0


# -- working with containers ----------------------------------------------------------------


def _running_container(run: Run, name: str) -> Container:
    if name not in run.project.services:
        raise ComposeError(f"no such service: {name}")
    container = converge.service_container(run, run.project.services[name])
    if container is None or not container.running:
        raise ComposeError(f'service "{name}" is not running')
    return container


@handles("exec")
def exec_(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    container = _running_container(run, args.args[0])
    argv = ["exec"]
    if flags.get("detach"):
        argv.append("-d")
    elif not flags.get("no-TTY"):
        argv += ["-i", "-t"]
    else:
        argv.append("-i")
    for value in flags.get("env") or []:
        argv += ["-e", value]
    for name in ("user", "workdir"):
        if flags.get(name):
            argv += [f"--{name}", flags[name]]
    status, _ = docker(
        run.ctx,
        [*argv, container.id, *args.args[1:]],
        out=run.ctx.p.stdout,
        err=run.ctx.p.stderr,
    )
    return status


@handles("run")
def run_(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    name = args.args[0]
    if name not in run.project.services:
        raise ComposeError(f"no such service: {name}")
    service = run.project.services[name]
    if not flags.get("no-deps") and service.depends_on:
        deps = [s for s in run.project.ordered([name]) if s.name != name]
        converge.up(run, deps)
    converge.ensure_images(run, [service], build=bool(flags.get("build")))
    converge.ensure_networks(run, [service])
    converge.ensure_volumes(run)
    slug = run.ctx.d.new_hex()
    container = converge.create_container(
        run,
        service,
        name=flags.get("name") or f"{run.project.name}-{name}-run-{slug[:12]}",
        one_off=True,
        command=args.args[1:] or None,
        auto_remove=bool(flags.get("rm")),
        with_ports=bool(flags.get("service-ports")),
    )
    _apply_run_flags(container, flags)
    first_log = len(container.logs)
    try:
        containers.start(run.ctx.d, container)
    except DaemonError as error:
        raise run.fail(error) from None
    containers.settle(run.ctx.d)
    if flags.get("detach"):
        run.ctx.out(container.name + "\n")
        return 0
    from engine.commands.containers import attach_after_start

    return attach_after_start(run.ctx, container, first_log)


def _apply_run_flags(container: Container, flags: dict[str, Any]) -> None:
    """`run` opens a TTY with stdin by default; -T and -e, -u, -w adjust the one-off."""
    tty = not flags.get("no-TTY")
    container.config["Tty"] = tty
    container.config["OpenStdin"] = bool(flags.get("interactive"))
    if flags.get("env"):
        container.config["Env"] = containers.merge_env(container.config["Env"], flags["env"])
    if flags.get("user"):
        container.config["User"] = flags["user"]
    if flags.get("workdir"):
        container.config["WorkingDir"] = flags["workdir"]
    if flags.get("entrypoint"):
        container.path, container.args = flags["entrypoint"], []


# -- looking at the project -----------------------------------------------------------------

PS_HEADERS = {
    "Name": "NAME",
    "Image": "IMAGE",
    "Command": "COMMAND",
    "Service": "SERVICE",
    "RunningFor": "CREATED",
    "Status": "STATUS",
    "Ports": "PORTS",
    "ID": "CONTAINER ID",
    "Project": "PROJECT",
    "State": "STATE",
}
PS_DEFAULT = (
    "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}"
    "\t{{.Ports}}"
)


@handles("ps")
def ps(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    found = _containers(run, args, one_off=None if flags.get("all") else False)
    states = list(flags.get("status") or [])
    if flags.get("filter"):
        key, _, value = str(flags["filter"]).partition("=")
        if key != "status":
            raise ComposeError(f"no filter was selected for {key}")
        states.append(value)
    if states:
        found = [c for c in found if c.status in states]
    elif not flags.get("all"):
        found = [c for c in found if c.running]
    found.sort(key=lambda c: c.name)
    if flags.get("services"):
        run.ctx.out("".join(sorted({labels_of(c)[SERVICE] + "\n" for c in found})))
        return 0
    if flags.get("quiet"):
        run.ctx.out("".join(c.id + "\n" for c in found))
        return 0
    now = run.ctx.now()
    rows = [
        {
            "ID": c.id if flags.get("no-trunc") else c.short_id,
            "Name": c.name,
            "Image": c.image_ref,
            "Command": command_text(c, truncate=not flags.get("no-trunc")),
            "Project": run.project.name,
            "Service": labels_of(c).get(SERVICE, ""),
            "CreatedAt": time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(c.created)),
            "RunningFor": ago(now, c.created),
            "State": c.status,
            "Status": status_text(c, now),
            "ExitCode": c.exit_code,
            "Health": c.health.get("Status", "") if c.status == "running" else "",
            "Ports": ports_text(c),
        }
        for c in found
    ]
    return print_rows(run.ctx, flags.get("format") or "table", rows, PS_HEADERS, PS_DEFAULT)


@handles("logs")
def logs(run: Run, args: ComposeArgs) -> int:
    flags = args.flags
    found = _containers(run, args)
    tail = str(flags.get("tail") or "all")
    # `--tail N` counts per container: Compose asks each container for its last N lines.
    start = {c.id: max(len(c.logs) - int(tail), 0) for c in found} if tail.isdigit() else None
    frames = attach.log_frames(
        found,
        start,
        prefix=not flags.get("no-log-prefix"),
        timestamps=bool(flags.get("timestamps")),
    )
    attach.write_frames(run.ctx.p.stdout, frames)
    terminal = run.ctx.terminal
    if flags.get("follow") and terminal is not None and any(c.running for c in found):
        attach.hold(terminal, found, "following")
    return 0


@handles("top")
def top(run: Run, args: ComposeArgs) -> int:
    first = True
    for container in sorted(_containers(run, args), key=lambda c: c.name):
        if not container.running:
            continue
        run.ctx.out(("" if first else "\n") + container.name + "\n")
        docker(run.ctx, ["top", container.id], out=run.ctx.p.stdout)
        first = False
    return 0


@handles("images")
def images_(run: Run, args: ComposeArgs) -> int:
    d = run.ctx.d
    rows = []
    for container in sorted(_containers(run, args), key=lambda c: c.name):
        image = d.state.images.get(container.image_id)
        if image is None:
            continue
        repo, _, tag = container.image_ref.partition(":")
        rows.append(
            {
                "ContainerName": container.name,
                "Repository": repo,
                "Tag": tag or "latest",
                "ID": image.short_id if not args.flags.get("quiet") else image.id,
                "Size": size3(d.image_size(image)),
            }
        )
    if args.flags.get("quiet"):
        run.ctx.out("".join(sorted({r["ID"] + "\n" for r in rows})))
        return 0
    headers = {
        "ContainerName": "CONTAINER",
        "Repository": "REPOSITORY",
        "Tag": "TAG",
        "ID": "IMAGE ID",
        "Size": "SIZE",
    }
    default = "table {{.ContainerName}}\t{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}"
    return print_rows(run.ctx, args.flags.get("format") or "table", rows, headers, default)


@handles("config")
def config(run: Run, args: ComposeArgs) -> int:
    flags, project = args.flags, run.project
    listing = {
        "services": sorted(project.services),
        "volumes": sorted(project.volumes),
        "networks": sorted(project.networks),
        "images": sorted(s.image_name(project.name) for s in project.services.values()),
    }
    for name, values in listing.items():
        if flags.get(name):
            run.ctx.out("".join(v + "\n" for v in values))
            return 0
    if flags.get("quiet"):
        return 0
    run.ctx.out(render_config(project, flags.get("format") or "yaml"))
    return 0


# -- no project needed ----------------------------------------------------------------------


def version(ctx: Ctx, args: ComposeArgs) -> int:
    if args.flags.get("short"):
        ctx.out(COMPOSE_VERSION + "\n")
    elif args.flags.get("format") == "json":
        ctx.out(json.dumps({"version": f"v{COMPOSE_VERSION}"}) + "\n")
    else:
        ctx.out(f"Docker Compose version v{COMPOSE_VERSION}\n")
    return 0


def ls(ctx: Ctx, args: ComposeArgs) -> int:
    rows = []
    for name, found in sorted(all_projects(ctx).items()):
        if not args.flags.get("all") and not any(c.running for c in found):
            continue
        counts: dict[str, int] = {}
        for container in found:
            counts[container.status] = counts.get(container.status, 0) + 1
        status = ", ".join(f"{state}({n})" for state, n in sorted(counts.items()))
        rows.append(
            {"Name": name, "Status": status, "ConfigFiles": labels_of(found[0]).get(CONFIG_FILES)}
        )
    if args.flags.get("quiet"):
        ctx.out("".join(r["Name"] + "\n" for r in rows))
        return 0
    headers = {"Name": "NAME", "Status": "STATUS", "ConfigFiles": "CONFIG FILES"}
    default = "table {{.Name}}\t{{.Status}}\t{{.ConfigFiles}}"
    return print_rows(ctx, args.flags.get("format") or "table", rows, headers, default)


NO_PROJECT.update({"version": version, "ls": ls})
