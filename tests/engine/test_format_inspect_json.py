"""`docker inspect` JSON: 4-space indent, key order kept, Go's HTML-safe escapes (§3.4, §4.12)."""

from engine.format.inspect_json import dump_inspect, go_json


def test_empty_is_brackets() -> None:
    assert dump_inspect([]) == "[]\n"


def test_layout_and_key_order() -> None:
    volume = {
        "CreatedAt": "2024-05-01T10:00:00Z",
        "Driver": "local",
        "Labels": None,
        "Mountpoint": "/var/lib/docker/volumes/mydata/_data",
        "Name": "mydata",
        "Options": None,
        "Scope": "local",
    }
    assert dump_inspect([volume]) == (
        "[\n"
        "    {\n"
        '        "CreatedAt": "2024-05-01T10:00:00Z",\n'
        '        "Driver": "local",\n'
        '        "Labels": null,\n'
        '        "Mountpoint": "/var/lib/docker/volumes/mydata/_data",\n'
        '        "Name": "mydata",\n'
        '        "Options": null,\n'
        '        "Scope": "local"\n'
        "    }\n"
        "]\n"
    )


def test_nested_empty_values_and_arrays() -> None:
    obj = {"ExposedPorts": {"80/tcp": {}}, "Args": ["-g", "daemon off;"], "Binds": []}
    assert dump_inspect([obj]) == (
        "[\n"
        "    {\n"
        '        "ExposedPorts": {\n'
        '            "80/tcp": {}\n'
        "        },\n"
        '        "Args": [\n'
        '            "-g",\n'
        '            "daemon off;"\n'
        "        ],\n"
        '        "Binds": []\n'
        "    }\n"
        "]\n"
    )


def test_go_html_escaping_and_unicode() -> None:
    label = {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>", "x": "a&b é"}
    assert go_json(label) == (
        '{"maintainer":"NGINX Docker Maintainers \\u003cdocker-maint@nginx.com\\u003e",'
        '"x":"a\\u0026b é"}'
    )
    assert go_json("\u2028") == '"\\u2028"'
