"""`docker diff` (reference §4.10): A/C/D lines, depth-first, lexical order, no header."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr

NGINX_FRESH = (
    "C /etc\n"
    "C /etc/nginx\n"
    "C /etc/nginx/conf.d\n"
    "C /etc/nginx/conf.d/default.conf\n"
    "C /run\n"
    "A /run/nginx.pid\n"
    "C /var\n"
    "C /var/cache\n"
    "C /var/cache/nginx\n"
    "A /var/cache/nginx/client_temp\n"
    "A /var/cache/nginx/fastcgi_temp\n"
    "A /var/cache/nginx/proxy_temp\n"
    "A /var/cache/nginx/scgi_temp\n"
    "A /var/cache/nginx/uwsgi_temp\n"
)


def test_fresh_nginx(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    assert sh("docker diff web", ok=True).output == NGINX_FRESH


def test_add_change_delete(sh: Sh) -> None:
    sh("docker run -dit --name box alpine:3.19", ok=True)
    assert sh("docker diff box", ok=True).output == ""
    sh("docker exec box sh -c 'echo x > /tmp/new; echo y >> /etc/motd; rm /etc/issue'", ok=True)
    assert sh("docker diff box", ok=True).output == (
        "C /etc\nD /etc/issue\nC /etc/motd\nC /tmp\nA /tmp/new\n"
    )


def test_unknown(sh: Sh) -> None:
    out = sh("docker diff nope")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: No such container: nope\n",
    )
