"""Tab completion: docker subcommands and flags, container/image/volume names, paths."""

from __future__ import annotations

import posixpath
import shlex
from typing import TYPE_CHECKING

from engine.fs import FsError

if TYPE_CHECKING:
    from engine.facade import Engine
    from engine.model import Terminal

DOCKER_COMMANDS = sorted(
    [
        "attach",
        "build",
        "commit",
        "compose",
        "container",
        "cp",
        "create",
        "diff",
        "exec",
        "history",
        "image",
        "images",
        "info",
        "inspect",
        "kill",
        "login",
        "logout",
        "logs",
        "network",
        "pause",
        "port",
        "ps",
        "pull",
        "push",
        "rename",
        "restart",
        "rm",
        "rmi",
        "run",
        "save",
        "start",
        "stats",
        "stop",
        "system",
        "tag",
        "top",
        "unpause",
        "version",
        "volume",
        "wait",
    ]
)
MANAGEMENT = {
    "container": [
        "attach",
        "commit",
        "cp",
        "create",
        "diff",
        "exec",
        "inspect",
        "kill",
        "logs",
        "ls",
        "pause",
        "port",
        "prune",
        "rename",
        "restart",
        "rm",
        "run",
        "start",
        "stats",
        "stop",
        "top",
        "unpause",
        "wait",
    ],
    "image": ["build", "history", "inspect", "ls", "prune", "pull", "push", "rm", "tag"],
    "volume": ["create", "inspect", "ls", "prune", "rm"],
    "network": ["connect", "create", "disconnect", "inspect", "ls", "prune", "rm"],
    "system": ["df", "info", "prune"],
}
TAKES_CONTAINER = set(
    [
        "attach",
        "commit",
        "cp",
        "diff",
        "exec",
        "inspect",
        "kill",
        "logs",
        "pause",
        "port",
        "rename",
        "restart",
        "rm",
        "start",
        "stats",
        "stop",
        "top",
        "unpause",
        "wait",
    ]
)
TAKES_IMAGE = {"run", "create", "rmi", "history", "tag", "push", "pull"}
SHELL_WORDS = sorted(
    [
        "cat",
        "cd",
        "clear",
        "curl",
        "docker",
        "echo",
        "env",
        "exit",
        "export",
        "grep",
        "head",
        "history",
        "ls",
        "mkdir",
        "printf",
        "pwd",
        "rm",
        "sleep",
        "tail",
        "touch",
        "wc",
        "which",
    ]
)
FLAGS = {
    "run": [
        "--detach",
        "--env",
        "--interactive",
        "--name",
        "--network",
        "--publish",
        "--publish-all",
        "--restart",
        "--rm",
        "--tty",
        "--volume",
        "--workdir",
        "--entrypoint",
        "--mount",
        "--user",
        "--platform",
    ],
    "ps": [
        "--all",
        "--filter",
        "--format",
        "--last",
        "--latest",
        "--no-trunc",
        "--quiet",
        "--size",
    ],
    "images": ["--all", "--digests", "--filter", "--format", "--no-trunc", "--quiet"],
    "logs": ["--follow", "--since", "--tail", "--timestamps"],
    "exec": ["--detach", "--env", "--interactive", "--tty", "--user", "--workdir"],
}


def candidates(engine: Engine, line: str, terminal: Terminal) -> list[str]:
    try:
        words = shlex.split(line)
    except ValueError:
        words = line.split()
    if line.endswith(" ") or not words:
        words.append("")
    current = words[-1]
    before = words[:-1]
    if not before:
        return [w for w in SHELL_WORDS if w.startswith(current)]
    if before[0] != "docker" or terminal.stack[-1].kind != "host":
        return _paths(engine, terminal, current)
    state = engine.state
    if len(before) == 1:
        return [c for c in DOCKER_COMMANDS if c.startswith(current)]
    sub = before[1]
    if sub == "compose":
        return _compose(engine, terminal, before[2:], current)
    if sub in MANAGEMENT and len(before) == 2:
        return [c for c in MANAGEMENT[sub] if c.startswith(current)]
    verb = before[2] if sub in MANAGEMENT and len(before) > 2 else sub
    if current.startswith("-"):
        return [f for f in FLAGS.get(verb, []) if f.startswith(current)]
    if sub == "volume" or verb in ("volume",):
        return sorted(v for v in state.volumes if v.startswith(current))
    if verb in TAKES_CONTAINER or (
        sub == "container" and verb not in ("run", "create", "ls", "prune")
    ):
        return sorted(c.name for c in state.containers.values() if c.name.startswith(current))
    if verb in TAKES_IMAGE or sub == "image":
        names = set(state.tags)
        from engine.catalog import CATALOG

        for item in CATALOG.images():
            names.add(item.ref)
        return sorted(n for n in names if n.startswith(current))
    return _paths(engine, terminal, current)


def _compose(engine: Engine, terminal: Terminal, words: list[str], current: str) -> list[str]:
    """`docker compose <TAB>`: sub-commands, then their flags or the project's services."""
    from engine.compose.cli import COMMANDS
    from engine.compose.loader import LoadOptions, load_project
    from engine.compose.model import ComposeError

    verbs = [w for w in words if not w.startswith("-")]
    if not verbs:
        return [c for c in sorted(COMMANDS) if c.startswith(current)]
    spec = COMMANDS.get(verbs[0])
    if spec is None:
        return []
    if current.startswith("-"):
        return sorted(f"--{f.name}" for f in spec.flags if f"--{f.name}".startswith(current))
    host = terminal.stack[0]
    try:
        project = load_project(engine.daemon.host_fs(), LoadOptions(host.cwd, host.env, []))
    except ComposeError:
        return []
    return [name for name in sorted(project.services) if name.startswith(current)]


def _paths(engine: Engine, terminal: Terminal, current: str) -> list[str]:
    frame = terminal.stack[-1]
    d = engine.daemon
    if frame.kind == "host":
        fs = d.host_fs()
    else:
        container = engine.state.containers.get(frame.container)
        if container is None:
            return []
        fs = d.container_fs(container, events=False)
    directory, _, prefix = current.rpartition("/")
    base = directory + "/" if directory or current.startswith("/") else ""
    try:
        names = fs.listdir(directory or ("/" if current.startswith("/") else "."), frame.cwd)
    except FsError:
        return []
    out = []
    for name in names:
        if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
            full = base + name
            if fs.is_dir(posixpath.join(frame.cwd, full) if not full.startswith("/") else full):
                full += "/"
            out.append(full)
    return out[:100]
