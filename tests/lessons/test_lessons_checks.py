"""Every check kind passes on a view that satisfies it and fails on one that does not."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from playground.lessons.checks import KINDS, CheckError, Context, compile_check, normalize_ref


def passes(source: str, view: dict[str, Any], last: dict[str, Any] | None = None) -> bool:
    return compile_check(yaml.safe_load(source)).passes(Context(view, last or {}))


THREE_WEB = """
all:
  - container: {image: nginx, status: running, port: 8001}
  - container: {image: nginx, status: running, port: 8002}
  - container: {image: nginx, status: running, port: 8003}
"""


def test_three_running_nginx_containers_on_8001_to_8003(view: dict[str, Any]) -> None:
    assert passes(THREE_WEB, view)
    view["containers"][2]["status"] = "exited"
    assert not passes(THREE_WEB, view)


def test_container_count_and_absence(view: dict[str, Any]) -> None:
    assert passes("container: {image: nginx, count: 3}", view)
    assert not passes("container: {image: nginx, count: 2}", view)
    assert passes("container: {name: test, count: 0}", view)
    assert not passes("container: {name: web1, count: 0}", view)


def test_container_mount_network_and_exit_code(view: dict[str, Any]) -> None:
    good = "container: {name: db, status: exited, exit_code: 1, mount_source: mysql-data, network: app-net}"
    assert passes(good, view)
    assert not passes("container: {name: db, exit_code: 0}", view)
    assert not passes("container: {name: db, mount_type: bind}", view)


def test_image_one_layer_more_than_nginx(view: dict[str, Any]) -> None:
    check = "image: {ref: 'my-custom-nginx:v1', more_layers_than: nginx, by: 1, built_on: nginx}"
    assert passes(check, view)
    view["images"][0]["layers"].append("c2")
    assert not passes(check, view)


def test_image_tags_dangling_and_absence(view: dict[str, Any]) -> None:
    assert passes("image: {ref: 'nginx:1.25', tag: nginx}", view)
    assert not passes("image: {ref: 'alpine:3.19', tag: nginx}", view)
    assert passes("image: {dangling: true, count: 1}", view)
    assert not passes("image: {dangling: true, count: 0}", view)
    assert passes("image: {ref: redis, count: 0}", view)
    assert passes("image: {ref: af62dd757b58}", view)


def test_shared_layers(view: dict[str, Any]) -> None:
    assert passes("shared_layers: {images: [nginx, 'my-custom-nginx:v1'], min: 3}", view)
    assert not passes("shared_layers: {images: [nginx, 'alpine:3.19']}", view)


def test_writable_layer_of_c1_holds_config_while_c2_is_empty(view: dict[str, Any]) -> None:
    check = """
all:
  - writable: {container: c1, path: /app/config.json, change: C, from_image: true}
  - writable: {container: c2, empty: true}
"""
    assert passes(check, view)
    view["containers"][4]["writable"]["changes"].append(
        {"path": "/tmp/x", "change": "A", "kind": "file", "size": 1, "from_layer": None}
    )
    assert not passes(check, view)
    assert not passes("writable: {container: c1, path: /app/other.json}", view)
    assert not passes("writable: {container: nobody, empty: true}", view)


def test_named_volume_outlives_its_container(view: dict[str, Any]) -> None:
    check = "volume: {name: mysql-data, in_use: false, min_files: 1}"
    assert not passes(check, view)  # db still uses it
    view["containers"] = [c for c in view["containers"] if c["name"] != "db"]
    view["volumes"][0]["used_by"] = []
    assert passes(check, view)
    assert not passes("volume: {name: mysql-data, min_files: 13}", view)


def test_network(view: dict[str, Any]) -> None:
    assert passes("network: {name: app-net, container: db}", view)
    assert not passes("network: {name: app-net, container: web1}", view)
    assert passes("network: {name: nope, count: 0}", view)


def test_port(view: dict[str, Any]) -> None:
    assert passes("port: {host: 8002, name: web2, container_port: 80}", view)
    assert not passes("port: {host: 8080}", view)


def test_last_build_reused_every_layer_before_copy(view: dict[str, Any]) -> None:
    check = "build: {cached_before: 'COPY . .', rebuilt: 'COPY  . .', image: 'my-custom-nginx:v1'}"
    assert passes(check, view)
    view["build"]["steps"][3]["cached"] = False
    assert not passes(check, view)
    assert not passes("build: {all_cached: true}", view)
    view["build"] = None
    assert not passes("build: {steps: 6}", view)


def test_last_outcome(view: dict[str, Any]) -> None:
    last = {"exit_code": 0, "input": "curl   http://localhost:8001", "output": "Welcome to nginx!"}
    assert passes("last: {exit_code: 0, input_contains: 'curl http://localhost:8001'}", view, last)
    assert passes("last: {output_contains: 'Welcome to nginx!'}", view, last)
    assert not passes("last: {failed: true}", view, last)
    assert not passes("last: {exit_code: 0}", view, {})


def test_any_not(view: dict[str, Any]) -> None:
    assert passes("any: [{container: {name: x}}, {container: {name: web1}}]", view)
    assert not passes("not: {container: {name: web1}}", view)


@pytest.mark.parametrize(
    "source",
    [
        "containers: {name: web1}",  # unknown kind
        "container: {colour: red}",  # unknown argument
        "container: {port: '8001'}",  # wrong type
        "container: {count: true}",  # a bool is not a count
        "container: {status: sleeping}",
        "writable: {path: /x}",  # missing container
        "all: []",
        "{container: {}, image: {}}",  # two kinds in one mapping
        "eval: '__import__(\"os\")'",
    ],
)
def test_malformed_checks_fail_to_compile(source: str) -> None:
    with pytest.raises(CheckError):
        compile_check(yaml.safe_load(source))


def test_every_kind_is_exercised() -> None:
    assert set(KINDS) == {
        "all",
        "any",
        "not",
        "container",
        "image",
        "shared_layers",
        "writable",
        "volume",
        "network",
        "port",
        "build",
        "last",
    }


def test_normalize_ref() -> None:
    assert normalize_ref("nginx") == "nginx:latest"
    assert normalize_ref("docker.io/library/nginx:1.25") == "nginx:1.25"
    assert normalize_ref("localhost:5000/app") == "localhost:5000/app:latest"
    assert normalize_ref("myregistry/nginx:v1.0") == "myregistry/nginx:v1.0"


def test_built_on_a_base_the_build_pulled_but_docker_images_does_not_list() -> None:
    view: dict[str, Any] = {
        "images": [{"id": "sha256:" + "b" * 64, "tags": ["app:latest"], "layers": ["a1", "a2"]}],
        "containers": [],
        "build": {"bases": [{"ref": "alpine:3.19", "layers": ["a1"]}]},
    }
    assert passes("image: {ref: app, built_on: 'alpine:3.19'}", view)
    assert passes("image: {ref: app, more_layers_than: 'alpine:3.19', by: 1}", view)
    assert not passes("image: {ref: app, built_on: 'alpine:3.20'}", view)
    view["build"]["bases"][0]["layers"] = ["zz"]
    assert not passes("image: {ref: app, built_on: 'alpine:3.19'}", view)


def test_dangling_images_in_use_are_not_counted_as_prunable() -> None:
    image = {"id": "sha256:" + "c" * 64, "tags": [], "layers": ["x"], "dangling": True}
    view: dict[str, Any] = {"images": [{**image, "containers": ["c1"]}], "containers": []}
    assert passes("image: {dangling: true, in_use: false, count: 0}", view)
    assert not passes("image: {dangling: true, count: 0}", view)
    view["images"][0]["containers"] = []
    assert not passes("image: {dangling: true, in_use: false, count: 0}", view)
