"""docker build and docker builder prune."""

from __future__ import annotations

import posixpath

from engine.build import cache
from engine.build.builder import Builder
from engine.build.context import empty_context, read_context
from engine.build.dockerfile import DockerfileError, parse
from engine.build.messages import text as build_text
from engine.build.model import BuildError, Options
from engine.build.output import (
    LEGACY_DEPRECATION,
    LegacyReporter,
    PlainReporter,
    QuietReporter,
    TtyReporter,
    error_box,
)
from engine.commands.base import Ctx, Parsed, command, flag_list
from engine.daemon import images
from engine.daemon.core import LimitError
from engine.format.humanize import size3, size4
from engine.fs import normpath
from engine.messages import text
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference


def legacy_requested(env: dict[str, str]) -> bool:
    """`DOCKER_BUILDKIT=0` (or false) in the shell's environment selects the legacy builder."""
    return env.get("DOCKER_BUILDKIT", "").strip().lower() in ("0", "false", "no", "off")


def _fail_prepare(ctx: Ctx, message: str, legacy: bool) -> int:
    ctx.err(message + "\n" if legacy else f"ERROR: {message}\n")
    return 1


@command("image.build")
def build(ctx: Ctx, cmd: Parsed) -> int:
    d, p = ctx.d, ctx.p
    legacy = legacy_requested(p.env)
    quiet = bool(cmd.flags.get("quiet"))
    target_arg = cmd.args[0]
    if "://" in target_arg or target_arg.startswith("git@"):
        ctx.err(build_text("build.remote_context", d.lang) + "\n")
        return 1
    tags: list[str] = []
    for tag in flag_list(cmd.flags, "tag"):
        try:
            ref = parse_reference(tag)
        except RefError as error:
            ctx.err(f'invalid argument "{tag}" for "-t, --tag" flag: {error.message}\n')
            ctx.err(f"See '{ctx.typed} --help'.\n")
            return 125
        if ref.familiar not in tags:
            tags.append(ref.familiar)
    build_args: dict[str, str] = {}
    for item in flag_list(cmd.flags, "build-arg"):
        key, eq, value = item.partition("=")
        if eq:
            build_args[key] = value
        elif key in p.env:
            build_args[key] = p.env[key]
    labels = dict(item.partition("=")[::2] for item in flag_list(cmd.flags, "label"))
    host = d.host_fs()
    file_flag = cmd.flags.get("file") or ""
    from_stdin = target_arg == "-" or file_flag == "-"  # `docker build - < Dockerfile`, `-f-`
    if target_arg == "-":
        context_dir = ""
        context = empty_context()
    else:
        context_dir = normpath(target_arg, p.cwd)
        if not host.is_dir(context_dir):
            return _fail_prepare(
                ctx, f'unable to prepare context: path "{target_arg}" not found', legacy
            )
    dockerfile_path = (
        normpath(file_flag, p.cwd)
        if file_flag and not from_stdin
        else posixpath.join(context_dir or "/", "Dockerfile")
    )
    shown_name = posixpath.basename(file_flag) if file_flag and not from_stdin else "Dockerfile"
    if context_dir:
        rel = (
            dockerfile_path[len(context_dir) :].lstrip("/")
            if dockerfile_path.startswith(context_dir + "/")
            else ""
        )
        context = read_context(host, context_dir, rel)
    node = None if from_stdin else host.stat(dockerfile_path)
    if from_stdin:
        source = p.stdin
    elif node is None or node.kind != "file":
        if legacy:
            if not quiet:
                ctx.err(LEGACY_DEPRECATION)
            ctx.err(
                "unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
                f"lstat {dockerfile_path}: no such file or directory\n"
            )
            return 1
        if not quiet:
            PlainReporter(p.stderr, shown_name, 2, context.ignore_size)
        ctx.err(
            f"ERROR: failed to solve: failed to read dockerfile: open {shown_name}: no such file or directory\n"
        )
        return 1
    else:
        source = host.read(dockerfile_path)
    source_size = len(source.encode())
    reporter: PlainReporter | TtyReporter | LegacyReporter | QuietReporter
    if quiet:
        reporter = QuietReporter(p.stderr, legacy)
    elif legacy:
        reporter = LegacyReporter(p.stdout, p.stderr, context.tar_size)
    elif cmd.flags.get("progress") == "tty":
        reporter = TtyReporter(p.stderr, shown_name, source_size, context.ignore_size)
    else:
        reporter = PlainReporter(p.stderr, shown_name, source_size, context.ignore_size)
    try:
        dockerfile = parse(source)
    except DockerfileError as error:
        return _parse_failed(ctx, error, source, shown_name, legacy)
    options = Options(
        context_dir,
        shown_name,
        tags,
        build_args,
        target=cmd.flags.get("target") or "",
        no_cache=bool(cmd.flags.get("no-cache")),
        pull=bool(cmd.flags.get("pull")),
        legacy=legacy,
        quiet=quiet,
        labels=labels,
    )
    builder = Builder(d, dockerfile, context, options, reporter, p.stdout)
    try:
        result = builder.run()
    except BuildError as error:
        reporter.error(error, dockerfile.lines, shown_name)
        d.state.last_build = {
            "image": "",
            "refs": tags,
            "steps": builder.steps,
            "bases": builder.bases,
            "error": True,
        }
        d.emit("build.finished", image="", refs=tags)
        return error.exit_code if legacy else 1
    except LimitError as error:
        ctx.err(text(error.message, d.lang) + "\n")
        return 1
    image = result.image
    for tag in tags:
        images.tag_image(d, image, tag)
    unused = sorted(set(build_args) - builder.used_args - set(builder.global_scope))
    if legacy and unused and not quiet:
        ctx.out(f"[Warning] One or more build-args [{' '.join(unused)}] were not consumed\n")
    reporter.finish(image, tags, result.fresh_layers)
    if quiet:
        ctx.out(image.id + "\n")
    if cmd.flags.get("iidfile"):
        host.write(normpath(cmd.flags["iidfile"], p.cwd), image.id)
    d.state.last_build = {
        "image": image.id,
        "refs": tags,
        "steps": result.steps,
        "bases": builder.bases,
    }
    d.emit("image.built", image=image.id, refs=tags)
    d.emit("build.finished", image=image.id, refs=tags)
    return 0


def _parse_failed(ctx: Ctx, error: DockerfileError, source: str, name: str, legacy: bool) -> int:
    if error.message == "file with no instructions":
        if legacy:
            ctx.err(f"Error response from daemon: the Dockerfile ({name}) cannot be empty\n")
        else:
            ctx.err("ERROR: failed to solve: the Dockerfile cannot be empty\n")
        return 1
    if legacy:
        where = f"dockerfile parse error line {error.line}: " if error.line else ""
        ctx.err(f"Error response from daemon: {where}{error.message}\n")
        return 1
    if error.line:
        from engine.build.dockerfile import Instruction

        marker = Instruction("", "", error.line, error.end)
        ctx.err(error_box(source.replace("\r\n", "\n").split("\n"), marker, name))
        ctx.err(
            f"ERROR: failed to solve: dockerfile parse error on line {error.line}: {error.message}\n"
        )
    else:
        ctx.err(f"ERROR: failed to solve: {error.message}\n")
    return 1


@command("builder.prune")
def builder_prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    every = bool(cmd.flags.get("all"))
    warning = (
        "WARNING! This will remove all build cache.\n"
        if every
        else "WARNING! This will remove all dangling build cache.\n"
    )
    return confirm(
        ctx, warning, {"action": "builder.prune", "all": every}, force=bool(cmd.flags.get("force"))
    )


def do_builder_prune(ctx: Ctx, *, everything: bool) -> int:
    records, reclaimed = cache.prune(ctx.d, everything=everything)
    if records:
        ctx.out("ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED\n")
        for ident, size in records:
            ctx.out(f"{ident:<41}\ttrue \t{size3(size):<10}\tLess than a second ago\n")
    ctx.out(f"Total:\t{size4(reclaimed)}\n")
    return 0
