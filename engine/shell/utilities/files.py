"""File utilities: ls, touch, mkdir, rm, rmdir, cp, mv, ln, chmod, chown, stat, find, du, df."""

from __future__ import annotations

import functools
import math
import posixpath
import time
import zlib
from dataclasses import replace

from engine.fs import FsError, Node, UnionFS, link_node, normpath
from engine.process import Process
from engine.shell.expand import pattern_regex
from engine.shell.utilities.common import (
    busybox,
    getopt,
    human,
    ids_by_name,
    invalid_option,
    mode_string,
    names_by_id,
)

TERMINAL_WIDTH = 80
MAX_ENTRIES = 5000


def _set_node(fs: UnionFS, path: str, cwd: str, node: Node) -> None:
    """Replace an entry's metadata (chmod/chown), directories included.

    ``put_node`` leaves an existing directory alone, so go through the same private write path
    it uses; that keeps copy-up behaviour identical.
    """
    canonical = fs.resolve(path, cwd)
    existing = fs._raw(canonical)
    fs._put(canonical, node, copied_from=fs._lower_origin(canonical, existing))


# -- ls ---------------------------------------------------------------------------------------


def _blocks(node: Node) -> int:
    """1K blocks used, as GNU counts them (4K filesystem blocks)."""
    if node.kind == "dir":
        return 4
    if node.kind == "link":
        return 0
    return math.ceil(node.size / 4096) * 4


def _when(mtime: float, now: float) -> str:
    t = time.gmtime(mtime)
    month = time.strftime("%b", t)
    if now - 15_552_000 <= mtime <= now + 3600:
        return f"{month} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}"
    return f"{month} {t.tm_mday:2d}  {t.tm_year}"


def _columns(names: list[str]) -> str:
    """GNU's vertical column layout for a terminal 80 characters wide."""
    return _layout(tuple(names))


@functools.lru_cache(maxsize=512)
def _layout(names: tuple[str, ...]) -> str:
    # The same directories are listed again and again (`ls /`): lay each one out once.
    if not names:
        return ""
    n = len(names)
    for cols in range(min(n, TERMINAL_WIDTH // 3), 0, -1):
        rows = math.ceil(n / cols)
        cols_used = math.ceil(n / rows)
        widths = [max(len(x) for x in names[c * rows : (c + 1) * rows]) for c in range(cols_used)]
        total = sum(w + 2 for w in widths[:-1]) + widths[-1]
        if total <= TERMINAL_WIDTH or cols == 1:
            lines = []
            for r in range(rows):
                cells = []
                for c in range(cols_used):
                    i = c * rows + r
                    if i < n:
                        last = c == cols_used - 1 or (c + 1) * rows + r >= n
                        cells.append(names[i] if last else names[i].ljust(widths[c] + 2))
                lines.append("".join(cells))
            return "\n".join(lines) + "\n"
    return "\n".join(names) + "\n"


class _Ls:
    def __init__(self, p: Process, opts: dict[str, str]) -> None:
        self.p = p
        self.opts = opts
        self.long = "l" in opts or "n" in opts
        self._users: dict[int, str] | None = None
        self._groups: dict[int, str] | None = None
        self.now = p.machine.now()
        self.terminal = p.stdout.is_terminal and "1" not in opts

    # Owner names are read only for long listings: a plain `ls` never shows them.
    @property
    def users(self) -> dict[int, str]:
        if self._users is None:
            self._users = names_by_id(self.p, "/etc/passwd")
        return self._users

    @property
    def groups(self) -> dict[int, str]:
        if self._groups is None:
            self._groups = names_by_id(self.p, "/etc/group")
        return self._groups

    def entries(self, path: str) -> list[tuple[str, Node]]:
        fs = self.p.fs
        out: list[tuple[str, Node]] = []
        if "a" in self.opts:
            here = fs.stat(path, self.p.cwd)
            parent = fs.stat(posixpath.join(path, ".."), self.p.cwd)
            if here is not None:
                out.append((".", here))
            if parent is not None:
                out.append(("..", parent))
        show_hidden = "a" in self.opts or "A" in self.opts
        # One pass over the directory: its children need no lookup of their own.
        for name, node in fs.scandir(path, self.p.cwd)[:MAX_ENTRIES]:
            if name.startswith(".") and not show_hidden:
                continue
            out.append((name, node))
        return self.sorted(out)

    def sorted(self, items: list[tuple[str, Node]]) -> list[tuple[str, Node]]:
        if "t" in self.opts:
            items = sorted(items, key=lambda e: -e[1].mtime)
        elif "S" in self.opts:
            items = sorted(items, key=lambda e: -e[1].size)
        if "r" in self.opts:
            items = list(reversed(items))
        return items

    def links(self, path: str, node: Node) -> int:
        if node.kind != "dir":
            return 1
        fs = self.p.fs
        try:
            canonical = fs.resolve(path, self.p.cwd)
            names = fs.listdir(canonical)
        except FsError:
            return 2
        subdirs = 0
        for n in names:
            child = fs._raw(posixpath.join(canonical, n))
            subdirs += child is not None and child.kind == "dir"
        return 2 + subdirs

    def render(self, items: list[tuple[str, str, Node]], total: bool) -> str:
        """``items``: (shown name, full path, node)."""
        if not self.long:
            names = [name for name, _, _ in items]
            if self.terminal:
                return _columns(names)
            return "".join(n + "\n" for n in names)
        rows = []
        for name, path, node in items:
            size = 4096 if node.kind == "dir" else node.size
            size_text = human(size) if "h" in self.opts else str(size)
            user = str(node.uid) if "n" in self.opts else self.users.get(node.uid, str(node.uid))
            group = str(node.gid) if "n" in self.opts else self.groups.get(node.gid, str(node.gid))
            shown = name + (f" -> {node.target}" if node.kind == "link" else "")
            rows.append(
                (
                    mode_string(node),
                    str(self.links(path, node)),
                    user,
                    group,
                    size_text,
                    _when(node.mtime, self.now),
                    shown,
                )
            )
        widths = [max(len(r[i]) for r in rows) if rows else 0 for i in range(5)]
        out = []
        if total:
            blocks = sum(_blocks(node) for _, _, node in items)
            out.append(f"total {human(blocks * 1024) if 'h' in self.opts else blocks}\n")
        for r in rows:
            out.append(
                f"{r[0]} {r[1]:>{widths[1]}} {r[2]:<{widths[2]}} {r[3]:<{widths[3]}} "
                f"{r[4]:>{widths[4]}} {r[5]} {r[6]}\n"
            )
        return "".join(out)


def ls(p: Process) -> int:
    opts, paths, bad = getopt(
        p.argv[1:], "laAh1RdrtSFnC", long={"all": "a", "almost-all": "A", "human-readable": "h"}
    )
    if bad:
        return invalid_option(p, bad)
    ls_ = _Ls(p, opts)
    fs = p.fs
    status = 0
    files: list[tuple[str, str, Node]] = []
    dirs: list[tuple[str, str]] = []
    for arg in paths or ["."]:
        node = fs.lstat(arg, p.cwd)
        if node is None:
            if busybox(p):
                p.err(f"ls: {arg}: No such file or directory\n")
                status = 1
            else:
                p.err(f"ls: cannot access '{arg}': No such file or directory\n")
                status = 2
            continue
        follow = node.kind == "link" and (not ls_.long or arg.endswith("/"))
        target = fs.stat(arg, p.cwd) if follow else node
        if target is not None and target.kind == "dir" and "d" not in opts:
            dirs.append((arg, normpath(arg, p.cwd)))
        else:
            files.append((arg, normpath(arg, p.cwd), node))
    out: list[str] = []
    if files:
        out.append(ls_.render(files, total=False))
    queue = list(dirs)
    headers = len(paths) > 1 or "R" in opts
    first = not files
    count = 0
    while queue and count < 500:
        count += 1
        shown, path = queue.pop(0)
        try:
            entries = ls_.entries(path)
        except FsError as e:
            p.err(f"ls: cannot open directory '{shown}': {e.strerror}\n")
            status = 2
            continue
        if headers:
            out.append(("" if first else "\n") + f"{shown}:\n")
        first = False
        base = path.rstrip("/")
        items = [(name, f"{base}/{name}", node) for name, node in entries]
        out.append(ls_.render(items, total=True))
        if "R" in opts:
            subdirs = [
                (posixpath.join(shown, name), posixpath.join(path, name))
                for name, node in entries
                if node.kind == "dir" and name not in (".", "..")
            ]
            queue = subdirs + queue
    p.out("".join(out))
    return status


# -- creating and removing --------------------------------------------------------------------


def touch(p: Process) -> int:
    _opts, files, bad = getopt(p.argv[1:], "acm", "dtr")
    if bad:
        return invalid_option(p, bad)
    if not files:
        p.err("touch: missing file operand\nTry 'touch --help' for more information.\n")
        return 1
    status = 0
    for f in files:
        try:
            p.fs.touch(f, p.cwd)
        except FsError as e:
            if busybox(p):
                p.err(f"touch: {f}: {e.strerror}\n")
            else:
                p.err(f"touch: cannot touch '{f}': {e.strerror}\n")
            status = 1
    return status


def mkdir(p: Process) -> int:
    opts, dirs, bad = getopt(p.argv[1:], "pv", "m")
    if bad:
        return invalid_option(p, bad)
    if not dirs:
        p.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
        return 1
    status = 0
    for d in dirs:
        try:
            p.fs.mkdir(d, p.cwd, parents="p" in opts)
            if "v" in opts:
                p.out(f"mkdir: created directory '{d}'\n")
        except FsError as e:
            if busybox(p):
                p.err(f"mkdir: can't create directory '{d}': {e.strerror}\n")
            else:
                p.err(f"mkdir: cannot create directory '{d}': {e.strerror}\n")
            status = 1
    return status


def rm(p: Process) -> int:
    opts, files, bad = getopt(
        p.argv[1:], "rRfiv", long={"recursive": "r", "force": "f", "no-preserve-root": "P"}
    )
    if bad:
        return invalid_option(p, bad)
    recursive = "r" in opts or "R" in opts
    if not files and "f" not in opts:
        p.err("rm: missing operand\nTry 'rm --help' for more information.\n")
        return 1
    status = 0
    fs = p.fs
    for f in files:
        canonical = normpath(f, p.cwd)
        if canonical == "/" and recursive and "P" not in opts and not busybox(p):
            p.err("rm: it is dangerous to operate recursively on '/'\n")
            p.err("rm: use --no-preserve-root to override this failsafe\n")
            status = 1
            continue
        node = fs.lstat(f, p.cwd)
        if node is None:
            if "f" not in opts:
                if busybox(p):
                    p.err(f"rm: can't remove '{f}': No such file or directory\n")
                else:
                    p.err(f"rm: cannot remove '{f}': No such file or directory\n")
                status = 1
            continue
        if node.kind == "dir" and not recursive:
            if busybox(p):
                p.err(f"rm: '{f}' is a directory\n")
            else:
                p.err(f"rm: cannot remove '{f}': Is a directory\n")
            status = 1
            continue
        try:
            fs.remove(f, p.cwd, recursive=True)
            if "v" in opts:
                p.out(f"removed '{f}'\n")
        except FsError as e:
            verb = "can't" if busybox(p) else "cannot"
            p.err(f"rm: {verb} remove '{f}': {e.strerror}\n")
            status = 1
    return status


def rmdir(p: Process) -> int:
    _opts, dirs, bad = getopt(p.argv[1:], "pv")
    if bad:
        return invalid_option(p, bad)
    if not dirs:
        p.err("rmdir: missing operand\nTry 'rmdir --help' for more information.\n")
        return 1
    status = 0
    for d in dirs:
        node = p.fs.lstat(d, p.cwd)
        try:
            if node is None:
                raise FsError("ENOENT", d)
            if node.kind != "dir":
                raise FsError("ENOTDIR", d)
            p.fs.remove(d, p.cwd)
        except FsError as e:
            if busybox(p):
                p.err(f"rmdir: '{d}': {e.strerror}\n")
            else:
                p.err(f"rmdir: failed to remove '{d}': {e.strerror}\n")
            status = 1
    return status


def cp(p: Process) -> int:
    opts, args, bad = getopt(p.argv[1:], "rRapfvnuiPdL", long={"recursive": "r", "archive": "a"})
    if bad:
        return invalid_option(p, bad)
    return _copy_or_move(p, args, move=False, recursive=bool({"r", "R", "a"} & opts.keys()))


def mv(p: Process) -> int:
    _opts, args, bad = getopt(p.argv[1:], "fvniu")
    if bad:
        return invalid_option(p, bad)
    return _copy_or_move(p, args, move=True, recursive=True)


def _copy_or_move(p: Process, args: list[str], *, move: bool, recursive: bool) -> int:
    name = p.name
    if not args:
        p.err(f"{name}: missing file operand\nTry '{name} --help' for more information.\n")
        return 1
    if len(args) == 1:
        p.err(f"{name}: missing destination file operand after '{args[0]}'\n")
        p.err(f"Try '{name} --help' for more information.\n")
        return 1
    *sources, dest = args
    fs = p.fs
    if len(sources) > 1 and not fs.is_dir(dest, p.cwd):
        p.err(f"{name}: target '{dest}' is not a directory\n")
        return 1
    status = 0
    for src in sources:
        node = fs.lstat(src, p.cwd)
        if node is None:
            verb = "can't stat" if busybox(p) else "cannot stat"
            p.err(f"{name}: {verb} '{src}': No such file or directory\n")
            status = 1
            continue
        if node.kind == "dir" and not recursive:
            if busybox(p):
                p.err(f"cp: omitting directory '{src}'\n")
            else:
                p.err(f"cp: -r not specified; omitting directory '{src}'\n")
            status = 1
            continue
        try:
            if move:
                fs.rename(src, dest, p.cwd)
            else:
                fs.copy(src, dest, p.cwd, recursive=recursive)
        except FsError as e:
            if e.errno == "EINVAL":
                p.err(
                    f"{name}: cannot {'move' if move else 'copy'} a directory, '{src}', "
                    f"into itself, '{dest}'\n"
                )
            else:
                p.err(f"{name}: cannot create regular file '{dest}': {e.strerror}\n")
            status = 1
    return status


def ln(p: Process) -> int:
    opts, args, bad = getopt(p.argv[1:], "sfnvT")
    if bad:
        return invalid_option(p, bad)
    if not args:
        p.err("ln: missing file operand\nTry 'ln --help' for more information.\n")
        return 1
    target = args[0]
    link = args[1] if len(args) > 1 else posixpath.basename(target.rstrip("/"))
    fs = p.fs
    if fs.is_dir(link, p.cwd) and "n" not in opts:
        link = posixpath.join(link, posixpath.basename(target.rstrip("/")))
    if fs.lstat(link, p.cwd) is not None:
        if "f" not in opts:
            p.err(
                f"ln: failed to create {'symbolic' if 's' in opts else 'hard'} link "
                f"'{link}': File exists\n"
            )
            return 1
        fs.remove(link, p.cwd)
    try:
        if "s" in opts:
            fs.put_node(link, link_node(target, mtime=p.machine.now()), p.cwd)
        else:
            node = fs.stat(target, p.cwd)
            if node is None:
                p.err(f"ln: failed to access '{target}': No such file or directory\n")
                return 1
            fs.put_node(link, node, p.cwd)
    except FsError as e:
        p.err(f"ln: failed to create symbolic link '{link}': {e.strerror}\n")
        return 1
    return 0


def _apply_mode(spec: str, mode: int, is_dir: bool) -> int | None:
    if spec.isdigit():
        return int(spec, 8) & 0o7777
    for clause in spec.split(","):
        i = 0
        who = ""
        while i < len(clause) and clause[i] in "ugoa":
            who += clause[i]
            i += 1
        who = who or "a"
        if i >= len(clause) or clause[i] not in "+-=":
            return None
        op = clause[i]
        perms = clause[i + 1 :]
        if any(c not in "rwxX" for c in perms):
            return None
        bits = 0
        for c in perms:
            bits |= {"r": 4, "w": 2, "x": 1, "X": 1 if is_dir or mode & 0o111 else 0}[c]
        mask = 0
        for w in who.replace("a", "ugo"):
            shift = {"u": 6, "g": 3, "o": 0}[w]
            mask |= bits << shift
            if op == "=":
                mode &= ~(7 << shift)
        mode = mode | mask if op in "+=" else mode & ~mask
    return mode


def chmod(p: Process) -> int:
    args = [a for a in p.argv[1:] if a not in ("-R", "-v", "-f")]
    if len(args) < 2:
        msg = "missing operand" if not args else f"missing operand after '{args[0]}'"
        p.err(f"chmod: {msg}\nTry 'chmod --help' for more information.\n")
        return 1
    spec, files = args[0], args[1:]
    status = 0
    for f in files:
        node = p.fs.stat(f, p.cwd)
        if node is None:
            p.err(f"chmod: cannot access '{f}': No such file or directory\n")
            status = 1
            continue
        mode = _apply_mode(spec, node.mode, node.kind == "dir")
        if mode is None:
            p.err(f"chmod: invalid mode: '{spec}'\nTry 'chmod --help' for more information.\n")
            return 1
        _set_node(p.fs, f, p.cwd, replace(node, mode=mode, mtime=node.mtime))
    return status


def chown(p: Process) -> int:
    args = [a for a in p.argv[1:] if a not in ("-R", "-v", "-h")]
    if len(args) < 2:
        msg = "missing operand" if not args else f"missing operand after '{args[0]}'"
        p.err(f"chown: {msg}\nTry 'chown --help' for more information.\n")
        return 1
    spec, files = args[0], args[1:]
    user, _, group = spec.partition(":")
    users, groups = ids_by_name(p, "/etc/passwd"), ids_by_name(p, "/etc/group")
    uid = int(user) if user.isdigit() else users.get(user) if user else None
    gid = int(group) if group.isdigit() else groups.get(group) if group else None
    if user and uid is None:
        p.err(f"chown: invalid user: '{spec}'\n")
        return 1
    if group and gid is None:
        p.err(f"chown: invalid group: '{spec}'\n")
        return 1
    status = 0
    for f in files:
        node = p.fs.stat(f, p.cwd)
        if node is None:
            p.err(f"chown: cannot access '{f}': No such file or directory\n")
            status = 1
            continue
        new = replace(
            node, uid=node.uid if uid is None else uid, gid=node.gid if gid is None else gid
        )
        _set_node(p.fs, f, p.cwd, new)
    return status


def stat(p: Process) -> int:
    _opts, files, bad = getopt(p.argv[1:], "Lt", "cf")
    if bad:
        return invalid_option(p, bad)
    if not files:
        p.err("stat: missing operand\nTry 'stat --help' for more information.\n")
        return 1
    users, groups = names_by_id(p, "/etc/passwd"), names_by_id(p, "/etc/group")
    status = 0
    for f in files:
        node = p.fs.lstat(f, p.cwd)
        if node is None:
            if busybox(p):
                p.err(f"stat: can't stat '{f}': No such file or directory\n")
            else:
                p.err(f"stat: cannot statx '{f}': No such file or directory\n")
            status = 1
            continue
        kind = {"dir": "directory", "link": "symbolic link"}.get(
            node.kind, "regular file" if node.size else "regular empty file"
        )
        size = 4096 if node.kind == "dir" else node.size
        stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", time.gmtime(node.mtime))
        shown = f"{f} -> {node.target}" if node.kind == "link" else f
        inode = zlib.crc32(normpath(f, p.cwd).encode()) % 900_000 + 100_000
        p.out(
            f"  File: {shown}\n"
            f"  Size: {size:<10}\tBlocks: {_blocks(node) * 2:<10} IO Block: 4096   {kind}\n"
            f"Device: 0,52\tInode: {inode:<11} Links: {2 if node.kind == 'dir' else 1}\n"
            f"Access: ({node.mode & 0o7777:04o}/{mode_string(node)})  "
            f"Uid: ({node.uid:5d}/{users.get(node.uid, 'UNKNOWN'):>8})   "
            f"Gid: ({node.gid:5d}/{groups.get(node.gid, 'UNKNOWN'):>8})\n"
            f"Access: {stamp}\nModify: {stamp}\nChange: {stamp}\n Birth: -\n"
        )
    return status


def find(p: Process) -> int:
    args = p.argv[1:]
    paths: list[str] = []
    while args and not args[0].startswith("-") and args[0] not in ("!", "("):
        paths.append(args.pop(0))
    name_rx = None
    iname = False
    kind = None
    maxdepth = 10_000
    mindepth = 0
    i = 0
    while i < len(args):
        a = args[i]
        value = args[i + 1] if i + 1 < len(args) else None
        if a in ("-name", "-iname", "-type", "-maxdepth", "-mindepth") and value is None:
            p.err(f"find: missing argument to `{a}'\n")
            return 1
        if a in ("-name", "-iname"):
            iname = a == "-iname"
            name_rx = pattern_regex(value.lower() if iname else value)  # type: ignore[union-attr]
        elif a == "-type":
            kind = {"f": "file", "d": "dir", "l": "link"}.get(value or "", "?")
        elif a == "-maxdepth":
            maxdepth = int(value) if (value or "").isdigit() else 0
        elif a == "-mindepth":
            mindepth = int(value) if (value or "").isdigit() else 0
        elif a == "-print":
            i += 1
            continue
        else:
            p.err(f"find: unknown predicate `{a}'\n")
            return 1
        i += 2
    status = 0
    found = 0
    for start in paths or ["."]:
        base = normpath(start, p.cwd)
        node = p.fs.lstat(start, p.cwd)
        if node is None:
            p.err(f"find: '{start}': No such file or directory\n")
            status = 1
            continue
        candidates = [(start, node, 0)]
        if node.kind == "dir":
            for path, child in p.fs.walk(base):
                depth = path[len(base.rstrip("/")) :].count("/")
                if depth > maxdepth:
                    continue
                shown = start.rstrip("/") + path[len(base.rstrip("/")) :] if start != "/" else path
                candidates.append((shown, child, depth))
                if len(candidates) > 20_000:
                    break
        for shown, n, depth in candidates:
            if depth < mindepth or depth > maxdepth:
                continue
            if kind is not None and n.kind != kind:
                continue
            if name_rx is not None:
                base_name = posixpath.basename(shown.rstrip("/")) or shown
                if not name_rx.match(base_name.lower() if iname else base_name):
                    continue
            p.out(shown + "\n")
            found += 1
    return status


def du(p: Process) -> int:
    opts, paths, bad = getopt(p.argv[1:], "shacxkm", "d")
    if bad:
        return invalid_option(p, bad)
    status = 0

    def show(total: int, name: str) -> None:
        p.out(f"{human(total * 1024) if 'h' in opts else total}\t{name}\n")

    for start in paths or ["."]:
        node = p.fs.lstat(start, p.cwd)
        if node is None:
            p.err(f"du: cannot access '{start}': No such file or directory\n")
            status = 1
            continue
        if node.kind != "dir":
            show(_blocks(node), start)
            continue
        base = normpath(start, p.cwd)
        sizes: dict[str, int] = {base: 4}
        order: list[str] = []
        for path, child in p.fs.walk(base):
            blocks = _blocks(child)
            if child.kind == "dir":
                sizes[path] = sizes.get(path, 0) + blocks
                order.append(path)
            parent = posixpath.dirname(path)
            while True:
                sizes[parent] = sizes.get(parent, 0) + blocks
                if parent in (base, "/"):
                    break
                parent = posixpath.dirname(parent)
        if "s" not in opts:
            for path in sorted(order, key=lambda x: -x.count("/")):
                show(sizes[path], start.rstrip("/") + path[len(base.rstrip("/")) :])
        show(sizes[base], start)
    return status


def df(p: Process) -> int:
    opts, _paths, bad = getopt(p.argv[1:], "hTaik")
    if bad:
        return invalid_option(p, bad)
    if "h" in opts:
        p.out(
            "Filesystem      Size  Used Avail Use% Mounted on\n"
            "overlay          59G   15G   42G  26% /\n"
            "tmpfs            64M     0   64M   0% /dev\n"
            "shm              64M     0   64M   0% /dev/shm\n"
            "/dev/sda1        59G   15G   42G  26% /etc/hosts\n"
        )
    else:
        p.out(
            "Filesystem     1K-blocks     Used Available Use% Mounted on\n"
            "overlay         61255652 14836112  43278208  26% /\n"
            "tmpfs              65536        0     65536   0% /dev\n"
            "shm                65536        0     65536   0% /dev/shm\n"
            "/dev/sda1       61255652 14836112  43278208  26% /etc/hosts\n"
        )
    return 0


# -- readlink, realpath -----------------------------------------------------------------------


def readlink(p: Process) -> int:
    """`readlink LINK` prints a link's target; `-f` (and `realpath`) the canonical path."""
    canonical = any(a in ("-f", "-e", "-m", "--canonicalize") for a in p.argv[1:])
    names = [a for a in p.argv[1:] if not a.startswith("-")]
    status = 0
    for name in names:
        answer = _canonical(p, name) if canonical else _link_target(p, name)
        if answer is None:
            status = 1
            continue
        p.out(answer + "\n")
    return status


def realpath(p: Process) -> int:
    names = [a for a in p.argv[1:] if not a.startswith("-")]
    if not names:
        p.err("realpath: missing operand\nTry 'realpath --help' for more information.\n")
        return 1
    status = 0
    for name in names:
        answer = _canonical(p, name)
        if answer is None:
            p.err(f"realpath: {name}: No such file or directory\n")
            status = 1
            continue
        p.out(answer + "\n")
    return status


def _link_target(p: Process, name: str) -> str | None:
    node = p.fs.lstat(name, p.cwd)
    return node.target if node is not None and node.kind == "link" else None


def _canonical(p: Process, name: str) -> str | None:
    """The path with every link followed; its directory must exist, as GNU `readlink -f` wants."""
    try:
        resolved = p.fs.resolve(name, p.cwd)
    except FsError:
        return None
    return resolved if p.fs.is_dir(posixpath.dirname(resolved)) else None
