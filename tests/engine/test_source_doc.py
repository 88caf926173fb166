"""Walk the source doc (shared/source-docs/images-and-containers.md) in order, as a learner would.

Each command block of the doc runs against one engine; the assertions check the lines that carry
meaning (table headers and columns, ids, statuses, errors where the doc's own example fails on a
real Docker).
"""

from __future__ import annotations

import re

from engine import Engine

HEX12 = re.compile(r"^[0-9a-f]{12}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n") if text else []


def test_image_operations(engine: Engine, sh) -> None:
    out = sh("docker images", ok=True).output
    assert out == "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"

    pull = sh("docker pull nginx", ok=True).output
    assert lines(pull)[:2] == ["Using default tag: latest", "latest: Pulling from library/nginx"]
    layer_lines = [line for line in lines(pull) if line.endswith("Pull complete")]
    assert len(layer_lines) == 7
    assert lines(pull)[-3].startswith(
        "Digest: sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"
    )
    assert lines(pull)[-2:] == [
        "Status: Downloaded newer image for nginx:latest",
        "docker.io/library/nginx:latest",
    ]

    pull = sh("docker pull nginx:1.25-alpine", ok=True).output
    assert lines(pull)[0] == "1.25-alpine: Pulling from library/nginx"

    pull = sh("docker pull --platform linux/amd64 nginx", ok=True).output
    assert "Status: Image is up to date for nginx:latest" in pull

    table = lines(sh("docker images", ok=True).output)
    assert re.match(r"^REPOSITORY   TAG           IMAGE ID       CREATED +SIZE$", table[0])
    assert any(
        re.match(r"^nginx        latest        af62dd757b58   .+ ago   187MB$", row)
        for row in table
    )

    history = lines(sh("docker history nginx", ok=True).output)
    assert history[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert history[1].startswith("af62dd757b58   ")
    assert '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B' in history[1]
    assert all(row.startswith("<missing>") for row in history[2:])

    inspect = sh("docker inspect nginx", ok=True).output
    assert inspect.startswith('[\n    {\n        "Id": "sha256:af62dd757b58')

    sh("docker tag nginx:latest myregistry/nginx:v1.0", ok=True)
    grep = lines(sh("docker images | grep nginx", ok=True).output)
    assert sum(1 for row in grep if row.startswith("myregistry/nginx   v1.0")) == 1

    rmi = lines(sh("docker rmi myregistry/nginx:v1.0", ok=True).output)
    assert rmi == ["Untagged: myregistry/nginx:v1.0"]


def test_rmi_many_and_force(engine: Engine, sh) -> None:
    sh("docker pull nginx", ok=True)
    sh("docker pull redis:7", ok=True)
    sh("docker tag redis:7 redis:latest", ok=True)
    out = sh("docker rmi nginx redis mysql")
    assert out.exit_code == 1
    assert "Untagged: nginx:latest" in out.output
    assert "Untagged: redis:latest" in out.output
    assert "Error response from daemon: No such image: mysql:latest" in out.output
    sh("docker run -d --name web nginx:1.25", ok=True)
    conflict = sh("docker rmi nginx:1.25")
    assert re.search(
        r'conflict: unable to remove repository reference "nginx:1.25" \(must force\) - container [0-9a-f]{12} is using its referenced image af62dd757b58',
        conflict.output,
    )
    forced = sh("docker rmi -f nginx:1.25", ok=True)
    assert forced.output.startswith("Untagged: nginx:1.25\n")
    ps = lines(sh("docker ps", ok=True).output)
    assert "af62dd757b58" in ps[1]  # the IMAGE column falls back to the id


def test_container_operations(engine: Engine, sh, clock) -> None:
    started = sh("docker run -d nginx", ok=True).output
    assert "Unable to find image 'nginx:latest' locally" in started
    assert HEX64.match(lines(started)[-1])

    named = sh("docker run -d --name my-nginx nginx", ok=True).output
    assert HEX64.match(named.strip())
    sh("docker run -d -p 8080:80 nginx", ok=True)
    mysql = sh("docker run -d -e MYSQL_ROOT_PASSWORD=secret mysql", ok=True)
    assert "Unable to find image 'mysql:latest' locally" in mysql.output or mysql.exit_code == 0
    sh("mkdir -p /host/data", ok=True)
    sh("docker run -d -v /host/data:/container/data nginx", ok=True)

    ps = lines(sh("docker ps", ok=True).output)
    assert ps[0].startswith("CONTAINER ID   IMAGE     COMMAND                  CREATED")
    assert any("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp" in row for row in ps)
    assert any(row.endswith("my-nginx") for row in ps)
    assert '"/docker-entrypoint.…"' in ps[1]

    assert all(HEX12.match(i) for i in lines(sh("docker ps -q", ok=True).output))
    assert len(lines(sh("docker ps -n 5", ok=True).output)) == 6

    clock.advance(65)
    assert "Up About a minute" in sh("docker ps", ok=True).output

    for verb, status in (
        ("stop", "Exited (0)"),
        ("start", "Up Less than a second"),
        ("restart", "Up"),
    ):
        assert sh(f"docker {verb} my-nginx", ok=True).output == "my-nginx\n"
        row = next(r for r in lines(sh("docker ps -a", ok=True).output) if r.endswith("my-nginx"))
        assert status in row
    assert sh("docker pause my-nginx", ok=True).output == "my-nginx\n"
    assert "(Paused)" in sh("docker ps", ok=True).output
    assert sh("docker unpause my-nginx", ok=True).output == "my-nginx\n"

    refused = sh("docker rm my-nginx")
    assert refused.exit_code == 1
    assert refused.output == (
        'Error response from daemon: cannot remove container "/my-nginx": container is running: '
        "stop the container before removing or force remove\n"
    )
    assert sh("docker rm -f my-nginx", ok=True).output == "my-nginx\n"


def test_interaction(engine: Engine, sh) -> None:
    sh("docker run -d --name web -p 8080:80 nginx", ok=True)
    logs = lines(sh("docker logs web", ok=True).output)
    assert (
        logs[0]
        == "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    )
    assert any("Configuration complete; ready for start up" in line for line in logs)

    page = sh("curl -s http://localhost:8080", ok=True).output
    assert "<title>Welcome to nginx!</title>" in page
    tail = lines(sh("docker logs --tail 1 web", ok=True).output)
    assert re.match(r'^172\.17\.0\.1 - - \[.+\] "GET / HTTP/1\.1" 200 615 "-" "curl/', tail[0])

    follow = sh("docker logs -f web", ok=True)
    assert follow.mode == "following" and follow.prompt == ""
    stopped = engine.interrupt()
    assert stopped.output == "^C\n" and stopped.prompt == "$ "

    listing = sh("docker exec web ls /usr/share/nginx/html", ok=True).output
    assert listing == "50x.html\nindex.html\n"
    missing = sh("docker exec web ls /app")
    assert missing.exit_code != 0 and "No such file or directory" in missing.output

    entered = sh("docker exec -it web bash", ok=True)
    assert re.match(r"^root@[0-9a-f]{12}:/# $", entered.prompt)
    assert sh("pwd", ok=True).output == "/\n"
    left = sh("exit")
    assert left.prompt == "$ "
    assert "Up" in sh("docker ps", ok=True).output  # exec's exit leaves the container running

    top = lines(sh("docker top web", ok=True).output)
    assert top[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert "nginx: master process" in top[1]

    stats = lines(sh("docker stats --no-stream web", ok=True).output)
    assert stats[0].split()[:3] == ["CONTAINER", "ID", "NAME"]
    assert "/ 7.667GiB" in stats[1]


def test_data_is_lost_without_a_volume(engine: Engine, sh) -> None:
    entered = sh("docker run -it --name test ubuntu bash", ok=True)
    assert re.match(r"^root@[0-9a-f]{12}:/# $", entered.prompt)
    # The doc writes into /data, which ubuntu does not have: bash refuses, as a real one would.
    failed = sh('echo "important data" > /data/file.txt')
    assert failed.exit_code == 1
    assert failed.output == "bash: /data/file.txt: No such file or directory\n"
    sh("mkdir /data", ok=True)
    sh('echo "important data" > /data/file.txt', ok=True)
    assert sh("exit").prompt == "$ "
    assert "Exited (0)" in sh("docker ps -a", ok=True).output
    assert sh("docker rm test", ok=True).output == "test\n"
    again = sh("docker run --rm ubuntu cat /data/file.txt")
    assert again.exit_code == 1
    assert "No such file or directory" in again.output


def test_volumes_keep_data(engine: Engine, sh) -> None:
    # The doc's block has no password: mysql refuses to start, as on a real Docker.
    sh(
        "docker run -d \\\n  --name mysql-db \\\n  -v mysql-data:/var/lib/mysql \\\n  mysql",
        ok=True,
    )
    engine.execute("sleep 2")
    assert "Exited (1)" in sh("docker ps -a", ok=True).output
    assert (
        "Database is uninitialized and password option is not specified"
        in sh("docker logs mysql-db").output
    )
    sh("docker rm -f mysql-db", ok=True)

    sh(
        "docker run -d --name mysql-db -e MYSQL_ROOT_PASSWORD=secret -v mysql-data:/var/lib/mysql mysql",
        ok=True,
    )
    engine.execute("sleep 2")
    assert "Up" in next(
        r for r in lines(sh("docker ps -a", ok=True).output) if r.endswith("mysql-db")
    )
    sh("docker rm -f mysql-db", ok=True)
    assert "mysql-data" in sh("docker volume ls", ok=True).output
    sh("docker run -d --name new-mysql -v mysql-data:/var/lib/mysql mysql", ok=True)
    engine.execute("sleep 2")
    # The data directory is initialised already, so no password is needed any more.
    row = next(r for r in lines(sh("docker ps -a", ok=True).output) if r.endswith("new-mysql"))
    assert "Up" in row

    sh("mkdir -p /host/website", ok=True)
    sh("echo '<h1>Hello from the host</h1>' > /host/website/index.html", ok=True)
    sh("docker run -d --name web -p 8081:80 -v /host/website:/usr/share/nginx/html nginx", ok=True)
    assert sh("curl -s localhost:8081", ok=True).output == "<h1>Hello from the host</h1>\n"


def test_three_containers_from_one_image(engine: Engine, sh) -> None:
    for n in (1, 2, 3):
        sh(f"docker run -d -p 800{n}:80 --name web{n} nginx", ok=True)
    for n in (1, 2, 3):
        assert "Welcome to nginx!" in sh(f"curl http://localhost:800{n}", ok=True).output
    clash = sh("docker run -d -p 8001:80 --name web4 nginx")
    assert clash.exit_code == 125
    assert "Bind for 0.0.0.0:8001 failed: port is already allocated" in clash.output


def test_commit_a_modified_container(engine: Engine, sh) -> None:
    entered = sh("docker run -it --name custom-nginx nginx bash", ok=True)
    assert entered.prompt.startswith("root@")
    sh('echo "Custom Page" > /usr/share/nginx/html/index.html', ok=True)
    sh("exit")
    committed = sh("docker commit custom-nginx my-custom-nginx:v1", ok=True).output
    assert re.match(r"^sha256:[0-9a-f]{64}\n$", committed)
    sh("docker run -d -p 8080:80 my-custom-nginx:v1", ok=True)
    assert sh("curl -s localhost:8080", ok=True).output == "Custom Page\n"
    history = lines(sh("docker history my-custom-nginx:v1", ok=True).output)
    assert len(history) == len(lines(sh("docker history nginx", ok=True).output)) + 1


def test_system_df(engine: Engine, sh) -> None:
    sh("docker run -d --name web nginx", ok=True)
    df = lines(sh("docker system df", ok=True).output)
    assert df[0] == "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE"
    assert df[1].startswith("Images          1         1         186.6MB   0B (0%)")
    assert df[4].startswith("Build Cache     0         0         0B        0B")


def test_copy_on_write(engine: Engine, sh) -> None:
    sh("docker run -d --name c1 nginx", ok=True)
    sh("docker run -d --name c2 nginx", ok=True)
    sh("docker exec c1 sh -c 'echo changed > /usr/share/nginx/html/index.html'", ok=True)
    assert sh("docker exec c1 cat /usr/share/nginx/html/index.html", ok=True).output == "changed\n"
    assert (
        "Welcome to nginx!"
        in sh("docker exec c2 cat /usr/share/nginx/html/index.html", ok=True).output
    )
    diff = lines(sh("docker diff c1", ok=True).output)
    assert "C /usr/share/nginx/html/index.html" in diff
    assert "C /usr/share/nginx/html/index.html" not in lines(sh("docker diff c2", ok=True).output)
    view = engine.view()
    c1 = next(c for c in view["containers"] if c["name"] == "c1")
    change = next(
        ch for ch in c1["writable"]["changes"] if ch["path"] == "/usr/share/nginx/html/index.html"
    )
    assert change["change"] == "C" and change["from_layer"] in view["layers"]
