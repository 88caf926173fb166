"""The speed-ups must be invisible: every cache answers as a fresh computation would.

Each test changes what a cache depends on (the writable layer, the host store, the layer
stack, the dump format) and checks that the next command sees the change.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable

from engine import Engine, Outcome
from engine.fs import UnionFS, file_node
from engine.state import MAGIC, ZLIB_MAGICS, decompress

NOT_FOUND = (
    "OCI runtime exec failed: exec failed: unable to start container process: "
    'exec: "cat": executable file not found in $PATH: unknown\n'
)


def _text(outcome: Outcome) -> str:
    return "".join(frame.text for frame in outcome.frames)


def _nginx(sh: Callable[..., Outcome]) -> None:
    sh("docker run -d --name tc nginx", ok=True)


def test_path_search_sees_a_new_executable_and_its_removal(sh: Callable[..., Outcome]) -> None:
    _nginx(sh)
    sh("docker exec tc sh -c 'echo data > /tmp/f'", ok=True)
    assert _text(sh("docker exec tc cat /tmp/f", ok=True)) == "data\n"
    script = "printf '#!/bin/sh\\necho shadowed\\n' > /usr/local/bin/cat"
    sh(f'docker exec tc sh -c "{script} && chmod +x /usr/local/bin/cat"', ok=True)
    assert _text(sh("docker exec tc cat /tmp/f", ok=True)) == "shadowed\n"
    assert _text(sh("docker exec tc sh -c 'cat /tmp/f'", ok=True)) == "shadowed\n"
    sh("docker exec tc rm /usr/local/bin/cat", ok=True)
    assert _text(sh("docker exec tc cat /tmp/f", ok=True)) == "data\n"


def test_path_search_sees_a_whiteout(sh: Callable[..., Outcome]) -> None:
    _nginx(sh)
    sh("docker exec tc rm /usr/bin/cat", ok=True)
    gone = sh("docker exec tc cat /etc/hostname")
    assert (gone.exit_code, _text(gone)) == (127, NOT_FOUND)
    inside = sh("docker exec tc sh -c 'cat /etc/hostname'")
    assert (inside.exit_code, _text(inside)) == (127, "sh: cat: not found\n")


def test_path_search_does_not_leak_between_containers(sh: Callable[..., Outcome]) -> None:
    _nginx(sh)
    sh("docker run -d --name other nginx", ok=True)
    sh("docker exec tc rm /usr/bin/cat", ok=True)
    sh("docker exec other sh -c 'echo ok > /tmp/f'", ok=True)
    assert _text(sh("docker exec other cat /tmp/f", ok=True)) == "ok\n"


def test_listing_follows_the_writable_layer(sh: Callable[..., Outcome]) -> None:
    _nginx(sh)
    before = _text(sh("docker exec tc ls /", ok=True)).split()
    assert "etc" in before and "zzz" not in before
    sh("docker exec tc mkdir /zzz", ok=True)
    sh("docker exec tc rm -rf /etc", ok=True)
    after = _text(sh("docker exec tc ls /", ok=True)).split()
    assert after == sorted([*(n for n in before if n != "etc"), "zzz"])
    assert _text(sh("docker run --rm nginx ls /", ok=True)).split() == before


def test_scandir_matches_listdir_and_lstat() -> None:
    lower = UnionFS({})
    lower.mkdir("/d")
    lower.write("/d/a", "1")
    lower.write("/d/b", "22")
    from engine.fs import Layer

    layer = Layer("perf-test-layer", dict(lower.upper))
    fs = UnionFS({}, [layer])
    fs.write("/d/b", "333")
    fs.remove("/d/a")
    fs.put_node("/d/c", file_node("4"))
    expected = [(name, fs.lstat(f"/d/{name}")) for name in fs.listdir("/d")]
    assert fs.scandir("/d") == expected
    assert [(name, node.size) for name, node in fs.scandir("/d")] == [("b", 3), ("c", 1)]


def test_host_files_survive_dump_and_load(engine: Engine, sh: Callable[..., Outcome]) -> None:
    sh("echo first > notes.txt", ok=True)
    loaded = Engine.load(engine.dump(), clock=engine.clock)
    loaded.execute("echo second >> notes.txt")
    assert _text(loaded.execute("cat notes.txt")) == "first\nsecond\n"
    assert _text(sh("cat notes.txt", ok=True)) == "first\n"


def test_dump_shares_texts_and_round_trips(engine: Engine, sh: Callable[..., Outcome]) -> None:
    sh("docker run -d --name web1 nginx", ok=True)
    sh("docker run -d --name web2 nginx", ok=True)
    data = engine.dump()
    assert data.startswith(MAGIC)
    doc = json.loads(decompress(data))
    banner = "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"
    assert doc["texts"].count(banner) == 1
    loaded = Engine.load(data, clock=engine.clock)
    assert loaded.dump() == data
    for name in ("web1", "web2"):
        logs = f"docker logs {name}"
        assert _text(loaded.execute(logs)) == _text(sh(logs))
        conf = f"docker exec {name} cat /etc/nginx/conf.d/default.conf"
        assert _text(loaded.execute(conf)) == _text(sh(conf))


def test_old_format_still_loads(engine: Engine, sh: Callable[..., Outcome]) -> None:
    sh("docker run -d --name web1 nginx", ok=True)
    doc = json.loads(decompress(engine.dump()))
    texts = doc.pop("texts")
    for c in doc["containers"]:
        lines, ats, streams = c["logs"]
        c["logs"] = ["\n".join(texts[i] for i in lines), ats, streams]
        for value in c["upper"].values():
            if isinstance(value, list) and len(value) > 3 and isinstance(value[3], int):
                value[3] = texts[value[3]]
    for magic in ZLIB_MAGICS:
        old = magic + zlib.compress(json.dumps(doc).encode())
        loaded = Engine.load(old, clock=engine.clock)
        assert loaded.dump() == engine.dump()
    assert _text(loaded.execute("docker logs web1")) == _text(sh("docker logs web1"))
