"""Alpine's ``apk``: add, del, update, as alpine:3.19 prints them."""

from __future__ import annotations

import contextlib

from engine.fs import FsError
from engine.process import Process
from engine.shell.packages.data import place, read_or_empty, table

DB = "/lib/apk/db/installed"


def _installed(p: Process) -> dict[str, str]:
    out: dict[str, str] = {}
    name = ""
    for line in read_or_empty(p, DB).splitlines():
        if line.startswith("P:"):
            name = line[2:]
        elif line.startswith("V:") and name:
            out[name] = line[2:]
    return out


def _summary(p: Process, have: dict[str, str]) -> str:
    data = table("apk")
    packages = data["packages"]
    extra = [n for n in have if n in packages]
    count = max(len(have), data["base_packages"] + len(extra))
    size = data["base_mib"] * 1024 * 1024 + sum(packages[n]["installed"] for n in extra)
    return f"OK: {round(size / 1024 / 1024)} MiB in {count} packages\n"


def _fetch(p: Process) -> None:
    for url in table("apk")["indexes"]:
        p.out(f"fetch {url}\n")
        p.stdout.wait(0.2)


def apk(p: Process) -> int:
    args = p.argv[1:]
    words = [a for a in args if not a.startswith("-")]
    if not words:
        p.out(
            "apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND "
            "[<ARGUMENTS>...]\n"
        )
        return 1
    command, names = words[0], words[1:]
    data = table("apk")
    packages = data["packages"]
    if command in ("add", "del", "update") and p.uid != 0:
        p.err(
            "ERROR: Unable to lock database: Permission denied\n"
            "ERROR: Failed to open apk database: Permission denied\n"
        )
        return 99
    if command == "update":
        _fetch(p)
        p.out(
            "v3.19.4-30-g0b6b8a7 [https://dl-cdn.alpinelinux.org/alpine/v3.19/main]\n"
            "v3.19.4-28-g4e2b5c8 [https://dl-cdn.alpinelinux.org/alpine/v3.19/community]\n"
            f"OK: {data['available']} distinct packages available\n"
        )
        return 0
    if command == "add":
        _fetch(p)
        unknown = [n for n in names if n not in packages]
        if unknown:
            p.err("ERROR: unable to select packages:\n")
            for n in unknown:
                p.err(f"  {n} (no such package):\n    required by: world[{n}]\n")
            return len(unknown)
        have = _installed(p)
        plan: list[str] = []

        def visit(name: str) -> None:
            if name in plan or name in have:
                return
            for dep in packages[name]["depends"]:
                visit(dep)
            if name not in plan:
                plan.append(name)

        for n in names:
            visit(n)
        db = read_or_empty(p, DB)
        for i, n in enumerate(plan, 1):
            pkg = packages[n]
            p.out(f"({i}/{len(plan)}) Installing {n} ({pkg['version']})\n")
            p.stdout.wait(0.05)
            for path, size in pkg["files"]:
                place(p, path, size)
            db += f"P:{n}\nV:{pkg['version']}\n\n"
            have[n] = pkg["version"]
        for n in plan:
            if packages[n].get("trigger"):
                p.out(f"Executing {n}-{packages[n]['version']}.trigger\n")
        if plan:
            p.out("Executing busybox-1.36.1-r20.trigger\n")
            p.fs.mkdir("/lib/apk/db", parents=True)
            p.fs.write(DB, db)
        p.out(_summary(p, have))
        return 0
    if command == "del":
        have = _installed(p)
        for i, n in enumerate([n for n in names if n in have], 1):
            p.out(f"({i}/{len(names)}) Purging {n} ({have[n]})\n")
            for path, _size in packages.get(n, {}).get("files", []):
                with contextlib.suppress(FsError):
                    p.fs.remove(path)
            del have[n]
        p.fs.write(DB, "".join(f"P:{k}\nV:{v}\n\n" for k, v in have.items()))
        p.out(_summary(p, have))
        return 0
    p.err(f"apk: applet not found: {command}\n" if command else "")
    return 1
