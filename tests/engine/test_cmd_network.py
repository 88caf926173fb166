"""`docker network …` (not in the reference; wording from the daemon): create/ls/rm/connect."""

from __future__ import annotations

import re

from tests.engine.cmd_support import Sh, stderr, stdout


def test_default_networks(sh: Sh) -> None:
    rows = sh("docker network ls", ok=True).output.split("\n")
    assert rows[0] == "NETWORK ID     NAME      DRIVER    SCOPE"
    assert [row.split()[1:] for row in rows[1:] if row] == [
        ["bridge", "bridge", "local"],
        ["host", "host", "local"],
        ["none", "null", "local"],
    ]


def test_create_and_duplicate(sh: Sh) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}\n", sh("docker network create mynet", ok=True).output)
    out = sh("docker network create mynet")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: network with name mynet already exists\n",
    )


def test_missing_and_predefined(sh: Sh) -> None:
    out = sh("docker network rm nope")
    assert stderr(out) == "Error response from daemon: network nope not found\n"
    out = sh("docker network inspect nope")
    assert (stdout(out), stderr(out)) == (
        "[]\n",
        "Error response from daemon: network nope not found\n",
    )
    out = sh("docker network rm bridge")
    assert stderr(out) == (
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"
    )


def test_name_resolution_on_user_network(sh: Sh) -> None:
    sh("docker network create mynet", ok=True)
    sh("docker run -d --name web --network mynet nginx:1.25", ok=True)
    sh("docker run -d --name client --network mynet nginx:1.25", ok=True)
    out = sh("docker exec client curl -s web", ok=True).output
    assert "<title>Welcome to nginx!</title>" in out


def test_connect_and_disconnect(sh: Sh) -> None:
    sh("docker network create mynet", ok=True)
    sh("docker run -d --name web nginx:1.25", ok=True)
    assert sh("docker network connect mynet web", ok=True).output == ""
    nets = sh(
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' web",
        ok=True,
    ).output
    assert nets == "bridge mynet \n"
    sh("docker network disconnect mynet web", ok=True)
    out = sh("docker network connect mynet nope")
    assert stderr(out) == "Error response from daemon: No such container: nope\n"


def test_default_bridge_addresses_in_start_order(sh: Sh) -> None:
    sh("docker run -d --name a1 nginx:1.25", ok=True)
    sh("docker run -d --name a2 nginx:1.25", ok=True)
    fmt = "'{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}}'"
    assert sh(f"docker inspect -f {fmt} a1 a2", ok=True).output == (
        "172.17.0.2 172.17.0.1\n172.17.0.3 172.17.0.1\n"
    )


def test_create_with_subnet(sh: Sh) -> None:
    sh("docker network create --subnet 10.5.0.0/16 n3", ok=True)
    fmt = "'{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'"
    assert sh(f"docker network inspect n3 -f {fmt}", ok=True).output == "10.5.0.0/16 10.5.0.1\n"
    sh("docker run -d --name w1 --network n3 nginx:1.25", ok=True)
    ip = "'{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}'"
    assert sh(f"docker inspect -f {ip} w1", ok=True).output == "10.5.0.2\n"
    out = sh("docker network create --subnet foo n4")
    assert (out.exit_code, stderr(out)) == (1, "invalid CIDR address: foo\n")


def test_ls_filters(sh: Sh) -> None:
    sh("docker network create n3", ok=True)
    sh("docker network create other", ok=True)
    assert sh("docker network ls -f name=n3 --format '{{.Name}}'", ok=True).output == "n3\n"
    assert sh("docker network ls -f type=custom --format '{{.Name}}'", ok=True).output == (
        "n3\nother\n"
    )
    assert sh("docker network ls -f driver=null --format '{{.Name}}'", ok=True).output == "none\n"
    sh("docker run -d --name w1 --network n3 nginx:1.25", ok=True)
    assert sh("docker network ls -f dangling=true --format '{{.Name}}'", ok=True).output == (
        "other\n"
    )
