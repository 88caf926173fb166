"""`docker compose …`: the Compose v2 CLI plugin (engine/compose)."""

from __future__ import annotations

from engine.cli.parser import COMPOSE_PLUGIN
from engine.commands.base import Ctx, Parsed, command


@command(COMPOSE_PLUGIN)
def compose(ctx: Ctx, cmd: Parsed) -> int:
    from engine.compose import run_compose  # the plugin imports the docker commands it uses

    return run_compose(ctx, cmd.args)
