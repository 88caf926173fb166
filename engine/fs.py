"""Filesystems: immutable layers, a container's union view with copy-on-write, plain stores.

A *store* is a flat ``dict[str, Node]`` keyed by absolute, normalised paths ("/etc/hosts").
Image layers are frozen stores; a container's writable layer, a volume and the host are mutable
stores. ``UnionFS`` stacks read-only layers under one writable store (overlayfs rules: copy-up on
write, whiteouts on delete, opaque directories) and overlays mounts (volumes, bind mounts).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

NodeKind = Literal["file", "dir", "link", "whiteout"]

ERRNO_TEXT = {
    "ENOENT": "No such file or directory",
    "EEXIST": "File exists",
    "ENOTDIR": "Not a directory",
    "EISDIR": "Is a directory",
    "ENOTEMPTY": "Directory not empty",
    "EROFS": "Read-only file system",
    "EACCES": "Permission denied",
    "ELOOP": "Too many levels of symbolic links",
    "EFBIG": "File too large",
    "EINVAL": "Invalid argument",
    "EBUSY": "Device or resource busy",
}

MAX_FILE_BYTES = 1_000_000
DEV_NULL = "/dev/null"


class FsError(Exception):
    """A failed filesystem call, carrying an errno name such as ``ENOENT``."""

    def __init__(self, errno: str, path: str) -> None:
        super().__init__(f"{path}: {ERRNO_TEXT[errno]}")
        self.errno = errno
        self.path = path

    @property
    def strerror(self) -> str:
        return ERRNO_TEXT[self.errno]


@dataclass(frozen=True, slots=True)
class Node:
    """One filesystem entry. ``text`` is None for opaque content (a binary of ``size`` bytes)."""

    kind: NodeKind
    mode: int = 0o644
    size: int = 0
    text: str | None = None
    target: str = ""
    uid: int = 0
    gid: int = 0
    mtime: float = 0.0
    opaque: bool = False  # a directory recreated over a whiteout hides what lies below it


WHITEOUT = Node("whiteout", mode=0)


def file_node(text: str, *, mode: int = 0o644, mtime: float = 0.0, uid: int = 0) -> Node:
    return Node(
        "file", mode=mode, size=len(text.encode()), text=text, mtime=mtime, uid=uid, gid=uid
    )


def blob_node(size: int, *, mode: int = 0o755, mtime: float = 0.0) -> Node:
    return Node("file", mode=mode, size=size, mtime=mtime)


def dir_node(*, mode: int = 0o755, mtime: float = 0.0, uid: int = 0) -> Node:
    return Node("dir", mode=mode, mtime=mtime, uid=uid, gid=uid)


def link_node(target: str, *, mtime: float = 0.0) -> Node:
    return Node("link", mode=0o777, size=len(target), target=target, mtime=mtime)


def normpath(path: str, cwd: str = "/") -> str:
    """Absolute, normalised path; relative paths are joined to ``cwd``."""
    if (
        path.startswith("/")
        and "//" not in path
        and "/." not in path
        and (len(path) == 1 or not path.endswith("/"))
    ):
        return path  # already normal: the common case, kept cheap
    if path and "/" not in path and path != "." and path != ".." and _is_normal(cwd):
        return ("" if cwd == "/" else cwd) + "/" + path  # one name in a normal directory
    if not path.startswith("/"):
        path = posixpath.join(cwd, path)
    path = posixpath.normpath(path)
    return "/" + path.lstrip("/") if path != "/" else "/"


def _is_normal(path: str) -> bool:
    return (
        path.startswith("/")
        and "//" not in path
        and "/." not in path
        and (len(path) == 1 or not path.endswith("/"))
    )


def parent_of(path: str) -> str:
    cut = path.rfind("/")
    return path[:cut] if cut > 0 else "/"


def ancestors(path: str) -> list[str]:
    """Proper ancestors of ``path`` from the root down, excluding "/" itself."""
    path = "/" + path.strip("/")
    out = []
    cut = path.find("/", 1)
    while cut > 0:
        out.append(path[:cut])
        cut = path.find("/", cut + 1)
    return out


def children_index(store: Mapping[str, Node]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in store:
        if path != "/":
            index.setdefault(parent_of(path), []).append(posixpath.basename(path))
    return index


def store_size(store: Mapping[str, Node]) -> int:
    return sum(n.size for n in store.values() if n.kind == "file")


@dataclass(frozen=True, slots=True, eq=False)
class Layer:
    """A read-only, content-addressed layer. ``id`` is its diff id (64 hex, no prefix)."""

    id: str
    entries: Mapping[str, Node]
    size: int = 0  # uncompressed bytes (as `docker history` shows)
    download_size: int = 0  # compressed bytes (pull progress)
    digest: str = ""  # compressed blob digest; its first 12 hex are shown while pulling
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def children(self, path: str) -> list[str]:
        if not self._children and self.entries:
            self._children.update(children_index(self.entries))
        return self._children.get(path, [])

    @property
    def short(self) -> str:
        return (self.digest or self.id)[:12]


@dataclass(frozen=True, slots=True)
class Mount:
    """A volume or bind mount: ``target`` in the container maps to ``prefix`` inside ``fs``."""

    target: str
    fs: UnionFS
    prefix: str = "/"
    read_only: bool = False

    def inner(self, path: str) -> str:
        rest = path[len(self.target) :] if self.target != "/" else path
        return normpath(self.prefix.rstrip("/") + "/" + rest.lstrip("/"))


CopyUpHook = Callable[[str, str], None]  # (path, id of the layer it came from)
WhiteoutHook = Callable[[str], None]


class UnionFS:
    """The view a process sees: ``upper`` over ``lower`` (bottom first), then ``mounts``.

    With no lower layers it is simply a plain mutable store (the host, a volume).
    """

    def __init__(
        self,
        upper: MutableMapping[str, Node],
        lower: Sequence[Layer] = (),
        mounts: Sequence[Mount] = (),
        *,
        read_only: bool = False,
        on_copy_up: CopyUpHook | None = None,
        on_whiteout: WhiteoutHook | None = None,
        clock: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.upper = upper
        self.lower = list(lower)
        self.mounts = sorted(mounts, key=lambda m: len(m.target), reverse=True)
        # (mount, "target/"): every container has a few mounts (/etc/hosts ...), looked at per path
        self._mount_prefixes = [(m, m.target.rstrip("/") + "/") for m in self.mounts]
        self.read_only = read_only
        self.on_copy_up = on_copy_up
        self.on_whiteout = on_whiteout
        self.clock = clock
        self._lower_key = tuple(layer.id for layer in self.lower)
        self._lower_tuple = tuple(self.lower)

    # -- lookup ---------------------------------------------------------------------------

    def _mount_for(self, path: str) -> Mount | None:
        for m, prefix in self._mount_prefixes:
            if path == m.target or path.startswith(prefix):
                return m
        return None

    def _union_lookup(self, path: str) -> tuple[Node | None, str]:
        """The visible node at ``path`` in the layer stack and the id of its layer ("" = upper)."""
        upper = self.upper
        node = upper.get(path)
        if node is not None:
            return (None, "") if node.kind == "whiteout" else (node, "")
        if not self.lower:
            return None, ""
        cut = path.find("/", 1)
        while cut > 0:  # a file, whiteout or opaque directory above hides the lower layers
            above = upper.get(path[:cut])
            if above is not None and (above.kind != "dir" or above.opaque):
                return None, ""
            cut = path.find("/", cut + 1)
        return _lower_lookup(self._lower_key, self._lower_tuple, path)

    def _raw(self, path: str) -> Node | None:
        """The node at a canonical path, without following a final symlink."""
        if path == "/":
            return self.upper.get("/") or dir_node()
        mount = self._mount_for(path) if self.mounts else None
        if mount is not None:
            inner = mount.inner(path)
            node = mount.fs._raw(inner)
            if node is None and path == mount.target:
                return dir_node()
            return node
        return self._union_lookup(path)[0]

    def resolve(self, path: str, cwd: str = "/", *, follow: bool = True) -> str:
        """Canonical path with symlinks in the directory part (and the last part if ``follow``)."""
        return self._resolve_node(path, cwd, follow)[0]

    def _resolve_node(self, path: str, cwd: str, follow: bool) -> tuple[str, Node | None]:
        """``resolve`` plus the node found there, so callers need not look it up again."""
        path = normpath(path, cwd)
        # Fast path: a visible node whose ancestors are all directories is already canonical.
        direct = self._raw(path)
        if direct is not None and (direct.kind != "link" or not follow):
            return path, direct
        if direct is None and path != "/":
            parent = self._raw(parent_of(path))
            if parent is not None and parent.kind == "dir":
                return path, None  # a missing name in a real directory (a PATH search miss)
        resolved = self._resolve_slow(path, follow)
        return resolved, self._raw(resolved)

    def _resolve_slow(self, path: str, follow: bool) -> str:
        parts = [p for p in path.split("/") if p]
        resolved = "/"
        hops = 0
        i = 0
        while i < len(parts):
            candidate = normpath(parts[i], resolved)
            node = self._raw(candidate)
            last = i == len(parts) - 1
            if node is not None and node.kind == "link" and (follow or not last):
                hops += 1
                if hops > 40:
                    raise FsError("ELOOP", path)
                target = normpath(node.target, resolved)
                parts = [p for p in target.split("/") if p] + parts[i + 1 :]
                resolved, i = "/", 0
                continue
            if node is not None and node.kind != "dir" and not last:
                raise FsError("ENOTDIR", path)
            resolved = candidate
            i += 1
        return resolved

    def lstat(self, path: str, cwd: str = "/") -> Node | None:
        try:
            return self._resolve_node(path, cwd, False)[1]
        except FsError:
            return None

    def stat(self, path: str, cwd: str = "/") -> Node | None:
        try:
            return self._resolve_node(path, cwd, True)[1]
        except FsError:
            return None

    def exists(self, path: str, cwd: str = "/") -> bool:
        return self.stat(path, cwd) is not None

    def is_dir(self, path: str, cwd: str = "/") -> bool:
        node = self.stat(path, cwd)
        return node is not None and node.kind == "dir"

    def origin_layer(self, path: str) -> str:
        """Id of the layer that provides the visible copy of ``path`` ("" = writable layer)."""
        return self._union_lookup(normpath(path))[1]

    def read(self, path: str, cwd: str = "/") -> str:
        node = self._resolve_node(path, cwd, True)[1]
        if node is None:
            raise FsError("ENOENT", path)
        if node.kind == "dir":
            raise FsError("EISDIR", path)
        if node.text is not None:
            return node.text
        return _binary_placeholder(node.size)

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        return sorted(self._listing(path, cwd)[1])

    def scandir(self, path: str, cwd: str = "/") -> list[tuple[str, Node]]:
        """``(name, node)`` for every visible entry of a directory, names sorted; the same as
        ``listdir`` followed by ``lstat`` of each child, without a lookup per child."""
        canonical, found = self._listing(path, cwd)
        prefix = "" if canonical == "/" else canonical
        out: list[tuple[str, Node]] = []
        for name in sorted(found):
            node = found[name]
            if node is None:
                node = self._raw(f"{prefix}/{name}")
            if node is not None:
                out.append((name, node))
        return out

    def _listing(self, path: str, cwd: str) -> tuple[str, dict[str, Node | None]]:
        """The canonical directory and its entries; a child maps to its node when known for
        certain, or to None when only ``_raw`` can say (mounts, odd layer stacks)."""
        canonical, node = self._resolve_node(path, cwd, True)
        if node is None:
            raise FsError("ENOENT", path)
        if node.kind != "dir":
            raise FsError("ENOTDIR", path)
        found: dict[str, Node | None] = {}
        mount = self._mount_for(canonical) if self.mounts else None
        if mount is not None:
            inner = mount.inner(canonical)
            if mount.fs._raw(inner) is not None:
                found = dict.fromkeys(mount.fs.listdir(inner))
        else:
            upper = self.upper
            prefix = "" if canonical == "/" else canonical
            shadowed = children_index_of(upper, canonical, with_whiteouts=True)
            for name in shadowed:
                child = upper[f"{prefix}/{name}"]
                if child.kind != "whiteout":
                    found[name] = child
            here = upper.get(canonical)
            if self.lower and (here is None or (here.kind == "dir" and not here.opaque)):
                below = _lower_listing(self._lower_key, self._lower_tuple, canonical)
                # Lower nodes are the visible ones unless something above hides a parent.
                exact = not any(
                    (above := upper.get(a)) is not None and (above.kind != "dir" or above.opaque)
                    for a in ancestors(canonical)
                )
                skip = set(shadowed)
                for name, lower_node in below.items():
                    if name not in skip:
                        found[name] = lower_node if exact else None
        # Mount points show up in their parent directory even when the image lacks them.
        for m in self.mounts:
            if m.target != canonical and parent_of(m.target) == canonical:
                found[posixpath.basename(m.target)] = None
        return canonical, found

    def which(
        self, name: str, search_path: str, *, executable: bool = True
    ) -> tuple[str, Node] | None:
        """A shell's PATH search: the first ``dir/name`` (``search_path`` is ``:``-separated)
        that is a file (with an execute bit when ``executable``), and its node (symlinks
        followed)."""
        if self.lower and "/" not in name:
            key = (self._lower_key, name, search_path, executable)
            hit = _WHICH_CACHE.get(key)
            if hit is None:
                probe = _Probe(self._lower_tuple)
                hit = (_search(probe, name, search_path, executable), frozenset(probe.consulted))
                if len(_WHICH_CACHE) >= _LOWER_CACHE_MAX // 10:
                    _WHICH_CACHE.clear()
                _WHICH_CACHE[key] = hit
            answer, consulted = hit
            # The layers' answer holds while the writable layer and the mounts leave every
            # path the search looked at (and their parents) alone.
            if self.upper.keys().isdisjoint(consulted) and not any(
                m.target in consulted or m.target == "/" for m in self.mounts
            ):
                return answer
        return _search(self, name, search_path, executable)

    def walk(self, path: str = "/") -> Iterator[tuple[str, Node]]:
        """Every visible entry below ``path`` (depth first, names sorted), not following links."""
        for name in self.listdir(path):
            child = normpath(name, path)
            node = self.lstat(child)
            if node is None:
                continue
            yield child, node
            if node.kind == "dir":
                yield from self.walk(child)

    # -- changes --------------------------------------------------------------------------

    def _writable_mount(self, canonical: str) -> Mount | None:
        mount = self._mount_for(canonical) if self.mounts else None
        if mount is not None and mount.read_only:
            raise FsError("EROFS", canonical)
        if mount is None and self.read_only:
            raise FsError("EROFS", canonical)
        return mount

    def _copy_up_parents(self, canonical: str) -> None:
        """overlayfs copies every parent directory into the writable layer before a change."""
        if not self.lower or self._mount_for(canonical) is not None:
            return
        for a in ancestors(canonical):
            if a not in self.upper:
                node, _ = self._union_lookup(a)
                if node is not None and node.kind == "dir":
                    self.upper[a] = node

    def _put(self, canonical: str, node: Node, *, copied_from: str = "") -> None:
        mount = self._writable_mount(canonical)
        if mount is not None:
            mount.fs._put(mount.inner(canonical), node)
            return
        if self.lower:
            self._copy_up_parents(canonical)
            if copied_from and self.on_copy_up is not None:
                self.on_copy_up(canonical, copied_from)
            if (
                node.kind == "dir"
                and self._union_lookup(canonical)[0] is None
                and canonical in self.upper
            ):
                node = replace(node, opaque=True)  # recreated over a whiteout
        self.upper[canonical] = node

    def write(
        self, path: str, text: str, cwd: str = "/", *, append: bool = False, mode: int | None = None
    ) -> None:
        canonical = self.resolve(path, cwd)
        if canonical == DEV_NULL:
            return  # the null device swallows writes (`curl -o /dev/null`, `tee /dev/null`)
        self._check_parent(canonical, path)
        node = self._raw(canonical)
        if node is not None and node.kind == "dir":
            raise FsError("EISDIR", path)
        if append and node is not None:
            text = self.read(canonical) + text
        if len(text.encode()) > MAX_FILE_BYTES:
            raise FsError("EFBIG", path)
        from_layer = self._lower_origin(canonical, node)
        new = file_node(
            text,
            mode=mode if mode is not None else (node.mode if node else 0o644),
            mtime=self.clock(),
            uid=node.uid if node else 0,
        )
        self._put(canonical, new, copied_from=from_layer)

    def put_node(self, path: str, node: Node, cwd: str = "/") -> None:
        """Place a prepared node (a binary blob from a package manager, a copied file)."""
        canonical = self.resolve(path, cwd, follow=node.kind != "link")
        self._check_parent(canonical, path)
        existing = self._raw(canonical)
        if existing is not None and existing.kind == "dir" and node.kind != "dir":
            raise FsError("EISDIR", path)
        if node.kind == "dir" and existing is not None and existing.kind == "dir":
            return
        self._put(canonical, node, copied_from=self._lower_origin(canonical, existing))

    def touch(self, path: str, cwd: str = "/") -> None:
        canonical = self.resolve(path, cwd)
        node = self._raw(canonical)
        if node is None:
            self.write(canonical, "")
        else:
            self._check_parent(canonical, path)
            self._put(
                canonical,
                replace(node, mtime=self.clock()),
                copied_from=self._lower_origin(canonical, node),
            )

    def mkdir(self, path: str, cwd: str = "/", *, parents: bool = False, mode: int = 0o755) -> None:
        canonical = self.resolve(path, cwd)
        node = self._raw(canonical)
        if node is not None:
            if parents and node.kind == "dir":
                return
            raise FsError("EEXIST", path)
        parent = parent_of(canonical)
        if not self.is_dir(parent):
            if not parents:
                raise FsError("ENOENT" if self.stat(parent) is None else "ENOTDIR", path)
            self.mkdir(parent, parents=True, mode=mode)
        self._put(canonical, Node("dir", mode=mode, mtime=self.clock()))

    def remove(self, path: str, cwd: str = "/", *, recursive: bool = False) -> None:
        canonical = self.resolve(path, cwd, follow=False)
        node = self._raw(canonical)
        if node is None:
            raise FsError("ENOENT", path)
        if node.kind == "dir" and not recursive and self.listdir(canonical):
            raise FsError("ENOTEMPTY", path)
        if any(m.target == canonical for m in self.mounts):
            raise FsError("EBUSY", path)
        mount = self._writable_mount(canonical)
        if mount is not None:
            mount.fs.remove(mount.inner(canonical), recursive=True)
            return
        prefix = canonical.rstrip("/") + "/"
        for key in [k for k in self.upper if k.startswith(prefix)]:
            del self.upper[key]
        if any(_lower_has(layer, canonical) for layer in self.lower):
            self._copy_up_parents(canonical)
            self.upper[canonical] = WHITEOUT
            if self.on_whiteout is not None:
                self.on_whiteout(canonical)
        else:
            self.upper.pop(canonical, None)

    def rename(self, src: str, dst: str, cwd: str = "/") -> None:
        self.copy(src, dst, cwd, recursive=True)
        self.remove(src, cwd, recursive=True)

    def copy(self, src: str, dst: str, cwd: str = "/", *, recursive: bool = False) -> None:
        source = self.resolve(src, cwd)
        node = self._raw(source)
        if node is None:
            raise FsError("ENOENT", src)
        target = self.resolve(dst, cwd)
        if self.is_dir(target):
            target = normpath(posixpath.basename(source), target)
        if node.kind == "dir":
            if not recursive:
                raise FsError("EISDIR", src)
            if target == source or target.startswith(source.rstrip("/") + "/"):
                raise FsError("EINVAL", dst)
            if not self.exists(target):
                self.mkdir(target)
            for name in self.listdir(source):
                self.copy(normpath(name, source), normpath(name, target), recursive=True)
            return
        self.put_node(target, replace(node, mtime=self.clock()))

    # -- helpers --------------------------------------------------------------------------

    def _check_parent(self, canonical: str, shown: str) -> None:
        parent = self._raw(parent_of(canonical))
        if parent is None:
            raise FsError("ENOENT", shown)
        if parent.kind != "dir":
            raise FsError("ENOTDIR", shown)

    def _lower_origin(self, canonical: str, node: Node | None) -> str:
        if node is None or not self.lower or self._mount_for(canonical) is not None:
            return ""
        return self._union_lookup(canonical)[1]


_LOWER_CACHE: dict[tuple[tuple[str, ...], str], tuple[Node | None, str]] = {}
_LOWER_CACHE_MAX = 200_000


def stack_lookup(
    layers: tuple[Layer, ...], path: str, key: tuple[str, ...] | None = None
) -> Node | None:
    """The node a read-only stack of layers (bottom first) shows at canonical ``path``;
    ``key`` is the layers' ids when the caller has them already."""
    if key is None:
        key = tuple([layer.id for layer in layers])
    return _lower_lookup(key, layers, path)[0]


def _lower_lookup(
    key: tuple[str, ...], lower: tuple[Layer, ...], path: str
) -> tuple[Node | None, str]:
    """Lookups in read-only layer stacks never change, so every session shares their answers."""
    cached = _LOWER_CACHE.get((key, path))
    if cached is not None:
        return cached
    anc = ancestors(path)
    answer: tuple[Node | None, str] = (None, "")
    for layer in reversed(lower):
        entries = layer.entries
        node = entries.get(path)
        if node is not None:
            answer = (None, layer.id) if node.kind == "whiteout" else (node, layer.id)
            break
        if any(
            (above := entries.get(a)) is not None and (above.kind != "dir" or above.opaque)
            for a in anc
        ):
            answer = (None, layer.id)
            break
    if len(_LOWER_CACHE) >= _LOWER_CACHE_MAX:
        _LOWER_CACHE.clear()
    _LOWER_CACHE[(key, path)] = answer
    return answer


def _search(fs: UnionFS, name: str, search_path: str, executable: bool) -> tuple[str, Node] | None:
    for d in search_path.split(":"):
        candidate = normpath(name, d or ".")
        node = fs.stat(candidate)
        if node is not None and node.kind == "file" and (node.mode & 0o111 or not executable):
            return candidate, node
    return None


class _Probe(UnionFS):
    """A read-only view of layers that notes every path looked up (and its parents)."""

    def __init__(self, lower: Sequence[Layer]) -> None:
        super().__init__({}, lower, read_only=True)
        self.consulted: set[str] = set()

    def _raw(self, path: str) -> Node | None:
        self.consulted.add(path)
        self.consulted.update(ancestors(path))
        return super()._raw(path)


_WhichKey = tuple[tuple[str, ...], str, str, bool]
_WHICH_CACHE: dict[_WhichKey, tuple[tuple[str, Node] | None, frozenset[str]]] = {}

_LISTING_CACHE: dict[tuple[tuple[str, ...], str], Mapping[str, Node | None]] = {}


def _lower_listing(
    key: tuple[str, ...], lower: tuple[Layer, ...], path: str
) -> Mapping[str, Node | None]:
    """Names in directory ``path`` of a read-only layer stack, each with what a lookup of it
    finds there (shared, never stale: layers are immutable)."""
    cached = _LISTING_CACHE.get((key, path))
    if cached is not None:
        return cached
    prefix = "" if path == "/" else path
    seen: set[str] = set()
    names: list[str] = []
    for layer in reversed(lower):
        entries = layer.entries
        for name in layer.children(path):
            if name in seen:
                continue
            seen.add(name)
            if entries[f"{prefix}/{name}"].kind != "whiteout":
                names.append(name)
        here = entries.get(path)
        if here is not None and (here.kind != "dir" or here.opaque):
            break
    answer = MappingProxyType(
        {name: _lower_lookup(key, lower, f"{prefix}/{name}")[0] for name in names}
    )
    if len(_LISTING_CACHE) >= _LOWER_CACHE_MAX // 10:
        _LISTING_CACHE.clear()
    _LISTING_CACHE[(key, path)] = answer
    return answer


def _lower_has(layer: Layer, path: str) -> bool:
    return path in layer.entries and layer.entries[path].kind != "whiteout"


def children_index_of(
    store: Mapping[str, Node], path: str, *, with_whiteouts: bool = False
) -> list[str]:
    prefix = path.rstrip("/") + "/"
    cut = len(prefix)
    return [
        p[cut:]
        for p, n in store.items()
        if p.startswith(prefix)
        and len(p) > cut  # the root "/" is not its own child
        and "/" not in p[cut:]
        and (with_whiteouts or n.kind != "whiteout")
    ]


def _binary_placeholder(size: int) -> str:
    # cat of a binary prints bytes a terminal shows as noise; keep it short and printable.
    return "\x7fELF\x02\x01\x01" + "." * min(size, 40) + "\n"
