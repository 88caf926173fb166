"""Containers on a user network find each other by name; the default bridge has no DNS."""

from __future__ import annotations

from engine import Engine


def test_names_resolve_on_a_user_network_only(engine: Engine, sh) -> None:
    sh("docker network create net1", ok=True)
    sh("docker run -d --name api --network net1 redis:7", ok=True)
    sh("docker run -d --name web --network net1 nginx", ok=True)
    ping = sh("docker run --rm --network net1 alpine:3.19 ping -c 2 api", ok=True).output
    assert "PING api (172.18.0.2): 56 data bytes\n" in ping
    assert "2 packets transmitted, 2 packets received, 0% packet loss\n" in ping
    page = sh("docker run --rm --network net1 alpine:3.19 wget -qO- web", ok=True).output
    assert "<title>Welcome to nginx!</title>" in page

    lonely = sh("docker run --rm alpine:3.19 ping -c 1 api")
    assert lonely.exit_code == 1
    assert lonely.output.endswith("ping: bad address 'api'\n")
    refused = sh("docker run --rm nginx curl -s http://api:6379")
    assert refused.exit_code == 6  # curl: could not resolve host


def test_container_reaches_another_by_ip_on_the_default_bridge(engine: Engine, sh) -> None:
    sh("docker run -d --name web nginx", ok=True)
    ip = sh("docker inspect -f '{{.NetworkSettings.IPAddress}}' web", ok=True).output.strip()
    assert ip == "172.17.0.2"
    page = sh(f"docker run --rm nginx curl -s http://{ip}/", ok=True).output
    assert "Welcome to nginx!" in page
    assert '"GET / HTTP/1.1" 200 615' in sh("docker logs --tail 1 web", ok=True).output
