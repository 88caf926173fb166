"""Docker Compose v2 (the `docker compose` CLI plugin) on the simulated engine.

`loader` reads and checks the Compose file from the simulated host, `converge` creates and
removes the project's networks, volumes and containers through the daemon, `commands` holds one
handler per sub-command. Projects are found again by their containers' labels, so a project
needs no state of its own.
"""

from engine.compose.commands import run_compose
from engine.compose.model import COMPOSE_VERSION

__all__ = ["COMPOSE_VERSION", "run_compose"]
