"""Programs inside images (engine/binaries.py): versions from the image Env, exact wording."""

from __future__ import annotations

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh, stderr, stdout


def run_in(sh: Sh, name: str, image: str, *, env: str = "") -> None:
    sh(f"docker run -d --name {name} {env} {image} sleep infinity", ok=True)


def test_node(sh: Sh) -> None:
    run_in(sh, "n1", "node:18-alpine")
    assert sh("docker exec n1 node --version", ok=True).output == "v18.20.2\n"
    assert sh("docker exec n1 node -v", ok=True).output == "v18.20.2\n"
    assert sh("docker exec n1 node -e 'console.log(1+1)'", ok=True).output == "2\n"
    assert sh('docker exec n1 node -e \'console.log("a" + "b", 7/2)\'', ok=True).output == (
        "ab 3.5\n"
    )
    assert sh("docker exec n1 node -p '6*7'", ok=True).output == "42\n"
    out = sh("docker exec n1 node -e 'console.log(x)'")
    assert out.exit_code == 1
    assert stderr(out).startswith(
        "[eval]:1\nconsole.log(x)\n            ^\n\nReferenceError: x is not defined\n"
    )


def test_node_script_file_and_missing_module(sh: Sh) -> None:
    run_in(sh, "n1", "node:18-alpine")
    sh('docker exec n1 sh -c \'echo "console.log(\\"hi\\")" > /app.js\'', ok=True)
    assert sh("docker exec n1 node /app.js", ok=True).output == "hi\n"
    out = sh("docker exec -w / n1 node nope.js")
    assert out.exit_code == 1
    assert "Error: Cannot find module '/nope.js'\n" in stderr(out)
    assert stderr(out).endswith("Node.js v18.20.2\n")


def test_npm_version(sh: Sh) -> None:
    run_in(sh, "n1", "node:18-alpine")
    assert sh("docker exec n1 npm --version", ok=True).output == "10.5.0\n"


@pytest.mark.parametrize(
    ("image", "node", "npm"),
    [("node:18-alpine", "18.20.2", "10.5.0"), ("node:18.17-alpine", "18.17.1", "9.6.7")],
)
def test_node_npm_and_npx_agree_on_versions(sh: Sh, image: str, node: str, npm: str) -> None:
    """Each node release bundles its own npm; npx is npm's, so it answers npm's version."""
    run_in(sh, "n1", image)
    assert sh("docker exec n1 node -v", ok=True).output == f"v{node}\n"
    for line in ("npm -v", "npm --version", "npx --version", "npx -v", "sh -c 'npm -v'"):
        assert sh(f"docker exec n1 {line}", ok=True).output == f"{npm}\n", line
    assert (
        sh("docker exec n1 npm version", ok=True).output == f"{{ npm: '{npm}', node: '{node}' }}\n"
    )
    assert sh("docker exec n1 npm").output.endswith(
        f"\nnpm@{npm} /usr/local/lib/node_modules/npm\n"
    )


def test_python_and_pip(sh: Sh) -> None:
    run_in(sh, "p1", "python:3.12-slim")
    assert sh("docker exec p1 python3 --version", ok=True).output == "Python 3.12.12\n"
    assert sh("docker exec p1 python -V", ok=True).output == "Python 3.12.12\n"
    assert sh("docker exec p1 python3 -c 'print(1)'", ok=True).output == "1\n"
    assert sh("docker exec p1 python3 -c 'print(2**10, \"x\")'", ok=True).output == "1024 x\n"
    assert sh("docker exec p1 pip --version", ok=True).output == (
        "pip 24.0 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"
    )
    out = sh("docker exec p1 python3 -c 'print(y)'")
    assert (out.exit_code, stderr(out)) == (
        1,
        'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
        "NameError: name 'y' is not defined\n",
    )
    out = sh("docker exec -w / p1 python3 app.py")
    assert (out.exit_code, stderr(out)) == (
        2,
        "python3: can't open file '/app.py': [Errno 2] No such file or directory\n",
    )


def test_python_311_versions(sh: Sh) -> None:
    run_in(sh, "p2", "python:3.11-slim")
    assert sh("docker exec p2 python3 --version", ok=True).output == "Python 3.11.14\n"
    assert sh("docker exec p2 python3 -m pip --version", ok=True).output == (
        "pip 24.0 from /usr/local/lib/python3.11/site-packages/pip (python 3.11)\n"
    )


def test_pip_version_names_the_images_python(sh: Sh) -> None:
    run_in(sh, "p2", "python:3.11-slim")
    assert sh("docker exec p2 pip --version", ok=True).output == (
        "pip 24.0 from /usr/local/lib/python3.11/site-packages/pip (python 3.11)\n"
    )


@pytest.mark.parametrize("minor", ["3.11", "3.12"])
def test_every_way_to_ask_pip_its_version_agrees(sh: Sh, minor: str) -> None:
    run_in(sh, "p1", f"python:{minor}-slim")
    expected = f"pip 24.0 from /usr/local/lib/python{minor}/site-packages/pip (python {minor})\n"
    for line in (
        "pip --version",
        "pip3 --version",
        "pip -V",
        "python3 -m pip --version",
        "python -m pip -V",
    ):
        assert sh(f"docker exec p1 {line}", ok=True).output == expected, line


def test_one_shot_main_process(sh: Sh) -> None:
    sh("docker pull python:3.12-slim", ok=True)
    assert sh("docker run --rm python:3.12-slim python3 -c 'print(6*7)'", ok=True).output == (
        "42\n"
    )


def test_nginx(sh: Sh) -> None:
    sh("docker run -d --name w1 nginx:1.25", ok=True)
    out = sh("docker exec w1 nginx -v", ok=True)
    assert (stdout(out), stderr(out)) == ("", "nginx version: nginx/1.25.2\n")
    big = stderr(sh("docker exec w1 nginx -V", ok=True)).split("\n")
    assert big[:4] == [
        "nginx version: nginx/1.25.2",
        "built by gcc 12.2.0 (Debian 12.2.0-14) ",
        "built with OpenSSL 3.0.9 30 May 2023 (running with OpenSSL 3.0.11 19 Sep 2023)",
        "TLS SNI support enabled",
    ]
    assert big[4].startswith(
        "configure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx "
    )
    assert stderr(sh("docker exec w1 nginx -t", ok=True)) == (
        "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
        "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
    )


def test_nginx_t_reports_broken_config(sh: Sh) -> None:
    sh("docker run -d --name w1 nginx:1.25", ok=True)
    sh("docker exec w1 sh -c 'echo \"server {\" > /etc/nginx/conf.d/broken.conf'", ok=True)
    out = sh("docker exec w1 nginx -t")
    assert out.exit_code == 1
    assert stderr(out) == (
        'nginx: [emerg] unexpected end of file, expecting "}" in /etc/nginx/conf.d/broken.conf:1\n'
        "nginx: configuration file /etc/nginx/nginx.conf test failed\n"
    )


def test_nginx_reload_logs_in_the_container(sh: Sh) -> None:
    sh("docker run -d --name w1 nginx:1.25", ok=True)
    out = sh("docker exec w1 nginx -s reload", ok=True)
    assert stderr(out).startswith("2025/06/15 15:06:40 [notice] ")
    assert stderr(out).endswith(": signal process started\n")
    logs = sh("docker logs --tail 4 w1", ok=True).output.split("\n")
    assert logs[0].startswith("2025/06/15 15:06:40 [notice] 1#1: signal 1 (SIGHUP) received from ")
    assert logs[1] == "2025/06/15 15:06:40 [notice] 1#1: reconfiguring"


def test_nginx_alpine_version(sh: Sh) -> None:
    sh("docker run -d --name w2 nginx:1.25-alpine", ok=True)
    assert stderr(sh("docker exec w2 nginx -v", ok=True)) == "nginx version: nginx/1.25.2\n"


def test_redis_cli(sh: Sh) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    assert sh("docker exec r1 redis-cli ping", ok=True).output == "PONG\n"
    assert sh("docker exec r1 redis-cli set foo bar", ok=True).output == "OK\n"
    assert sh("docker exec r1 redis-cli get foo", ok=True).output == "bar\n"
    assert sh("docker exec r1 redis-cli get nope", ok=True).output == "\n"
    assert sh("docker exec r1 redis-cli incr hits", ok=True).output == "1\n"
    assert sh("docker exec r1 redis-cli --version", ok=True).output == "redis-cli 7.4.7\n"
    server = sh("docker exec r1 redis-server --version", ok=True).output
    assert server.startswith("Redis server v=7.4.7 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 ")
    out = sh("docker exec r1 redis-cli foo")
    assert (out.exit_code, out.output) == (
        1,
        "ERR unknown command 'foo', with args beginning with: \n",
    )
    assert sh("docker exec r1 redis-cli foo a b").output == (
        "ERR unknown command 'foo', with args beginning with: 'a' 'b' \n"
    )


def test_redis_keys_persist_in_state(engine: Engine, sh: Sh, clock) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    sh("docker exec r1 redis-cli set foo bar", ok=True)
    again = Engine.load(engine.dump(), clock=clock)
    assert again.execute("docker exec r1 redis-cli get foo").output == "bar\n"


def test_redis_cli_refused_without_server(sh: Sh) -> None:
    sh("docker pull redis:7", ok=True)
    out = sh("docker run --rm redis:7 redis-cli ping")
    assert out.exit_code == 1
    assert stderr(out) == "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n"


def test_redis_cli_across_a_user_network(sh: Sh) -> None:
    sh("docker network create app", ok=True)
    sh("docker run -d --name cache --network app redis:7", ok=True)
    sh("docker run -d --name cli --network app redis:7 sleep infinity", ok=True)
    assert sh("docker exec cli redis-cli -h cache ping", ok=True).output == "PONG\n"
    out = sh("docker exec cli redis-cli -h nowhere ping")
    assert stderr(out) == "Could not connect to Redis at nowhere:6379: Name or service not known\n"


def test_mysql(sh: Sh) -> None:
    sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret mysql:8.0", ok=True)
    assert sh("docker exec db mysql --version", ok=True).output == (
        "mysql  Ver 8.0.39 for Linux on x86_64 (MySQL Community Server - GPL)\n"
    )
    assert sh("docker exec db mysqld --version", ok=True).output == (
        "/usr/sbin/mysqld  Ver 8.0.39 for Linux on x86_64 (MySQL Community Server - GPL)\n"
    )
    out = sh("docker exec db mysql -uroot -psecret -e 'SELECT 1'", ok=True)
    assert stdout(out) == "1\n1\n"
    assert stderr(out) == (
        "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    )
    out = sh("docker exec db mysql -uroot -pwrong -e 'SELECT 1'")
    assert out.exit_code == 1
    assert stderr(out).endswith(
        "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"
    )
    dbs = stdout(sh("docker exec db mysql -uroot -psecret -e 'SHOW DATABASES'", ok=True))
    assert dbs == "Database\ninformation_schema\nmysql\nperformance_schema\nsys\n"


def test_mysql_without_server(sh: Sh) -> None:
    sh("docker pull mysql:8.0", ok=True)
    out = sh("docker run --rm mysql:8.0 mysql -uroot -e 'SELECT 1'")
    assert out.exit_code == 1
    assert stderr(out) == (
        "ERROR 2002 (HY000): Can't connect to local MySQL server through socket "
        "'/var/run/mysqld/mysqld.sock' (2)\n"
    )


def test_go_version(sh: Sh) -> None:
    run_in(sh, "g1", "golang:1.21-alpine")
    assert sh("docker exec g1 go version", ok=True).output == "go version go1.21.9 linux/amd64\n"


def test_host_python(sh: Sh) -> None:
    assert sh("python3 --version", ok=True).output == "Python 3.11.2\n"


def test_absent_programs_are_not_found(sh: Sh) -> None:
    sh("docker run -dit --name box alpine:3.19", ok=True)
    out = sh("docker exec box sh -c 'redis-cli ping'")
    assert (out.exit_code, stderr(out)) == (127, "sh: redis-cli: not found\n")
    sh("docker run -dit --name ub ubuntu:22.04", ok=True)
    sh("docker exec -it ub bash", ok=True)
    out = sh("node -v")
    assert (out.exit_code, out.output) == (127, "bash: node: command not found\n")
