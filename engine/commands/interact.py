"""docker exec / cp / commit / attach: reaching into a container."""

from __future__ import annotations

import hashlib
import json
import posixpath

from engine.commands.base import Ctx, Parsed, command, flag_list, stdin_not_a_tty
from engine.commands.containers import attach_after_start, push_container_shell
from engine.daemon import images, programs
from engine.daemon.execs import container_env, run_in_container, shell_kind, user_of
from engine.format.humanize import size3
from engine.fs import FsError, Layer, UnionFS, normpath
from engine.io import NoTTY
from engine.model import Container, HistoryEntry, Image
from engine.process import Process
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference


@command("container.exec")
def exec_(ctx: Ctx, cmd: Parsed) -> int:
    if stdin_not_a_tty(ctx, cmd.flags):
        return 1
    d = ctx.d
    ref, argv = cmd.args[0], cmd.args[1:]
    container = d.find_container(ref)
    if container is None:
        return ctx.daemon_error(f"No such container: {ref}")
    if container.status == "paused":
        return ctx.daemon_error(f"Container {ref} is paused, unpause the container before exec")
    if not container.running or container.status == "restarting":
        return ctx.daemon_error(f"container {container.id} is not running")
    fs = d.container_fs(container, events=False)
    workdir = cmd.flags.get("workdir") or ""
    from engine.daemon.programs import find_executable

    probe = container
    if find_executable(fs, argv[0], probe) is None:
        ctx.err(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: "
            f'"{argv[0]}": executable file not found in $PATH: unknown\n'
        )
        return 127
    env = flag_list(cmd.flags, "env")
    interactive = bool(cmd.flags.get("interactive"))
    base = posixpath.basename(argv[0])
    if (
        interactive
        and cmd.flags.get("tty")
        and base in INTERACTIVE_CLIENTS
        and ctx.terminal is not None
        and not cmd.flags.get("detach")
    ):
        return _run_client(ctx, container, argv, env, workdir, cmd.flags.get("user") or "")
    if (
        interactive
        and len(argv) == 1
        and base in programs.SHELLS | {"node", "python3", "python"}
        and ctx.terminal is not None
        and not cmd.flags.get("detach")
        and not ctx.p.stdin  # piped input is a script for the program, not a terminal session
    ):
        push_container_shell(
            ctx,
            container,
            exec_session=True,
            argv=argv,
            user=cmd.flags.get("user") or "",
            workdir=workdir,
            env=env,
        )
        return 0
    detached = bool(cmd.flags.get("detach"))
    tty = bool(cmd.flags.get("tty"))
    out, err = (ctx.p.stdout, ctx.p.stderr) if tty else (NoTTY(ctx.p.stdout), NoTTY(ctx.p.stderr))
    result = run_in_container(
        d,
        container,
        argv,
        env=env,
        workdir=workdir,
        user=cmd.flags.get("user") or "",
        stdin=ctx.p.stdin if interactive else "",  # without -i nothing is attached
        stdout=None if detached else out,
        stderr=None if detached else err,
    )
    return 0 if detached else result.exit_code


# Programs that take over the terminal when run with -it and no script: they push their own
# REPL frame (engine/repl.py) after connecting and authenticating.
INTERACTIVE_CLIENTS = {"mysql", "redis-cli", "node", "nodejs", "python", "python3"}


def _run_client(
    ctx: Ctx, container: Container, argv: list[str], env: list[str], workdir: str, user: str
) -> int:
    from engine.binaries import BINARIES
    from engine.machine import EngineMachine

    assert ctx.terminal is not None
    fs = ctx.d.container_fs(container)
    name, uid = user_of(container, user)
    cwd = workdir or container.config.get("WorkingDir") or "/"
    process = Process(
        argv=list(argv),
        stdin=ctx.p.stdin,  # piped input makes the client run it as a script, not a prompt
        stdout=ctx.p.stdout,
        stderr=ctx.p.stderr,
        fs=fs,
        cwd=cwd if fs.is_dir(cwd) else "/",
        env=container_env(container, env),
        machine=EngineMachine(ctx.d, container, ctx.terminal.id),
        hostname=container.config.get("Hostname", container.short_id),
        user=name,
        uid=uid,
        container=container.id,
        shell=shell_kind(fs),
        interactive=True,
    )
    return int(BINARIES[posixpath.basename(argv[0])](process))


@command("container.attach")
def attach(ctx: Ctx, cmd: Parsed) -> int:
    container = ctx.d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    if not container.running:
        ctx.err("You cannot attach to a stopped container, start it first\n")
        return 1
    if container.status == "paused":
        ctx.err("You cannot attach to a paused container, unpause it first\n")
        return 1
    return attach_after_start(ctx, container, len(container.logs))


def _split_target(arg: str) -> tuple[str, str]:
    if ":" in arg and not arg.startswith(("/", ".", "~")):
        name, _, path = arg.partition(":")
        return name, path
    return "", arg


@command("container.cp")
def cp(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    src_c, src = _split_target(cmd.args[0])
    dst_c, dst = _split_target(cmd.args[1])
    if src_c and dst_c:
        ctx.err("copying between containers is not supported\n")
        return 1
    if not src_c and not dst_c:
        ctx.err("must specify at least one container source\n")
        return 1
    name = src_c or dst_c
    container = d.find_container(name)
    if container is None:
        return ctx.daemon_error(f"No such container: {name}")
    cfs = d.container_fs(container)
    host = d.host_fs()
    source_fs, target_fs = (cfs, host) if src_c else (host, cfs)
    source_cwd = "/" if src_c else ctx.p.cwd
    target_cwd = ctx.p.cwd if src_c else "/"
    if not source_fs.exists(src, source_cwd):
        if src_c:
            return ctx.daemon_error(f"Could not find the file {src} in container {name}")
        ctx.err(f"lstat {normpath(src, source_cwd)}: no such file or directory\n")
        return 1
    try:
        copied = _copy_tree(
            source_fs, normpath(src, source_cwd), target_fs, normpath(dst, target_cwd)
        )
    except FsError as error:
        ctx.err(f"Error response from daemon: {error}\n" if dst_c else f"{error}\n")
        return 1
    shown = dst if src_c else f"{name}:{dst}"
    if not cmd.flags.get("quiet"):
        ctx.err(
            f"Successfully copied {size3(max(copied, 0) + 2048 - (copied % 1024 if copied else 0))} to {shown}\n"
        )
    return 0


def _copy_tree(src_fs: UnionFS, src: str, dst_fs: UnionFS, dst: str) -> int:
    node = src_fs.stat(src)
    assert node is not None
    if dst_fs.is_dir(dst):
        dst = normpath(posixpath.basename(src), dst)
    if node.kind == "dir":
        if not dst_fs.exists(dst):
            dst_fs.mkdir(dst)
        total = 0
        for name in src_fs.listdir(src):
            total += _copy_tree(src_fs, normpath(name, src), dst_fs, normpath(name, dst))
        return total
    dst_fs.put_node(dst, node)
    return node.size


@command("container.commit")
def commit(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    container = d.find_container(cmd.args[0])
    if container is None:
        return ctx.daemon_error(f"No such container: {cmd.args[0]}")
    target = cmd.args[1] if len(cmd.args) > 1 else ""
    familiar = ""
    if target:
        try:
            ref = parse_reference(target)
        except RefError as error:
            ctx.err(
                f"invalid reference format: {error.message}\n"
                if "invalid reference format" not in error.message
                else error.message + "\n"
            )
            return 1
        familiar = ref.familiar
    base = d.state.images.get(container.image_id)
    if base is None:
        return ctx.daemon_error(f"No such image: {container.image_id}")
    entries = {path: node for path, node in container.upper.items()}
    digest = hashlib.sha256(
        json.dumps(sorted((p, n.kind, n.size, n.text or "") for p, n in entries.items())).encode()
    ).hexdigest()
    size = sum(n.size for n in entries.values() if n.kind == "file")
    layer = Layer(
        digest,
        dict(entries),
        size=size,
        download_size=size // 3 + 32,
        digest=hashlib.sha256(digest.encode()).hexdigest(),
    )
    config = dict(base.config)
    config["Env"] = list(container.config.get("Env") or [])
    for change in flag_list(cmd.flags, "change"):
        _apply_change(config, change)
    created_by = " ".join([container.path, *[f"'{a}'" if " " in a else a for a in container.args]])
    history = [
        *base.history,
        HistoryEntry(d.now(), created_by, False, cmd.flags.get("message") or "", size),
    ]
    image_id = (
        "sha256:"
        + hashlib.sha256(
            json.dumps(
                [
                    base.id,
                    digest,
                    config,
                    d.now(),
                    cmd.flags.get("message"),
                    cmd.flags.get("author"),
                ],
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()
    )
    image = Image(
        id=image_id,
        layers=[*base.layers, layer.id],
        config=config,
        history=history,
        created=d.now(),
        parent=base.id,
        comment=cmd.flags.get("message") or "",
        author=cmd.flags.get("author") or "",
        docker_version="27.5.1",
        builder="commit",
    )
    d.state.local_layers[layer.id] = layer
    d.state.images[image_id] = image
    d.emit(
        "image.committed",
        image=image_id,
        container=container.id,
        name=container.name,
        layer=layer.id,
    )
    if familiar:
        images.tag_image(d, image, familiar)
    ctx.out(image_id + "\n")
    return 0


def _apply_change(config: dict, change: str) -> None:
    instruction, _, rest = change.strip().partition(" ")
    instruction = instruction.upper()
    rest = rest.strip()

    def form(value: str) -> list[str]:
        if value.startswith("["):
            try:
                return list(json.loads(value))
            except ValueError:
                pass
        return ["/bin/sh", "-c", value]

    if instruction == "CMD":
        config["Cmd"] = form(rest)
    elif instruction == "ENTRYPOINT":
        config["Entrypoint"] = form(rest)
    elif instruction == "ENV":
        key, _, value = (
            rest.replace(" ", "=", 1).partition("=")
            if "=" not in rest.split(" ")[0]
            else rest.partition("=")
        )
        env = [e for e in config.get("Env") or [] if not e.startswith(key + "=")]
        config["Env"] = [*env, f"{key}={value}"]
    elif instruction == "EXPOSE":
        ports = dict(config.get("ExposedPorts") or {})
        for port in rest.split():
            ports[port if "/" in port else port + "/tcp"] = {}
        config["ExposedPorts"] = ports
    elif instruction == "WORKDIR":
        config["WorkingDir"] = rest
    elif instruction == "USER":
        config["User"] = rest
    elif instruction == "LABEL":
        key, _, value = rest.partition("=")
        config["Labels"] = {**(config.get("Labels") or {}), key: value.strip('"')}
