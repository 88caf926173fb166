"""``Engine``: the one door into the simulated Docker engine.

It routes a typed line to the right place (the host shell, a container's shell, a REPL, a
pending `[y/N]` question), turns what happened into an ``Outcome`` (timed frames, exit code,
prompt, events) and keeps terminals that follow a container's logs fed.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from operator import eq, is_
from typing import Any

from engine import repl
from engine.commands.base import Ctx
from engine.compose import attach as compose_attach
from engine.daemon import containers, networks
from engine.daemon.core import Daemon
from engine.daemon.execs import ShellEnvironment, user_of
from engine.io import Frame, Outcome, TerminalStream, Timeline
from engine.machine import EngineMachine
from engine.messages import text
from engine.model import Container, ShellFrame, State, Terminal
from engine.process import Process
from engine.shell.interpreter import ShellResult, ShellSession, run
from engine.shell.parser import needs_more
from engine.state import MAX_DUMP_BYTES, dump_state, fresh_host, load_state

MAX_LINE_BYTES = 8 * 1024
HOST_HOME = "/home/learner"
HOST_ENV = {
    "HOME": HOST_HOME,
    "USER": "learner",
    "LOGNAME": "learner",
    "SHELL": "/bin/bash",
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOSTNAME": "playground",
    "TERM": "xterm-256color",
    "LANG": "C.UTF-8",
}


def new_state(seed: str | None = None) -> State:
    state = State(seed=seed or secrets.token_hex(8))
    state.host = fresh_host()
    return state


class Engine:
    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        seed: str | None = None,
        lang: str = "en",
        state: State | None = None,
    ) -> None:
        self.clock = clock
        self.lang = lang
        self.state = state or new_state(seed)
        self.daemon = Daemon(self.state, clock, lang)
        if not self.state.networks:
            self.state.networks = networks.builtin_networks(self.daemon)

    # -- running lines --------------------------------------------------------------------

    def execute(self, line: str, tty: str = "main") -> Outcome:
        """Run one line (or a pasted block) typed into terminal ``tty``."""
        terminal = self._terminal(tty)
        timeline = Timeline()
        out, err = TerminalStream(timeline, "stdout"), TerminalStream(timeline, "stderr")
        d = self.daemon
        d.events = []
        before = self._uppers()
        if len(line.encode()) > MAX_LINE_BYTES:
            err.write(text("limit.line", self.lang) + "\n")
            return self._outcome(line, terminal, timeline, 1, before)
        containers.settle(d)
        self._drop_dead_frames(terminal)
        status = 0
        clear = False
        try:
            if terminal.mode == "confirm":
                status = self._answer(terminal, line, out, err)
            elif terminal.mode in ("attached", "following"):
                status = 0  # typing while `logs -f` or a foreground container runs does nothing
            else:
                status, clear = self._run_block(terminal, line, out, err)
        except Exception:
            err.write(text("internal", self.lang) + "\n")
            status = 1
        outcome = self._outcome(line, terminal, timeline, status, before)
        outcome.clear = clear
        return outcome

    def _run_block(
        self, terminal: Terminal, block: str, out: TerminalStream, err: TerminalStream
    ) -> tuple[int, bool]:
        """Run complete commands one by one, each in whatever shell is current at that moment:
        after `docker run -it ubuntu bash`, the next pasted lines go to the container's bash."""
        status, clear, chunk = 0, False, terminal.continued
        terminal.continued = ""
        lines = block.split("\n")
        for index, line in enumerate(lines):
            chunk = f"{chunk}\n{line}" if chunk else line
            if needs_more(chunk):
                if index < len(lines) - 1:
                    continue
                if terminal.mode == "shell" and terminal.stack[-1].shell in ("bash", "sh"):
                    return self._continue_later(terminal, chunk, err), clear
            if terminal.mode != "shell":
                break
            status, cleared = self._run_chunk(terminal, chunk, out, err)
            clear = clear or cleared
            chunk = ""
        return status, clear

    def _continue_later(self, terminal: Terminal, chunk: str, err: TerminalStream) -> int:
        """An unfinished command (open quote, `if` without `fi`, trailing `\\`) waits for its
        next line behind the shell's `> ` prompt, as an interactive bash does."""
        if len(chunk.encode()) > MAX_LINE_BYTES:
            err.write(text("limit.line", self.lang) + "\n")
            return 1
        terminal.continued = chunk
        return terminal.stack[-1].last_status

    def _run_chunk(
        self, terminal: Terminal, chunk: str, out: TerminalStream, err: TerminalStream
    ) -> tuple[int, bool]:
        frame = terminal.stack[-1]
        if frame.kind == "host":
            return self._run_host(terminal, frame, chunk, out, err)
        container = self.state.containers.get(frame.container)
        if container is None:
            terminal.stack.pop()
            return 0, False
        if frame.shell not in ("bash", "sh"):
            # A REPL holds the terminal: node, python, and clients such as mysql or redis-cli.
            result = repl.evaluate(
                frame.shell, chunk, out, err, repl.ReplContext(self.daemon, container, frame)
            )
            if result.exited:
                self._leave_container_shell(terminal, container, frame, result.status, out)
            return result.status, False
        return self._run_container(terminal, frame, container, chunk, out, err)

    def _run_host(
        self,
        terminal: Terminal,
        frame: ShellFrame,
        chunk: str,
        out: TerminalStream,
        err: TerminalStream,
    ) -> tuple[int, bool]:
        d = self.daemon

        def docker(process: Process) -> int:
            from engine.commands import run_docker

            return run_docker(d, process, terminal=terminal.id)

        ctx = ShellEnvironment(
            fs=d.host_fs(),
            machine=EngineMachine(d, None, terminal.id),
            hostname="playground",
            user="learner",
            uid=1000,
            container="",
            stdout=out,
            stderr=err,
            externals={"docker": docker},
            lang=self.lang,
            interactive=True,
        )
        result = run_in_frame(chunk, frame, ctx, "bash")
        if result.exited:
            out.write(text("host_exit", self.lang) + "\n")
        return result.exit_code, result.clear

    def _run_container(
        self,
        terminal: Terminal,
        frame: ShellFrame,
        container: Container,
        chunk: str,
        out: TerminalStream,
        err: TerminalStream,
    ) -> tuple[int, bool]:
        d = self.daemon
        fs = d.container_fs(container)
        name, uid = user_of(container, frame.user if frame.user != "root" else "")
        ctx = ShellEnvironment(
            fs=fs,
            machine=EngineMachine(d, container, terminal.id),
            hostname=container.config.get("Hostname", container.short_id),
            user=name,
            uid=uid,
            container=container.id,
            stdout=out,
            stderr=err,
            externals={},
            lang=self.lang,
            interactive=True,
        )
        kind = "bash" if frame.shell == "bash" else "sh"
        result = run_in_frame(chunk, frame, ctx, kind)
        if container.config.get("Tty"):
            # A TTY merges stdout and stderr into the container's log.
            pass
        if result.exited:
            self._leave_container_shell(terminal, container, frame, result.exit_status, out)
        return result.exit_code, result.clear

    def _leave_container_shell(
        self,
        terminal: Terminal,
        container: Container,
        frame: ShellFrame,
        status: int,
        out: TerminalStream,
    ) -> None:
        terminal.stack.pop()
        if frame.exec_session:
            execs = container.program.get("execs", [])
            if execs:
                execs.pop()
            return
        containers.finish(self.daemon, container, status, by_user=True)
        self.daemon.emit(
            "container.stopped", container=container.id, name=container.name, exit_code=status
        )

    def _answer(
        self, terminal: Terminal, line: str, out: TerminalStream, err: TerminalStream
    ) -> int:
        from engine.commands.confirm import answer

        pending = terminal.pending
        terminal.mode, terminal.pending = "shell", {}
        host = terminal.stack[0]
        process = Process(
            ["docker"],
            "",
            out,
            err,
            self.daemon.host_fs(),
            host.cwd,
            host.env,
            EngineMachine(self.daemon, None, terminal.id),
        )
        ctx = Ctx(self.daemon, process, terminal, "docker")
        return answer(ctx, pending, line)

    # -- signals --------------------------------------------------------------------------

    def interrupt(self, tty: str = "main") -> Outcome:
        """Ctrl+C: stop `logs -f`, `stats`, an attached foreground container, a prompt."""
        terminal = self._terminal(tty)
        timeline = Timeline()
        out = TerminalStream(timeline, "stdout")
        self.daemon.events = []
        before = self._uppers()
        containers.settle(self.daemon)
        out.write("^C\n")
        status = 130
        if terminal.pending.get("action") == compose_attach.ACTION:
            err = TerminalStream(timeline, "stderr")
            status = compose_attach.interrupt(self.daemon, terminal, out, err)
        elif terminal.mode == "attached" and terminal.follow:
            container = self.state.containers.get(terminal.follow)
            if container is not None and container.running:
                first = len(container.logs)
                containers.stop(self.daemon, container, signal="SIGINT")
                for log_line in container.logs[first:]:
                    out.write(log_line.text + "\n")
                status = container.exit_code if container.id in self.state.containers else status
        elif terminal.mode == "confirm":
            status = 0
        elif terminal.stack[-1].shell not in ("bash", "sh"):
            # A REPL answers Ctrl+C itself (node's hint, python's KeyboardInterrupt ...).
            frame = terminal.stack[-1]
            container = self.state.containers.get(frame.container)
            if container is not None:
                context = repl.ReplContext(self.daemon, container, frame)
                result = repl.interrupt(frame.shell, out, context)
                status = result.status
                if result.exited:
                    self._leave_container_shell(terminal, container, frame, result.status, out)
        terminal.mode, terminal.follow, terminal.pending = "shell", "", {}
        terminal.continued = ""
        return self._outcome("^C", terminal, timeline, status, before)

    def detach(self, tty: str = "main") -> Outcome:
        """Ctrl+P Ctrl+Q: leave the container running and return to the host shell."""
        terminal = self._terminal(tty)
        timeline = Timeline()
        self.daemon.events = []
        before = self._uppers()
        frame = terminal.stack[-1]
        if terminal.mode == "attached" and terminal.follow:
            terminal.mode, terminal.follow = "shell", ""
        elif frame.kind == "container" and not frame.exec_session:
            terminal.stack.pop()
        return self._outcome("", terminal, timeline, 0, before)

    # -- prompts and completion -------------------------------------------------------------

    def prompt(self, tty: str = "main") -> str:
        terminal = self._terminal(tty)
        self._drop_dead_frames(terminal)
        if terminal.mode in ("attached", "following", "confirm"):
            return ""
        if terminal.continued:
            return "> "
        frame = terminal.stack[-1]
        if frame.kind == "host":
            return "$ "
        if frame.shell not in ("bash", "sh"):
            return repl.prompt(frame.shell, frame)
        container = self.state.containers.get(frame.container)
        hostname = (
            container.config.get("Hostname", container.short_id) if container else "localhost"
        )
        home = "/root" if frame.user == "root" else f"/home/{frame.user}"
        cwd = (
            "~" + frame.cwd[len(home) :]
            if frame.cwd == home or frame.cwd.startswith(home + "/")
            else frame.cwd
        )
        sign = "#" if frame.user == "root" else "$"
        if frame.shell == "bash":
            return f"{frame.user}@{hostname}:{cwd}{sign} "
        return f"{cwd} {sign} "

    def complete(self, line: str, tty: str = "main") -> list[str]:
        from engine.complete import candidates

        return candidates(self, line, self._terminal(tty))

    # -- views ----------------------------------------------------------------------------

    def view(self) -> dict[str, Any]:
        from engine.view import build_view

        containers.settle(self.daemon)
        return build_view(self.daemon)

    def http_get(self, port: int, path: str) -> tuple[int, dict[str, str], str]:
        """What a browser on the host gets from ``http://localhost:<port><path>``."""
        from engine.process import HttpError

        machine = EngineMachine(self.daemon)
        dummy = Process(
            ["curl"],
            "",
            TerminalStream(Timeline()),
            TerminalStream(Timeline()),
            self.daemon.host_fs(),
            HOST_HOME,
            {},
            machine,
        )
        containers.settle(self.daemon)
        try:
            response = machine.http(dummy, "GET", f"http://localhost:{port}{path}")
        except HttpError as error:
            return (
                502,
                {"Content-Type": "text/plain; charset=utf-8"},
                f"curl: ({error.code}) {error.message}\n",
            )
        return response.status, response.headers, response.body

    # -- state ----------------------------------------------------------------------------

    def world_digest(self) -> bytes:
        """A cheap fingerprint of everything except the terminals (shell history, prompts):
        equal digests mean a command changed nothing a learner could undo."""
        import hashlib

        from engine.state import dump_world

        return hashlib.blake2b(dump_world(self.state), digest_size=16).digest()

    def dump(self) -> bytes:
        data = dump_state(self.state)
        if len(data) > MAX_DUMP_BYTES:
            raise OverflowError(text("limit.state", self.lang))
        return data

    @classmethod
    def load(
        cls, data: bytes, *, clock: Callable[[], float] = time.time, lang: str = "en"
    ) -> Engine:
        return cls(clock=clock, lang=lang, state=load_state(data))

    # -- internals ------------------------------------------------------------------------

    def _terminal(self, tty: str) -> Terminal:
        terminal = self.state.terminals.get(tty)
        if terminal is None:
            if len(self.state.terminals) >= 8:
                oldest = next(iter(self.state.terminals))
                del self.state.terminals[oldest]
            terminal = Terminal(tty, [ShellFrame("host", HOST_HOME, dict(HOST_ENV))])
            self.state.terminals[tty] = terminal
        return terminal

    def _drop_dead_frames(self, terminal: Terminal) -> None:
        """A container stopped from another tab takes its shells with it."""
        while len(terminal.stack) > 1:
            container = self.state.containers.get(terminal.stack[-1].container)
            if container is not None and container.running:
                break
            terminal.stack.pop()
        if terminal.mode in ("attached", "following") and terminal.follow:
            container = self.state.containers.get(terminal.follow)
            if container is None or not container.running:
                terminal.mode, terminal.follow = "shell", ""

    def _uppers(self) -> dict[str, dict[str, object]]:
        return {cid: dict(c.upper) for cid, c in self.state.containers.items()}

    def _file_events(self, before: dict[str, dict[str, object]]) -> None:
        d = self.daemon
        copied = {
            (e.data.get("container"), e.data.get("path"))
            for e in d.events
            if e.kind in ("file.copied_up", "file.whiteout")
        }
        for cid, c in self.state.containers.items():
            old = before.get(cid)
            if old is None:
                continue
            upper = c.upper
            if (
                len(old) == len(upper)
                and all(map(is_, old.values(), upper.values()))
                and all(map(eq, old, upper))
            ):
                continue  # same paths, same node objects: nothing was written
            for path, node in upper.items():
                if (
                    old.get(path) is node
                    or (cid, path) in copied
                    or node.kind in ("dir", "whiteout")
                ):
                    continue
                kind = "file.changed" if path in old else "file.added"
                d.emit(kind, container=cid, name=c.name, path=path)

    def _outcome(
        self,
        line: str,
        terminal: Terminal,
        timeline: Timeline,
        status: int,
        before: dict[str, dict[str, object]],
    ) -> Outcome:
        self._file_events(before)
        elsewhere = self._feed_followers(terminal)
        if terminal.mode in ("attached", "following") and terminal.follow:
            container = self.state.containers.get(terminal.follow)
            if container is None or not container.running:
                terminal.mode, terminal.follow = "shell", ""
        self._drop_dead_frames(terminal)
        return Outcome(
            input=line,
            frames=timeline.frames,
            exit_code=status,
            prompt=self.prompt(terminal.id),
            events=list(self.daemon.events),
            mode=terminal.mode,
            elsewhere=elsewhere,
        )

    def _feed_followers(self, current: Terminal) -> dict[str, list[Frame]]:
        """New log lines for terminals running `logs -f` or attached to a container."""
        feeds: dict[str, list[Frame]] = {}
        for terminal in self.state.terminals.values():
            if terminal.pending.get("action") == compose_attach.ACTION and terminal is not current:
                # Held by `docker compose up` (foreground) or `docker compose logs -f`.
                frames = compose_attach.feed(self.daemon, terminal)
                if compose_attach.done(self.daemon, terminal):
                    terminal.mode, terminal.pending = "shell", {}
                if frames:
                    feeds[terminal.id] = frames
                continue
            if terminal.mode not in ("attached", "following") or not terminal.follow:
                continue
            container = self.state.containers.get(terminal.follow)
            if container is None:
                continue
            new = container.logs[terminal.follow_from :]
            terminal.follow_from = len(container.logs)
            if not new or terminal is current:
                continue
            stamps = bool(terminal.pending.get("timestamps"))
            from engine.format.humanize import rfc3339_nano

            feeds[terminal.id] = [
                Frame(
                    (rfc3339_nano(entry.at) + " " if stamps else "") + entry.text + "\n",
                    "stderr" if entry.stream == "stderr" else "stdout",
                )
                for entry in new
            ]
        return feeds


def run_in_frame(chunk: str, frame: ShellFrame, ctx: ShellEnvironment, kind: str) -> ShellResult:
    """Run ``chunk`` in the shell a terminal frame remembers, and remember what it changed."""
    session = ShellSession(
        cwd=frame.cwd,
        env=frame.env,
        kind="bash" if kind == "bash" else "sh",
        history=frame.history,
        last_status=frame.last_status,
        variables=frame.variables,
        aliases=frame.aliases,
        functions=frame.functions,
    )
    result = run(chunk, session, ctx)
    frame.cwd = session.cwd
    frame.env = session.env
    frame.variables = session.variables
    frame.aliases = session.aliases
    frame.functions = session.functions
    frame.last_status = session.last_status
    return result
