"""Shared fixtures for the lessons tests: a hand-made view like ``engine.view()`` returns."""

from __future__ import annotations

import copy
from typing import Any

import pytest

NGINX = "sha256:" + "af62dd757b58" + "0" * 52
CUSTOM = "sha256:" + "5f6071829304" + "0" * 52
ALPINE = "sha256:" + "dcb11b21f6dc" + "0" * 52


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "solutions: runs every lesson step's solution on a fresh engine.Engine()"
    )


def container(name: str, image_id: str, ref: str, status: str = "running", **extra: Any) -> dict:
    data = {
        "id": name.ljust(64, "0"),
        "short_id": name.ljust(12, "0"),
        "name": name,
        "image_id": image_id,
        "image_ref": ref,
        "status": status,
        "status_text": "Up 3 minutes",
        "exit_code": 0,
        "ports": [],
        "mounts": [],
        "networks": [{"name": "bridge", "ip": "172.17.0.2"}],
        "writable": {"size": 0, "size_text": "0B", "changes": []},
    }
    data.update(extra)
    return data


BASE_VIEW: dict[str, Any] = {
    "images": [
        {
            "id": CUSTOM,
            "short_id": "5f6071829304",
            "tags": ["my-custom-nginx:v1"],
            "layers": ["l1", "l2", "l3", "c1"],
            "dangling": False,
            "containers": [],
        },
        {
            "id": NGINX,
            "short_id": "af62dd757b58",
            "tags": ["nginx:1.25", "nginx:latest"],
            "layers": ["l1", "l2", "l3"],
            "dangling": False,
            "containers": [],
        },
        {
            "id": ALPINE,
            "short_id": "dcb11b21f6dc",
            "tags": ["alpine:3.19"],
            "layers": ["a1"],
            "dangling": False,
            "containers": [],
        },
        {
            "id": "sha256:" + "9" * 64,
            "short_id": "9" * 12,
            "tags": [],
            "layers": ["a1", "x"],
            "dangling": True,
            "containers": [],
        },
    ],
    "layers": {},
    "containers": [
        container(
            "web1",
            NGINX,
            "nginx",
            ports=[{"host_ip": "0.0.0.0", "host_port": 8001, "container_port": 80, "proto": "tcp"}],
        ),
        container(
            "web2",
            NGINX,
            "nginx:latest",
            ports=[{"host_ip": "0.0.0.0", "host_port": 8002, "container_port": 80, "proto": "tcp"}],
        ),
        container(
            "web3",
            NGINX,
            "nginx:1.25",
            ports=[{"host_ip": "0.0.0.0", "host_port": 8003, "container_port": 80, "proto": "tcp"}],
        ),
        container(
            "c1",
            ALPINE,
            "alpine:3.19",
            writable={
                "size": 20,
                "size_text": "20B",
                "changes": [
                    {"path": "/app", "change": "C", "kind": "dir", "size": 0, "from_layer": "a1"},
                    {
                        "path": "/app/config.json",
                        "change": "C",
                        "kind": "file",
                        "size": 20,
                        "from_layer": "a1",
                    },
                ],
            },
        ),
        container("c2", ALPINE, "alpine:3.19"),
        container(
            "db",
            "sha256:" + "3" * 64,
            "mysql:8.0",
            status="exited",
            exit_code=1,
            mounts=[
                {
                    "type": "volume",
                    "source": "mysql-data",
                    "destination": "/var/lib/mysql",
                    "read_only": False,
                }
            ],
            networks=[{"name": "app-net", "ip": "172.18.0.2"}],
        ),
    ],
    "volumes": [
        {
            "name": "mysql-data",
            "anonymous": False,
            "size": 1000,
            "size_text": "1kB",
            "used_by": ["db".ljust(64, "0")],
            "files": 12,
        },
        {
            "name": "kept",
            "anonymous": False,
            "size": 10,
            "size_text": "10B",
            "used_by": [],
            "files": 3,
        },
    ],
    "networks": [
        {
            "name": "bridge",
            "driver": "bridge",
            "subnet": "172.17.0.0/16",
            "containers": ["web1".ljust(64, "0")],
        },
        {
            "name": "app-net",
            "driver": "bridge",
            "subnet": "172.18.0.0/16",
            "containers": ["db".ljust(64, "0")],
        },
    ],
    "disk": {},
    "build": {
        "image": CUSTOM,
        "steps": [
            {
                "index": 1,
                "total": 6,
                "instruction": "FROM node:18-alpine",
                "cached": False,
                "layer": None,
            },
            {"index": 2, "total": 6, "instruction": "WORKDIR /app", "cached": True, "layer": "w"},
            {
                "index": 3,
                "total": 6,
                "instruction": "COPY package*.json ./",
                "cached": True,
                "layer": "p",
            },
            {
                "index": 4,
                "total": 6,
                "instruction": "RUN npm install",
                "cached": True,
                "layer": "n",
            },
            {"index": 5, "total": 6, "instruction": "COPY . .", "cached": False, "layer": "c"},
            {
                "index": 6,
                "total": 6,
                "instruction": 'CMD ["node", "app.js"]',
                "cached": False,
                "layer": None,
            },
        ],
    },
    "ports": [
        {
            "host_port": 8001,
            "container": "web1".ljust(64, "0"),
            "name": "web1",
            "container_port": 80,
        },
        {
            "host_port": 8002,
            "container": "web2".ljust(64, "0"),
            "name": "web2",
            "container_port": 80,
        },
        {
            "host_port": 8003,
            "container": "web3".ljust(64, "0"),
            "name": "web3",
            "container_port": 80,
        },
    ],
}


@pytest.fixture
def view() -> dict[str, Any]:
    return copy.deepcopy(BASE_VIEW)
