"""Programs inside images that a shell can run: `node --version`, `redis-cli ping`, `nginx -v` ...

Each is a ``Utility`` (``Process -> int``) found by the basename of the executable the shell
resolved through PATH. The shell's own utilities (ls, cat, curl ...) live in ``engine/shell``.
Versions come from the image's Env (NODE_VERSION, PYTHON_VERSION ...), so a tag that pins
another release answers with that release.
"""

from __future__ import annotations

import ast
import json
import math
import operator
import posixpath
import re
import shlex
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from engine import repl
from engine.catalog import CATALOG
from engine.fs import FsError
from engine.io import Stream
from engine.process import HttpError, Process, Utility
from engine.repl import common as repl_common
from engine.repl.evaluator import Evaluator
from engine.repl.messages import message as repl_message

if TYPE_CHECKING:
    from engine.daemon.core import Daemon
    from engine.machine import EngineMachine
    from engine.model import Container


# -- shared helpers ---------------------------------------------------------------------------


def _texts(program: str) -> dict:
    try:
        return CATALOG.texts(program)
    except KeyError:
        return {}


def _engine(p: Process) -> EngineMachine | None:
    from engine.machine import EngineMachine

    return p.machine if isinstance(p.machine, EngineMachine) else None


def _env_of(container: Container) -> dict[str, str]:
    env: dict[str, str] = {}
    for item in container.config.get("Env") or []:
        key, _, value = str(item).partition("=")
        env[key] = value
    return env


def _lang(p: Process) -> str:
    machine = _engine(p)
    return machine.d.lang if machine is not None else "en"


def _arch(p: Process) -> str:
    machine = _engine(p)
    platform = machine.container.platform if machine and machine.container else ""
    return (platform or "linux/amd64").split("/")[1] if "/" in (platform or "") else "amd64"


class _Unsupported(Exception):
    """An expression our tiny evaluators do not understand."""


class _NameMissing(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


# SQL's arithmetic (`**` and `//` are not SQL: they stay syntax errors)
_BINOPS: dict[type, Callable[[Any, Any], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: lambda a, b: _sql_remainder(a, b),
}
_SQL_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%"}


def _sql_remainder(a: float, b: float) -> float:
    """MySQL's `%`: the remainder takes the dividend's sign, as in C (-7 % 2 is -1)."""
    if isinstance(a, float) or isinstance(b, float):
        return math.fmod(a, b)
    return (abs(a) % abs(b)) * (-1 if a < 0 else 1)


class _SqlOutOfRange(Exception):
    """An integer result past BIGINT: MySQL's ERROR 1690, naming the operation as it shows it."""

    def __init__(self, operation: str) -> None:
        super().__init__(operation)
        self.operation = operation


def _sql_text(node: ast.AST) -> str:
    """An operation as MySQL shows it in errors: ``(9223372036854775807 + 1)``."""
    if isinstance(node, ast.BinOp) and type(node.op) in _SQL_SYMBOLS:
        symbol = _SQL_SYMBOLS[type(node.op)]
        return f"({_sql_text(node.left)} {symbol} {_sql_text(node.right)})"
    return ast.unparse(node)


def _evaluate(node: ast.AST, names: dict[str, object]) -> object:
    """Literals and arithmetic only, as a `SELECT` computes them (None is NULL)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise _NameMissing(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand, names)
        if not isinstance(value, (int, float)):
            raise _Unsupported
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _evaluate(node.left, names), _evaluate(node.right, names)
        if left is None or right is None:
            return None  # NULL in, NULL out
        numbers = all(isinstance(v, (int, float)) for v in (left, right))
        if numbers and isinstance(node.op, ast.Div | ast.Mod) and right == 0:
            return None  # MySQL: division by zero is NULL
        if isinstance(left, str) and isinstance(right, str) and not isinstance(node.op, ast.Add):
            raise _Unsupported
        if not numbers and (isinstance(left, str) or isinstance(right, str)):
            if not isinstance(node.op, (ast.Add, ast.Mult)):
                raise _Unsupported
            if (
                isinstance(node.op, ast.Mult)
                and max(
                    left if isinstance(left, int) else 0, right if isinstance(right, int) else 0
                )
                > 1000
            ):
                raise _Unsupported
        try:
            value = _BINOPS[type(node.op)](left, right)
        except (TypeError, ZeroDivisionError, OverflowError) as error:
            raise _Unsupported from error
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise _SqlOutOfRange(_sql_text(node))
        return value
    raise _Unsupported


def _statements(script: str) -> list[str]:
    """Top-level statements split on newlines and `;` outside quotes and brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quote = ""
    for ch in script:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in ";\n" and depth <= 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _script_source(p: Process, path: str) -> str | None:
    try:
        return p.fs.read(path, p.cwd)
    except FsError:
        return None


# -- node, npm ---------------------------------------------------------------------------------


def _node_version(p: Process) -> str:
    version = p.env.get("NODE_VERSION") or str(_texts("node").get("version", "v18.20.2"))
    return version.removeprefix("v")


def _run_js(p: Process, script: str, origin: str, *, print_result: bool = False) -> int:
    """A script (`node -e`, `node app.js`) statement by statement through the node REPL's
    evaluator; what it does not model (servers, require ...) is passed over quietly."""
    from engine.repl import node as node_repl

    consts: list[str] = []
    evaluator = Evaluator("node", {}, p.stdout, partial(node_repl.call, session_consts=consts))
    result: object = repl_common.UNDEFINED
    if origin.startswith("/"):  # a module file: CommonJS gives it its own path and folder
        for name, value in (("__filename", origin), ("__dirname", posixpath.dirname(origin))):
            node_repl.run_statement(f"const {name} = {json.dumps(value)}", evaluator, consts)
    for statement in _statements(script):
        to_stderr = re.match(r"console\.(error|warn)\b", statement) is not None
        evaluator.out = p.stderr if to_stderr else p.stdout
        try:
            result = node_repl.run_statement(statement, evaluator, consts)
        except repl_common.LangError as error:
            p.err(_js_uncaught(p, script, origin, statement, error))
            return 1
        except repl_common.Limit as limit:
            p.err(repl_message(limit.key, _lang(p)) + "\n")
            return 1
        except node_repl.UNMODELLED:
            result = repl_common.UNDEFINED
    if print_result:
        p.out(repl.js_string(result) + "\n")
    return 0


def _js_uncaught(
    p: Process, script: str, origin: str, statement: str, error: repl_common.LangError
) -> str:
    """node's report of an uncaught error: where (the line, a caret), what, and its version."""
    lines = script.split("\n")
    culprit = error.message.split()[0] if error.kind == "ReferenceError" else statement
    line_no = next((i for i, line in enumerate(lines) if culprit in line), 0)
    line = lines[line_no]
    column = max(line.find(culprit), 0)
    return (
        f"{origin}:{line_no + 1}\n{line}\n{' ' * column}^\n\n"
        f"{error.kind}: {error.message}\n"
        f"    at {origin}:{line_no + 1}:{column + 1}\n\n"
        f"Node.js v{_node_version(p)}\n"
    )


def node(p: Process) -> int:
    args = p.argv[1:]
    if args and posixpath.basename(args[0]) in ("npm-cli.js", "npm", "npx-cli.js", "npx"):
        return _npm(p, args[0], args[1:])
    if args and posixpath.basename(args[0]) in ("yarn.js", "yarn", "yarnpkg"):
        return _yarn(p, args[1:])
    if not args and repl.can_enter(p):
        banner = "".join(f"{line}\n" for line in _texts("node").get("banner", []))
        repl.enter(p, "node", {}, banner.replace("18.20.2", _node_version(p)))
        return 0
    if not args:
        return _run_js(p, p.stdin, "[stdin]")
    first = args[0]
    if first in ("-v", "--version"):
        p.out(f"v{_node_version(p)}\n")
        return 0
    if first in ("-e", "--eval", "-p", "--print"):
        if len(args) < 2:
            p.err(f"{p.name}: {first} requires an argument\n")
            return 9
        return _run_js(p, args[1], "[eval]", print_result=first in ("-p", "--print"))
    if first.startswith("-"):
        p.err(f"{p.name}: bad option: {first}\n")
        return 9
    source = _script_source(p, first)
    if source is None:
        path = posixpath.normpath(posixpath.join(p.cwd, first))
        template = str(
            _texts("node").get("module_not_found", "Error: Cannot find module '{path}'\n")
        )
        p.err(template.replace("{path}", path).replace("18.20.2", _node_version(p)))
        return 1
    return _run_js(p, source, posixpath.normpath(posixpath.join(p.cwd, first)))


def _npm(p: Process, script: str, args: list[str]) -> int:
    from engine.shell.packages import npm

    name = "npx" if "npx" in posixpath.basename(script) else "npm"
    p.argv = [name, *args]
    return npm.npx(p) if name == "npx" else npm.npm(p)


def _yarn(p: Process, args: list[str]) -> int:
    """The yarn launcher ends in `exec node .../yarn.js "$@"`: the simulation is the yarn utility."""
    from engine.shell.packages import yarn

    p.argv = ["yarn", *args]
    return yarn.yarn(p)


# -- python, pip -------------------------------------------------------------------------------

DISTRO_PYTHON = {"3.11": "3.11.2", "3.10": "3.10.12", "3.12": "3.12.3"}


def _python_version(p: Process) -> str:
    if p.env.get("PYTHON_VERSION"):
        return p.env["PYTHON_VERSION"]
    match = re.search(r"(\d+\.\d+)$", _executable_name(p))
    if match:
        return DISTRO_PYTHON.get(match.group(1), match.group(1) + ".0")
    for base in ("/usr/local/lib", "/usr/lib"):
        try:
            names = p.fs.listdir(base)
        except FsError:
            continue
        found = sorted(n for n in names if re.fullmatch(r"python3\.\d+", n))
        if found:
            minor = found[-1].removeprefix("python")
            return DISTRO_PYTHON.get(minor, minor + ".0")
    return "3.12.12"


def _executable_name(p: Process) -> str:
    """The file argv[0] finally names, links followed (`python3` -> `python3.11`)."""
    name = p.argv[0] if p.argv else ""
    candidates = (
        [name]
        if "/" in name
        else [posixpath.join(d, name) for d in p.env.get("PATH", "").split(":") if d]
    )
    for candidate in candidates:
        if p.fs.exists(candidate, p.cwd):
            try:
                return posixpath.basename(p.fs.resolve(candidate, p.cwd))
            except FsError:
                break
    return posixpath.basename(name)


def _run_python(p: Process, script: str, origin: str) -> int:
    """A script (`python3 -c`, `python3 app.py`) statement by statement through the python
    REPL's evaluator; what it does not model (imports' modules, classes ...) is passed over."""
    from engine.repl import python as python_repl

    try:
        tree = ast.parse(script)
    except SyntaxError as error:
        p.err(python_repl.syntax_error(error, origin))
        return 1
    except (ValueError, RecursionError, MemoryError):
        return 1
    evaluator = Evaluator("python", {}, p.stdout, python_repl.call)
    for statement in tree.body:
        try:
            evaluator.run([statement], echo=False)
        except repl_common.LangError as error:
            frames = "".join(error.frames).replace('"<stdin>"', f'"{origin}"')
            p.err(
                "Traceback (most recent call last):\n"
                f'  File "{origin}", line {evaluator.line}, in <module>\n'
                f"{frames}{python_repl.error_line(error)}\n"
            )
            return 1
        except repl_common.Limit as limit:
            p.err(repl_message(limit.key, _lang(p)) + "\n")
            return 1
        except (repl_common.Unsupported, RecursionError):
            continue
    return 0


def python(p: Process) -> int:
    args = p.argv[1:]
    if args and re.fullmatch(r"pip(3(\.\d+)?)?", posixpath.basename(args[0])):
        return _pip(p, args[1:])
    if not args and repl.can_enter(p):
        repl.enter(p, "python", {}, _python_banner(p))
        return 0
    if not args:
        return _run_python(p, p.stdin, "<stdin>")
    first = args[0]
    if first in ("-V", "--version"):
        p.out(f"Python {_python_version(p)}\n")
        return 0
    if first == "-c":
        if len(args) < 2:
            p.err("Argument expected for the -c option\n")
            return 2
        return _run_python(p, args[1], "<string>")
    if first == "-m" and args[1:2] == ["pip"]:
        return _pip(p, args[2:])
    if first.startswith("-"):
        return _run_python(p, p.stdin, "<stdin>")
    source = _script_source(p, first)
    if source is None:
        path = posixpath.normpath(posixpath.join(p.cwd, first))
        p.err(f"{p.name}: can't open file '{path}': [Errno 2] No such file or directory\n")
        return 2
    return _run_python(p, source, first)


def _python_banner(p: Process) -> str:
    data = _texts("python")
    version = _python_version(p)
    info = data.get("versions", {}).get(".".join(version.split(".")[:2]), {})
    build = (
        info.get("build", "main, Jan 13 2026, 03:08:51")
        if version == info.get("version")
        else "main, Jun  6 2024, 18:26:44"
    )
    compiler = info.get("compiler", "GCC 12.2.0") if info else "GCC 12.2.0"
    return "".join(
        str(line).format(version=version, build=build, compiler=compiler) + "\n"
        for line in data.get("banner", [])
    )


def _pip(p: Process, args: list[str]) -> int:
    from engine.shell.packages.pip import pip as pip_utility

    p.argv = ["pip", *args]
    return pip_utility(p)


# -- nginx -------------------------------------------------------------------------------------

NGINX_CONFIGURE = (
    "--prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules "
    "--conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log "
    "--http-log-path=/var/log/nginx/access.log --pid-path=/var/run/nginx.pid "
    "--lock-path=/var/run/nginx.lock --http-client-body-temp-path=/var/cache/nginx/client_temp "
    "--http-proxy-temp-path=/var/cache/nginx/proxy_temp "
    "--http-fastcgi-temp-path=/var/cache/nginx/fastcgi_temp "
    "--http-uwsgi-temp-path=/var/cache/nginx/uwsgi_temp "
    "--http-scgi-temp-path=/var/cache/nginx/scgi_temp --user=nginx --group=nginx --with-compat "
    "--with-file-aio --with-threads --with-http_addition_module --with-http_auth_request_module "
    "--with-http_dav_module --with-http_flv_module --with-http_gunzip_module "
    "--with-http_gzip_static_module --with-http_mp4_module --with-http_random_index_module "
    "--with-http_realip_module --with-http_secure_link_module --with-http_slice_module "
    "--with-http_ssl_module --with-http_stub_status_module --with-http_sub_module "
    "--with-http_v2_module --with-http_v3_module --with-mail --with-mail_ssl_module "
    "--with-stream --with-stream_realip_module --with-stream_ssl_module "
    "--with-stream_ssl_preread_module"
)
NGINX_CONF = "/etc/nginx/nginx.conf"


def _nginx_version(p: Process) -> str:
    return p.env.get("NGINX_VERSION") or str(_texts("nginx").get("version", "1.25.2"))


def _nginx_check(p: Process) -> str | None:
    """The first [emerg] an `nginx -t` would report, or None when the config parses."""
    main = _script_source(p, NGINX_CONF)
    if main is None:
        return f'open() "{NGINX_CONF}" failed (2: No such file or directory)'
    files = [(NGINX_CONF, main)]
    try:
        names = sorted(p.fs.listdir("/etc/nginx/conf.d"))
    except FsError:
        names = []
    for name in names:
        if name.endswith(".conf"):
            text = _script_source(p, f"/etc/nginx/conf.d/{name}")
            if text is not None:
                files.append((f"/etc/nginx/conf.d/{name}", text))
    for path, text in files:
        depth = 0
        for number, line in enumerate(text.split("\n"), start=1):
            code = line.split("#", 1)[0]
            for ch in code:
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth < 0:
                        return f'unexpected "}}" in {path}:{number}'
        if depth > 0:
            lines = text.rstrip("\n").count("\n") + 1
            return f'unexpected end of file, expecting "}}" in {path}:{lines}'
    return None


def nginx(p: Process) -> int:
    args = p.argv[1:]
    version = _nginx_version(p)
    alpine = p.fs.exists("/etc/alpine-release")
    if "-v" in args:
        p.err(f"nginx version: nginx/{version}\n")
        return 0
    if "-V" in args:
        compiler = (
            "gcc 12.2.1 20220924 (Alpine 12.2.1_git20220924-r10) "
            if alpine
            else "gcc 12.2.0 (Debian 12.2.0-14) "
        )
        ssl = (
            "OpenSSL 3.1.4 24 Oct 2023"
            if alpine
            else "OpenSSL 3.0.9 30 May 2023 (running with OpenSSL 3.0.11 19 Sep 2023)"
        )
        p.err(
            f"nginx version: nginx/{version}\nbuilt by {compiler}\nbuilt with {ssl}\n"
            f"TLS SNI support enabled\nconfigure arguments: {NGINX_CONFIGURE}\n"
        )
        return 0
    if "-t" in args or "-T" in args:
        problem = _nginx_check(p)
        if problem is not None:
            p.err(f"nginx: [emerg] {problem}\nnginx: configuration file {NGINX_CONF} test failed\n")
            return 1
        p.err(
            f"nginx: the configuration file {NGINX_CONF} syntax is ok\n"
            f"nginx: configuration file {NGINX_CONF} test is successful\n"
        )
        if "-T" in args:
            p.out(f"# configuration file {NGINX_CONF}:\n{_script_source(p, NGINX_CONF)}\n")
        return 0
    if "-s" in args:
        return _nginx_signal(p, args)
    if "-h" in args or "-?" in args:
        p.err(f"nginx version: nginx/{version}\nUsage: nginx [-?hvVtTq] [-s signal] [-p prefix]\n")
        return 0
    return _nginx_start(p)


def _nginx_stamp(p: Process) -> str:
    return time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(p.machine.now()))


def _nginx_signal(p: Process, args: list[str]) -> int:
    at = args.index("-s")
    signal = args[at + 1] if at + 1 < len(args) else ""
    names = {"stop": "SIGTERM", "quit": "SIGQUIT", "reopen": "SIGUSR1", "reload": "SIGHUP"}
    if signal not in names:
        if not signal:
            p.err('nginx: option "-s" requires parameter\n')
        else:
            p.err(f'nginx: invalid option: "-s {signal}"\n')
        return 1
    machine = _engine(p)
    server = machine.service("127.0.0.1", 80, "nginx") if machine else None
    if server is None:
        p.err(
            f"{_nginx_stamp(p)} [notice] 1#1: signal process started\n"
            f'{_nginx_stamp(p)} [error] 1#1: open() "/var/run/nginx.pid" failed '
            "(2: No such file or directory)\n"
            'nginx: [error] open() "/var/run/nginx.pid" failed (2: No such file or directory)\n'
        )
        return 1
    pid = 36 + len(server.logs) % 40
    p.err(f"{_nginx_stamp(p)} [notice] {pid}#{pid}: signal process started\n")
    if machine is not None and signal == "reload":
        problem = _nginx_check(p)
        stamp = _nginx_stamp(p)
        number = {"SIGHUP": 1}[names[signal]]
        lines = [
            f"{stamp} [notice] 1#1: signal {number} (SIGHUP) received from {pid}, reconfiguring"
        ]
        if problem is None:
            lines += [
                f"{stamp} [notice] 1#1: reconfiguring",
                f'{stamp} [notice] 1#1: using the "epoll" event method',
                f"{stamp} [notice] 1#1: start worker processes",
            ]
        else:
            lines.append(f"{stamp} [emerg] 1#1: {problem}")
        machine.log(server, "\n".join(lines), "stderr")
    return 0


def _nginx_start(p: Process) -> int:
    stamp = _nginx_stamp(p)
    machine = _engine(p)
    if machine is not None and machine.service("127.0.0.1", 80, "nginx") is not None:
        message = "bind() to 0.0.0.0:80 failed (98: Address already in use)"
        p.err((f"nginx: [emerg] {message}\n") * 5 + "nginx: [emerg] still could not bind()\n")
        return 1
    p.err(f'{stamp} [notice] 1#1: using the "epoll" event method\n')
    return 0


# -- redis -------------------------------------------------------------------------------------

REDIS_BUILD = "2f1e8d4c9a6b3d70"


def _redis_version(p: Process) -> str:
    return p.env.get("REDIS_VERSION") or str(_texts("redis").get("version", "7.4.7"))


def redis_server(p: Process) -> int:
    if any(a in ("-v", "--version") for a in p.argv[1:]):
        p.out(
            f"Redis server v={_redis_version(p)} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 "
            f"build={REDIS_BUILD}\n"
        )
        return 0
    machine = _engine(p)
    if machine is not None and machine.service("127.0.0.1", 6379, "redis") is not None:
        stamp = time.strftime("%d %b %Y %H:%M:%S", time.gmtime(p.machine.now())) + ".000"
        p.out(
            f"1:M {stamp} # Warning: Could not create server TCP listening socket *:6379: "
            "bind: Address already in use\n"
            f"1:M {stamp} # Failed listening on port 6379 (tcp), aborting.\n"
        )
        return 1
    return 0


def _redis_reply(store: dict[str, str], words: list[str], tty: bool) -> tuple[str, bool]:
    """One command against the key store: (printed reply, failed)."""
    command = words[0].lower()
    rest = words[1:]

    def integer(n: int) -> str:
        return f"(integer) {n}" if tty else str(n)

    def bulk(value: str | None) -> str:
        if value is None:
            return "(nil)" if tty else ""
        return f'"{value}"' if tty else value

    arity = {
        "ping": (0, 1),
        "echo": (1, 1),
        "set": (2, 2),
        "get": (1, 1),
        "del": (1, 99),
        "exists": (1, 99),
        "incr": (1, 1),
        "decr": (1, 1),
        "keys": (1, 1),
        "dbsize": (0, 0),
        "flushall": (0, 1),
        "flushdb": (0, 1),
        "append": (2, 2),
    }
    if command not in arity:
        shown = "".join(f"'{w}' " for w in rest)
        return f"ERR unknown command '{words[0]}', with args beginning with: {shown}", True
    low, high = arity[command]
    if not low <= len(rest) <= high:
        return f"ERR wrong number of arguments for '{command}' command", True
    if command == "ping":
        return (bulk(rest[0]) if rest else "PONG"), False
    if command == "echo":
        return bulk(rest[0]), False
    if command == "set":
        store[rest[0]] = rest[1]
        return "OK", False
    if command == "get":
        return bulk(store.get(rest[0])), False
    if command == "append":
        store[rest[0]] = store.get(rest[0], "") + rest[1]
        return integer(len(store[rest[0]])), False
    if command in ("del", "exists"):
        found = [k for k in rest if k in store]
        if command == "del":
            for key in found:
                store.pop(key, None)
        return integer(len(found)), False
    if command in ("incr", "decr"):
        current = store.get(rest[0], "0")
        if not re.fullmatch(r"-?\d+", current):
            return "ERR value is not an integer or out of range", True
        value = int(current) + (1 if command == "incr" else -1)
        if not -(2**63) <= value < 2**63:  # redis counters are signed 64-bit
            return "ERR increment or decrement would overflow", True
        store[rest[0]] = str(value)
        return integer(value), False
    if command == "keys":
        pattern = re.compile(
            "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in rest[0])
        )
        keys = sorted(k for k in store if pattern.fullmatch(k))
        if not keys:
            return ("(empty array)" if tty else ""), False
        if tty:
            return "\n".join(f'{i}) "{k}"' for i, k in enumerate(keys, start=1)), False
        return "\n".join(keys), False
    if command == "dbsize":
        return integer(len(store)), False
    store.clear()
    return "OK", False


MAX_REDIS_KEYS = 1000
MAX_REDIS_VALUE = 4096


def redis_cli(p: Process) -> int:
    args = p.argv[1:]
    host, port = "127.0.0.1", 6379
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-v", "--version"):
            p.out(f"redis-cli {_redis_version(p)}\n")
            return 0
        if arg in ("-h", "-p", "-n", "-a") and i + 1 < len(args):
            if arg == "-h":
                host = args[i + 1]
            elif arg == "-p":
                port = int(args[i + 1]) if args[i + 1].isdigit() else 0
            i += 2
            continue
        words = args[i:]
        break
    machine = _engine(p)
    try:
        server = machine.service(host, port, "redis") if machine else None
    except HttpError:
        p.err(f"Could not connect to Redis at {host}:{port}: Name or service not known\n")
        return 1
    if server is None:
        refused = str(_texts("redis").get("cli_refused", "")) or (
            "Could not connect to Redis at 127.0.0.1:6379: Connection refused"
        )
        p.err(refused.replace("127.0.0.1:6379", f"{host}:{port}") + "\n")
        return 1
    if not words and repl.can_enter(p):
        repl.enter(p, "redis", {"server": server.id, "host": host, "port": port})
        return 0
    commands = (
        [words] if words else [shlex.split(line) for line in p.stdin.split("\n") if line.strip()]
    )
    status = 0
    tty = p.interactive or p.stdout.is_terminal
    for command in commands:
        if not command:
            continue
        reply, failed = redis_command(server, command, tty=tty, lang=_lang(p))
        if failed:
            p.out(f"(error) {reply}\n" if tty else f"{reply}\n")
            status = 1
        else:
            p.out(reply + "\n")
    return status


def redis_command(
    server: Container, words: list[str], *, tty: bool, lang: str = "en"
) -> tuple[str, bool]:
    """Run one command against ``server``'s key store: (printed reply, failed). The store
    lives in the container's state, shared by `redis-cli CMD` and the interactive prompt.
    A command that would outgrow the sandbox's store is undone and says so."""
    store = server.program.setdefault("redis_keys", {})
    before = dict(store)  # values are strings: a shallow copy is a full one
    reply, failed = _redis_reply(store, words, tty)
    if len(store) > MAX_REDIS_KEYS or any(len(v) > MAX_REDIS_VALUE for v in store.values()):
        store.clear()
        store.update(before)
        reply, failed = repl_message("redis", lang), True
    return reply, failed


# -- mysql -------------------------------------------------------------------------------------

MYSQL_SYSTEM_DATABASES = ["information_schema", "mysql", "performance_schema", "sys"]
PASSWORD_WARNING = (
    "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
)


def _mysql_version(p: Process) -> str:
    version = p.env.get("MYSQL_VERSION") or str(_texts("mysql").get("version", "8.0.39"))
    return version.split("-", 1)[0]


def mysqld(p: Process) -> int:
    if any(a in ("-V", "--version") for a in p.argv[1:]):
        p.out(
            f"/usr/sbin/mysqld  Ver {_mysql_version(p)} for Linux on x86_64 "
            "(MySQL Community Server - GPL)\n"
        )
        return 0
    return 0


def _mysql_options(args: list[str]) -> dict[str, str] | str:
    """Parse the client flags; a string is an unknown option to complain about."""
    opts: dict[str, str] = {"user": "root", "host": "localhost"}
    long = {
        "--user": "user",
        "--password": "password",
        "--host": "host",
        "--port": "port",
        "--execute": "execute",
        "--database": "database",
    }
    short = {
        "u": "user",
        "p": "password",
        "h": "host",
        "P": "port",
        "e": "execute",
        "D": "database",
    }
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-V", "--version"):
            opts["version"] = "1"
        elif arg.startswith("--"):
            key, eq, value = arg.partition("=")
            if key not in long:
                return arg
            if not eq and key != "--password":
                if i + 1 >= len(args):
                    return arg
                i += 1
                value = args[i]
            opts[long[key]] = value if eq or key != "--password" else ""
        elif arg.startswith("-") and len(arg) > 1:
            letter, value = arg[1], arg[2:]
            if letter not in short:
                return arg
            if not value and letter != "p":
                if i + 1 >= len(args):
                    return arg
                i += 1
                value = args[i]
            opts[short[letter]] = value
        else:
            opts["database"] = arg
        i += 1
    return opts


def mysql(p: Process) -> int:
    parsed = _mysql_options(p.argv[1:])
    if isinstance(parsed, str):
        p.err(f"mysql: [ERROR] unknown option '{parsed}'.\n")
        return 7
    opts = parsed
    version = _mysql_version(p)
    if "version" in opts:
        p.out(f"mysql  Ver {version} for Linux on x86_64 (MySQL Community Server - GPL)\n")
        return 0
    if opts.get("password"):
        p.err(PASSWORD_WARNING)
    machine = _engine(p)
    host = opts["host"]
    port = int(opts["port"]) if opts.get("port", "").isdigit() else 3306
    try:
        server = (
            machine.service("127.0.0.1" if host == "localhost" else host, port, "mysql")
            if machine
            else None
        )
    except HttpError:
        p.err(f"ERROR 2005 (HY000): Unknown MySQL server host '{host}' (-2)\n")
        return 1
    if server is None or machine is None:
        if host == "localhost":
            p.err(
                "ERROR 2002 (HY000): Can't connect to local MySQL server through socket "
                "'/var/run/mysqld/mysqld.sock' (2)\n"
            )
        else:
            p.err(f"ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{port}' (111)\n")
        return 1
    monitor = "execute" not in opts and repl.can_enter(p)
    session: dict[str, Any] = {"server": server.id, "user": opts["user"]}
    if opts.get("database"):
        session["db"] = opts["database"]
    asked = any(arg in ("-p", "--password") for arg in p.argv[1:])
    if monitor and asked and not opts.get("password"):
        # `-p` alone: mysql asks, and the next line typed is the password (not echoed).
        session["phase"] = "password"
        repl.enter(p, "mysql", session, "Enter password: ")
        return 0
    if not mysql_authorised(server, opts["user"], opts.get("password", "")):
        p.err(mysql_access_denied(opts["user"], bool(opts.get("password"))) + "\n")
        return 1
    if opts.get("database") and opts["database"] not in mysql_databases(machine.d, server):
        p.err(f"ERROR 1049 (42000): Unknown database '{opts['database']}'\n")
        return 1
    if monitor:
        repl.enter(p, "mysql", session, mysql_banner(server, machine.d))
        return 0
    sql = opts.get("execute", p.stdin)
    tty = p.interactive or ("execute" in opts and p.stdout.is_terminal)
    for number, statement in enumerate(_statements(sql.replace("\\G", ";")), start=1):
        result = _sql(machine.d, server, statement, session, version)
        if result.error:
            code, state, message = result.error
            p.err(f"ERROR {code} ({state}) at line {number}: {message}\n")
            return 1
        if result.headers:
            _mysql_table(p, result.headers, result.rows, tty)
    return 0


def mysql_authorised(server: Container, user: str, password: str) -> bool:
    env = _env_of(server)
    if user == "root":
        if env.get("MYSQL_ALLOW_EMPTY_PASSWORD"):
            return password == ""
        if env.get("MYSQL_RANDOM_ROOT_PASSWORD"):
            return password == server.id[:32]
        return password == env.get("MYSQL_ROOT_PASSWORD", "")
    return (
        bool(env.get("MYSQL_USER"))
        and user == env.get("MYSQL_USER")
        and password == env.get("MYSQL_PASSWORD")
    )


def mysql_access_denied(user: str, with_password: bool) -> str:
    template = str(_texts("mysql").get("access_denied", ""))
    return template.format(user=user, using="YES" if with_password else "NO")


def mysql_banner(server: Container, d: Daemon | None) -> str:
    """The monitor's welcome; each connection gets the server's next connection id."""
    memory = server.program.setdefault("mysql", {})
    memory["connections"] = int(memory.get("connections", 7)) + 1
    text = str(_texts("mysql").get("client_banner", ""))
    return text.replace("{connection_id}", str(memory["connections"])) + "\n"


MYSQL_DATADIR = "/var/lib/mysql"


def mysql_databases(d: Daemon, server: Container) -> list[str]:
    """A database is a directory in the data directory (a volume, usually), so databases
    outlive the container; `information_schema` is virtual."""
    fs = d.container_fs(server, events=False)
    try:
        names = [
            n
            for n in fs.listdir(MYSQL_DATADIR)
            if n and not n.startswith("#") and fs.is_dir(f"{MYSQL_DATADIR}/{n}")
        ]
    except FsError:
        names = []
    return sorted({"information_schema", *names})


class _SqlResult:
    def __init__(self) -> None:
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.note = ""  # what the monitor prints instead of a table ("Database changed")
        self.affected = -1  # "Query OK, N rows affected" when >= 0
        self.error: tuple[int, str, str] | None = None


def _sql_error(code: int, state: str, message: str) -> _SqlResult:
    result = _SqlResult()
    result.error = (code, state, message)
    return result


def _sql_syntax(near: str) -> _SqlResult:
    return _sql_error(
        1064,
        "42000",
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
        f"server version for the right syntax to use near '{near[:80]}' at line 1",
    )


def _sql(d: Daemon, server: Container, statement: str, session: dict, version: str) -> _SqlResult:
    """One statement against ``server``: databases (directories), USE, SHOW, SELECT."""
    result = _SqlResult()
    upper = " ".join(statement.upper().split())
    databases = mysql_databases(d, server)
    current = str(session.get("db", ""))
    fs = d.container_fs(server)
    user = str(session.get("user", "root"))
    if upper in ("SHOW DATABASES", "SHOW SCHEMAS"):
        result.headers, result.rows = ["Database"], [[name] for name in databases]
        return result
    match = re.fullmatch(
        r"CREATE\s+(?:DATABASE|SCHEMA)\s+(IF\s+NOT\s+EXISTS\s+)?`?(\w{1,64})`?", statement, re.I
    )
    if match:
        name = match.group(2)
        if name in databases:
            if match.group(1):
                result.affected = 1
                return result
            return _sql_error(1007, "HY000", f"Can't create database '{name}'; database exists")
        if len(databases) >= 50:
            return _sql_error(
                1041,
                "HY000",
                "Out of memory; check if mysqld or some other process uses all available memory; if not, you may have to use 'ulimit' to allow mysqld to use more memory or you can add more swap space",
            )
        fs.mkdir(f"{MYSQL_DATADIR}/{name}", parents=True, mode=0o750)
        result.affected = 1
        return result
    match = re.fullmatch(
        r"DROP\s+(?:DATABASE|SCHEMA)\s+(IF\s+EXISTS\s+)?`?(\w{1,64})`?", statement, re.I
    )
    if match:
        name = match.group(2)
        if name == "information_schema":
            return _sql_error(
                1044, "42000", f"Access denied for user '{user}'@'%' to database '{name}'"
            )
        if name not in databases:
            if match.group(1):
                result.affected = 0
                return result
            return _sql_error(
                1008, "HY000", f"Can't drop database '{name}'; database doesn't exist"
            )
        tables = [n for n in fs.listdir(f"{MYSQL_DATADIR}/{name}") if n.endswith(".ibd")]
        fs.remove(f"{MYSQL_DATADIR}/{name}", recursive=True)
        if session.get("db") == name:
            session.pop("db", None)
        result.affected = len(tables)
        return result
    match = re.fullmatch(r"USE\s+`?(\w+)`?", statement, re.I)
    if match:
        if match.group(1) not in databases:
            return _sql_error(1049, "42000", f"Unknown database '{match.group(1)}'")
        session["db"] = match.group(1)
        result.note = "Database changed"
        return result
    match = re.fullmatch(
        r"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?`?(\w{1,64})`?\s*\(.*\)", statement, re.I | re.S
    )
    if match:
        if not current:
            return _sql_error(1046, "3D000", "No database selected")
        path = f"{MYSQL_DATADIR}/{current}/{match.group(2)}.ibd"
        if fs.exists(path):
            if match.group(1):
                result.affected = 0
                return result
            return _sql_error(1050, "42S01", f"Table '{match.group(2)}' already exists")
        fs.write(path, "", "/")
        result.affected = 0
        return result
    if upper == "SHOW TABLES":
        if not current:
            return _sql_error(1046, "3D000", "No database selected")
        try:
            names = sorted(
                n[:-4] for n in fs.listdir(f"{MYSQL_DATADIR}/{current}") if n.endswith(".ibd")
            )
        except FsError:
            names = []
        result.headers, result.rows = [f"Tables_in_{current}"], [[n] for n in names]
        return result
    if upper.startswith("SELECT "):
        functions = {
            "VERSION()": version,
            "USER()": f"{user}@localhost",
            "CURRENT_USER()": f"{user}@localhost",
            "DATABASE()": current or "NULL",
        }
        for item in _split_columns(statement[7:]):
            expression, alias = item, ""
            alias_match = re.fullmatch(r"(.+?)\s+AS\s+`?(\w+)`?", item, re.I | re.S)
            if alias_match:
                expression, alias = alias_match.group(1), alias_match.group(2)
            try:
                value = _sql_value(expression.strip(), functions)
            except _SqlOutOfRange as error:
                return _sql_error(
                    1690, "22003", f"BIGINT value is out of range in '{error.operation}'"
                )
            if value is None:
                return _sql_syntax(statement[7:])
            result.headers.append(
                alias or (expression.strip("'\"") if expression[:1] in "'\"" else expression)
            )
            if not result.rows:
                result.rows.append([])
            result.rows[0].append(value)
        return result
    return _sql_syntax(statement)


def mysql_statement(
    d: Daemon, server: Container, statement: str, session: dict, out: Stream, err: Stream
) -> bool:
    """Run one statement typed at the `mysql>` prompt and print what the monitor prints."""
    if not statement.strip():
        err.write("ERROR: \nNo query specified\n\n")
        return False
    result = _sql(d, server, statement, session, _mysql_version_of(server))
    if result.error:
        code, state, message = result.error
        err.write(f"ERROR {code} ({state}): {message}\n")
        return False
    if result.note:
        out.write(result.note + "\n")
    elif result.affected >= 0:
        rows = "row" if result.affected == 1 else "rows"
        out.write(f"Query OK, {result.affected} {rows} affected (0.01 sec)\n\n")
    elif not result.rows:
        out.write("Empty set (0.00 sec)\n\n")
    else:
        sink = _Sink(out)
        _mysql_table(sink, result.headers, result.rows, True)  # type: ignore[arg-type]
        count = len(result.rows)
        out.write(f"{count} {'row' if count == 1 else 'rows'} in set (0.00 sec)\n\n")
    return True


class _Sink:
    """Just enough of a ``Process`` for ``_mysql_table`` to print to a stream."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream

    def out(self, text: str) -> None:
        self.stream.write(text)


def _mysql_version_of(server: Container) -> str:
    version = _env_of(server).get("MYSQL_VERSION") or str(_texts("mysql").get("version", "8.0.39"))
    return version.split("-", 1)[0]


def _split_columns(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _sql_value(expression: str, functions: dict[str, str]) -> str | None:
    upper = expression.upper().replace(" ", "")
    if upper in functions:
        return functions[upper]
    if upper == "NOW()":
        return "2025-06-15 15:06:40"
    try:
        tree = ast.parse(expression, mode="eval")
        value = _evaluate(tree.body, {})
    except (SyntaxError, ValueError, _Unsupported, _NameMissing):
        return None
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4f}" if not value.is_integer() else str(int(value))
    return str(value)


def _mysql_table(p: Process, headers: list[str], rows: list[list[str]], tty: bool) -> None:
    if not tty:
        p.out("\t".join(headers) + "\n")
        for row in rows:
            p.out("\t".join(row) + "\n")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def line(cells: list[str], numeric: bool) -> str:
        shown = [
            (c.rjust(w) if numeric and re.fullmatch(r"-?[\d.]+", c) else c.ljust(w))
            for c, w in zip(cells, widths, strict=True)
        ]
        return "| " + " | ".join(shown) + " |\n"

    p.out(rule + line(headers, False) + rule)
    for row in rows:
        p.out(line(row, True))
    p.out(rule)


# -- go ----------------------------------------------------------------------------------------


def go(p: Process) -> int:
    args = p.argv[1:]
    version = p.env.get("GOLANG_VERSION", "1.21.9")
    if args[:1] == ["version"]:
        p.out(f"go version go{version} linux/{_arch(p)}\n")
        return 0
    if not args or args[0] in ("help", "-h", "--help"):
        p.err("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n")
        return 2 if not args else 0
    if args[0] in ("build", "run", "mod", "get", "test", "env", "fmt", "vet"):
        return 0
    p.err(f"go {args[0]}: unknown command\nRun 'go help' for usage.\n")
    return 2


def _on_path(p: Process) -> bool:
    name = p.argv[0] if p.argv else ""
    if "/" in name:
        return p.fs.exists(name, p.cwd)
    path = p.env.get("PATH") or "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    for directory in path.split(":"):
        node = p.fs.stat(posixpath.join(directory or ".", name), p.cwd)
        if node is not None and node.kind == "file":
            return True
    return False


def _installed(program: Utility) -> Utility:
    """Run ``program`` only where the image has the file: the shells also ask this registry
    for names they did not find on PATH, and `node` must not answer in an alpine container."""

    def guarded(p: Process) -> int:
        if _on_path(p):
            return program(p)
        if p.shell == "bash":
            p.err(f"bash: {p.argv[0]}: command not found\n")
        else:
            p.err(f"sh: {p.argv[0]}: not found\n")
        return 127

    return guarded


BINARIES: dict[str, Utility] = {
    "node": _installed(node),
    "nodejs": _installed(node),
    "python3": _installed(python),
    "python": _installed(python),
    "python3.11": _installed(python),
    "python3.12": _installed(python),
    "nginx": _installed(nginx),
    "nginx-debug": _installed(nginx),
    "redis-cli": _installed(redis_cli),
    "redis-server": _installed(redis_server),
    "mysql": _installed(mysql),
    "mysqld": _installed(mysqld),
    "go": _installed(go),
}
