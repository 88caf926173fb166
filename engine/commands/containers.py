"""docker run / create / start / stop / restart / pause / unpause / kill / rm / rename / wait / prune."""

from __future__ import annotations

from typing import Any

from engine.commands.base import (
    Ctx,
    Parsed,
    command,
    each_container,
    flag_list,
    run_error,
    stdin_not_a_tty,
)
from engine.commands.options import (
    OptionError,
    check_restart,
    parse_env,
    parse_mount,
    parse_ports,
    parse_volume,
    read_env_file,
)
from engine.daemon import containers, health, images, programs
from engine.daemon.core import DaemonError
from engine.daemon.execs import container_env, shell_kind, user_of
from engine.format.humanize import size4
from engine.model import Container, Image, ShellFrame
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference


def ensure_image(
    ctx: Ctx, ref_text: str, *, pull: str = "missing", platform: str = "", quiet: bool = False
) -> Image:
    """The local image for ``ref_text``, pulling it first the way `docker run` does."""
    image = ctx.d.find_image(ref_text)
    if image is not None and pull != "always":
        if platform and platform != f"{image.os}/{image.architecture}" and image.catalog_ref:
            image = None
        else:
            return image
    ref = parse_reference(ref_text)
    if pull == "never":
        raise DaemonError(f"No such image: {ref.familiar}")
    if image is None and not quiet:
        ctx.err(f"Unable to find image '{ref.familiar}' locally\n")
    result = images.pull(ctx.d, ref, ctx.p.stderr, platform=platform or None, quiet=quiet)
    return result.image


def build_spec(ctx: Ctx, cmd: Parsed, image: Image, image_ref: str) -> containers.ContainerSpec:
    flags = cmd.flags
    host = ctx.d.host_fs()
    env = parse_env(flag_list(flags, "env"), ctx.p.env)
    for path in flag_list(flags, "env-file"):
        env = [*read_env_file(host, path, ctx.p.cwd), *env]
    mounts = [parse_volume(v, ctx.p.cwd) for v in flag_list(flags, "volume")]
    mounts += [parse_mount(m, ctx.p.cwd) for m in flag_list(flags, "mount")]
    entrypoint = flags.get("entrypoint") if cmd.given("entrypoint") else None
    network = flags.get("network") or flags.get("net") or "bridge"
    if isinstance(network, list):
        network = network[-1] if network else "bridge"
    restart = check_restart(flags.get("restart") or "no")
    if flags.get("rm") and restart != "no":
        raise OptionError("Conflicting options: cannot specify both --restart and --rm")
    labels = {}
    for label in flag_list(flags, "label"):
        key, _, value = label.partition("=")
        labels[key] = value
    return containers.ContainerSpec(
        image=image,
        image_ref=image_ref,
        name=flags.get("name") or "",
        command=cmd.args[1:],
        entrypoint=None if entrypoint is None else ([entrypoint] if entrypoint else []),
        env=env,
        ports=[
            p if p.host_port >= 0 else _auto(p) for p in parse_ports(flag_list(flags, "publish"))
        ],
        publish_all=bool(flags.get("publish-all")),
        mounts=mounts,
        workdir=flags.get("workdir") or "",
        user=flags.get("user") or "",
        tty=bool(flags.get("tty")),
        interactive=bool(flags.get("interactive")),
        restart=restart,
        auto_remove=bool(flags.get("rm")),
        network=network,
        hostname=flags.get("hostname") or "",
        labels=labels,
        platform=flags.get("platform") or "",
        attach=not flags.get("detach"),
        healthcheck=health_flags(cmd),
    )


HEALTH_DURATIONS = ("interval", "timeout", "start-period", "start-interval")


def health_flags(cmd: Parsed) -> dict[str, Any] | None:
    """The `--health-*` / `--no-healthcheck` flags as the CLI sends them (its checks, in order)."""
    flags = cmd.flags
    given = [name for name in ("health-cmd", "health-retries") if flags.get(name)]
    given += [f"health-{name}" for name in HEALTH_DURATIONS if flags.get(f"health-{name}")]
    if flags.get("no-healthcheck"):
        if given:
            raise OptionError("--no-healthcheck conflicts with --health-* options")
        return {"Test": ["NONE"]}
    if not given:
        return None
    for name in ("interval", "timeout", "retries", "start-period", "start-interval"):
        if (flags.get(f"health-{name}") or 0) < 0:
            raise OptionError(f"--health-{name} cannot be negative")
    command = flags.get("health-cmd") or ""
    return health.make_config(
        ["CMD-SHELL", command] if command else None,
        interval=flags.get("health-interval") or 0.0,
        timeout=flags.get("health-timeout") or 0.0,
        start_period=flags.get("health-start-period") or 0.0,
        start_interval=flags.get("health-start-interval") or 0.0,
        retries=flags.get("health-retries") or 0,
    )


def _auto(binding):  # `-p 80`: publish on a random host port chosen at start
    binding.host_port = 0
    return binding


def _create(ctx: Ctx, cmd: Parsed) -> Container | int:
    flags = cmd.flags
    image_ref = cmd.args[0]
    pull = flags.get("pull") or "missing"
    if pull not in ("always", "missing", "never"):
        return run_error(
            ctx, f'invalid pull option: \'{pull}\': must be one of "always", "missing" or "never"'
        )
    try:
        parse_reference(image_ref)
    except RefError as error:
        return run_error(ctx, error.message)
    try:
        spec_probe = build_spec(ctx, cmd, _placeholder_image(), image_ref)
    except OptionError as error:
        return run_error(ctx, error.message)
    except DaemonError as error:
        return run_error(ctx, f"Error response from daemon: {error.message}")
    try:
        image = ensure_image(
            ctx,
            image_ref,
            pull=pull,
            platform=flags.get("platform") or "",
            quiet=bool(flags.get("quiet")),
        )
    except DaemonError as error:
        status = run_error(ctx, f"Error response from daemon: {error.message}")
        ctx.catalog_hint(error)
        return status
    spec_probe.image = image
    ports_random = [p for p in spec_probe.ports if p.host_port == 0]
    for binding in ports_random:
        binding.host_port = containers._random_port(ctx.d)
    try:
        return containers.create(ctx.d, spec_probe)
    except DaemonError as error:
        if error.__class__.__name__ == "LimitError":
            from engine.messages import text

            return run_error(ctx, text(error.message, ctx.d.lang), 125, see=False)
        return run_error(ctx, f"Error response from daemon: {error.message}")


def _placeholder_image() -> Image:
    return Image(id="", layers=[], config={}, history=[], created=0.0)


@command("container.create")
def create(ctx: Ctx, cmd: Parsed) -> int:
    made = _create(ctx, cmd)
    if isinstance(made, int):
        return made
    ctx.out(made.id + "\n")
    return 0


@command("container.run")
def run(ctx: Ctx, cmd: Parsed) -> int:
    if stdin_not_a_tty(ctx, cmd.flags):
        return 1
    made = _create(ctx, cmd)
    if isinstance(made, int):
        return made
    container = made
    d = ctx.d
    detach = bool(cmd.flags.get("detach"))
    if detach:
        ctx.out(container.id + "\n")
    first_log = len(container.logs)
    piped = ctx.p.stdin if cmd.flags.get("interactive") else ""
    try:
        containers.start(d, container, stdin=piped)
    except DaemonError as error:
        code = error.exit_code if error.exit_code != 1 else 125
        return run_error(ctx, f"Error response from daemon: {error.message}", code, see=False)
    containers.settle(d)
    if detach:
        return 0
    return attach_after_start(ctx, container, first_log)


def attach_after_start(ctx: Ctx, container: Container, first_log: int) -> int:
    """Foreground run/start: stream the output; a shell takes the terminal; a server holds it."""
    d = ctx.d
    print_logs(ctx, container, first_log)
    if container.id not in d.state.containers or not container.running:
        code = container.exit_code
        return code
    terminal = ctx.terminal
    if terminal is None:
        return 0
    interactive = container.config.get("OpenStdin")
    if interactive and programs.is_interactive_shell(container):
        push_container_shell(ctx, container, exec_session=False)
        return 0
    terminal.mode = "attached"
    terminal.follow = container.id
    terminal.follow_from = len(container.logs)
    return 0


def print_logs(ctx: Ctx, container: Container, start: int = 0) -> None:
    for line in container.logs[start:]:
        stream = (
            ctx.p.stderr
            if line.stream == "stderr" and not container.config.get("Tty")
            else ctx.p.stdout
        )
        stream.write(line.text + "\n")


def push_container_shell(
    ctx: Ctx,
    container: Container,
    *,
    exec_session: bool,
    argv: list[str] | None = None,
    user: str = "",
    workdir: str = "",
    env: list[str] | None = None,
) -> None:
    assert ctx.terminal is not None
    argv = argv or programs.effective_argv(container)
    base = argv[0].rsplit("/", 1)[-1] if argv else "sh"
    fs = ctx.d.container_fs(container, events=False)
    if base in ("node",):
        kind = "node"
    elif base in ("python3", "python"):
        kind = "python"
    elif base == "bash":
        kind = "bash"
    else:
        kind = "sh" if shell_kind(fs) == "sh" or base in ("sh", "ash") else "bash"
    name, _uid = user_of(container, user)
    cwd = workdir or container.config.get("WorkingDir") or "/"
    ctx.terminal.stack.append(
        ShellFrame(
            kind="container",
            cwd=cwd,
            env=container_env(container, env),
            container=container.id,
            exec_session=exec_session,
            shell=kind,
            user=name,
        )
    )
    if exec_session:
        container.program.setdefault("execs", []).append(" ".join(argv))
    if exec_session and kind in ("node", "python"):
        # A main process prints its banner into the log at start; an exec'd REPL prints here.
        for line in programs.repl_banner(kind, container):
            ctx.out(line + "\n")


@command("container.start")
def start(ctx: Ctx, cmd: Parsed) -> int:
    attach = bool(cmd.flags.get("attach") or cmd.flags.get("interactive"))
    failed: list[str] = []
    for ref in cmd.args:
        container = ctx.d.find_container(ref)
        if container is None:
            ctx.daemon_error(f"No such container: {ref}")
            failed.append(ref)
            continue
        first_log = len(container.logs)
        try:
            containers.start(ctx.d, container)
        except DaemonError as error:
            ctx.daemon_error(error)
            failed.append(ref)
            continue
        containers.settle(ctx.d)
        if attach and len(cmd.args) == 1:
            if cmd.flags.get("interactive"):
                container.config["OpenStdin"] = True
            return attach_after_start(ctx, container, first_log)
        ctx.out(ref + "\n")
    if failed:
        ctx.err(f"Error: failed to start containers: {', '.join(failed)}\n")
        return 1
    return 0


@command("container.stop")
def stop(ctx: Ctx, cmd: Parsed) -> int:
    timeout = cmd.flags.get("time", cmd.flags.get("timeout"))
    signal = cmd.flags.get("signal") or ""
    waited = 0.0

    def action(c: Container) -> None:
        nonlocal waited
        sig = containers.parse_signal(signal)[0] if signal else ""
        waited = max(
            waited,
            containers.stop(
                ctx.d, c, timeout=None if timeout in (None, -1) else int(timeout), signal=sig
            ),
        )

    # Docker waits for the stop before echoing the name; show that pause in the animation.
    status = 0
    for ref in cmd.args:
        try:
            action(ctx.d.get_container(ref))
        except DaemonError as error:
            ctx.daemon_error(error)
            status = 1
            continue
        ctx.p.stdout.wait(min(waited, 10.0))
        waited = 0.0
        ctx.out(ref + "\n")
    return status


@command("container.restart")
def restart(ctx: Ctx, cmd: Parsed) -> int:
    status = 0
    timeout = cmd.flags.get("time", cmd.flags.get("timeout"))
    for ref in cmd.args:
        container = ctx.d.find_container(ref)
        if container is None:
            ctx.daemon_error(f"Cannot restart container {ref}: No such container: {ref}")
            status = 1
            continue
        try:
            waited = containers.restart(
                ctx.d, container, timeout=None if timeout in (None, -1) else int(timeout)
            )
        except DaemonError as error:
            ctx.daemon_error(f"Cannot restart container {ref}: {error.message}")
            status = 1
            continue
        ctx.p.stdout.wait(min(waited, 10.0))
        ctx.out(ref + "\n")
    return status


@command("container.pause")
def pause(ctx: Ctx, cmd: Parsed) -> int:
    return each_container(ctx, cmd.args, lambda c: containers.pause(ctx.d, c))


@command("container.unpause")
def unpause(ctx: Ctx, cmd: Parsed) -> int:
    return each_container(ctx, cmd.args, lambda c: containers.unpause(ctx.d, c))


@command("container.kill")
def kill(ctx: Ctx, cmd: Parsed) -> int:
    try:
        signal, _ = containers.parse_signal(cmd.flags.get("signal") or "KILL")
    except DaemonError as error:
        return ctx.daemon_error(error)
    return each_container(ctx, cmd.args, lambda c: containers.kill(ctx.d, c, signal))


@command("container.rm")
def rm(ctx: Ctx, cmd: Parsed) -> int:
    force = bool(cmd.flags.get("force"))
    status = 0
    for ref in cmd.args:
        container = ctx.d.find_container(ref)
        if container is None:
            ctx.daemon_error(f"No such container: {ref}")
            status = status if force else 1
            continue
        try:
            containers.remove(ctx.d, container, force=force, volumes=bool(cmd.flags.get("volumes")))
        except DaemonError as error:
            ctx.daemon_error(error)
            status = 1
            continue
        ctx.out(ref + "\n")
    return status


@command("container.rename")
def rename(ctx: Ctx, cmd: Parsed) -> int:
    old, new = cmd.args[0], cmd.args[1]
    container = ctx.d.find_container(old)
    if container is None:
        return ctx.daemon_error(f"No such container: {old}")
    try:
        containers.rename(ctx.d, container, new)
    except DaemonError as error:
        return ctx.daemon_error(error)
    return 0


@command("container.wait")
def wait(ctx: Ctx, cmd: Parsed) -> int:
    status = 0
    for ref in cmd.args:
        container = ctx.d.find_container(ref)
        if container is None:
            ctx.daemon_error(f"No such container: {ref}")
            status = 1
            continue
        if container.running and container.exit_at is not None:
            ctx.p.stdout.wait(min(max(container.exit_at - ctx.now(), 0), 10))
            ctx.d.state.time_offset += max(container.exit_at - ctx.now(), 0)
            containers.settle(ctx.d)
        if container.running:
            if ctx.terminal is not None:
                ctx.terminal.mode = "attached"
                ctx.terminal.follow = ""
                ctx.terminal.pending = {"action": "wait", "container": container.id}
            return 0
        ctx.out(f"{container.exit_code}\n")
    return status


@command("container.prune")
def prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    return confirm(
        ctx,
        "WARNING! This will remove all stopped containers.\n",
        {"action": "container.prune"},
        force=bool(cmd.flags.get("force")),
    )


def do_container_prune(ctx: Ctx) -> int:
    removed = []
    reclaimed = 0
    for container in list(ctx.d.state.containers.values()):
        if not container.running:
            reclaimed += sum(n.size for n in container.upper.values() if n.kind == "file")
            containers.remove(ctx.d, container)
            removed.append(container.id)
    if removed:
        ctx.out("Deleted Containers:\n" + "".join(cid + "\n" for cid in removed) + "\n")
    ctx.out(f"Total reclaimed space: {size4(reclaimed)}\n")
    return 0
