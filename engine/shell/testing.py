"""A tiny world to run shells in without the rest of the engine: tests, benchmarks, demos.

box = Box.debian()               # or Box.alpine()
out, err, code = box.run("ls -l /etc | wc -l")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.fs import Layer, Node, UnionFS, blob_node, dir_node, file_node, link_node
from engine.io import BufferStream, Stream, TerminalStream, Timeline, final_text
from engine.process import HttpError, HttpResponse, Process, ProcessInfo, Utility
from engine.shell.interpreter import ShellResult, ShellSession, run
from engine.shell.utilities import COREUTILS

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n</html>\n"


@dataclass
class FakeMachine:
    """Answers ``http`` from a table of URL prefixes; refused or unresolved otherwise."""

    clock: float = NOW
    sites: dict[str, HttpResponse] = field(default_factory=dict)
    known_hosts: set[str] = field(default_factory=lambda: {"localhost", "127.0.0.1"})
    slept: float = 0.0

    def now(self) -> float:
        return self.clock

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.clock += seconds

    def docker(self, process: Process) -> int:
        process.out("docker called\n")
        return 0

    def http(self, process: Process, method: str, url: str, body: str = "") -> HttpResponse:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        host = parts.hostname or ""
        for prefix, response in self.sites.items():
            if url.startswith(prefix):
                return response
        if host not in self.known_hosts:
            raise HttpError(6, f"Could not resolve host: {host}")
        port = parts.port or 80
        raise HttpError(
            7, f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
        )

    def processes(self, process: Process) -> list[ProcessInfo]:
        return [
            ProcessInfo(1, 0, "root", "bash", "pts/0", NOW),
            ProcessInfo(7, 1, "root", "ps aux", "pts/0", NOW),
        ]


@dataclass
class Box:
    """A ShellContext over one small filesystem."""

    fs: UnionFS
    session: ShellSession
    machine: FakeMachine = field(default_factory=FakeMachine)
    hostname: str = "3f9c2b7a1d4e"
    user: str = "root"
    uid: int = 0
    container: str = "3f9c2b7a1d4e"
    stdout: Stream = field(default_factory=BufferStream)
    stderr: Stream = field(default_factory=lambda: BufferStream("stderr"))
    externals: dict[str, Utility] = field(default_factory=dict)
    lang: str = "en"

    def external(self, name: str) -> Utility | None:
        return self.externals.get(name)

    def run(self, source: str, *, terminal: bool = False) -> tuple[str, str, int]:
        """(stdout, stderr, exit code); ``terminal`` makes stdout a terminal (ls columns ...)."""
        if terminal:
            timeline = Timeline()
            self.stdout = TerminalStream(timeline)
            self.stderr = TerminalStream(timeline, "stderr")
            self.last = run(source, self.session, self)
            out = final_text([f for f in timeline.frames if f.stream == "stdout"])
            err = final_text([f for f in timeline.frames if f.stream == "stderr"])
            return out, err, self.last.exit_code
        buf_out, buf_err = BufferStream(), BufferStream("stderr")
        self.stdout, self.stderr = buf_out, buf_err
        self.last = run(source, self.session, self)
        return buf_out.getvalue(), buf_err.getvalue(), self.last.exit_code

    last: ShellResult | None = None

    @classmethod
    def debian(cls, extra: dict[str, Node] | None = None) -> Box:
        return cls._make("bash", _debian_entries(), extra)

    @classmethod
    def alpine(cls, extra: dict[str, Node] | None = None) -> Box:
        return cls._make("sh", _alpine_entries(), extra)

    @classmethod
    def _make(cls, kind: str, entries: dict[str, Node], extra: dict[str, Node] | None) -> Box:
        layer = Layer("a" * 64, entries)
        upper: dict[str, Node] = dict(extra or {})
        machine = FakeMachine()
        fs = UnionFS(upper, [layer], clock=machine.now)
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root",
            "HOSTNAME": "3f9c2b7a1d4e",
        }
        session = ShellSession("/", env, kind, [])  # type: ignore[arg-type]
        return cls(fs, session, machine)


def _base(extra_bins: list[str], bin_dir: str) -> dict[str, Node]:
    t = NOW - 86400 * 30
    entries: dict[str, Node] = {"/": dir_node(mtime=t)}
    for d in [
        "/bin",
        "/etc",
        "/root",
        "/tmp",
        "/usr",
        "/usr/bin",
        "/usr/local",
        "/usr/local/bin",
        "/usr/share",
        "/var",
        "/var/lib",
        "/home",
        "/app",
        "/usr/share/nginx",
        "/usr/share/nginx/html",
        "/var/log",
        "/lib",
    ]:
        entries[d] = dir_node(mtime=t)
    entries["/tmp"] = dir_node(mode=0o1777, mtime=t)
    for name in [*COREUTILS, *extra_bins]:
        entries[f"{bin_dir}/{name}"] = blob_node(43_416, mtime=t)
    entries["/etc/hostname"] = file_node("3f9c2b7a1d4e\n", mtime=t)
    entries["/etc/hosts"] = file_node("127.0.0.1\tlocalhost\n172.17.0.2\t3f9c2b7a1d4e\n", mtime=t)
    entries["/etc/passwd"] = file_node(
        "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        "node:x:1000:1000::/home/node:/bin/sh\n",
        mtime=t,
    )
    entries["/etc/group"] = file_node("root:x:0:\nnogroup:x:65534:\nnode:x:1000:\n", mtime=t)
    entries["/usr/share/nginx/html/index.html"] = file_node(PAGE, mtime=t)
    entries["/usr/share/nginx/html/50x.html"] = file_node("<html>50x</html>\n", mtime=t)
    return entries


def _debian_entries() -> dict[str, Node]:
    entries = _base(["bash", "sh", "apt-get", "apt"], "/usr/bin")
    entries["/bin"] = link_node("usr/bin", mtime=NOW - 86400 * 30)
    entries["/etc/os-release"] = file_node(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n'
    )
    entries["/var/lib/apt"] = dir_node()
    entries["/var/lib/apt/lists"] = dir_node()
    entries["/var/lib/dpkg"] = dir_node()
    return entries


def _alpine_entries() -> dict[str, Node]:
    entries = _base(["sh", "apk", "wget"], "/bin")
    entries["/etc/os-release"] = file_node('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n')
    return entries


def make_box(kind: str = "bash", **files: str) -> Box:
    extra = {path: file_node(text) for path, text in files.items()}
    return Box.debian(extra) if kind == "bash" else Box.alpine(extra)


__all__: list[str] = ["Box", "FakeMachine", "make_box"]
