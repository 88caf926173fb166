"""What Compose prints while it works, in its plain (non-TTY) progress mode, and log prefixes.

Compose's plain writer prints `fmt.Fprintln("", e.ID, e.Text, e.StatusText)` per event, so a
resource event reads ` Container app-web-1  Started` (Text empty, two spaces) and a pull event
` redis Pulling ` (StatusText empty, trailing space).
"""

from __future__ import annotations

import re

from engine.io import Stream, StreamName
from engine.model import Container

EVENT_PAUSE = 0.05  # seconds between progress lines, for the terminal animation


class PlainProgress:
    def __init__(self, err: Stream) -> None:
        self.err = err

    def event(self, resource: str, status: str) -> None:
        """A resource event: ` Network app_default  Created`."""
        self.err.wait(EVENT_PAUSE)
        self.err.write(f" {resource}  {status}\n")

    def text_event(self, resource: str, text: str) -> None:
        """An event with a text and no status text: ` redis Pulling `."""
        self.err.wait(EVENT_PAUSE)
        self.err.write(f" {resource} {text} \n")

    def warn(self, message: str) -> None:
        self.err.write(f"WARN[0000] {message}\n")


class PullLines:
    """A Stream for `daemon.images.pull` that turns `docker pull`'s per-layer lines into
    Compose's plain pull events (` 4f4fb700ef54 Pull complete `); other lines are dropped,
    as Compose drops the daemon messages that carry no layer id."""

    def __init__(self, err: Stream) -> None:
        self.err = err
        self.name: StreamName = err.name

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        return None

    def progress(self, key: str, line: str) -> None:
        status = line.removeprefix(f"{key}: ")
        # A bar is Compose's StatusText; a bare status leaves the trailing separator.
        self.err.write(f" {key} {status}\n" if "[" in status else f" {key} {status} \n")

    def wait(self, seconds: float) -> None:
        self.err.wait(seconds)


_VERTEX_RE = re.compile(r"^(#\d+ )\[", re.M)


class BuildLines:
    """A Stream for `docker build`'s plain output that names the service in each step, as
    Compose's build does (`#1 [web internal] load build definition from Dockerfile`)."""

    def __init__(self, err: Stream, service: str) -> None:
        self.err = err
        self.service = service
        self.name: StreamName = err.name

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        self.err.write(_VERTEX_RE.sub(rf"\1[{self.service} ", text))

    def progress(self, key: str, line: str) -> None:
        self.write(line + "\n")

    def wait(self, seconds: float) -> None:
        self.err.wait(seconds)


def log_name(container: Container) -> str:
    """`web-1`: the container's name without the project, unless `container_name` set it."""
    labels = container.config.get("Labels") or {}
    project = labels.get("com.docker.compose.project", "")
    default = "-".join(
        (
            project,
            labels.get("com.docker.compose.service", ""),
            labels.get("com.docker.compose.container-number", "1"),
        )
    )
    return container.name[len(project) + 1 :] if container.name == default else container.name


def prefixes(containers: list[Container]) -> dict[str, str]:
    """Container id -> `web-1    | `: names padded to the longest one plus one, then ` | `."""
    names = {c.id: log_name(c) for c in containers}
    width = max((len(n) for n in names.values()), default=0) + 1
    return {cid: f"{name.ljust(width)} | " for cid, name in names.items()}
