"""What a container's main process does: nginx serves files, mysql wants a password, shells wait.

``resolve`` picks the program from the container's command line (looking through entrypoint
scripts as the real scripts do), ``start`` writes its start-up log and decides whether it keeps
running; ``on_signal`` answers stop/kill; ``http`` answers requests on its port.
The words programs print are data (``engine/catalog/data/texts``).
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from engine.catalog import CATALOG
from engine.fs import FsError, Node, blob_node, dir_node, file_node, normpath
from engine.io import StreamName
from engine.model import Container
from engine.process import HttpResponse

if TYPE_CHECKING:
    from engine.daemon.core import Daemon

ENTRYPOINT_SCRIPTS = {
    "/docker-entrypoint.sh",
    "docker-entrypoint.sh",
    "/usr/local/bin/docker-entrypoint.sh",
    "/entrypoint.sh",
}
SHELLS = {"bash", "sh", "ash", "zsh", "dash"}


@dataclass
class StartFailure:
    message: str
    exit_code: int


def texts(program: str) -> dict:
    try:
        return CATALOG.texts(program)
    except KeyError:
        return {}


def stamp_values(d: Daemon, container: Container, **extra: object) -> dict[str, object]:
    """Every placeholder the program texts use, for the current simulated time."""
    now = d.now()
    t = time.gmtime(now)
    frac = now % 1
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S+00:00", t),
        "ts": time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{int(frac * 1e6):06d}Z",
        "epoch": int(now),
        "access_time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", t),
        "instance": container.id[:8]
        + "-"
        + container.id[8:12]
        + "-"
        + container.id[12:16]
        + "-"
        + container.id[16:20]
        + "-"
        + container.id[20:32],
        "pid": 1,
        "host": "localhost",
        "protocol": "HTTP/1.1",
        "user_agent": "curl/7.88.1",
        **extra,
    }


PROGRAM_TIME = {
    "nginx": lambda now: time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now)),
    "redis": lambda now: (
        time.strftime("%d %b %Y %H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}"
    ),
    "registry": lambda now: (
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1e9):09d}Z"
    ),
}


def fill(program: str, template: str, d: Daemon, container: Container, **extra: object) -> str:
    values = stamp_values(d, container, **extra)
    if program in PROGRAM_TIME:
        values["time"] = PROGRAM_TIME[program](d.now())
    if program == "registry":
        values["fields"] = str(texts("registry").get("fields", "")).format(**values)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def text_lines(program: str, key: str) -> list[str]:
    """A block of program output as a list of templates (a string block is split on lines)."""
    block = texts(program).get(key, [])
    if isinstance(block, dict):
        block = block.get("lines", [])
    if isinstance(block, str):
        return block.rstrip("\n").split("\n")
    return [str(item.get("text", "")) if isinstance(item, dict) else str(item) for item in block]


def say(
    d: Daemon,
    container: Container,
    program: str,
    templates: list[str],
    stream: str,
    **extra: object,
) -> None:
    from engine.daemon.containers import log

    for template in templates:
        log(d, container, fill(program, template, d, container, **extra), stream)


def emit_block(
    d: Daemon, container: Container, program: str, key: str, stream: str = "stdout", **extra: object
) -> None:
    say(d, container, program, text_lines(program, key), stream, **extra)


class Program:
    """A main process. Subclasses override what they do; the defaults fit a silent process."""

    name: ClassVar[str] = "process"
    runs_forever: ClassVar[bool] = False
    ports: ClassVar[tuple[int, ...]] = ()

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.stdin = ""  # what `docker run -i` piped in, for this start only

    def start(self, d: Daemon, container: Container) -> None:
        if not self.runs_forever:
            container.exit_at = d.now()
            container.exit_at_code = 0

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        """Exit code after ``signal``, or None when the process ignores it (PID 1 rules)."""
        return 128 + {"SIGINT": 2, "SIGQUIT": 3, "SIGTERM": 15, "SIGHUP": 1}.get(signal, 15)

    def on_exit(self, d: Daemon, container: Container) -> None:
        return None

    def http(
        self, d: Daemon, container: Container, method: str, path: str, client: str
    ) -> HttpResponse | None:
        return None


def repl_banner(program: str, container: Container) -> list[str]:
    data = texts(program)
    banner = [str(line) for line in data.get("banner", [])]
    if program == "python":
        env = dict(e.split("=", 1) for e in container.config.get("Env", []) if "=" in e)
        version = env.get("PYTHON_VERSION", "3.12.12")
        info = data.get("versions", {}).get(".".join(version.split(".")[:2]), {})
        return [
            line.format(
                version=info.get("version", version),
                build=info.get("build", ""),
                compiler=info.get("compiler", "GCC"),
            )
            for line in banner
        ]
    return banner


class Shell(Program):
    """bash/sh/REPLs as PID 1: with stdin open they wait for input, else they see EOF and exit 0."""

    name = "shell"

    def start(self, d: Daemon, container: Container) -> None:
        if not container.config.get("OpenStdin"):
            container.exit_at = d.now()
            container.exit_at_code = 0
            return
        if self.argv and posixpath.basename(self.argv[0]) in ("node", "python3", "python"):
            program = "node" if "node" in self.argv[0] else "python"
            if container.config.get("Tty"):
                say(d, container, program, repl_banner(program, container), "stdout")

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        # PID 1 has no default handlers: SIGTERM/SIGQUIT are ignored, so `docker stop` waits.
        return None


class Sleep(Program):
    name = "sleep"

    def start(self, d: Daemon, container: Container) -> None:
        arg = self.argv[1] if len(self.argv) > 1 else ""
        if arg == "infinity":
            return
        try:
            seconds = float(arg.rstrip("s"))
        except ValueError:
            from engine.daemon.containers import log

            log(d, container, f"sleep: invalid time interval '{arg}'", "stderr")
            container.exit_at, container.exit_at_code = d.now(), 1
            return
        container.exit_at = d.now() + seconds
        container.exit_at_code = 0

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        return None


class Forever(Program):
    """`tail -f /dev/null` and similar keep-alive commands."""

    name = "forever"
    runs_forever = True

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        return None


class OneShot(Program):
    """A command that runs to completion at start (`echo hi`, `ls -l`, `cat /etc/os-release`)."""

    name = "oneshot"

    def start(self, d: Daemon, container: Container) -> None:
        container.exit_at_code = run_and_log(d, container, self.argv, self.stdin)
        container.exit_at = d.now()


def run_and_log(d: Daemon, container: Container, argv: list[str], stdin: str) -> int:
    """Run ``argv`` in the container as its main process would; its output goes to the log,
    stdout and stderr interleaved line by line as they were written."""
    from engine.daemon.execs import run_in_container

    out, err = _LogStream(d, container, "stdout"), _LogStream(d, container, "stderr")
    result = run_in_container(d, container, argv, stdin=stdin, stdout=out, stderr=err)
    out.flush()
    err.flush()
    return result.exit_code


class _LogStream:
    """A main process's stdout or stderr, kept a line at a time in the container's log (as
    Docker's log driver keeps it)."""

    def __init__(self, d: Daemon, container: Container, name: StreamName) -> None:
        self.d, self.container, self.name = d, container, name
        self.pending = ""

    @property
    def is_terminal(self) -> bool:
        return False

    def write(self, text: str) -> None:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            _log(self.d, self.container, line, self.name)

    def progress(self, key: str, line: str) -> None:
        self.write(line + "\n")

    def wait(self, seconds: float) -> None:
        return None

    def flush(self) -> None:
        if self.pending:
            _log(self.d, self.container, self.pending, self.name)
            self.pending = ""


def _log(d: Daemon, container: Container, line: str, stream: str) -> None:
    from engine.daemon.containers import log

    log(d, container, line, stream)


class HelloWorld(Program):
    name = "hello-world"

    def start(self, d: Daemon, container: Container) -> None:
        arch = (
            texts("hello-world").get("arch", {}).get(container.platform or "linux/amd64", "amd64")
        )
        emit_block(d, container, "hello-world", "message", arch=arch)
        container.exit_at = d.now()
        container.exit_at_code = 0


class Nginx(Program):
    name = "nginx"
    runs_forever = True
    ports = (80,)

    def start(self, d: Daemon, container: Container) -> None:
        fs = d.container_fs(container)
        conf = "/etc/nginx/conf.d/default.conf"
        lines = text_lines("nginx", "entrypoint")
        try:
            current = fs.read(conf)
            if "listen  [::]:80;" in current:
                lines = [
                    line for line in lines if "10-listen-on-ipv6" not in line or "Launching" in line
                ]
                lines.insert(
                    3, "10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled"
                )
            elif "listen       80;" in current:
                fs.write(
                    conf,
                    current.replace(
                        "listen       80;", "listen       80;\n    listen  [::]:80;", 1
                    ),
                )
        except FsError as error:
            if error.errno == "EROFS":
                lines = [line for line in lines if "info:" not in line]
                lines.insert(3, str(texts("nginx").get("ipv6_read_only", "")))
        say(d, container, "nginx", lines, "stdout")
        startup = text_lines("nginx", "startup")
        if "alpine" in container.image_ref or fs.exists("/etc/alpine-release"):
            startup = [
                str(texts("nginx").get("built_by_alpine", line)) if "built by" in line else line
                for line in startup
            ]
        say(d, container, "nginx", startup, "stderr")
        first = int(texts("nginx").get("first_worker_pid", 29))
        worker = str(texts("nginx").get("worker_started", ""))
        for pid in (first, first + 1):
            say(d, container, "nginx", [worker], "stderr", pid=pid)
        try:
            fs.write("/run/nginx.pid", "1\n")
            for temp in ("client_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
                fs.put_node(f"/var/cache/nginx/{temp}", Node("dir", mode=0o700, uid=101))
        except FsError:
            pass

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        data = texts("nginx")
        if signal == "SIGQUIT":
            stop = data.get("stop", {})
            first = int(data.get("first_worker_pid", 29))
            say(d, container, "nginx", [stop.get("signal", "")], "stderr")
            for pid in (first, first + 1):
                say(d, container, "nginx", list(stop.get("worker", [])), "stderr", pid=pid)
            for pid in (first, first + 1):
                say(d, container, "nginx", list(stop.get("worker_reaped", [])), "stderr", pid=pid)
            say(d, container, "nginx", [stop.get("last", "")], "stderr")
            return 0
        if signal in ("SIGTERM", "SIGINT"):
            line = str(data.get("fast_stop", ""))
            if signal == "SIGINT":
                line = line.replace("signal 15 (SIGTERM)", "signal 2 (SIGINT)")
            say(d, container, "nginx", [line, str(data.get("stop", {}).get("last", ""))], "stderr")
            return 0
        return None  # SIGHUP/SIGUSR1: nginx reloads or reopens its logs and keeps running

    def http(
        self, d: Daemon, container: Container, method: str, path: str, client: str
    ) -> HttpResponse:
        fs = d.container_fs(container, events=False)
        clean = posixpath.normpath("/" + path.split("?", 1)[0].lstrip("/"))
        target = "/usr/share/nginx/html" + ("" if clean == "/" else clean)
        node = fs.stat(target)
        if node is not None and node.kind == "dir":
            target = target.rstrip("/") + "/index.html"
            node = fs.stat(target)
        data = texts("nginx")
        request = container.program.get("requests", 0) + 1
        container.program["requests"] = request
        if node is None or node.kind != "file":
            missing = data.get("not_found", {})
            body = str(missing.get("body", "")).replace("\n", "\r\n")
            say(
                d,
                container,
                "nginx",
                [str(missing.get("error_log", ""))],
                "stderr",
                pid=29,
                request=request,
                file=target,
                client=client,
                method=method,
                path=path,
            )
            say(
                d,
                container,
                "nginx",
                [str(data.get("access_log", ""))],
                "stdout",
                client=client,
                method=method,
                path=path,
                status=404,
                bytes=len(body),
            )
            d.emit(
                "http.request", container=container.id, name=container.name, path=path, status=404
            )
            return HttpResponse(404, "Not Found", _nginx_headers(d, len(body)), body)
        body = fs.read(target)
        size = len(body.encode())
        say(
            d,
            container,
            "nginx",
            [str(data.get("access_log", ""))],
            "stdout",
            client=client,
            method=method,
            path=path,
            status=200,
            bytes=size,
        )
        d.emit("http.request", container=container.id, name=container.name, path=path, status=200)
        headers = _nginx_headers(d, size)
        headers["Content-Type"] = _content_type(target)
        return HttpResponse(200, "OK", headers, body)


def _content_type(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {
        "html": "text/html",
        "htm": "text/html",
        "css": "text/css",
        "js": "application/javascript",
        "json": "application/json",
        "txt": "text/plain",
        "svg": "image/svg+xml",
    }.get(ext, "application/octet-stream")


def _nginx_headers(d: Daemon, length: int) -> dict[str, str]:
    return {
        "Server": "nginx/1.25.2",
        "Date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(d.now())),
        "Content-Type": "text/html",
        "Content-Length": str(length),
        "Connection": "keep-alive",
    }


class Mysql(Program):
    name = "mysql"
    runs_forever = True
    ports = (3306, 33060)

    def start(self, d: Daemon, container: Container) -> None:
        env = dict(e.split("=", 1) for e in container.config.get("Env", []) if "=" in e)
        data = texts("mysql")
        fs = d.container_fs(container)
        first = [str(data.get(key, "")) for key in data.get("first_lines", [])]
        say(d, container, "mysql", first, "stdout")
        if fs.exists("/var/lib/mysql/ibdata1"):
            self._serve(d, container, data)
            return
        if env.get("MYSQL_USER") == "root":
            say(d, container, "mysql", str(data.get("root_user_error", "")).split("\n"), "stderr")
            container.exit_at, container.exit_at_code = d.now() + 1, 1
            return
        if not any(
            env.get(k)
            for k in (
                "MYSQL_ROOT_PASSWORD",
                "MYSQL_ALLOW_EMPTY_PASSWORD",
                "MYSQL_RANDOM_ROOT_PASSWORD",
            )
        ):
            refusal = data.get("no_password", {})
            say(d, container, "mysql", list(refusal.get("lines", [])), "stderr")
            container.exit_at = d.now() + float(refusal.get("exit_after_seconds", 1))
            container.exit_at_code = int(refusal.get("exit_code", 1))
            return
        conditions = {
            "random": bool(env.get("MYSQL_RANDOM_ROOT_PASSWORD")),
            "database": bool(env.get("MYSQL_DATABASE")),
            "user": bool(env.get("MYSQL_USER") and env.get("MYSQL_PASSWORD")),
            "user_and_database": bool(
                env.get("MYSQL_USER") and env.get("MYSQL_PASSWORD") and env.get("MYSQL_DATABASE")
            ),
        }
        for item in data.get("initialisation", []):
            when = item.get("when") if isinstance(item, dict) else None
            if when and not conditions.get(when):
                continue
            template = str(item.get("text", "")) if isinstance(item, dict) else str(item)
            stream = (
                "stdout"
                if template.startswith("{date}") or not template.startswith("{ts}")
                else "stderr"
            )
            say(
                d,
                container,
                "mysql",
                [template],
                stream,
                database=env.get("MYSQL_DATABASE", ""),
                user=env.get("MYSQL_USER", ""),
                password=container.id[:32],
            )
        try:
            for path, size in (
                ("/var/lib/mysql/ibdata1", 12_582_912),
                ("/var/lib/mysql/ib_logfile0", 50_331_648),
                ("/var/lib/mysql/mysql.ibd", 25_165_824),
                ("/var/lib/mysql/undo_001", 16_777_216),
                ("/var/lib/mysql/auto.cnf", 56),
            ):
                fs.put_node(path, blob_node(size, mode=0o640, mtime=d.now()))
            for db in ("mysql", "performance_schema", "sys", env.get("MYSQL_DATABASE", "")):
                if db:
                    fs.put_node(f"/var/lib/mysql/{db}", dir_node(mode=0o750, mtime=d.now()))
        except FsError:
            pass
        self._serve(d, container, data)

    def _serve(self, d: Daemon, container: Container, data: dict) -> None:
        say(d, container, "mysql", [str(x) for x in data.get("server_start", [])], "stderr")
        say(d, container, "mysql", [str(data.get("ready", ""))], "stderr")

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        if signal in ("SIGTERM", "SIGINT", "SIGQUIT"):
            emit_block(d, container, "mysql", "stop", "stderr")
            return 0
        return None


class Redis(Program):
    name = "redis"
    runs_forever = True
    ports = (6379,)

    def start(self, d: Daemon, container: Container) -> None:
        fs = d.container_fs(container, events=False)
        lines = text_lines("redis", "startup")
        if fs.exists("/data/dump.rdb"):
            lines = lines[:-1] + text_lines("redis", "loaded_rdb") + lines[-1:]
        say(
            d,
            container,
            "redis",
            lines,
            "stdout",
            age=int(max(d.now() - container.finished_at, 0)),
            keys=0,
        )

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        if signal not in ("SIGTERM", "SIGINT", "SIGQUIT"):
            return None
        lines = text_lines("redis", "shutdown")
        if signal != "SIGTERM":
            lines = [line.replace("SIGTERM", signal) for line in lines]
        say(d, container, "redis", lines, "stdout")
        with contextlib.suppress(FsError):  # /data may be a read-only mount
            d.container_fs(container).put_node(
                "/data/dump.rdb", file_node("REDIS0011\n", mode=0o600)
            )
        return 0


class Registry(Program):
    name = "registry"
    runs_forever = True
    ports = (5000,)

    def start(self, d: Daemon, container: Container) -> None:
        emit_block(d, container, "registry", "startup", "stderr")

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        return 0

    def http(
        self, d: Daemon, container: Container, method: str, path: str, client: str
    ) -> HttpResponse:
        body = "{}" if path.startswith("/v2") else "404 page not found\n"
        status = 200 if path.startswith("/v2") else 404
        return HttpResponse(
            status,
            "OK" if status == 200 else "Not Found",
            {"Content-Type": "application/json"},
            body,
        )


PROGRAMS: dict[str, type[Program]] = {
    "nginx": Nginx,
    "nginx-debug": Nginx,
    "mysqld": Mysql,
    "redis-server": Redis,
    "registry": Registry,
    "hello": HelloWorld,
    "sleep": Sleep,
    "node": Shell,
    "python3": Shell,
    "python": Shell,
    **{name: Shell for name in SHELLS},
}


def effective_argv(container: Container) -> list[str]:
    """The command the entrypoint script finally execs (official scripts `exec "$@"`)."""
    argv = container.command_line
    if argv and argv[0] in ENTRYPOINT_SCRIPTS and len(argv) > 1:
        rest = argv[1:]
        if rest[0].endswith((".yml", ".yaml")) or rest[0] in ("serve", "garbage-collect"):
            # registry:2's script: `config.yml` -> `registry serve config.yml`
            return ["registry", "serve", *rest] if rest[0] != "serve" else ["registry", *rest]
        if rest[0].startswith("-"):  # `docker run redis --port 7000` -> redis-server --port 7000
            default = {"redis": "redis-server", "mysql": "mysqld", "node": "node"}
            for key, prog in default.items():
                if key in container.image_ref:
                    return [prog, *rest]
        return rest
    return argv


def resolve(d: Daemon, container: Container) -> Program | StartFailure:
    """Find the executable (PATH of the container's env) and the program that plays it."""
    argv = effective_argv(container)
    via_script = (
        argv is not container.command_line and container.command_line[0] in ENTRYPOINT_SCRIPTS
    )
    fs = d.container_fs(container, events=False)
    first = argv[0] if argv else ""
    if not first:
        return StartFailure("no command specified", 125)
    path = find_executable(fs, first, container)
    if path is None:
        if via_script:
            # The script itself started; its `exec "$@"` is what fails.
            return _ScriptExecFailure(argv)
        return StartFailure(
            "failed to create task for container: failed to create shim task: OCI runtime create "
            "failed: runc create failed: unable to start container process: exec: "
            f'"{first}": executable file not found in $PATH: unknown',
            127,
        )
    node = fs.stat(path)
    if node is not None and node.kind == "dir":
        return StartFailure(
            "failed to create task for container: failed to create shim task: OCI runtime create "
            "failed: runc create failed: unable to start container process: exec: "
            f'"{first}": is a directory: unknown',
            126,
        )
    return _program_for(argv, d, container)


class NodeServer(Program):
    """`node app.js` where the script listens on a port: it keeps running, logs what it prints
    as it starts, and answers requests with the first string it sends (`res.end("hi")`,
    `res.send("...")`), else from its `express.static` folder, else with express's 404."""

    name = "node-server"
    runs_forever = True

    def __init__(self, argv: list[str], script: str, source: str, port: int = 3000) -> None:
        super().__init__(argv)
        self.script = script  # absolute path of the server's file
        self.source = source
        self.port = port
        self.ports = (port,)  # type: ignore[misc]

    def start(self, d: Daemon, container: Container) -> None:
        self.log_startup(d, container)

    def log_startup(self, d: Daemon, container: Container) -> None:
        from engine.daemon.containers import log

        container.program["node_port"] = self.port
        for line in CONSOLE_LOG.findall(self.source):
            log(d, container, line[1], "stdout")

    def on_signal(self, d: Daemon, container: Container, signal: str) -> int | None:
        return None  # PID 1 without handlers: `docker stop` waits, then SIGKILL (137)

    def http(
        self, d: Daemon, container: Container, method: str, path: str, client: str
    ) -> HttpResponse:
        status, reason, content_type, body = self._answer(d, container, path)
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body.encode())),
            "Connection": "keep-alive",
            "Keep-Alive": "timeout=5",
        }
        if EXPRESS.search(self.source):
            headers = {"X-Powered-By": "Express", **headers}
        d.emit(
            "http.request", container=container.id, name=container.name, path=path, status=status
        )
        return HttpResponse(status, reason, headers, body)

    def _answer(self, d: Daemon, container: Container, path: str) -> tuple[int, str, str, str]:
        body = BODY.search(self.source)
        if body is not None:
            return 200, "OK", "text/html; charset=utf-8", body.group(2)
        static = STATIC.search(self.source)
        if static is not None:
            folder = normpath(static.group(1).lstrip("/"), posixpath.dirname(self.script))
            wanted = path.split("?", 1)[0].rstrip("/") or "/index.html"
            if wanted.endswith("/") or "." not in posixpath.basename(wanted):
                wanted = wanted.rstrip("/") + "/index.html" if wanted != "/index.html" else wanted
            try:
                page = d.container_fs(container, events=False).read(folder + wanted)
            except FsError:
                page = None
            if page is not None:
                return 200, "OK", _content_type(wanted).replace("utf-8", "UTF-8"), page
        if EXPRESS.search(self.source):
            return 404, "Not Found", "text/html; charset=utf-8", EXPRESS_404.format(path=path)
        return 200, "OK", "text/html; charset=utf-8", ""


LISTEN = re.compile(r"\.listen\(\s*(?:process\.env\.PORT\s*\|\|\s*)?(\d{2,5})")
BODY = re.compile(r"\.(?:end|send)\(\s*(['\"`])((?:(?!\1).){0,2000})\1", re.S)
# `console.log('Listening on port 3000')`: a plain string, printed as the server starts
CONSOLE_LOG = re.compile(r"console\.log\(\s*(['\"`])((?:(?!\1)[^$\n]){0,500})\1\s*\)")
EXPRESS = re.compile(r"require\(\s*['\"]express['\"]\s*\)")
STATIC = re.compile(r"express\.static\(\s*__dirname\s*\+\s*['\"]([^'\"]+)['\"]\s*\)")
EXPRESS_404 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
    "</head>\n<body>\n<pre>Cannot GET {path}</pre>\n</body>\n</html>\n"
)


def node_server(d: Daemon | None, container: Container, argv: list[str]) -> NodeServer | None:
    """A NodeServer when ``argv`` runs a script file that listens on a port."""
    if d is None or len(argv) < 2 or argv[1].startswith("-"):
        return None
    fs = d.container_fs(container, events=False)
    script = normpath(argv[1], container.config.get("WorkingDir") or "/")
    try:
        source = fs.read(script)
    except FsError:
        return None
    match = LISTEN.search(source)
    if match is None:
        return None
    return NodeServer(argv, script, source, int(match.group(1)))


class DevServer(NodeServer):
    """`sh -c "yarn install && yarn run dev"`: the shell runs to the package script, whose
    nodemon or node then serves, so the container keeps running after the install's log."""

    name = "dev-server"

    def start(self, d: Daemon, container: Container) -> None:
        status = run_and_log(d, container, self.argv, self.stdin)
        if status != 0:
            container.exit_at, container.exit_at_code = d.now(), status
            return
        self.log_startup(d, container)


PACKAGE_SCRIPT = re.compile(r"\b(?:yarn(?:\s+run)?|npm\s+(?:run(?:-script)?\s+)?)\s+([\w:-]+)\s*$")
SERVER_COMMAND = re.compile(r"^\s*(?:nodemon|node)\s+(?:-\S+\s+)*(\S+)")


def dev_server(d: Daemon | None, container: Container, argv: list[str]) -> DevServer | None:
    """A DevServer when a `sh -c` command ends by running a package script that serves."""
    if d is None or len(argv) != 3 or argv[1] != "-c":
        return None
    wanted = PACKAGE_SCRIPT.search(argv[2])
    if wanted is None:
        return None
    workdir = container.config.get("WorkingDir") or "/"
    fs = d.container_fs(container, events=False)
    try:
        manifest = json.loads(fs.read(normpath("package.json", workdir)))
    except (FsError, ValueError):
        return None
    scripts = manifest.get("scripts") if isinstance(manifest, dict) else None
    script = scripts.get(wanted.group(1)) if isinstance(scripts, dict) else None
    command = SERVER_COMMAND.match(script) if isinstance(script, str) else None
    if command is None:
        return None
    server = node_server(d, container, ["node", command.group(1)])
    if server is None:
        return None
    return DevServer(argv, server.script, server.source, server.port)


def _program_for(
    argv: list[str], d: Daemon | None = None, container: Container | None = None
) -> Program:
    base = posixpath.basename(argv[0]) if argv else ""
    if base == "node" and container is not None:
        server = node_server(d, container, argv)
        if server is not None:
            return server
    if base in SHELLS and container is not None:
        served = dev_server(d, container, argv)
        if served is not None:
            return served
    if base == "tail" and "-f" in argv:
        return Forever(argv)
    if base in SHELLS | {"node", "python3", "python"} and len(argv) > 1:
        return OneShot(argv)  # `sh -c '...'`, `python3 script.py`: run to completion
    return PROGRAMS.get(base, OneShot)(argv)


class _ScriptExecFailure(Program):
    name = "script-exec-failure"

    def start(self, d: Daemon, container: Container) -> None:
        from engine.daemon.containers import log

        log(d, container, f"{container.path}: exec: line 47: {self.argv[0]}: not found", "stderr")
        container.exit_at, container.exit_at_code = d.now(), 127


def find_executable(fs, name: str, container: Container) -> str | None:
    if "/" in name:
        node = fs.stat(name, container.config.get("WorkingDir") or "/")
        return name if node is not None else None
    env = dict(e.split("=", 1) for e in container.config.get("Env", []) if "=" in e)
    search = env.get("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    if all(d == normpath(d) for d in search.split(":")):
        found = fs.which(name, search, executable=False)  # cached search over image layers
        return found[0] if found is not None else None
    for directory in search.split(":"):
        candidate = posixpath.join(directory, name)
        node = fs.stat(candidate)
        if node is not None and node.kind == "file":
            return candidate
    return None


def running_program(d: Daemon, container: Container) -> Program:
    return _program_for(effective_argv(container), d, container)


def is_interactive_shell(container: Container) -> bool:
    return isinstance(running_program(None, container), Shell)  # type: ignore[arg-type]


def listening_program(d: Daemon, container: Container, port: int) -> Program | None:
    program = running_program(d, container)
    return program if port in program.ports else None
