"""engine.view(): each container's health and its Compose project and service."""

from __future__ import annotations

from engine import Engine
from tests.engine.cmd_support import Sh

APP = (
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "  db:\n"
    "    image: redis:7\n"
    "    healthcheck:\n"
    '      test: ["CMD", "redis-cli", "ping"]\n'
    "      interval: 30s\n"
)


def by_name(engine: Engine) -> dict[str, dict]:
    return {c["name"]: c for c in engine.view()["containers"]}


def test_compose_containers_carry_project_service_and_health(engine: Engine, sh: Sh) -> None:
    sh("docker pull -q nginx && docker pull -q redis:7", ok=True)
    sh(f"mkdir shop && cd shop && cat > compose.yaml <<'EOF'\n{APP}EOF", ok=True)
    sh("docker compose up -d", ok=True)
    sh("docker run -d --name plain nginx", ok=True)
    found = by_name(engine)
    assert {name: (c["project"], c["service"]) for name, c in found.items()} == {
        "shop-web-1": ("shop", "web"),
        "shop-db-1": ("shop", "db"),
        "plain": ("", ""),
    }
    assert found["shop-db-1"]["health"] == "starting"
    assert found["shop-web-1"]["health"] == found["plain"]["health"] == ""
    sh("sleep 31", ok=True)
    assert by_name(engine)["shop-db-1"]["health"] == "healthy"


def test_a_stopped_container_reports_no_health(engine: Engine, sh: Sh) -> None:
    sh("docker pull -q redis:7", ok=True)
    sh(
        "docker run -d --name db --health-cmd 'redis-cli ping' --health-interval 5s redis:7",
        ok=True,
    )
    sh("sleep 6", ok=True)
    assert by_name(engine)["db"]["health"] == "healthy"
    sh("docker stop db", ok=True)
    assert by_name(engine)["db"]["health"] == ""
