"""Engine.dump() / Engine.load(): compact, versioned, exact."""

from __future__ import annotations

import pytest

from engine import Engine
from engine.state import MAGIC, StateFormatError

TYPICAL = [
    "docker pull nginx",
    "docker pull alpine:3.19",
    "docker pull redis:7",
    "docker run -d -p 8001:80 --name web1 nginx",
    "docker run -d -p 8002:80 --name web2 nginx",
    "docker run -d --name cache -v data:/data redis:7",
    "docker exec web1 sh -c 'echo changed > /usr/share/nginx/html/index.html'",
    "mkdir -p /host/site && echo hi > /host/site/a.txt",
    "cd /host/site",
    "X=5",
]


def typical(engine: Engine) -> Engine:
    for line in TYPICAL:
        assert engine.execute(line).exit_code == 0, line
    return engine


def test_dump_is_versioned_and_small(engine: Engine) -> None:
    data = typical(engine).dump()
    assert data.startswith(MAGIC)
    assert len(data) <= 8 * 1024


def test_load_gives_back_the_same_engine(engine: Engine, clock) -> None:
    data = typical(engine).dump()
    again = Engine.load(data, clock=clock)
    assert again.dump() == data
    assert again.view() == engine.view()
    assert again.prompt() == engine.prompt()
    assert again.execute("echo $X; pwd").output == "5\n/host/site\n"
    assert again.execute("curl -s localhost:8001").output == "changed\n"
    assert again.execute("docker ps -q").output == engine.execute("docker ps -q").output


def test_catalog_layers_are_not_in_the_dump(engine: Engine) -> None:
    engine.execute("docker pull mysql:8.0")
    assert len(engine.dump()) < 4 * 1024  # mysql's 11 layers are referenced, not copied


def test_garbage_is_refused() -> None:
    for data in (b"", b"nope", MAGIC + b"not zstd", b"DPG2not zlib"):
        with pytest.raises(StateFormatError):
            Engine.load(data)
