"""`docker compose up` / `down` / `ps` / `start` / `stop` / `rm`: names, labels, progress lines."""

from __future__ import annotations

from engine import Engine
from tests.engine.cmd_support import Sh, stderr, stdout

APP = (
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    ports:\n"
    "      - '8080:80'\n"
    "    volumes:\n"
    "      - html:/usr/share/nginx/html\n"
    "    depends_on:\n"
    "      - cache\n"
    "  cache:\n"
    "    image: redis:7\n"
    "volumes:\n"
    "  html:\n"
)

UP = (
    " Network app_default  Creating\n"
    " Network app_default  Created\n"
    ' Volume "app_html"  Creating\n'
    ' Volume "app_html"  Created\n'
    " Container app-cache-1  Creating\n"
    " Container app-cache-1  Created\n"
    " Container app-web-1  Creating\n"
    " Container app-web-1  Created\n"
    " Container app-cache-1  Starting\n"
    " Container app-cache-1  Started\n"
    " Container app-web-1  Starting\n"
    " Container app-web-1  Started\n"
)


def project(sh: Sh, content: str = APP) -> None:
    sh("docker pull -q nginx && docker pull -q redis:7", ok=True)
    sh(f"mkdir app && cd app && cat > compose.yaml <<'EOF'\n{content}EOF", ok=True)


def test_up_detached_prints_compose_progress(sh: Sh) -> None:
    project(sh)
    out = sh("docker compose --progress plain up -d")
    assert out.exit_code == 0
    assert stdout(out) == ""
    assert stderr(out) == UP


def test_second_up_says_running(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose --progress plain up -d", ok=True)
    assert stderr(out) == " Container app-cache-1  Running\n Container app-web-1  Running\n"


def test_changed_service_is_recreated(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    sh("sed -i 's/8080:80/8081:80/' compose.yaml", ok=True)
    out = sh("docker compose --progress plain up -d", ok=True)
    assert stderr(out) == (
        " Container app-cache-1  Running\n"
        " Container app-web-1  Recreate\n"
        " Container app-web-1  Recreated\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    assert "0.0.0.0:8081->80/tcp" in sh("docker ps", ok=True).output


def test_names_and_labels_as_compose_makes_them(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    names = sh("docker ps --format '{{.Names}}'", ok=True).output
    assert names == "app-web-1\napp-cache-1\n"
    networks = sh("docker network ls --format '{{.Name}}'", ok=True).output
    assert "app_default\n" in networks
    labels = sh(
        'docker inspect -f \'{{index .Config.Labels "com.docker.compose.project"}} '
        '{{index .Config.Labels "com.docker.compose.service"}} '
        '{{index .Config.Labels "com.docker.compose.container-number"}} '
        '{{index .Config.Labels "com.docker.compose.oneoff"}} '
        '{{index .Config.Labels "com.docker.compose.version"}}\' app-web-1',
        ok=True,
    ).output
    assert labels == "app web 1 False 2.32.4\n"
    filtered = sh("docker ps --filter label=com.docker.compose.service=cache -q", ok=True)
    assert filtered.output == sh("docker ps -q --filter name=app-cache-1", ok=True).output
    aliases = sh(
        "docker inspect -f '{{range .NetworkSettings.Networks}}{{.Aliases}}{{end}}' app-cache-1",
        ok=True,
    ).output
    assert aliases == "[app-cache-1 cache]\n"
    volume = sh(
        "docker volume inspect -f '{{index .Labels \"com.docker.compose.volume\"}}' app_html",
        ok=True,
    ).output
    assert volume == "html\n"


def test_ps_table(sh: Sh, clock) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    clock.advance(125)
    out = sh("docker compose ps", ok=True)
    assert stdout(out) == (
        "NAME          IMAGE     COMMAND                  SERVICE   CREATED         STATUS"
        "         PORTS\n"
        'app-cache-1   redis:7   "docker-entrypoint.s…"   cache     2 minutes ago   Up 2 minutes'
        "   6379/tcp\n"
        'app-web-1     nginx     "/docker-entrypoint.…"   web       2 minutes ago   Up 2 minutes'
        "   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n"
    )
    assert stdout(sh("docker compose ps --services", ok=True)) == "cache\nweb\n"
    assert stdout(sh("docker compose ps -q web", ok=True)) == stdout(
        sh("docker inspect -f '{{.Id}}' app-web-1", ok=True)
    )


def test_stop_start_and_ps_all(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose --progress plain stop", ok=True)
    assert stderr(out) == (
        " Container app-web-1  Stopping\n"
        " Container app-web-1  Stopped\n"
        " Container app-cache-1  Stopping\n"
        " Container app-cache-1  Stopped\n"
    )
    assert stdout(sh("docker compose ps", ok=True)).count("\n") == 1  # the header only
    assert "Exited (0)" in stdout(sh("docker compose ps -a", ok=True))
    out = sh("docker compose --progress plain start", ok=True)
    assert stderr(out) == (
        " Container app-cache-1  Starting\n"
        " Container app-cache-1  Started\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    out = sh("docker compose --progress plain restart cache", ok=True)
    assert stderr(out) == " Container app-cache-1  Restarting\n Container app-cache-1  Started\n"


def test_rm_asks_then_removes_stopped_containers(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    assert stderr(sh("docker compose --progress plain rm", ok=True)) == "No stopped containers\n"
    sh("docker compose --progress plain stop cache", ok=True)
    out = sh("docker compose --progress plain rm", ok=True)
    assert stdout(out) == "? Going to remove app-cache-1 (y/N) "
    assert out.mode == "confirm"
    out = sh("y", ok=True)
    assert stderr(out) == " Container app-cache-1  Removing\n Container app-cache-1  Removed\n"
    assert sh("docker ps -a --format '{{.Names}}'", ok=True).output == "app-web-1\n"


def test_down_keeps_named_volumes_unless_dash_v(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    sh("docker compose exec web sh -c 'echo hello > /usr/share/nginx/html/index.html'", ok=True)
    out = sh("docker compose --progress plain down", ok=True)
    assert stderr(out) == (
        " Container app-web-1  Stopping\n"
        " Container app-web-1  Stopped\n"
        " Container app-web-1  Removing\n"
        " Container app-web-1  Removed\n"
        " Container app-cache-1  Stopping\n"
        " Container app-cache-1  Stopped\n"
        " Container app-cache-1  Removing\n"
        " Container app-cache-1  Removed\n"
        " Network app_default  Removing\n"
        " Network app_default  Removed\n"
    )
    assert sh("docker ps -aq", ok=True).output == ""
    assert "app_default" not in sh("docker network ls", ok=True).output
    assert "app_html\n" in sh("docker volume ls -q", ok=True).output
    sh("docker compose --progress plain up -d", ok=True)
    assert sh("curl -s localhost:8080", ok=True).output == "hello\n"  # the volume survived
    out = sh("docker compose --progress plain down -v", ok=True)
    assert stderr(out).endswith(
        " Network app_default  Removed\n Volume app_html  Removing\n Volume app_html  Removed\n"
    )
    # Only the first run's anonymous /data of redis is left: `down -v` took the second one.
    assert len(sh("docker volume ls -q", ok=True).output.split()) == 1
    out = sh("docker compose --progress plain down", ok=True)
    assert stderr(out) == 'Warning: No resource found to remove for project "app".\n'


def test_up_emits_the_events_the_diagrams_animate(engine: Engine, sh: Sh) -> None:
    project(sh)
    kinds = [e.kind for e in sh("docker compose --progress plain up -d", ok=True).events]
    assert kinds.index("network.created") < kinds.index("volume.created")
    assert kinds.index("volume.created") < kinds.index("container.created")
    assert kinds.count("container.created") == 2
    assert kinds.count("container.started") == 2
    assert "network.connected" in kinds
    assert "volume.mounted" in kinds
    down = [e.kind for e in sh("docker compose --progress plain down", ok=True).events]
    assert down.count("container.removed") == 2
    assert "network.removed" in down


def test_missing_images_are_pulled_first(sh: Sh) -> None:
    sh(
        "mkdir app && cd app && printf 'services:\\n  cache:\\n    image: redis:7\\n' > compose.yaml"
    )
    out = sh("docker compose --progress plain up -d", ok=True)
    lines = stderr(out).splitlines(keepends=True)
    assert lines[0] == " cache Pulling \n"
    assert " c02d17997ce3 Pulling fs layer \n" in lines
    assert " c02d17997ce3 Pull complete \n" in lines
    pulled = lines.index(" cache Pulled \n")
    assert lines[pulled + 1 :] == [
        " Network app_default  Creating\n",
        " Network app_default  Created\n",
        " Container app-cache-1  Creating\n",
        " Container app-cache-1  Created\n",
        " Container app-cache-1  Starting\n",
        " Container app-cache-1  Started\n",
    ]
    failed = sh(
        "printf 'services:\\n  x:\\n    image: nosuch/thing\\n' > compose.yaml && docker compose --progress plain up -d"
    )
    assert failed.exit_code == 1
    assert stderr(failed).endswith(
        " x  Error\nError response from daemon: pull access denied for nosuch/thing, repository "
        "does not exist or may require 'docker login': denied: requested access to the resource "
        "is denied\n"
    )


def test_port_conflict_fails_like_compose(sh: Sh) -> None:
    project(sh)
    sh("docker run -d -p 8080:80 --name other nginx", ok=True)
    out = sh("docker compose --progress plain up -d")
    assert out.exit_code == 1
    assert stderr(out).endswith(
        " Container app-web-1  Starting\n"
        "Error response from daemon: driver failed programming external connectivity on "
        f"endpoint app-web-1 ({stderr(out).split('(')[1].split(')')[0]}): Bind for "
        "0.0.0.0:8080 failed: port is already allocated\n"
    )


def test_container_name_and_custom_networks(sh: Sh) -> None:
    project(
        sh,
        "services:\n  db:\n    image: redis:7\n    container_name: mydb\n    networks: [back]\n"
        "  web:\n    image: alpine:3.19\n    command: tail -f /dev/null\n"
        "    networks: [front, back]\n"
        "networks:\n  front:\n  back:\n",
    )
    sh("docker pull -q alpine:3.19", ok=True)
    out = sh("docker compose --progress plain up -d", ok=True)
    assert stderr(out).startswith(
        " Network app_back  Creating\n Network app_back  Created\n"
        " Network app_front  Creating\n Network app_front  Created\n"
        " Container mydb  Creating\n"
    )
    nets = sh(
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' app-web-1",
        ok=True,
    ).output
    assert nets == "app_back app_front \n"
    ping = sh("docker compose exec web ping -c 1 db", ok=True).output
    assert "1 packets transmitted, 1 packets received" in ping
    assert "mydb" in stdout(sh("docker compose ps", ok=True))
