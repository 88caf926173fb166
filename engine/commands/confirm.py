"""`[y/N]` confirmations: the next line the learner types answers them (or piped stdin, or -f)."""

from __future__ import annotations

from typing import Any

from engine.commands.base import Ctx

QUESTION = "Are you sure you want to continue? [y/N] "


def confirm(
    ctx: Ctx, warning: str, pending: dict[str, Any], *, force: bool, question: str = QUESTION
) -> int:
    if force:
        return answer(ctx, pending, "y")
    ctx.out(warning + question)
    if ctx.p.stdin or ctx.terminal is None:
        # Piped answers are not echoed, so the CLI's next line follows the question directly.
        return answer(ctx, pending, ctx.p.stdin.split("\n", 1)[0])
    ctx.terminal.mode = "confirm"
    ctx.terminal.pending = pending
    return 0


def answer(ctx: Ctx, pending: dict[str, Any], reply: str) -> int:
    if reply.strip().lower() not in ("y", "yes"):
        return 0
    from engine.commands import system, volumes
    from engine.commands.containers import do_container_prune
    from engine.commands.images import do_image_prune

    action = pending.get("action")
    if action == "container.prune":
        return do_container_prune(ctx)
    if action == "image.prune":
        return do_image_prune(ctx, all_unused=bool(pending.get("all")))
    if action == "volume.prune":
        return volumes.do_volume_prune(ctx, all_volumes=bool(pending.get("all")))
    if action == "network.prune":
        from engine.commands.networks import do_network_prune

        return do_network_prune(ctx)
    if action == "builder.prune":
        from engine.commands.build import do_builder_prune

        return do_builder_prune(ctx, everything=bool(pending.get("all")))
    if action == "compose.rm":
        from engine.compose.commands import answer_rm

        return answer_rm(ctx, pending)
    if action == "system.prune":
        return system.do_system_prune(
            ctx, all_unused=bool(pending.get("all")), volumes=bool(pending.get("volumes"))
        )
    return 0
