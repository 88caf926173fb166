"""docker pull / images / history / tag / rmi / image prune / commit."""

from __future__ import annotations

import fnmatch

from engine.commands.base import Ctx, Parsed, command, flag_list, print_rows
from engine.commands.describe import ago
from engine.daemon import images
from engine.daemon.core import DaemonError, LimitError
from engine.format.humanize import ellipsis, size3, size4
from engine.messages import text
from engine.model import Image
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference


@command("image.pull")
def pull(ctx: Ctx, cmd: Parsed) -> int:
    raw = cmd.args[0]
    try:
        ref = parse_reference(raw)
    except RefError as error:
        ctx.err(error.message + "\n")
        return 1
    if cmd.flags.get("all-tags") and ref.tag and not ref.tag_was_default:
        ctx.err("tag can't be used with --all-tags/-a\n")
        return 1
    quiet = bool(cmd.flags.get("quiet"))
    if ref.tag_was_default and not ref.digest and not quiet:
        ctx.out("Using default tag: latest\n")
    platform = cmd.flags.get("platform") or None
    if platform and platform.count("/") not in (1, 2):
        ctx.err(f'"{platform}": unknown operating system or architecture: invalid argument\n')
        return 1
    try:
        images.pull(ctx.d, ref, ctx.p.stdout, platform=platform, quiet=quiet)
    except LimitError as error:
        ctx.err(text(error.message, ctx.d.lang) + "\n")
        return 1
    except DaemonError as error:
        return ctx.daemon_error(error)
    ctx.out(f"{ref.full}\n")
    return 0


IMAGE_HEADERS = {
    "Repository": "REPOSITORY",
    "Tag": "TAG",
    "Digest": "DIGEST",
    "ID": "IMAGE ID",
    "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT",
    "Size": "SIZE",
    "Containers": "CONTAINERS",
    "SharedSize": "SHARED SIZE",
    "UniqueSize": "UNIQUE SIZE",
    "VirtualSize": "VIRTUAL SIZE",
}


def _split(ref: str) -> tuple[str, str]:
    name, _, tag = ref.rpartition(":")
    if "/" in tag or not name:
        return ref, "<none>"
    return name, tag


def image_rows(
    ctx: Ctx, *, include_dangling: bool = True, intermediate: bool = False
) -> list[tuple[Image, str, str]]:
    """(image, repository, tag) rows, newest image first, one per tag (§3.1)."""
    d = ctx.d
    rows = []
    parents = {img.parent for img in d.state.images.values()}  # legacy-builder intermediates
    for image in sorted(d.state.images.values(), key=lambda i: i.created, reverse=True):
        if image.removed:
            continue
        tags = sorted(d.tags_of(image.id))
        if tags:
            rows += [(image, *_split(tag)) for tag in tags]
        elif include_dangling and (intermediate or image.id not in parents):
            rows.append((image, "<none>", "<none>"))
    return rows


@command("image.ls")
def images_ls(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    flags = cmd.flags
    rows = image_rows(ctx, intermediate=bool(flags.get("all")))
    for item in flag_list(flags, "filter"):
        key, _, value = item.partition("=")
        if key == "dangling":
            if value.lower() not in ("true", "false", "1", "0"):
                # the daemon's invalidFilter prints the filter's values as a Go list
                return ctx.daemon_error(f"invalid filter 'dangling=[{value}]'")
            want = value.lower() in ("true", "1")
            rows = [r for r in rows if (r[2] == "<none>" and r[1] == "<none>") == want]
        elif key == "reference":
            rows = [r for r in rows if _ref_match(value, r[1], r[2])]
        elif key in ("before", "since"):
            pivot = d.find_image(value)
            if pivot is None:
                return ctx.daemon_error(f"No such image: {value}")
            rows = [
                r
                for r in rows
                if (
                    r[0].created < pivot.created
                    if key == "before"
                    else r[0].created > pivot.created
                )
            ]
        elif key == "label":
            k, _, v = value.partition("=")
            rows = [
                r
                for r in rows
                if k in (r[0].config.get("Labels") or {})
                and (not v or r[0].config["Labels"][k] == v)
            ]
        else:
            ctx.err(f"Error response from daemon: invalid filter '{key}'\n")
            return 1
    if cmd.args:
        pattern = cmd.args[0]
        rows = [r for r in rows if _ref_match(pattern, r[1], r[2])]
    no_trunc = bool(flags.get("no-trunc"))
    if flags.get("quiet"):
        seen = []
        for image, _repo, _tag in rows:
            shown = image.id if no_trunc else image.short_id
            seen.append(shown)
        ctx.out("".join(s + "\n" for s in seen))
        return 0
    now = ctx.now()
    data = []
    for image, repo, tag in rows:
        digest = next(
            (dg.split("@")[1] for dg in image.repo_digests if dg.split("@")[0] == repo), "<none>"
        )
        data.append(
            {
                "Repository": repo,
                "Tag": tag,
                "Digest": digest,
                "ID": image.id if no_trunc else image.short_id,
                "CreatedSince": ago(now, image.created),
                "CreatedAt": _created_at(image.created),
                "Size": size3(d.image_size(image)),
                # the CLI's VirtualSize uses the 4-digit helper, unlike Size
                "VirtualSize": size4(d.image_size(image)),
                "Containers": "N/A",
                "SharedSize": "N/A",
                "UniqueSize": "N/A",
            }
        )
    default = (
        "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
        if flags.get("digests")
        else "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    )
    return print_rows(ctx, flags.get("format") or "", data, IMAGE_HEADERS, default)


def _created_at(epoch: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(epoch))


def _ref_match(pattern: str, repo: str, tag: str) -> bool:
    name, _, want_tag = (
        pattern.partition(":") if ":" in pattern.rsplit("/", 1)[-1] else (pattern, "", "")
    )
    if (
        not fnmatch.fnmatchcase(repo, name)
        and not fnmatch.fnmatchcase(repo, "*/" + name)
        and repo != name
    ):
        return False
    return not want_tag or fnmatch.fnmatchcase(tag, want_tag)


@command("image.history")
def history(ctx: Ctx, cmd: Parsed) -> int:
    d = ctx.d
    image = d.find_image(cmd.args[0])
    if image is None:
        try:
            shown = parse_reference(cmd.args[0]).familiar
        except RefError:
            shown = cmd.args[0]
        return ctx.daemon_error(f"No such image: {shown}")
    no_trunc = bool(cmd.flags.get("no-trunc"))
    human = cmd.flags.get("human", True) not in (False, "false")
    now = ctx.now()
    entries = list(reversed(image.history))
    ids = _history_ids(ctx, image, entries, full=no_trunc)
    if cmd.flags.get("quiet"):
        ctx.out("".join(i + "\n" for i in ids))
        return 0
    data = []
    for entry, shown_id in zip(entries, ids, strict=True):
        created_by = entry.created_by.replace("\t", " ")
        data.append(
            {
                "ID": shown_id,
                "CreatedSince": ago(now, entry.created) if human else _iso(entry.created),
                "CreatedAt": _iso(entry.created),
                "CreatedBy": created_by if no_trunc else ellipsis(created_by, 45),
                "Size": size3(entry.size) if human else str(entry.size),
                "Comment": entry.comment,
            }
        )
    headers = {
        "ID": "IMAGE",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "CreatedBy": "CREATED BY",
        "Size": "SIZE",
        "Comment": "COMMENT",
    }
    default = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
    return print_rows(ctx, cmd.flags.get("format") or "", data, headers, default)


def _iso(epoch: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _history_ids(ctx: Ctx, image: Image, entries: list, *, full: bool = False) -> list[str]:
    """The top row shows the image id; rows of local parent images show theirs; others <missing>.

    ``full`` (`--no-trunc`) prints ids as the daemon sends them, `sha256:` prefix included.
    """
    ids = ["<missing>"] * len(entries)
    if entries:
        ids[0] = image.id if full else image.short_id
    parent = ctx.d.state.images.get(image.parent) if image.parent else None
    offset = len(image.history) - (len(parent.history) if parent else 0)
    while parent is not None and 0 <= offset < len(ids):
        ids[offset] = parent.id if full else parent.short_id
        nxt = ctx.d.state.images.get(parent.parent) if parent.parent else None
        offset = len(image.history) - (len(nxt.history) if nxt else 0)
        parent = nxt
    return ids


@command("image.tag")
def tag(ctx: Ctx, cmd: Parsed) -> int:
    source, target = cmd.args[0], cmd.args[1]
    try:
        target_ref = parse_reference(target)
    except RefError as error:
        ctx.err(
            f'error parsing reference: "{target}" is not a valid repository/tag: {error.message}\n'
        )
        return 1
    if target_ref.digest:
        ctx.err("refusing to create a tag with a digest reference\n")
        return 1
    image = ctx.d.find_image(source)
    if image is None:
        try:
            shown = parse_reference(source).familiar
        except RefError:
            shown = source
        return ctx.daemon_error(f"No such image: {shown}")
    images.tag_image(ctx.d, image, target_ref.familiar)
    return 0


@command("image.rm")
def rmi(ctx: Ctx, cmd: Parsed) -> int:
    status = 0
    force = bool(cmd.flags.get("force"))
    for ref in cmd.args:
        try:
            lines = images.remove_image(ctx.d, ref, force=force)
        except DaemonError as error:
            ctx.daemon_error(error)
            if not (force and error.message.startswith("No such image")):
                status = 1
            continue
        ctx.out("".join(line + "\n" for line in lines))
    return status


@command("image.prune")
def prune(ctx: Ctx, cmd: Parsed) -> int:
    from engine.commands.confirm import confirm

    every = bool(cmd.flags.get("all"))
    warning = (
        "WARNING! This will remove all images without at least one container associated to them.\n"
        if every
        else "WARNING! This will remove all dangling images.\n"
    )
    return confirm(
        ctx, warning, {"action": "image.prune", "all": every}, force=bool(cmd.flags.get("force"))
    )


def do_image_prune(ctx: Ctx, *, all_unused: bool) -> int:
    lines, reclaimed = images.prune_images(ctx.d, all_unused=all_unused)
    if lines:
        ctx.out("Deleted Images:\n" + "".join(line + "\n" for line in lines) + "\n")
    ctx.out(f"Total reclaimed space: {size4(reclaimed)}\n")
    return 0
