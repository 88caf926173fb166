"""What a running command sees: its arguments, streams, filesystem, environment and machine.

Every utility (``ls``, ``curl``, ``docker``, ``apt-get`` ...) is a function ``(Process) -> int``.
``machine`` is the door to the rest of the engine (the docker daemon, the network, the clock);
utilities never reach into the engine any other way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from engine.fs import UnionFS
from engine.io import Stream


@dataclass(slots=True)
class HttpResponse:
    status: int
    reason: str
    headers: dict[str, str]
    body: str


@dataclass(slots=True)
class ProcessInfo:
    pid: int
    ppid: int
    user: str
    command: str
    tty: str = "?"
    started: float = 0.0


class HttpError(Exception):
    """A request that never reached a server. ``code`` is curl's exit code (7: refused, 6: DNS)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Machine(Protocol):
    """The engine as seen from inside a process."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None:
        """Advance simulated time (the host's `sleep`); nothing really waits."""

    def docker(self, process: Process) -> int:
        """Run the docker CLI (only reachable from the host shell)."""

    def http(self, process: Process, method: str, url: str, body: str = "") -> HttpResponse:
        """Send an HTTP request from where ``process`` runs (host or a container's network)."""

    def processes(self, process: Process) -> list[ProcessInfo]:
        """What `ps` shows where ``process`` runs."""


@dataclass(slots=True)
class Process:
    argv: list[str]
    stdin: str
    stdout: Stream
    stderr: Stream
    fs: UnionFS
    cwd: str
    env: dict[str, str]
    machine: Machine
    hostname: str = "playground"
    user: str = "root"
    uid: int = 0
    container: str = ""  # container id, "" on the host
    shell: str = "bash"  # which shell's wording to use for errors: bash | sh
    interactive: bool = False
    # Set by the shell so utilities that change the shell itself (cd, export, exit) can do so.
    state: dict[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def err(self, text: str) -> None:
        self.stderr.write(text)


Utility = Callable[[Process], int]
