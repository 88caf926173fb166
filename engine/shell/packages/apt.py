"""``apt-get`` (and ``apt``): update, install, remove, as Debian and Ubuntu images print them."""

from __future__ import annotations

import contextlib
import textwrap
from typing import Any

from engine.fs import FsError
from engine.process import Process
from engine.shell.packages.data import os_id, place, read_or_empty, table

LISTS = "/var/lib/apt/lists"
STATUS = "/var/lib/dpkg/status"
BASE_FILES = 6089  # "(Reading database ... N files and directories currently installed.)"


def size_text(size: int) -> str:
    """apt's sizes: ``72.3 kB``, ``1,412 kB``, ``12.9 MB`` (powers of 1000)."""
    if size < 1000:
        return f"{size} B"
    value = size / 1000
    for unit in ("kB", "MB", "GB"):
        if value < 100:
            return f"{value:.1f} {unit}"
        if value < 10000:
            return f"{round(value):,} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def _lock_error(p: Process) -> int:
    p.err(
        "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
    )
    p.err(
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n"
    )
    return 100


def _updated(p: Process) -> bool:
    try:
        return any(n.endswith("Packages.lz4") for n in p.fs.listdir(LISTS))
    except FsError:
        return False


def installed(p: Process) -> dict[str, str]:
    out: dict[str, str] = {}
    name = ""
    for line in read_or_empty(p, STATUS).splitlines():
        if line.startswith("Package: "):
            name = line[9:]
        elif line.startswith("Version: ") and name:
            out[name] = line[9:]
    return out


def update(p: Process) -> int:
    data = table("apt")
    sources = data["update"]["ubuntu" if os_id(p) == "ubuntu" else "debian"]
    total = 0
    for i, (what, size, filename) in enumerate(sources, 1):
        p.out(f"Get:{i} {what} [{size_text(size)}]\n")
        p.stdout.wait(0.15)
        total += size
        p.fs.mkdir(LISTS, parents=True)
        place(p, f"{LISTS}/{filename}", size, mode=0o644)
    p.out(f"Fetched {size_text(total)} in 2s ({size_text(total // 2)}/s)\n")
    p.out("Reading package lists... Done\n")
    return 0


def _resolve(names: list[str], packages: dict[str, Any], have: dict[str, str]) -> list[str]:
    """Packages to install, dependencies first."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name in have:
            return
        seen.add(name)
        for dep in packages[name]["depends"]:
            visit(dep)
        order.append(name)

    for n in names:
        visit(n)
    return order


def _wrapped(names: list[str]) -> str:
    return (
        textwrap.fill(" ".join(names), width=79, initial_indent="  ", subsequent_indent="  ") + "\n"
    )


def install(p: Process, names: list[str], assume_yes: bool) -> int:
    packages = table("apt")["packages"]
    p.out(
        "Reading package lists... Done\nBuilding dependency tree... Done\n"
        "Reading state information... Done\n"
    )
    # Before `apt-get update` the package lists are empty: nothing can be located.
    missing = [n for n in names if n not in packages] if _updated(p) else names
    if missing:
        p.err(f"E: Unable to locate package {missing[0]}\n")
        return 100
    have = installed(p)
    for n in names:
        if n in have:
            p.out(f"{n} is already the newest version ({have[n]}).\n")
    plan = _resolve(names, packages, have)
    if not plan:
        p.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    extra = sorted(n for n in plan if n not in names)
    if extra:
        p.out("The following additional packages will be installed:\n" + _wrapped(extra))
    p.out("The following NEW packages will be installed:\n" + _wrapped(sorted(plan)))
    download = sum(packages[n]["size"] for n in plan)
    disk = sum(packages[n]["installed"] for n in plan)
    p.out(f"0 upgraded, {len(plan)} newly installed, 0 to remove and 0 not upgraded.\n")
    p.out(f"Need to get {size_text(download)} of archives.\n")
    p.out(f"After this operation, {size_text(disk)} of additional disk space will be used.\n")
    if not assume_yes:
        p.out("Do you want to continue? [Y/n] Y\n")
    base = (
        "http://archive.ubuntu.com/ubuntu jammy/main"
        if os_id(p) == "ubuntu"
        else ("http://deb.debian.org/debian bookworm/main")
    )
    for i, n in enumerate(plan, 1):
        pkg = packages[n]
        p.out(f"Get:{i} {base} amd64 {n} amd64 {pkg['version']} [{size_text(pkg['size'])}]\n")
        p.stdout.wait(0.05)
    p.out(f"Fetched {size_text(download)} in 1s ({size_text(download)}/s)\n")
    p.err("debconf: delaying package configuration, since apt-utils is not installed\n")
    files = BASE_FILES + len(installed(p)) * 12
    for i, n in enumerate(plan):
        version = packages[n]["version"]
        deb = f"{n}_{version.split(':')[-1]}_amd64.deb"
        p.out(
            f"Selecting previously unselected package {n}:amd64.\n"
            if i
            else f"Selecting previously unselected package {n}:amd64.\n"
            f"(Reading database ... {files} files and directories currently installed.)\n"
        )
        p.out(f"Preparing to unpack .../{i:02d}-{deb} ...\n")
        p.out(f"Unpacking {n}:amd64 ({version}) ...\n")
    status_text = read_or_empty(p, STATUS)
    for n in plan:
        pkg = packages[n]
        for path, size in pkg["files"]:
            place(p, path, size)
        place(p, f"/usr/share/doc/{n}/copyright", 2100, mode=0o644)
        status_text += f"Package: {n}\nStatus: install ok installed\nVersion: {pkg['version']}\n\n"
        p.out(f"Setting up {n}:amd64 ({pkg['version']}) ...\n")
    p.fs.mkdir("/var/lib/dpkg", parents=True)
    p.fs.write(STATUS, status_text)
    p.out(f"Processing triggers for {table('apt')['trigger']} ...\n")
    return 0


def remove(p: Process, names: list[str]) -> int:
    packages = table("apt")["packages"]
    have = installed(p)
    p.out(
        "Reading package lists... Done\nBuilding dependency tree... Done\n"
        "Reading state information... Done\n"
    )
    gone = [n for n in names if n in have]
    for n in names:
        if n not in have:
            p.out(f"Package '{n}' is not installed, so not removed\n")
    if not gone:
        p.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    p.out("The following packages will be REMOVED:\n" + _wrapped(sorted(gone)))
    p.out(f"0 upgraded, 0 newly installed, {len(gone)} to remove and 0 not upgraded.\n")
    for n in gone:
        p.out(f"Removing {n} ({have[n]}) ...\n")
        for path, _size in packages.get(n, {}).get("files", []):
            with contextlib.suppress(FsError):
                p.fs.remove(path)
    kept = "".join(
        f"Package: {k}\nStatus: install ok installed\nVersion: {v}\n\n"
        for k, v in have.items()
        if k not in gone
    )
    p.fs.write(STATUS, kept)
    return 0


def apt_get(p: Process) -> int:
    args = p.argv[1:]
    flags = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    assume_yes = bool(flags & {"-y", "--yes", "-qy", "-yq", "--assume-yes"})
    if not words:
        if p.name == "apt":
            p.out("apt 2.6.1 (amd64)\nUsage: apt [options] command\n")
        else:
            p.out("apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n")
        return 1
    command, names = words[0], words[1:]
    if command in ("update", "install", "remove", "purge", "upgrade") and p.uid != 0:
        return _lock_error(p)
    if command == "update":
        return update(p)
    if command == "install":
        if not names:
            p.out(
                "Reading package lists... Done\nBuilding dependency tree... Done\n"
                "Reading state information... Done\n"
                "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
            )
            return 0
        return install(p, names, assume_yes)
    if command in ("remove", "purge"):
        return remove(p, names)
    if command in ("upgrade", "clean", "autoremove"):
        if command == "upgrade":
            p.out(
                "Reading package lists... Done\nBuilding dependency tree... Done\n"
                "Reading state information... Done\nCalculating upgrade... Done\n"
                "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
            )
        return 0
    p.err(f"E: Invalid operation {command}\n")
    return 100
