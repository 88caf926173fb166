"""Output streams, frames and the outcome of one command line.

Everything a command prints goes through a ``Stream``. A terminal stream records timed frames so
the web terminal can animate pulls and builds; a pipe or a redirection collects plain text.
A *progress* frame carries a ``key``: a later frame with the same key redraws that line in place,
as Docker redraws its per-layer pull lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

StreamName = Literal["stdout", "stderr"]

MAX_OUTPUT_CHARS = 256 * 1024
TRUNCATED_NOTE = "\n[output truncated: more than 256 KB]\n"


@dataclass(frozen=True, slots=True)
class Frame:
    """A piece of terminal output. ``at`` is seconds after the command started."""

    text: str
    stream: StreamName = "stdout"
    at: float = 0.0
    key: str | None = None  # progress line: replaces the earlier frame with the same key


class Stream(Protocol):
    name: StreamName

    def write(self, text: str) -> None: ...

    def progress(self, key: str, line: str) -> None:
        """Draw (or redraw) the line identified by ``key``; ``line`` has no newline."""

    def wait(self, seconds: float) -> None:
        """Let animation time pass before the next frame (no real waiting happens)."""

    @property
    def is_terminal(self) -> bool: ...


class Timeline:
    """The shared clock of one command's frames, so stdout and stderr interleave correctly."""

    def __init__(self) -> None:
        self.now = 0.0
        self.frames: list[Frame] = []
        self.chars = 0
        self.truncated = False

    def add(self, frame: Frame) -> None:
        if self.truncated:
            return
        self.chars += len(frame.text)
        if self.chars > MAX_OUTPUT_CHARS:
            self.truncated = True
            self.frames.append(Frame(TRUNCATED_NOTE, "stderr", self.now))
            return
        self.frames.append(frame)


class TerminalStream:
    """stdout or stderr of a terminal: timed frames on a shared timeline."""

    def __init__(self, timeline: Timeline, name: StreamName = "stdout") -> None:
        self.timeline = timeline
        self.name: StreamName = name

    @property
    def is_terminal(self) -> bool:
        return True

    def write(self, text: str) -> None:
        if text:
            self.timeline.add(Frame(text, self.name, self.timeline.now))

    def progress(self, key: str, line: str) -> None:
        self.timeline.add(Frame(line + "\n", self.name, self.timeline.now, key))

    def wait(self, seconds: float) -> None:
        self.timeline.now += seconds


class BufferStream:
    """A pipe, a redirection or a captured stream: plain text, progress collapsed to final lines."""

    def __init__(self, name: StreamName = "stdout", limit: int = MAX_OUTPUT_CHARS) -> None:
        self.name: StreamName = name
        self.parts: list[str] = []
        self.keyed: dict[str, int] = {}
        self.limit = limit
        self.size = 0
        self.overflow = False

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        if not text or self.overflow:
            return
        self.size += len(text)
        if self.size > self.limit:
            self.overflow = True
            return
        self.parts.append(text)

    def progress(self, key: str, line: str) -> None:
        if key in self.keyed:
            self.parts[self.keyed[key]] = line + "\n"
        else:
            self.keyed[key] = len(self.parts)
            self.write(line + "\n")

    def wait(self, seconds: float) -> None:
        return None

    def getvalue(self) -> str:
        return "".join(self.parts)


class NoTTY:
    """A terminal stream seen by a program without a TTY (`docker exec` without -t): output
    still reaches the terminal in order, but `ls` and friends format for a pipe."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.name: StreamName = stream.name

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        self.stream.write(text)

    def progress(self, key: str, line: str) -> None:
        self.stream.progress(key, line)

    def wait(self, seconds: float) -> None:
        self.stream.wait(seconds)


class NullStream(BufferStream):
    """/dev/null."""

    def write(self, text: str) -> None:
        return None

    def progress(self, key: str, line: str) -> None:
        return None


def final_text(frames: list[Frame]) -> str:
    """What the terminal shows once every frame has played: progress lines at their final state."""
    parts: list[str] = []
    position: dict[str, int] = {}
    for frame in frames:
        if frame.key is None:
            parts.append(frame.text)
        elif frame.key in position:
            parts[position[frame.key]] = frame.text
        else:
            position[frame.key] = len(parts)
            parts.append(frame.text)
    return "".join(parts)


@dataclass(slots=True)
class Event:
    """Something the diagrams animate. ``kind`` is one of ``events.KINDS``."""

    kind: str
    data: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, **self.data}


TerminalMode = Literal["shell", "confirm", "attached", "following", "repl"]


@dataclass(slots=True)
class Outcome:
    """The result of one line typed into one terminal."""

    input: str
    frames: list[Frame]
    exit_code: int
    prompt: str
    events: list[Event] = field(default_factory=list)
    mode: TerminalMode = "shell"
    clear: bool = False  # `clear` / Ctrl+L: wipe the scrollback before showing frames
    # Output that belongs to *other* terminals of the session (a `logs -f` in another tab).
    elsewhere: dict[str, list[Frame]] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return final_text(self.frames)

    @property
    def duration(self) -> float:
        return max((f.at for f in self.frames), default=0.0)
