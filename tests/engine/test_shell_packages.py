"""Package managers add files through the fs, print like the real ones, and fail like them."""

from __future__ import annotations

import json

import pytest

from engine.shell.packages.apt import size_text
from engine.shell.testing import Box


@pytest.fixture
def box() -> Box:
    return Box.debian()


@pytest.fixture
def sh() -> Box:
    return Box.alpine()


def test_apt_sizes() -> None:
    assert size_text(72_300) == "72.3 kB"
    assert size_text(1_412_000) == "1,412 kB"
    assert size_text(12_912_000) == "12.9 MB"


def test_install_before_update_cannot_locate(box: Box) -> None:
    out, err, code = box.run("apt-get install -y curl")
    assert out.endswith("Reading state information... Done\n")
    assert (err, code) == ("E: Unable to locate package curl\n", 100)


def test_update_writes_lists(box: Box) -> None:
    out = box.run("apt-get update")[0]
    assert out.startswith("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n")
    assert out.endswith("Reading package lists... Done\n")
    lists = box.fs.listdir("/var/lib/apt/lists")
    assert "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4" in lists
    node = box.fs.stat(
        "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
    )
    assert node is not None and node.size == 8_788_000


def test_install_curl_makes_it_runnable(box: Box) -> None:
    assert box.run("curl web1")[1] == "bash: curl: command not found\n"
    out, _err, code = box.run("apt-get update && apt-get install -y curl")
    assert code == 0
    assert "The following NEW packages will be installed:\n" in out
    assert "Need to get 2,916 kB of archives.\n" in out
    assert "Setting up curl (7.88.1-10+deb12u5) ...\n" not in out  # apt names the arch
    assert "Setting up curl:amd64 (7.88.1-10+deb12u5) ...\n" in out
    assert "Do you want to continue" not in out
    node = box.fs.stat("/usr/bin/curl")
    assert node is not None and node.size == 260_328 and box.fs.origin_layer("/usr/bin/curl") == ""
    assert box.run("curl web1")[1] == "curl: (6) Could not resolve host: web1\n"
    again = box.run("apt-get install -y curl")[0]
    assert "curl is already the newest version (7.88.1-10+deb12u5).\n" in again


def test_install_without_yes_asks_and_proceeds(box: Box) -> None:
    out = box.run("apt-get update >/dev/null; apt-get install nano")[0]
    assert "Do you want to continue? [Y/n] Y\n" in out
    assert box.fs.exists("/usr/bin/nano")


def test_unknown_package(box: Box) -> None:
    box.run("apt-get update")
    assert box.run("apt-get install -y foo")[1:] == ("E: Unable to locate package foo\n", 100)


def test_apk_add(sh: Box) -> None:
    out, _err, code = sh.run("apk add curl")
    assert code == 0
    assert out.startswith(
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\n"
    )
    assert "(10/10) Installing curl (8.5.0-r0)\n" in out
    assert out.endswith("OK: 13 MiB in 25 packages\n")
    assert sh.fs.exists("/usr/bin/curl")


def test_apk_unknown(sh: Box) -> None:
    _out, err, code = sh.run("apk add nosuch")
    assert (
        err
        == "ERROR: unable to select packages:\n  nosuch (no such package):\n    required by: world[nosuch]\n"
    )
    assert code == 1


def test_npm_install(box: Box) -> None:
    box.fs.put_node("/usr/local/bin/npm", box.fs.stat("/usr/bin/ls"))  # type: ignore[arg-type]
    box.fs.write(
        "/app/package.json", json.dumps({"name": "app", "dependencies": {"express": "^4.18.2"}})
    )
    out, _err, code = box.run("cd /app && npm install")
    assert code == 0
    assert out == (
        "\nadded 64 packages, and audited 65 packages in 3s\n\nfound 0 vulnerabilities\n"
    )
    assert box.fs.is_dir("/app/node_modules/express")
    assert box.fs.is_dir("/app/node_modules/body-parser")
    assert box.fs.exists("/app/package-lock.json")
    assert box.run("npm instal")[1] == (
        'Unknown command: "instal"\n\nDid you mean this?\n  npm install # Install a package\n'
        "To see a list of supported npm commands, run:\n  npm help\n"
    )


def test_pip_install(box: Box) -> None:
    box.fs.put_node("/usr/local/bin/pip", box.fs.stat("/usr/bin/ls"))  # type: ignore[arg-type]
    out, _err, code = box.run("pip install flask")
    assert code == 0
    assert out.startswith("Collecting flask\n")
    assert "Successfully installed MarkupSafe-2.1.5 Jinja2-3.1.4" not in out
    assert (
        "Successfully installed Jinja2-3.1.4 MarkupSafe-2.1.5 Werkzeug-3.0.3 blinker-1.8.2 "
        "click-8.1.7 flask-3.0.3 itsdangerous-2.2.0\n"
    ) in out
    assert box.fs.exists("/usr/local/lib/python3.12/site-packages/flask/__init__.py")
    _out, err, code = box.run("pip install nosuchpkg")
    assert code == 1 and err == "ERROR: No matching distribution found for nosuchpkg\n"
