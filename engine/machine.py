"""``EngineMachine``: the engine as a process sees it (clock, docker, network, process table)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from engine.daemon import networks, programs
from engine.model import Container
from engine.process import HttpError, HttpResponse, Process, ProcessInfo

if TYPE_CHECKING:
    from engine.daemon.core import Daemon

LOCAL_NAMES = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}
HOST_GATEWAY_IP = "172.17.0.1"


class EngineMachine:
    """One per running shell: knows whether it runs on the host or inside ``container``."""

    def __init__(self, d: Daemon, container: Container | None = None, terminal: str = "") -> None:
        self.d = d
        self.container = container
        self.terminal = terminal

    def now(self) -> float:
        return self.d.now()

    def sleep(self, seconds: float) -> None:
        # Only the host's sleep moves simulated time; it never blocks anything real.
        if self.container is None and seconds > 0:
            self.d.state.time_offset += min(seconds, 10 * 365 * 86400)
            from engine.daemon.containers import settle

            settle(self.d)

    def docker(self, process: Process) -> int:
        from engine.commands import run_docker

        return run_docker(self.d, process, terminal=self.terminal)

    def http(self, process: Process, method: str, url: str, body: str = "") -> HttpResponse:
        if "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise HttpError(3, "URL using bad/illegal format or missing URL") from exc
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        target, container_port = self._route(host, port)
        shown = f"{host} port {port}"
        if target is None:
            raise HttpError(
                7, f"Failed to connect to {shown} after 0 ms: Couldn't connect to server"
            )
        if target.status == "paused":
            raise HttpError(28, f"Failed to connect to {shown} after 0 ms: Connection timed out")
        program = programs.listening_program(self.d, target, container_port)
        if program is None:
            raise HttpError(
                7, f"Failed to connect to {shown} after 0 ms: Couldn't connect to server"
            )
        client = self._client_ip(target, host)
        response = program.http(self.d, target, method, path, client)
        if response is None:
            raise HttpError(52, "Empty reply from server")
        return response

    def service(self, host: str, port: int, program: str) -> Container | None:
        """The container whose running main ``program`` answers on host:port as seen from here.

        None when nothing listens there (connection refused); raises ``HttpError`` (code 6)
        when ``host`` does not resolve, so clients can word the two failures differently.
        """
        target, container_port = self._route(host, port)
        if target is None or target.status != "running":
            return None
        running = programs.running_program(self.d, target)
        if running.name != program or container_port not in running.ports:
            return None
        return target

    def log(self, container: Container, text: str, stream: str = "stdout") -> None:
        """Append to a container's log, as its main process would (e.g. nginx on reload)."""
        from engine.daemon.containers import log

        log(self.d, container, text, stream)

    def resolve(self, process: Process, host: str) -> str:
        """The IP address ``host`` resolves to where ``process`` runs (HttpError 6 if none)."""
        if host in LOCAL_NAMES:
            return "127.0.0.1"
        if all(part.isdigit() for part in host.split(".")) and host.count(".") == 3:
            return host
        if self.container is not None:
            if host == self.container.config.get("Hostname") or host == self.container.name:
                return next((e.ip for e in self.container.endpoints), "127.0.0.1")
            named = networks.resolve_name(self.d, self.container, host)
            if named is not None:
                shared = {e.network for e in self.container.endpoints}
                return next(
                    (e.ip for e in named.endpoints if e.network in shared), named.endpoints[0].ip
                )
        elif host == "playground":
            return "127.0.1.1"
        raise HttpError(6, f"Could not resolve host: {host}")

    def reachable(self, ip: str) -> bool:
        """Whether something answers at ``ip`` (loopback, the bridge gateway, a running container)."""
        if ip.startswith("127.") or ip == HOST_GATEWAY_IP:
            return True
        return networks.container_by_ip(self.d, ip) is not None

    def _route(self, host: str, port: int) -> tuple[Container | None, int]:
        d = self.d
        if self.container is None:
            if host in LOCAL_NAMES or host == "playground":
                for c in d.state.containers.values():
                    if c.running:
                        for p in c.ports:
                            if p.host_port == port and p.proto == "tcp":
                                return c, p.container_port
                return None, port
            by_ip = networks.container_by_ip(d, host)
            if by_ip is not None:
                return by_ip, port
            raise HttpError(6, f"Could not resolve host: {host}")
        if host in LOCAL_NAMES or host == self.container.config.get("Hostname"):
            return self.container, port
        by_ip = networks.container_by_ip(d, host)
        if by_ip is not None:
            return by_ip, port
        if host == HOST_GATEWAY_IP:
            return self._published(port)
        named = networks.resolve_name(d, self.container, host)
        if named is not None:
            return named, port
        raise HttpError(6, f"Could not resolve host: {host}")

    def _published(self, port: int) -> tuple[Container | None, int]:
        for c in self.d.state.containers.values():
            if c.running:
                for p in c.ports:
                    if p.host_port == port:
                        return c, p.container_port
        return None, port

    def _client_ip(self, target: Container, host: str) -> str:
        if self.container is None:
            return HOST_GATEWAY_IP
        if target is self.container and host in LOCAL_NAMES:
            return "127.0.0.1"  # a container talking to itself over loopback
        for mine in self.container.endpoints:
            for theirs in target.endpoints:
                if mine.network == theirs.network:
                    return mine.ip
        return "127.0.0.1" if target is self.container else HOST_GATEWAY_IP

    def processes(self, process: Process) -> list[ProcessInfo]:
        if self.container is None:
            return [
                ProcessInfo(1, 0, "root", "/sbin/init"),
                ProcessInfo(812, 1, "root", "/usr/bin/containerd"),
                ProcessInfo(845, 1, "root", "/usr/bin/dockerd -H fd://"),
                ProcessInfo(1201, 1, "learner", "-bash", tty="pts/0"),
            ]
        return container_processes(self.container, in_container=True)


def container_processes(container: Container, *, in_container: bool) -> list[ProcessInfo]:
    """The container's process table; host PIDs for `docker top`, 1.. inside."""
    if not container.running:
        return []
    argv = programs.effective_argv(container)
    base = posixpath.basename(argv[0]) if argv else ""
    main_pid = 1 if in_container else container.pid
    user = "root"
    rows = []
    if base in ("nginx", "nginx-debug"):
        rows.append(
            ProcessInfo(
                main_pid,
                0 if in_container else container.pid - 23,
                user,
                "nginx: master process " + " ".join(argv),
            )
        )
        for i in range(2):
            pid = (29 + i) if in_container else container.pid + 54 + i
            rows.append(
                ProcessInfo(
                    pid, main_pid, "101" if not in_container else "nginx", "nginx: worker process"
                )
            )
    else:
        if base == "redis-server":
            user = "redis" if in_container else "999"
            command = "redis-server *:6379"
        elif base == "mysqld":
            user = "mysql" if in_container else "999"
            command = "mysqld"
        else:
            command = " ".join(argv)
        rows.append(ProcessInfo(main_pid, 0 if in_container else container.pid - 23, user, command))
    for n, extra in enumerate(container.program.get("execs", [])):
        pid = (7 + n) if in_container else container.pid + 100 + n
        rows.append(ProcessInfo(pid, 0, "root", str(extra), tty="pts/0"))
    return rows
