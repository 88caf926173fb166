"""Prefixed logs: `docker compose logs`, and the terminal a foreground `docker compose up` holds.

A held terminal is `mode="attached"` (or `"following"` for `logs -f`) with `follow=""` and
``Terminal.pending`` = {"action": ACTION, "containers": [ids], "from": {id: next log index}}.
``feed`` gives such a terminal the lines written since, ``done`` says when every container it
follows has stopped, ``interrupt`` is its Ctrl+C (Compose's "Gracefully stopping...").
They are meant for ``engine.facade.Engine``.
"""

from __future__ import annotations

from engine.compose.progress import log_name, prefixes, progress_for
from engine.daemon import containers
from engine.daemon.core import Daemon
from engine.format.humanize import rfc3339_nano
from engine.io import Frame, Stream
from engine.model import Container, LogLine, Terminal

ACTION = "compose.attach"


def log_frames(
    found: list[Container],
    start: dict[str, int] | None = None,
    *,
    prefix: bool = True,
    timestamps: bool = False,
) -> list[Frame]:
    """Every container's log lines from ``start`` on, merged by time, each with its prefix."""
    marks = prefixes(found) if prefix else {}
    lines: list[tuple[float, int, str, LogLine]] = []
    for order, container in enumerate(found):
        for entry in container.logs[(start or {}).get(container.id, 0) :]:
            lines.append((entry.at, order, container.id, entry))
    lines.sort(key=lambda item: (item[0], item[1]))
    return [
        Frame(
            marks.get(cid, "")
            + (rfc3339_nano(entry.at) + " " if timestamps else "")
            + entry.text
            + "\n",
            "stdout",
        )
        for _, _, cid, entry in lines
    ]


def write_frames(out: Stream, frames: list[Frame]) -> None:
    for frame in frames:
        out.write(frame.text)


def exit_lines(found: list[Container]) -> list[str]:
    return [f"{log_name(c)} exited with code {c.exit_code}\n" for c in found if not c.running]


def hold(terminal: Terminal, found: list[Container], mode: str, progress: str = "auto") -> None:
    """``progress`` is the `--progress` mode a Ctrl+C's stop events are printed in."""
    terminal.mode = mode  # type: ignore[assignment]
    terminal.follow = ""
    terminal.pending = {
        "action": ACTION,
        "containers": [c.id for c in found],
        "from": {c.id: len(c.logs) for c in found},
        "running": [c.id for c in found if c.running],
        "progress": progress,
    }


def _held(d: Daemon, terminal: Terminal) -> list[Container]:
    ids = terminal.pending.get("containers", [])
    return [d.state.containers[cid] for cid in ids if cid in d.state.containers]


def feed(d: Daemon, terminal: Terminal) -> list[Frame]:
    """New prefixed log lines for a terminal held by `compose up` or `compose logs -f`; a
    foreground `up` also reports each container that exited since (`web-1 exited with code 0`)."""
    if terminal.pending.get("action") != ACTION:
        return []
    found = _held(d, terminal)
    frames = log_frames(found, terminal.pending.get("from", {}))
    terminal.pending["from"] = {c.id: len(c.logs) for c in found}
    running = set(terminal.pending.get("running", []))
    ended = [c for c in found if c.id in running and not c.running]
    terminal.pending["running"] = [c.id for c in found if c.running]
    if terminal.mode == "attached":
        frames += [Frame(line) for line in exit_lines(ended)]
    return frames


def done(d: Daemon, terminal: Terminal) -> bool:
    """Whether the held terminal is free again: every container it follows has stopped
    (call after ``feed``, which reports the exits)."""
    return terminal.pending.get("action") == ACTION and not any(
        c.running for c in _held(d, terminal)
    )


def interrupt(d: Daemon, terminal: Terminal, out: Stream, err: Stream) -> int:
    """Ctrl+C: a foreground `up` stops its containers; `logs -f` just ends."""
    if terminal.pending.get("action") != ACTION or terminal.mode != "attached":
        return 130
    found = _held(d, terminal)
    err.write("Gracefully stopping... (press Ctrl+C again to force)\n")
    progress = progress_for(err, terminal.pending.get("progress", "auto"), "Stopping")
    stopped = [c for c in reversed(found) if c.running]
    for container in stopped:
        progress.event(f"Container {container.name}", "Stopping")
        progress.wait(min(containers.stop(d, container), 10.0))
        progress.event(f"Container {container.name}", "Stopped")
    write_frames(out, feed(d, terminal))
    out.write("".join(exit_lines(stopped)))
    return 130
