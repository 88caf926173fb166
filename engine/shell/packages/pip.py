"""``pip install``: Collecting / Downloading / Successfully installed, files in site-packages."""

from __future__ import annotations

import re

from engine.fs import FsError
from engine.process import Process
from engine.shell.packages.data import place, table

ROOT_WARNING = (
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
    "behaviour with the system package manager. It is recommended to use a virtual environment "
    "instead: https://pip.pypa.io/warnings/venv\n"
)


def site_packages(p: Process) -> str:
    return f"/usr/local/lib/python{_python_minor(p)}/site-packages"


def _python_minor(p: Process) -> str:
    """The python pip runs on (`3.11`): the newest one installed under /usr/local/lib."""
    try:
        names = p.fs.listdir("/usr/local/lib")
    except FsError:
        names = []
    versions = sorted(
        (n.removeprefix("python") for n in names if re.fullmatch(r"python3\.\d+", n)),
        key=lambda minor: int(minor.split(".")[1]),
    )
    return versions[-1] if versions else "3.12"


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def pip(p: Process) -> int:
    args = p.argv[1:]
    if not args or args[0] not in ("install", "list", "freeze", "--version", "-V", "uninstall"):
        if args and args[0] not in ("-h", "--help"):
            p.err(f'ERROR: unknown command "{args[0]}"\n')
            return 1
        p.out("\nUsage:   \n  pip <command> [options]\n")
        return 0 if args else 1
    packages = table("pip")["packages"]
    site = site_packages(p)
    if args[0] in ("--version", "-V"):
        p.out(f"pip 24.0 from {site}/pip (python {_python_minor(p)})\n")
        return 0
    if args[0] in ("list", "freeze"):
        installed = _installed(p, site)
        if args[0] == "list":
            p.out("Package    Version\n---------- -------\npip        24.0\n")
        for name, version in installed:
            p.out(f"{name}=={version}\n" if args[0] == "freeze" else f"{name:<10} {version}\n")
        return 0
    if args[0] == "uninstall":
        return 0
    names = [a for a in args[1:] if not a.startswith("-")]
    if not names:
        p.err('ERROR: You must give at least one requirement to install (see "pip help install")\n')
        return 1
    plan: list[tuple[str, str | None]] = []  # (key, required by)
    for raw in names:
        key = re.split(r"[<>=!~\[]", raw)[0].lower()
        if key not in packages:
            p.out(
                f"ERROR: Could not find a version that satisfies the requirement {raw} "
                "(from versions: none)\n"
            )
            p.err(f"ERROR: No matching distribution found for {raw}\n")
            return 1
        plan.append((key, None))
    i = 0
    while i < len(plan) and i < 200:
        key, _ = plan[i]
        for dep in packages[key]["deps"]:
            dkey = re.split(r"[<>=!~\[;]", dep)[0].lower()
            if dkey in packages and dkey not in [k for k, _ in plan]:
                plan.append((dkey, packages[key]["name"]))
        i += 1
    have = {n.lower() for n, _ in _installed(p, site)}
    for key, by in plan:
        pkg = packages[key]
        wheel = f"{pkg['name'].lower()}-{pkg['version']}-py3-none-any.whl"
        spec = (
            next(
                (
                    d
                    for d in packages.get(by.lower() if by else "", {}).get("deps", [])
                    if d.lower().startswith(key)
                ),
                pkg["name"],
            )
            if by
            else pkg["name"]
        )
        if key in have:
            p.out(f"Requirement already satisfied: {pkg['name']} in {site} ({pkg['version']})\n")
            continue
        p.out(f"Collecting {spec}" + (f" (from {by})" if by else "") + "\n")
        p.out(f"  Downloading {wheel}.metadata ({_kb(pkg['wheel'] // 30)})\n")
        p.stdout.wait(0.1)
    todo = [k for k, _ in plan if k not in have]
    for key in todo:
        pkg = packages[key]
        size = pkg["wheel"]
        p.out(
            f"Downloading {pkg['name'].lower()}-{pkg['version']}-py3-none-any.whl ({_kb(size)})\n"
        )
        p.out(f"   {'━' * 40} {_kb(size).split()[0]}/{_kb(size)} 5.1 MB/s eta 0:00:00\n")
    if not todo:
        return 0
    ordered = sorted(todo, key=lambda k: packages[k]["name"])
    p.out(
        "Installing collected packages: "
        + ", ".join(packages[k]["name"] for k in reversed(todo))
        + "\n"
    )
    for key in todo:
        pkg = packages[key]
        base = f"{site}/{pkg['name'].lower()}"
        place(p, f"{base}/__init__.py", pkg["installed"], mode=0o644)
        place(
            p, f"{site}/{pkg['name'].lower()}-{pkg['version']}.dist-info/METADATA", 3000, mode=0o644
        )
    p.out(
        "Successfully installed "
        + " ".join(f"{packages[k]['name']}-{packages[k]['version']}" for k in ordered)
        + "\n"
    )
    if p.uid == 0:
        p.out(ROOT_WARNING)
    return 0


def _installed(p: Process, site: str) -> list[tuple[str, str]]:
    try:
        names = p.fs.listdir(site)
    except FsError:
        return []
    out = []
    for n in names:
        m = re.fullmatch(r"(.+)-([^-]+)\.dist-info", n)
        if m:
            out.append((m.group(1), m.group(2)))
    return out
