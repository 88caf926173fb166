"""`docker compose logs / exec / run / build / top / images` and a foreground `up`."""

from __future__ import annotations

from engine import Engine
from engine.compose import attach
from engine.io import TerminalStream, Timeline, final_text
from tests.engine.cmd_support import Sh, stderr, stdout

APP = (
    "services:\n"
    "  web:\n"
    "    build: .\n"
    "    ports:\n"
    "      - '8000:3000'\n"
    "    environment:\n"
    "      REDIS_HOST: cache\n"
    "    depends_on:\n"
    "      cache:\n"
    "        condition: service_healthy\n"
    "  cache:\n"
    "    image: redis:7\n"
    "    healthcheck:\n"
    "      test: ['CMD', 'redis-cli', 'ping']\n"
)
SERVER = (
    "const http = require('http');\n"
    "http.createServer((req, res) => { res.end('hello from web'); }).listen(3000);\n"
)
DOCKERFILE = 'FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'


def project(sh: Sh) -> None:
    sh("docker pull -q redis:7 && docker pull -q node:18-alpine", ok=True)
    sh("mkdir app && cd app", ok=True)
    for name, content in (("compose.yaml", APP), ("server.js", SERVER), ("Dockerfile", DOCKERFILE)):
        sh(f"cat > {name} <<'EOF'\n{content}EOF", ok=True)


def test_build_service_then_up(sh: Sh) -> None:
    project(sh)
    out = sh("docker compose --progress plain up -d", ok=True)
    err = stderr(out)
    assert err.startswith(
        ' Service web  Building\n#0 building with "default" instance using docker driver\n\n'
        "#1 [web internal] load build definition from Dockerfile\n"
    )
    assert "#6 [web 2/3] WORKDIR /app\n" in err
    assert "#8 naming to docker.io/library/app-web:latest done\n" in err
    assert err.endswith(
        " Service web  Built\n"
        " Network app_default  Creating\n"
        " Network app_default  Created\n"
        " Container app-cache-1  Creating\n"
        " Container app-cache-1  Created\n"
        " Container app-web-1  Creating\n"
        " Container app-web-1  Created\n"
        " Container app-cache-1  Starting\n"
        " Container app-cache-1  Started\n"
        " Container app-cache-1  Waiting\n"
        " Container app-cache-1  Healthy\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    assert sh("curl -s localhost:8000", ok=True).output == "hello from web"
    images = sh("docker images --format '{{.Repository}}:{{.Tag}}'", ok=True).output
    assert "app-web:latest\n" in images
    label = sh(
        "docker image inspect -f '{{index .Config.Labels \"com.docker.compose.service\"}}' app-web",
        ok=True,
    )
    assert label.output == "web\n"
    # Built once: the next `up` reuses the image, `--build` builds again (from the cache).
    assert "Building" not in stderr(sh("docker compose --progress plain up -d", ok=True))
    rebuilt = stderr(sh("docker compose --progress plain up -d --build", ok=True))
    assert "#7 [web 3/3] COPY . .\n#7 CACHED\n" in rebuilt


def test_service_names_resolve_between_services(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose exec web ping -c 1 cache", ok=True)
    assert stdout(out).startswith("PING cache (172.18.0.2): 56 data bytes\n")
    env = sh("docker compose exec web printenv REDIS_HOST", ok=True)
    assert stdout(env) == "cache\n"
    # The alias survives a restart of the container (Docker keeps endpoint settings).
    sh("docker compose --progress plain restart cache", ok=True)
    assert sh("docker compose exec web ping -c 1 cache").exit_code == 0


def test_exec_interactive_shell_and_errors(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose exec web sh", ok=True)
    assert out.prompt == "/app # "
    assert stdout(sh("pwd", ok=True)) == "/app\n"
    sh("exit", ok=True)
    pong = sh("docker compose exec -T cache redis-cli ping", ok=True)
    assert stdout(pong) == "PONG\n"
    sh("docker compose --progress plain stop web", ok=True)
    stopped = sh("docker compose exec web ls")
    assert (stopped.exit_code, stderr(stopped)) == (1, 'service "web" is not running\n')
    missing = sh("docker compose exec nope ls")
    assert (missing.exit_code, stderr(missing)) == (1, "no such service: nope\n")


def test_logs_with_prefixes(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose logs", ok=True)
    lines = stdout(out).splitlines()
    assert lines[0].startswith("cache-1  | 1:C 15 Jun 2025 ")
    assert all(line.startswith("cache-1  | ") for line in lines)  # the node server is silent
    bare = stdout(sh("docker compose logs --no-log-prefix --tail 1 cache", ok=True))
    assert bare.endswith("* Ready to accept connections tcp\n")
    assert "|" not in bare


def test_logs_follow_holds_the_terminal_and_feeds_new_lines(engine: Engine, sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    sh("mkdir app && cd app && printf 'services:\\n  web:\\n    image: nginx\\n"
       "    ports: [\"8080:80\"]\\n' > compose.yaml", ok=True)  # fmt: skip
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose logs -f", ok=True)
    assert out.mode == "following"
    curl = sh("curl -s localhost:8080", tty="t2")
    assert curl.exit_code == 0
    fed = "".join(frame.text for frame in curl.elsewhere["main"])
    assert fed.startswith("web-1  | ")
    assert fed.endswith('"GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"\n')
    assert "main" not in sh("true", tty="t2").elsewhere  # each line once
    ended = engine.interrupt("main")
    assert ended.mode == "shell"
    assert sh("docker compose ps -q", ok=True).output != ""  # `logs -f` stops nothing


def test_foreground_up_attaches_and_ctrl_c_stops(engine: Engine, sh: Sh) -> None:
    project(sh)
    out = sh("docker compose --progress plain up")
    assert out.exit_code == 0
    assert out.mode == "attached"
    text = stdout(out)
    assert text.startswith("Attaching to cache-1, web-1\ncache-1  | 1:C 15 Jun 2025 ")
    terminal = engine.state.terminals["main"]
    timeline = Timeline()
    status = attach.interrupt(
        engine.daemon, terminal, TerminalStream(timeline), TerminalStream(timeline, "stderr")
    )
    assert status == 130
    shown = final_text(timeline.frames)
    assert shown.startswith(
        "Gracefully stopping... (press Ctrl+C again to force)\n"
        " Container app-web-1  Stopping\n"
        " Container app-web-1  Stopped\n"
        " Container app-cache-1  Stopping\n"
        " Container app-cache-1  Stopped\n"
    )
    # node (PID 1) ignores SIGTERM: Docker kills it after the 10 s timeout.
    assert shown.endswith("web-1 exited with code 137\ncache-1 exited with code 0\n")
    assert all(not c.running for c in engine.state.containers.values())


def test_foreground_up_of_one_shot_services_returns(sh: Sh) -> None:
    sh("docker pull -q alpine:3.19", ok=True)
    sh("mkdir app && cd app && printf 'services:\\n  hello:\\n    image: alpine:3.19\\n"
       "    command: echo hi\\n' > compose.yaml", ok=True)  # fmt: skip
    out = sh("docker compose --progress plain up", ok=True)
    assert out.mode == "shell"
    assert stdout(out) == "Attaching to hello-1\nhello-1  | hi\nhello-1 exited with code 0\n"


def test_run_rm_one_off_container(engine: Engine, sh: Sh) -> None:
    project(sh)
    sh(
        "docker compose --progress plain build && docker compose --progress plain up -d cache",
        ok=True,
    )
    out = sh("docker compose --progress plain run --rm web sh", ok=True)
    assert stderr(out) == " Container app-cache-1  Running\n"
    assert out.prompt == "/app # "
    names = [c.name for c in engine.state.containers.values()]
    assert any(n.startswith("app-web-run-") and len(n) == len("app-web-run-") + 12 for n in names)
    assert "PING cache" in stdout(sh("ping -c 1 cache", ok=True))
    sh("exit", ok=True)
    assert sh("docker ps -a --format '{{.Names}}'", ok=True).output == "app-cache-1\n"
    once = sh("docker compose --progress plain run --rm -T web node -e 'console.log(1+1)'", ok=True)
    assert stdout(once) == "2\n"


def test_top_and_images(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    top = stdout(sh("docker compose top", ok=True))
    assert top.startswith("app-cache-1\nUID ")
    assert "\n\napp-web-1\nUID " in top
    assert "node server.js\n" in top
    images = stdout(sh("docker compose images", ok=True))
    assert images.startswith(
        "CONTAINER     REPOSITORY   TAG       IMAGE ID       SIZE\napp-cache-1   redis        7 "
    )
    assert "\napp-web-1     app-web      latest    " in images


def test_down_rmi_local_removes_built_images_only(sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    out = sh("docker compose --progress plain down --rmi local", ok=True)
    assert stderr(out).endswith(
        " Network app_default  Removed\n"
        " Image app-web:latest  Removing\n"
        " Image app-web:latest  Removed\n"
    )
    left = sh("docker images --format '{{.Repository}}'", ok=True).output
    assert "app-web" not in left and "redis" in left


def test_foreground_up_reports_exits_and_ends(engine: Engine, sh: Sh) -> None:
    project(sh)
    sh("docker compose --progress plain up", ok=True)
    terminal = engine.state.terminals["main"]
    stop = sh("docker stop app-cache-1", tty="t2", ok=True)
    assert "".join(f.text for f in stop.elsewhere["main"]).endswith("cache-1 exited with code 0\n")
    assert terminal.mode == "attached"
    stop = sh("docker stop app-web-1", tty="t2", ok=True)
    assert "".join(f.text for f in stop.elsewhere["main"]) == "web-1 exited with code 137\n"
    assert terminal.mode == "shell"  # every container ended: the terminal is free again
    assert engine.prompt("main") == "$ "


def test_project_survives_dump_and_load(engine: Engine, sh: Sh, clock) -> None:
    project(sh)
    sh("docker compose --progress plain up -d", ok=True)
    again = Engine.load(engine.dump(), clock=clock)
    out = again.execute("cd ~/app && docker compose ps --format '{{.Name}}'")
    assert out.output == "app-cache-1\napp-web-1\n"
    assert again.execute("docker compose exec web ping -c 1 cache").exit_code == 0
