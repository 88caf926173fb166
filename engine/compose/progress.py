"""What Compose prints while it works (its plain, TTY and quiet progress writers) and log prefixes.

Compose's plain writer prints `fmt.Fprintln("", e.ID, e.Text, e.StatusText)` per event, so a
resource event reads ` Container app-web-1  Started` (Text empty, two spaces) and a pull event
` redis Pulling ` (StatusText empty, trailing space).

On a terminal Compose draws a block instead and redraws it in place as events arrive: a
`[+] Running 2/4` header, then one line per resource (pulled layers indented under their
service) with a spinner or ✔/✘, the name padded to the longest one, the status, and the
elapsed time right-aligned to the terminal width. Here every line of the block is a keyed
frame, so the web terminal redraws it and the final state is what stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from engine.io import Stream, StreamName
from engine.model import Container

EVENT_PAUSE = 0.05  # seconds between progress lines, for the terminal animation
MODES = ("auto", "tty", "plain", "json", "quiet")


class Progress(Protocol):
    """What converge and the commands report to; one writer per `--progress` mode."""

    def event(self, resource: str, status: str) -> None: ...

    def text_event(self, resource: str, text: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def wait(self, seconds: float) -> None: ...

    def interrupt(self) -> None:
        """Other output (a build's log) is about to be written below the block."""

    def pull_stream(self, service: str) -> Stream: ...


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

    def wait(self, seconds: float) -> None:
        self.err.wait(seconds)

    def interrupt(self) -> None:
        return None

    def pull_stream(self, service: str) -> Stream:
        return PullLines(self.err)


class QuietProgress(PlainProgress):
    """`--progress quiet`: no events; warnings still reach stderr."""

    def event(self, resource: str, status: str) -> None:
        return None

    def text_event(self, resource: str, text: str) -> None:
        return None

    def pull_stream(self, service: str) -> Stream:
        return _NoLines(self.err)


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


class _NoLines(PullLines):
    """A pull with `--progress quiet`: the layers come down in silence."""

    def progress(self, key: str, line: str) -> None:
        return None


# -- the TTY writer -------------------------------------------------------------------------

LineState = Literal["working", "done", "error"]

WIDTH = 80  # the playground terminal's columns
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # one glyph per 100 ms, as Compose's spinner turns
PERCENT_CHARS = "⠀⡀⣀⣄⣤⣦⣶⣷⣿"  # a layer's completion in the service line
WORKING = {
    "Building",
    "Creating",
    "Killing",
    "Pulling",
    "Recreate",
    "Removing",
    "Restarting",
    "Starting",
    "Stopping",
    "Waiting",
}
LAYER_DONE = {"Already exists", "Download complete", "Pull complete"}
# Simulated seconds an operation takes before its done event, so the timers read like Docker's.
DURATIONS = {
    "Created": 0.1,
    "Started": 0.3,
    "Recreated": 0.3,
    "Removed": 0.1,
    "Built": 0.1,
    "Killed": 0.1,
    "Healthy": 0.5,
}
TITLES = {
    "kill": "Killing",
    "pull": "Pulling",
    "restart": "Restarting",
    "rm": "Removing",
    "stop": "Stopping",
}


def state_of(status: str) -> LineState:
    if status == "Error":
        return "error"
    return "working" if status in WORKING else "done"


@dataclass(slots=True)
class Line:
    """One event of the block: Compose's Event (ID, Text, StatusText) and its times."""

    id: str
    text: str
    status: str
    state: LineState
    start: float
    end: float
    parent: str = ""
    percent: int = 0


class TtyProgress:
    """Compose's TTY writer: the whole block redrawn as keyed frames after every event."""

    def __init__(self, err: Stream, title: str = "Running") -> None:
        self.err = err
        self.title = title
        self.now = 0.0
        self.lines: dict[str, Line] = {}
        self.block = 0  # a new block (new keys) starts below output written in between
        self.drawn = False
        # key -> the line on screen: unchanged lines are not drawn again
        self.shown: dict[str, str] = {}

    def event(self, resource: str, status: str) -> None:
        self._update(resource, "", status, state_of(status))

    def text_event(self, resource: str, text: str) -> None:
        self._update(resource, text, "", state_of(text))

    def layer(self, parent: str, key: str, status: str) -> None:
        """A pulled layer's line, indented under its service: `Downloading [==>  ] 1MB/3MB`."""
        text, _, bar = status.partition(" [")
        bar = f"[{bar}" if bar else ""
        state: LineState = "done" if text in LAYER_DONE else "working"
        self._update(key, text, bar, state, parent, _percent(text, bar))

    def warn(self, message: str) -> None:
        self.interrupt()
        self.err.write(f"WARN[0000] {message}\n")

    def wait(self, seconds: float) -> None:
        self.err.wait(seconds)
        self.now += seconds
        # Only a block on screen ticks: after an interruption the next event draws anew.
        if self.drawn and any(line.state == "working" for line in self.lines.values()):
            self.draw()

    def interrupt(self) -> None:
        """Close the block as it stands; what is still at work moves to the next block."""
        if self.drawn:
            self.block += 1
            self.drawn = False
            self.shown = {}
            self.lines = {k: line for k, line in self.lines.items() if line.state == "working"}

    def pull_stream(self, service: str) -> Stream:
        return _TtyPullLines(self, service)

    def _update(
        self, key: str, text: str, status: str, state: LineState, parent: str = "", percent: int = 0
    ) -> None:
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = Line(key, text, status, state, self.now, self.now, parent)
        elif state != "working" and line.state == "working":
            self.wait(DURATIONS.get(status or text, EVENT_PAUSE))
        line.text, line.status, line.state = text, status, state
        line.percent = 100 if state == "done" else percent
        if state != "working":
            line.end = self.now
        self.draw()

    def draw(self) -> None:
        if not self.lines:
            return
        self.drawn = True
        lines = list(self.lines.values())
        done = sum(1 for line in lines if line.state == "done")
        self._show(f"compose{self.block}", f"[+] {self.title} {done}/{len(lines)}")
        padding = _status_padding(lines)
        for line in lines:
            if line.parent:
                continue
            self._draw_line(line, "", padding)
            for child in lines:
                if child.parent == line.id:
                    self._draw_line(child, "  ", padding)

    def _draw_line(self, line: Line, pad: str, padding: int) -> None:
        children = [c for c in self.lines.values() if c.parent == line.id]
        self._show(
            f"compose{self.block}:{line.id}", render_line(line, pad, padding, self.now, children)
        )

    def _show(self, key: str, text: str) -> None:
        if self.shown.get(key) != text:
            self.shown[key] = text
            self.err.progress(key, text)


def _status_padding(lines: list[Line]) -> int:
    """The width names are padded to: the longest `ID Text`, less 2 for every layer line
    (Compose's writer subtracts inside its loop, so pulls shrink the padding)."""
    padding = 0
    for line in lines:
        padding = max(padding, len(f"{line.id} {line.text}"))
        if line.parent:
            padding -= 2
    return padding


def render_line(line: Line, pad: str, padding: int, now: float, children: list[Line]) -> str:
    """` ✔ Container app-web-1  Started` and the elapsed time flush with the right edge."""
    glyph = {"done": "✔", "error": "✘"}.get(line.state) or SPINNER[int(now * 10) % len(SPINNER)]
    if line.state == "working" and children:
        completion = "".join(
            PERCENT_CHARS[(len(PERCENT_CHARS) - 1) * c.percent // 100] for c in children
        )
        txt = f"{line.id} {len(children)} layers [{completion}] {line.text}"
    else:
        txt = f"{line.id} {line.text}"
    status = line.status
    room = WIDTH - len(txt) - padding - 15
    if 0 < room < len(status):
        status = status[:room] + "..."
    text = f"{pad} {glyph} {txt}{' ' * max(padding - len(txt), 0)} {status}"
    elapsed = (now if line.state == "working" else line.end) - line.start
    timer = f"{elapsed:.1f}s "
    return text + " " * max(WIDTH - len(text) - len(timer), 0) + timer


def _percent(text: str, bar: str) -> int:
    if not bar.startswith("["):
        return 0
    filled = bar.count("=")
    return min(100, filled * 100 // 50) if text in ("Downloading", "Extracting") else 0


class _TtyPullLines:
    """A Stream for `daemon.images.pull` that turns its per-layer lines into child lines of
    the service in the TTY block."""

    def __init__(self, progress: TtyProgress, service: str) -> None:
        self.progress_writer = progress
        self.service = service
        self.name: StreamName = progress.err.name

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        return None

    def progress(self, key: str, line: str) -> None:
        self.progress_writer.layer(self.service, key, line.removeprefix(f"{key}: "))

    def wait(self, seconds: float) -> None:
        self.progress_writer.wait(seconds)


def progress_for(err: Stream, mode: str, title: str = "Running", ansi: str = "auto") -> Progress:
    """The writer Compose picks: `--progress` (auto: a TTY block when stderr is a terminal);
    `--ansi never` turns auto into plain."""
    if mode == "quiet":
        return QuietProgress(err)
    if mode == "tty" or (mode == "auto" and ansi != "never" and err.is_terminal):
        return TtyProgress(err, title)
    return PlainProgress(err)


_VERTEX_RE = re.compile(r"^(#\d+ )\[", re.M)


class BuildLines:
    """A Stream for `docker build`'s plain output that names the service in each step, as
    Compose's build does (`#1 [web internal] load build definition from Dockerfile`)."""

    def __init__(self, err: Stream, service: str, clock: Progress) -> None:
        self.err = err
        self.service = service
        self.clock = clock  # the build's time counts in the progress timers
        self.name: StreamName = err.name

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        self.err.write(_VERTEX_RE.sub(rf"\1[{self.service} ", text))

    def progress(self, key: str, line: str) -> None:
        self.write(line + "\n")

    def wait(self, seconds: float) -> None:
        self.clock.wait(seconds)


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
