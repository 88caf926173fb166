"""System utilities: env, whoami, hostname, uname, id, ps, date, sleep, which, editors."""

from __future__ import annotations

import re
import time

from engine.process import Process
from engine.shell.messages import message
from engine.shell.utilities.common import busybox, names_by_id

KERNEL = "6.5.0-1025-azure"
KERNEL_BUILD = "#26~22.04.1-Ubuntu SMP Thu Jul 11 22:33:04 UTC 2024"


def env(p: Process) -> int:
    args = p.argv[1:]
    environ = dict(p.env)
    while args and "=" in args[0] and not args[0].startswith("="):
        k, _, v = args.pop(0).partition("=")
        environ[k] = v
    if args:
        shell = p.state.get("shell")
        if shell is not None:
            return int(shell.dispatch(args, environ, _io(p)))  # type: ignore[attr-defined]
        return 0
    p.out("".join(f"{k}={v}\n" for k, v in environ.items()))
    return 0


def _io(p: Process) -> object:
    from engine.shell.interpreter import Io

    return Io(p.stdin, p.stdout, p.stderr)


def printenv(p: Process) -> int:
    if len(p.argv) > 1:
        status = 0
        for name in p.argv[1:]:
            if name in p.env:
                p.out(p.env[name] + "\n")
            else:
                status = 1
        return status
    return env(p)


def whoami(p: Process) -> int:
    p.out(p.user + "\n")
    return 0


def hostname(p: Process) -> int:
    p.out(p.hostname + "\n")
    return 0


def uname(p: Process) -> int:
    flags = "".join(a[1:] for a in p.argv[1:] if a.startswith("-"))
    if "a" in flags:
        tail = "Linux" if busybox(p) else "GNU/Linux"
        p.out(f"Linux {p.hostname} {KERNEL} {KERNEL_BUILD} x86_64 {tail}\n")
        return 0
    parts = []
    if "s" in flags or not flags:
        parts.append("Linux")
    if "n" in flags:
        parts.append(p.hostname)
    if "r" in flags:
        parts.append(KERNEL)
    if "v" in flags:
        parts.append(KERNEL_BUILD)
    if "m" in flags or "p" in flags:
        parts.append("x86_64")
    if "o" in flags:
        parts.append("GNU/Linux")
    p.out(" ".join(parts) + "\n")
    return 0


def id_(p: Process) -> int:
    users = names_by_id(p, "/etc/passwd")
    groups = names_by_id(p, "/etc/group")
    uid = p.uid
    name = users.get(uid, str(uid))
    group = groups.get(uid, str(uid))
    flags = "".join(a[1:] for a in p.argv[1:] if a.startswith("-"))
    if "u" in flags:
        p.out((name if "n" in flags else str(uid)) + "\n")
        return 0
    if "g" in flags:
        p.out((group if "n" in flags else str(uid)) + "\n")
        return 0
    p.out(f"uid={uid}({name}) gid={uid}({group}) groups={uid}({group})\n")
    return 0


def ps(p: Process) -> int:
    rows = p.machine.processes(p)
    args = " ".join(p.argv[1:])
    if busybox(p):
        p.out("PID   USER     TIME  COMMAND\n")
        for r in rows:
            p.out(f"{r.pid:5d} {r.user:<8} {'0:00':>5} {r.command}\n")
        return 0
    if "aux" in args or re.search(r"\b-?aux\b", args):
        p.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for r in rows:
            start = time.strftime("%H:%M", time.gmtime(r.started))
            p.out(
                f"{r.user[:8]:<8} {r.pid:>7}  0.0  0.1   4624  3712 {r.tty:<8} Ss   {start}"
                f"   0:00 {r.command}\n"
            )
        return 0
    if "-ef" in args or "-e" in args:
        p.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        for r in rows:
            start = time.strftime("%H:%M", time.gmtime(r.started))
            p.out(
                f"{r.user[:8]:<8} {r.pid:>7} {r.ppid:>7}  0 {start} {r.tty:<8}     00:00:00"
                f" {r.command}\n"
            )
        return 0
    p.out("    PID TTY          TIME CMD\n")
    for r in rows:
        if r.tty == "?":
            continue
        p.out(f"{r.pid:>7} {r.tty:<8} 00:00:00 {r.command.split()[0].rsplit('/', 1)[-1]}\n")
    return 0


def date(p: Process) -> int:
    now = p.machine.now()
    fmt = next((a[1:] for a in p.argv[1:] if a.startswith("+")), None)
    t = time.gmtime(now)
    if fmt is not None:
        fmt = fmt.replace("%N", "000000000").replace("%s", str(int(now)))
        p.out(time.strftime(fmt, t) + "\n")
        return 0
    p.out(time.strftime(f"%a %b {t.tm_mday:2d} %H:%M:%S UTC %Y", t) + "\n")
    return 0


def sleep(p: Process) -> int:
    total = 0.0
    if len(p.argv) < 2:
        p.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
        return 1
    for arg in p.argv[1:]:
        m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", arg)
        if not m:
            if busybox(p):
                p.err(f"sleep: invalid number '{arg}'\n")
            else:
                p.err(f"sleep: invalid time interval '{arg}'\n")
                p.err("Try 'sleep --help' for more information.\n")
            return 1
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    p.machine.sleep(min(total, 86400.0))
    return 0


def which(p: Process) -> int:
    shell = p.state.get("shell")
    status = 0
    for name in [a for a in p.argv[1:] if not a.startswith("-")]:
        found = shell.find_in_path(name, p.env) if shell is not None else None  # type: ignore[attr-defined]
        if found:
            p.out(found + "\n")
        else:
            status = 1
    return status


def true(p: Process) -> int:
    return 0


def false(p: Process) -> int:
    return 1


def pwd(p: Process) -> int:
    p.out(p.cwd + "\n")
    return 0


def clear(p: Process) -> int:
    shell = p.state.get("shell")
    if shell is not None and p.stdout.is_terminal:
        shell.clear = True  # type: ignore[attr-defined]
    else:
        p.out("\x1b[H\x1b[2J\x1b[3J")
    return 0


def editor(p: Process) -> int:
    shell = p.state.get("shell")
    ctx = getattr(shell, "ctx", None)
    p.err(message("editor", ctx, name=p.name) + "\n")
    return 1


def history(p: Process) -> int:
    shell = p.state.get("shell")
    if shell is None:
        return 0
    for i, line in enumerate(shell.session.history, 1):  # type: ignore[attr-defined]
        p.out(f"{i:5d}  {line}\n")
    return 0
