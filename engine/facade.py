"""``Engine``: the one door into the simulated Docker engine.

(Skeleton: the API below is stable; the body grows as the daemon, shell and catalog land.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from engine.io import Frame, Outcome


class Engine:
    def __init__(self, *, clock: Callable[[], float] = time.time, seed: str | None = None,
                 lang: str = "en") -> None:
        self.clock = clock
        self.lang = lang

    def execute(self, line: str, tty: str = "main") -> Outcome:
        """Run one line typed into terminal ``tty`` (a new tty starts at the host shell)."""
        word = line.split()[0] if line.split() else ""
        frames = [Frame(f"bash: {word}: command not found\n", "stderr")] if word else []
        return Outcome(input=line, frames=frames, exit_code=127 if word else 0, prompt="$ ")

    def interrupt(self, tty: str = "main") -> Outcome:
        """Ctrl+C: stop `logs -f`, `stats`, an attached foreground container, a prompt."""
        return Outcome(input="^C", frames=[Frame("^C\n")], exit_code=130, prompt="$ ")

    def detach(self, tty: str = "main") -> Outcome:
        """Ctrl+P Ctrl+Q: leave an attached container running and return to the host shell."""
        return Outcome(input="", frames=[], exit_code=0, prompt="$ ")

    def prompt(self, tty: str = "main") -> str:
        return "$ "

    def complete(self, line: str, tty: str = "main") -> list[str]:
        """Tab completion candidates for the last word of ``line``."""
        return []

    def view(self) -> dict[str, Any]:
        """The state as plain data for the diagrams (see docs/engine.md, "View")."""
        return {"images": [], "layers": {}, "containers": [], "volumes": [], "networks": [],
                "disk": {}, "build": None}

    def dump(self) -> bytes:
        return b""

    @classmethod
    def load(cls, data: bytes, *, clock: Callable[[], float] = time.time,
             lang: str = "en") -> Engine:
        return cls(clock=clock, lang=lang)
