"""docker-compose.yml without a Docker engine: the structure the distributed mode relies on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_replicas() -> None:
    services = compose()["services"]
    assert {"redis", "db", "web", "worker"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["web"]["command"][:3] == ["python", "-m", "daphne"]
    assert services["worker"]["command"][:5] == ["python", "-m", "celery", "-A", "playground"]


def test_redis_keeps_an_append_only_file_on_a_volume() -> None:
    data = compose()
    redis = data["services"]["redis"]
    assert "--appendonly" in redis["command"]
    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    volume = redis["volumes"][0].split(":")[0]
    assert volume in data["volumes"]


def test_app_services_run_distributed_against_postgres() -> None:
    services = compose()["services"]
    for name in ("web", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["PLAYGROUND_EXECUTOR"] == "celery"
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["DEBUG"] == "0"
        assert "SECRET_KEY" in env
        assert services[name]["build"] == "."


def test_every_named_volume_is_declared_and_the_dockerfile_exists() -> None:
    data = compose()
    for service in data["services"].values():
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in data["volumes"]
    assert (ROOT / "Dockerfile").is_file()
    assert (ROOT / ".dockerignore").is_file()
