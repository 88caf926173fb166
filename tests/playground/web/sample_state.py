"""A hand-made ``Engine.view()`` in the contract's shape: two nginx tags sharing layers with a
custom image, three containers (one with a copied-up file and a whiteout), a volume, a build."""

from __future__ import annotations

from typing import Any

NGINX = "sha256:" + "af62dd757b58" + "0" * 52
CUSTOM = "sha256:" + "5d1c0ffee123" + "1" * 52
L1, L2, L3, L4 = (
    "648e0aadf75a" + "a" * 52,
    "b0f2c5e1d3a4" + "b" * 52,
    "c9d8e7f6a5b4" + "c" * 52,
    "d4c3b2a1f0e9" + "d" * 52,
)
C1, C2, C3 = ("3f9c2b7a1d4e" + "e" * 52, "7a1d4e3f9c2b" + "f" * 52, "9c2b3f7a1d4e" + "0" * 52)


def _layer(layer_id: str, size: int, size_text: str, created_by: str, images: list[str]) -> dict:
    return {
        "id": layer_id,
        "short": layer_id[:12],
        "size": size,
        "size_text": size_text,
        "created_by": created_by,
        "images": images,
    }


def _ctr(
    cid: str,
    name: str,
    status: str,
    status_text: str,
    port: int | None,
    changes: list[dict[str, Any]],
    mounts: list[dict[str, Any]] | None = None,
) -> dict:
    return {
        "id": cid,
        "short_id": cid[:12],
        "name": name,
        "image_id": NGINX,
        "image_ref": "nginx",
        "status": status,
        "status_text": status_text,
        "exit_code": 0,
        "health": "",
        "project": "",
        "service": "",
        "ports": [{"host_ip": "0.0.0.0", "host_port": port, "container_port": 80, "proto": "tcp"}]
        if port
        else [],
        "mounts": mounts or [],
        "networks": [{"name": "bridge", "ip": "172.17.0.2"}],
        "writable": {
            "size": 1093 if changes else 0,
            "size_text": "1.09kB" if changes else "0B",
            "changes": changes,
        },
    }


def sample_view() -> dict[str, Any]:
    return {
        "images": [
            {
                "id": CUSTOM,
                "short_id": CUSTOM[7:19],
                "tags": ["my-custom-nginx:v1"],
                "size": 186639455,
                "size_text": "187MB",
                "created": 1764370000,
                "layers": [L1, L2, L3, L4],
                "containers": [],
                "dangling": False,
            },
            {
                "id": NGINX,
                "short_id": NGINX[7:19],
                "tags": ["nginx:1.25", "nginx:latest"],
                "size": 186638362,
                "size_text": "187MB",
                "created": 1764300000,
                "layers": [L1, L2, L3],
                "containers": [C1, C2, C3],
                "dangling": False,
            },
        ],
        "layers": {
            L1: _layer(L1, 74800000, "74.8MB", "ADD file:5d7a3b in / ", [CUSTOM, NGINX]),
            L2: _layer(
                L2,
                111800000,
                "112MB",
                "RUN /bin/sh -c apt-get update && apt-get install -y nginx",
                [CUSTOM, NGINX],
            ),
            L3: _layer(L3, 0, "0B", 'CMD ["nginx" "-g" "daemon off;"]', [CUSTOM, NGINX]),
            L4: _layer(L4, 1093, "1.09kB", "bash", [CUSTOM]),
        },
        "containers": [
            _ctr(
                C1,
                "web1",
                "running",
                "Up 3 minutes",
                8001,
                [
                    {
                        "path": "/usr/share/nginx/html/index.html",
                        "change": "C",
                        "kind": "file",
                        "size": 12,
                        "from_layer": L2,
                    },
                    {
                        "path": "/etc/nginx/conf.d/default.conf",
                        "change": "D",
                        "kind": "file",
                        "size": 0,
                        "from_layer": L2,
                    },
                    {
                        "path": "/tmp/notes.txt",
                        "change": "A",
                        "kind": "file",
                        "size": 5,
                        "from_layer": None,
                    },
                ],
                [
                    {
                        "type": "volume",
                        "source": "site-data",
                        "destination": "/data",
                        "read_only": False,
                    }
                ],
            ),
            _ctr(C2, "web2", "exited", "Exited (0) 1 minute ago", None, []),
            _ctr(
                C3,
                "<script>alert(1)</script>",
                "paused",
                "Up 2 minutes (Paused)",
                8003,
                [],
                [
                    {
                        "type": "bind",
                        "source": "/host/website",
                        "destination": "/usr/share/nginx/html",
                        "read_only": True,
                    }
                ],
            ),
        ],
        "volumes": [
            {
                "name": "site-data",
                "anonymous": False,
                "size": 2048,
                "size_text": "2.048kB",
                "used_by": [C1],
                "files": 3,
            }
        ],
        "networks": [
            {
                "name": "bridge",
                "driver": "bridge",
                "subnet": "172.17.0.0/16",
                "containers": [C1, C2, C3],
            }
        ],
        "disk": {
            "images": {
                "total": 2,
                "active": 1,
                "size": 186639455,
                "reclaimable": 1093,
                "size_text": "186.6MB",
                "reclaimable_text": "1.093kB (0%)",
            },
            "containers": {
                "total": 3,
                "active": 2,
                "size": 1093,
                "reclaimable": 0,
                "size_text": "1.093kB",
                "reclaimable_text": "0B (0%)",
            },
            "volumes": {
                "total": 1,
                "active": 1,
                "size": 2048,
                "reclaimable": 0,
                "size_text": "2.048kB",
                "reclaimable_text": "0B (0%)",
            },
            "build_cache": {
                "total": 0,
                "active": 0,
                "size": 0,
                "reclaimable": 0,
                "size_text": "0B",
                "reclaimable_text": "0B",
            },
            "shared_bytes": 186600000,
            "unique_bytes": 1093,
        },
        "build": {
            "image": CUSTOM,
            "steps": [
                {
                    "index": 1,
                    "total": 3,
                    "instruction": "FROM nginx:1.25",
                    "cached": True,
                    "layer": L1,
                },
                {
                    "index": 2,
                    "total": 3,
                    "instruction": "COPY index.html /usr/share/nginx/html/",
                    "cached": True,
                    "layer": L2,
                },
                {
                    "index": 3,
                    "total": 3,
                    "instruction": "RUN echo done",
                    "cached": False,
                    "layer": L4,
                },
            ],
        },
        "ports": [
            {"host_port": 8001, "container": C1, "name": "web1", "container_port": 80},
            {
                "host_port": 8003,
                "container": C3,
                "name": "<script>alert(1)</script>",
                "container_port": 80,
            },
        ],
    }
