"""``npm install``: reads package.json, fills node_modules, writes package-lock.json. `npm -v`
and `npx -v` answer the version of the npm installed in the image."""

from __future__ import annotations

import difflib
import json
from typing import Any

from engine.fs import FsError, file_node
from engine.process import Process
from engine.shell.packages.data import place, table

NPM_VERSION = "10.5.0"  # the npm that node 18.20.2 ships, for a tree without npm's package.json
NODE_VERSION = "18.20.2"  # for an environment without NODE_VERSION (the official images set it)
NPM_HOME = "/usr/local/lib/node_modules/npm"
VERSION_FLAGS = ("-v", "--version")


def npm_version(p: Process) -> str:
    """The npm the image ships: each node release bundles its own (node 18.17.1 has 9.6.7)."""
    try:
        data = json.loads(p.fs.read(f"{NPM_HOME}/package.json"))
    except (FsError, ValueError):
        return NPM_VERSION
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else NPM_VERSION


def read_manifest(p: Process) -> dict[str, Any] | None:
    try:
        data = json.loads(p.fs.read("package.json", p.cwd))
    except FsError:
        return None
    except ValueError:
        return {"__invalid__": True}
    return data if isinstance(data, dict) else {"__invalid__": True}


def npm(p: Process) -> int:
    args = p.argv[1:]
    own = args[: args.index("--")] if "--" in args else args  # after `--`: the script's
    if any(a in VERSION_FLAGS for a in own):  # `npm -v`, and `npm install --version` too
        p.out(npm_version(p) + "\n")
        return 0
    data = table("npm")
    words = [a for a in args if not a.startswith("-")]
    if not words:
        p.out(
            f"npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\n"
            f"npm install <foo>  add the <foo> dependency to your project\n"
            f"npm test           run this project's tests\nnpm run <foo>      run the script named <foo>\n\n"
            f"npm@{npm_version(p)} {NPM_HOME}\n"
        )
        return 1
    command, names = words[0], words[1:]
    if command not in data["commands"]:
        p.err(f'Unknown command: "{command}"\n')
        close = difflib.get_close_matches(command, data["commands"], n=1)
        if close:
            p.err(f"\nDid you mean this?\n  npm {close[0]} # {_describe(close[0])}\n")
        p.err("To see a list of supported npm commands, run:\n  npm help\n")
        return 1
    if command in ("install", "i", "add", "ci"):
        return _install(p, names, dev="--save-dev" in args or "-D" in args)
    if command == "version":
        node = p.env.get("NODE_VERSION") or NODE_VERSION
        p.out(f"{{ npm: '{npm_version(p)}', node: '{node}' }}\n")
        return 0
    if command in ("start", "run", "test", "t"):
        manifest = read_manifest(p) or {}
        script = names[0] if command == "run" and names else command if command != "t" else "test"
        scripts = manifest.get("scripts", {}) if isinstance(manifest.get("scripts"), dict) else {}
        if script not in scripts:
            p.err(
                f'npm ERR! Missing script: "{script}"\nnpm ERR!\nnpm ERR! To see a list of '
                "scripts, run:\nnpm ERR!   npm run\n"
            )
            return 1
        p.out(
            f"\n> {manifest.get('name', 'app')}@{manifest.get('version', '1.0.0')} {script}\n"
            f"> {scripts[script]}\n\n"
        )
        return 0
    return 0


def npx(p: Process) -> int:
    """npx runs a package's command through `npm exec`; only asking its version is modelled."""
    if any(a in VERSION_FLAGS for a in p.argv[1:2]):
        p.out(npm_version(p) + "\n")
    return 0


def _describe(command: str) -> str:
    return {
        "install": "Install a package",
        "uninstall": "Remove a package",
        "init": "Create a package.json file",
        "run": "Run arbitrary package scripts",
        "update": "Update packages",
        "test": "Test a package",
    }.get(command, command)


def _install(p: Process, names: list[str], *, dev: bool) -> int:
    data = table("npm")["packages"]
    manifest = read_manifest(p)
    if manifest is not None and manifest.get("__invalid__"):
        p.err(
            "npm ERR! code EJSONPARSE\nnpm ERR! JSON.parse Invalid package.json: "
            "JSONParseError: Unexpected token in JSON\n"
        )
        return 1
    for n in names:
        base = n.split("@")[0] if not n.startswith("@") else n
        if base not in data:
            p.err(
                f"npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/{base}"
                f" - Not found\nnpm ERR! 404\nnpm ERR! 404  '{base}@*' is not in this registry.\n"
            )
            return 1
    if manifest is None:
        manifest = {}
    key = "devDependencies" if dev else "dependencies"
    if names:
        deps = manifest.setdefault(key, {})
        for n in names:
            deps[n] = "^" + data[n]["version"]
        p.fs.write("package.json", json.dumps(manifest, indent=2) + "\n", p.cwd)
    wanted: dict[str, str] = {}
    for section in ("dependencies", "devDependencies"):
        block = manifest.get(section)
        if isinstance(block, dict):
            wanted.update({str(k): str(v) for k, v in block.items()})
    all_names, added, funding = fill_node_modules(p, wanted)
    lock = {
        "name": manifest.get("name", p.cwd.rsplit("/", 1)[-1] or "app"),
        "version": manifest.get("version", "1.0.0"),
        "lockfileVersion": 3,
        "requires": True,
        "packages": {
            f"node_modules/{n}": {"version": data.get(n, {}).get("version", "1.0.0")}
            for n in all_names
        },
    }
    p.fs.write("package-lock.json", json.dumps(lock, indent=2) + "\n", p.cwd)
    seconds = max(1, len(all_names) // 20)
    p.stdout.wait(seconds)
    if added:
        p.out(
            f"\nadded {added} package{'s' if added != 1 else ''}, and audited {len(all_names) + 1} "
            f"packages in {seconds}s\n"
        )
    else:
        p.out(
            f"\nup to date, audited {len(all_names) + 1} package{'s' if all_names else ''} in "
            f"{seconds}s\n"
        )
    if funding:
        p.out(
            f"\n{funding} package{'s are' if funding != 1 else ' is'} looking for funding\n"
            "  run `npm fund` for details\n"
        )
    p.out("\nfound 0 vulnerabilities\n")
    return 0


def fill_node_modules(p: Process, wanted: dict[str, str]) -> tuple[list[str], int, int]:
    """Put the wanted packages and their dependencies in ./node_modules (npm and yarn share the
    layout): every package's name, how many were new, and how many ask for funding."""
    data = table("npm")["packages"]
    all_names: list[str] = []
    funding = 0
    for name in wanted:
        info = data.get(name, {"version": wanted[name].lstrip("^~"), "size": 50000, "deps": []})
        funding += info.get("funding", 0)
        for dep in [name, *info["deps"]]:
            if dep not in all_names:
                all_names.append(dep)
    now = p.machine.now()
    if all_names:
        p.fs.mkdir("node_modules", p.cwd, parents=True)
    added = 0
    for name in all_names:
        directory = f"node_modules/{name}"
        if p.fs.exists(directory, p.cwd):
            continue
        added += 1
        info = data.get(name, {"version": "1.0.0", "size": 24000})
        version = info["version"] if name in data else "1.0.0"
        p.fs.mkdir(directory, p.cwd, parents=True)
        pkg = json.dumps({"name": name, "version": version, "main": "index.js"}, indent=2) + "\n"
        p.fs.put_node(f"{directory}/package.json", file_node(pkg, mtime=now), p.cwd)
        target = (
            f"{p.cwd.rstrip('/')}/{directory}/index.js"
            if not directory.startswith("/")
            else directory
        )
        place(p, target, int(info.get("size", 24000)), mode=0o644)
    return all_names, added, funding
