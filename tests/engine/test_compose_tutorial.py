"""A typical Compose tutorial from start to end: a web server with a bind-mounted page, a
redis with a named volume, `up`, edit, look around, `down`, `down -v`."""

from __future__ import annotations

from engine import Engine
from tests.engine.cmd_support import Sh, stderr, stdout

COMPOSE = """\
services:
  web:
    image: nginx:1.25
    ports:
      - "8080:80"
    volumes:
      - ./html:/usr/share/nginx/html:ro
    depends_on:
      - cache
  cache:
    image: redis:7
    volumes:
      - cache-data:/data
volumes:
  cache-data:
"""


def test_tutorial_walkthrough(engine: Engine, sh: Sh) -> None:
    sh("mkdir -p ~/tutorial/html && cd ~/tutorial", ok=True)
    sh(f"cat > compose.yaml <<'EOF'\n{COMPOSE}EOF", ok=True)
    sh("echo '<h1>Hello Compose</h1>' > html/index.html", ok=True)

    up = sh("docker compose --progress plain up -d", ok=True)
    progress = stderr(up)
    assert progress.index(" cache Pulled \n") < progress.index(" web Pulling \n")
    assert progress.endswith(
        " web Pulled \n"
        " Network tutorial_default  Creating\n"
        " Network tutorial_default  Created\n"
        ' Volume "tutorial_cache-data"  Creating\n'
        ' Volume "tutorial_cache-data"  Created\n'
        " Container tutorial-cache-1  Creating\n"
        " Container tutorial-cache-1  Created\n"
        " Container tutorial-web-1  Creating\n"
        " Container tutorial-web-1  Created\n"
        " Container tutorial-cache-1  Starting\n"
        " Container tutorial-cache-1  Started\n"
        " Container tutorial-web-1  Starting\n"
        " Container tutorial-web-1  Started\n"
    )
    assert engine.view()["ports"]  # the diagrams see the published port

    assert sh("curl -s localhost:8080", ok=True).output == "<h1>Hello Compose</h1>\n"
    sh("echo '<h1>Edited</h1>' > html/index.html", ok=True)
    assert sh("curl -s localhost:8080", ok=True).output == "<h1>Edited</h1>\n"  # a bind mount

    ps = stdout(sh("docker compose ps --format '{{.Name}} {{.Service}} {{.State}}'", ok=True))
    assert ps == "tutorial-cache-1 cache running\ntutorial-web-1 web running\n"
    access = stdout(sh("docker compose logs --tail 1 web", ok=True))
    assert access.startswith("web-1  | ")
    assert access.endswith('"GET / HTTP/1.1" 200 16 "-" "curl/7.88.1" "-"\n')

    denied = sh("docker compose exec web sh -c 'echo x > /usr/share/nginx/html/x.html'")
    assert denied.exit_code != 0
    assert "Read-only file system" in denied.output
    assert stdout(sh("docker compose exec cache redis-cli ping", ok=True)) == "PONG\n"
    sh("docker compose exec cache sh -c 'echo saved > /data/note'", ok=True)

    down = sh("docker compose --progress plain down", ok=True)
    assert stderr(down).endswith(
        " Network tutorial_default  Removing\n Network tutorial_default  Removed\n"
    )
    assert sh("docker ps -aq", ok=True).output == ""
    sh("docker compose --progress plain up -d", ok=True)
    kept = sh("docker compose exec cache cat /data/note", ok=True)
    assert stdout(kept) == "saved\n"  # the named volume outlived the containers

    gone = sh("docker compose --progress plain down -v", ok=True)
    assert stderr(gone).endswith(
        " Volume tutorial_cache-data  Removing\n Volume tutorial_cache-data  Removed\n"
    )
    assert sh("docker volume ls -q", ok=True).output == ""
    assert stdout(sh("docker compose ls -a", ok=True)) == "NAME      STATUS    CONFIG FILES\n"
