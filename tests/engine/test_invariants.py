"""Property-based checks of the engine's core promises (issue 2, "Done means").

* image layers never change, whatever containers do;
* one container's writes are invisible to another container of the same image;
* a layer shared by several images lives until its last user is gone;
* ``Engine.load(e.dump())`` gives an engine with identical ``view()`` and ``dump()``.
"""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Engine
from tests.engine.conftest import START, Clock

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Each image is pulled once per process by the catalog, so a prepared engine is cheap to copy.
_BASE: dict[str, bytes] = {}


def prepared(*images: str) -> Engine:
    key = " ".join(images)
    if key not in _BASE:
        engine = Engine(seed="inv", clock=Clock())
        for image in images:
            assert engine.execute(f"docker pull -q {image}").exit_code == 0
        _BASE[key] = engine.dump()
    return Engine.load(_BASE[key], clock=Clock(START))


def layer_fingerprint(engine: Engine) -> str:
    d = engine.daemon
    digest = hashlib.sha256()
    for image in d.state.images.values():
        for layer in d.image_layers(image):
            for path in sorted(layer.entries):
                node = layer.entries[path]
                digest.update(
                    repr((layer.id, path, node.kind, node.mode, node.size, node.text)).encode()
                )
    return digest.hexdigest()


names = st.sampled_from(["a", "b", "etc/motd", "etc/issue", "bin/ls", "tmp/x", "root/f"])
actions = st.lists(
    st.tuples(st.sampled_from(["write", "append", "rm", "mkdir", "chmod"]), names),
    min_size=1,
    max_size=8,
)


def container_script(steps: list[tuple[str, str]]) -> str:
    commands = {
        "write": "echo new > /{0}",
        "append": "echo more >> /{0}",
        "rm": "rm -rf /{0}",
        "mkdir": "mkdir -p /{0}/sub",
        "chmod": "chmod 600 /{0}",
    }
    return "; ".join(commands[verb].format(path) for verb, path in steps)


@SETTINGS
@given(actions)
def test_image_layers_never_change(steps: list[tuple[str, str]]) -> None:
    engine = prepared("alpine:3.19")
    before = layer_fingerprint(engine)
    engine.execute("docker run -dit --name c1 alpine:3.19")
    engine.execute(f"docker exec c1 sh -c '{container_script(steps)}'")
    engine.execute("docker commit c1 snap:v1")
    engine.execute("docker rm -f c1")
    after_images = {i for i in engine.daemon.state.images if i != snapshot_id(engine)}
    assert after_images  # the base image is still there
    engine.execute("docker rmi snap:v1")
    assert layer_fingerprint(engine) == before


def snapshot_id(engine: Engine) -> str:
    return engine.daemon.state.tags.get("snap:v1", "")


@SETTINGS
@given(actions)
def test_writes_are_invisible_to_another_container(steps: list[tuple[str, str]]) -> None:
    engine = prepared("alpine:3.19")
    engine.execute("docker run -dit --name c1 alpine:3.19")
    engine.execute("docker run -dit --name c2 alpine:3.19")
    listing = "ls -laR /etc /tmp /root /bin /a /b 2>&1; cat /etc/motd /etc/issue 2>&1"
    before = engine.execute(f"docker exec c2 sh -c '{listing}'").output
    engine.execute(f"docker exec c1 sh -c '{container_script(steps)}'")
    after = engine.execute(f"docker exec c2 sh -c '{listing}'").output
    assert after == before
    assert engine.execute("docker diff c2").output == ""


SHARING = ["alpine:3.19", "node:18-alpine", "golang:1.21-alpine"]  # all on 4abcf2066143
SHARED = "4abcf2066143"


@SETTINGS
@given(st.permutations(SHARING), st.integers(min_value=0, max_value=3))
def test_shared_layer_lives_until_last_user(order: list[str], removed: int) -> None:
    engine = prepared(*SHARING)
    with_container = order[0]
    engine.execute(f"docker run -d --name user1 {with_container} sleep infinity")
    for image in order[:removed]:
        engine.execute(f"docker rmi -f {image}")
    # the running container keeps its image (as <none> when untagged), so the layer stays
    assert shared_present(engine)
    engine.execute("docker rm -f user1")
    engine.execute("docker image prune -f")
    assert shared_present(engine) == (removed < len(SHARING))
    target = order[-1] if removed < len(SHARING) else order[0]
    pull = engine.execute(f"docker pull {target}").output
    if removed < len(SHARING):
        # the last image is still present: either up to date, or the shared layer is reused
        assert "Status: Image is up to date" in pull or f"{SHARED}: Already exists" in pull
    else:
        assert f"{SHARED}: Pull complete" in pull


def shared_present(engine: Engine) -> bool:
    d = engine.daemon
    return any(
        d.layer(lid).short == SHARED for image in d.state.images.values() for lid in image.layers
    )


lines = st.lists(
    st.sampled_from(
        [
            "docker run -d --name web -p 8080:80 nginx:1.25",
            "docker run -d redis:7",
            "docker run --name hi hello-world",
            "docker create --name idle alpine:3.19",
            "docker volume create data",
            "docker network create net1",
            "docker exec web sh -c 'echo hi > /usr/share/nginx/html/x.html'",
            "curl -s localhost:8080/x.html",
            "docker stop web",
            "docker start web",
            "docker pause web",
            "docker unpause web",
            "docker rm -f hi",
            "docker commit web mine:v1",
            "docker tag nginx:1.25 other:v2",
            "docker rmi other:v2",
            "mkdir -p /tmp/site && echo x > /tmp/site/index.html",
            "sleep 30",
            "docker image prune -f",
            "docker container prune -f",
        ]
    ),
    max_size=10,
)


@SETTINGS
@given(lines)
def test_load_of_dump_is_identical(script: list[str]) -> None:
    engine = prepared("nginx:1.25", "redis:7", "hello-world", "alpine:3.19")
    for line in script:
        engine.execute(line)
    data = engine.dump()
    again = Engine.load(data, clock=Clock(START))
    assert again.dump() == data
    assert again.view() == engine.view()
    assert again.execute("docker ps -a").output == engine.execute("docker ps -a").output
