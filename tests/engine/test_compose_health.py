"""Compose healthchecks: `healthcheck:`, `depends_on: condition: service_healthy`, `up --wait`,
and the (healthy) STATUS in `docker compose ps`."""

from __future__ import annotations

import json

from tests.engine.cmd_support import Sh, stderr, stdout
from tests.engine.conftest import Clock


def compose_file(db_healthcheck: str) -> str:
    return (
        "services:\n"
        "  web:\n"
        "    image: nginx\n"
        "    depends_on:\n"
        "      db:\n"
        "        condition: service_healthy\n"
        "  db:\n"
        "    image: redis:7\n" + db_healthcheck
    )


REDIS_PING = (
    "    healthcheck:\n"
    '      test: ["CMD", "redis-cli", "ping"]\n'
    "      interval: 1m30s\n"
    "      timeout: 5s\n"
    "      start_period: 10s\n"
    "      retries: 5\n"
)

STARTED = (
    " Network app_default  Creating\n"
    " Network app_default  Created\n"
    " Container app-db-1  Creating\n"
    " Container app-db-1  Created\n"
    " Container app-web-1  Creating\n"
    " Container app-web-1  Created\n"
    " Container app-db-1  Starting\n"
    " Container app-db-1  Started\n"
    " Container app-db-1  Waiting\n"
)


def project(sh: Sh, content: str) -> None:
    sh("docker pull -q nginx && docker pull -q redis:7", ok=True)
    sh(f"mkdir -p app && cd app && cat > compose.yaml <<'EOF'\n{content}EOF", ok=True)


def test_up_waits_for_a_healthy_dependency(sh: Sh) -> None:
    project(sh, compose_file(REDIS_PING))
    out = sh("docker compose --progress plain up -d", ok=True)
    assert stderr(out) == STARTED + (
        " Container app-db-1  Healthy\n"
        " Container app-web-1  Starting\n"
        " Container app-web-1  Started\n"
    )
    assert [e.data["status"] for e in out.events if e.kind == "container.health"] == ["healthy"]
    check = sh("docker inspect -f '{{json .Config.Healthcheck}}' app-db-1", ok=True).output
    assert json.loads(check) == {
        "Test": ["CMD", "redis-cli", "ping"],
        "Interval": 90_000_000_000,
        "Timeout": 5_000_000_000,
        "StartPeriod": 10_000_000_000,
        "Retries": 5,
    }
    log = json.loads(sh("docker inspect -f '{{json .State.Health.Log}}' app-db-1", ok=True).output)
    assert [(entry["ExitCode"], entry["Output"]) for entry in log] == [(0, "PONG\n")]


def test_compose_ps_shows_the_health(sh: Sh, clock: Clock) -> None:
    project(sh, compose_file(REDIS_PING))
    sh("docker compose --progress plain up -d", ok=True)
    clock.advance(120)
    table = stdout(sh("docker compose ps --format '{{.Name}}\t{{.Status}}'", ok=True))
    assert table == "app-db-1\tUp 2 minutes (healthy)\napp-web-1\tUp 2 minutes\n"
    rows = [json.loads(line) for line in stdout(sh("docker compose ps --format json")).splitlines()]
    assert [(row["Name"], row["Health"]) for row in rows] == [
        ("app-db-1", "healthy"),
        ("app-web-1", ""),
    ]


def test_unhealthy_dependency_fails_up(sh: Sh) -> None:
    project(sh, compose_file("    healthcheck:\n      test: pg_isready\n      interval: 10s\n"))
    out = sh("docker compose --progress plain up -d")
    assert out.exit_code == 1
    assert stderr(out) == STARTED + (
        " Container app-db-1  Error\ndependency failed to start: container app-db-1 is unhealthy\n"
    )
    status = sh("docker ps -a --format '{{.Names}} {{.Status}}'", ok=True).output
    assert status == "app-web-1 Created\napp-db-1 Up Less than a second (unhealthy)\n"
    health = json.loads(sh("docker inspect -f '{{json .State.Health}}' app-db-1", ok=True).output)
    assert (health["FailingStreak"], health["Log"][-1]["ExitCode"]) == (3, 127)


def test_dependency_without_healthcheck(sh: Sh) -> None:
    project(sh, compose_file(""))
    out = sh("docker compose --progress plain up -d")
    assert out.exit_code == 1
    assert stderr(out).endswith(
        " Container app-db-1  Waiting\n"
        " Container app-db-1  Error\n"
        "dependency failed to start: container app-db-1 has no healthcheck configured\n"
    )


def test_disable_turns_an_image_healthcheck_off(sh: Sh) -> None:
    project(sh, compose_file("    healthcheck:\n      disable: true\n"))
    out = sh("docker compose --progress plain up -d")
    assert stderr(out).endswith("container app-db-1 has no healthcheck configured\n")
    check = sh("docker inspect -f '{{json .Config.Healthcheck}}' app-db-1", ok=True).output
    assert check == '{"Test":["NONE"]}\n'


def test_string_test_runs_in_a_shell(sh: Sh, clock: Clock) -> None:
    project(
        sh,
        compose_file(
            "    healthcheck:\n      test: redis-cli ping | grep PONG\n      interval: 5s\n"
        ),
    )
    sh("docker compose --progress plain up -d", ok=True)
    check = sh("docker inspect -f '{{json .Config.Healthcheck.Test}}' app-db-1", ok=True).output
    assert check == '["CMD-SHELL","redis-cli ping | grep PONG"]\n'


def test_up_wait_reports_each_service(sh: Sh) -> None:
    content = compose_file(REDIS_PING).replace(
        "    depends_on:\n      db:\n        condition: service_healthy\n", ""
    )
    project(sh, content)
    out = sh("docker compose --progress plain up -d --wait", ok=True)
    assert stderr(out).endswith(
        " Container app-db-1  Waiting\n"
        " Container app-web-1  Waiting\n"
        " Container app-db-1  Healthy\n"
        " Container app-web-1  Healthy\n"
    )


def test_healthcheck_values_are_checked(sh: Sh) -> None:
    project(sh, compose_file("    healthcheck:\n      test: exit 0\n      interval: 10\n"))
    out = sh("docker compose --progress plain up -d")
    assert (out.exit_code, stderr(out)) == (
        1,
        "validating /home/learner/app/compose.yaml: "
        "services.db.healthcheck.interval must be a string\n",
    )
    sh(
        "cat > compose.yaml <<'EOF'\n"
        + compose_file("    healthcheck:\n      test: 'true'\n      interval: 10 s\n")
        + "EOF",
        ok=True,
    )
    out = sh("docker compose --progress plain up -d")
    assert stderr(out).endswith('time: invalid duration "10 s"\n')
