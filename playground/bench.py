"""`make bench`: command round trip over websockets, embedded and Celery paths vs an echo floor.

Each path runs as real processes (daphne, Celery worker, redis-server) started here. The floor is
a trivial echo consumer on the same daphne, so the ratios show what the playground adds.
Prints a table and writes bench-output/web.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

import django

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from playground.terminal.localstack import ROOT, Stack  # noqa: E402
from playground.web.bench_diagrams import diagram_bench, print_diagram_table  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "400"))
WARMUP = 40
UNLIMITED = {"PLAYGROUND_RATE": "1000000", "PLAYGROUND_BURST": "1000000", "LOG_LEVEL": "ERROR"}


class EchoConsumer(AsyncWebsocketConsumer):
    """The floor: daphne + Channels, no channel layer, no engine."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data=text_data)


echo_application = URLRouter([path("ws/echo/", EchoConsumer.as_asgi())])


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
    return ordered[index]


async def measure(url: str, headers: dict[str, str], echo: bool) -> list[float]:
    import websockets

    samples: list[float] = []
    async with websockets.connect(url, additional_headers=headers) as ws:
        for n in range(ROUNDS + WARMUP):
            frame = json.dumps({"type": "input", "tty": "t1", "id": f"b{n}", "line": f"echo {n}"})
            start = time.perf_counter()
            await ws.send(frame)
            while True:
                message = json.loads(await ws.recv())
                if echo or (message.get("type") == "outcome" and message.get("id") == f"b{n}"):
                    break
            elapsed = time.perf_counter() - start
            if not echo:  # let the diagrams of this command arrive before the next one
                while json.loads(await ws.recv()).get("type") != "diagrams":
                    pass
            if n >= WARMUP:
                samples.append(elapsed * 1000)
    return samples


def run_path(name: str, distributed: bool) -> dict[str, list[float]]:
    stack = Stack()
    try:
        stack.env.update(UNLIMITED)
        if distributed:
            stack.distributed_env(stack.redis())
        else:
            stack.env.update(
                {
                    "PLAYGROUND_EXECUTOR": "inprocess",
                    "DATABASE_URL": f"sqlite:///{stack.workdir / 'db.sqlite3'}",
                    "DEBUG": "1",
                }
            )
        stack.manage("migrate", "--noinput", "-v", "0")
        port = stack.daphne()
        results: dict[str, list[float]] = {}
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        if distributed:
            stack.worker("bench")
        else:
            echo_port = stack.daphne("playground.bench:echo_application")
            results["floor"] = asyncio.run(
                measure(f"ws://127.0.0.1:{echo_port}/ws/echo/", origin, echo=True)
            )
        code = (
            "from importlib import import_module; from django.conf import settings;"
            "s = import_module(settings.SESSION_ENGINE).SessionStore(); s.create();"
            "print(s.session_key)"
        )
        cookie = stack.manage("shell", "-c", code).strip().splitlines()[-1]
        headers = {**origin, "Cookie": f"sessionid={cookie}"}
        results[name] = asyncio.run(measure(f"ws://127.0.0.1:{port}/ws/terminal/", headers, False))
        return results
    finally:
        stack.stop()


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(percentile(samples, 95), 3),
        "p99_ms": round(percentile(samples, 99), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
    }


def main() -> int:
    results: dict[str, list[float]] = {}
    results.update(run_path("embedded", distributed=False))
    results.update(run_path("celery", distributed=True))
    table = {name: summary(samples) for name, samples in results.items()}
    floor = table["floor"]["p50_ms"]
    ratios = {name: round(row["p50_ms"] / floor, 2) for name, row in table.items()}
    print(f"{'path':<10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'x floor':>8}")
    for name, row in table.items():
        print(
            f"{name:<10} {row['p50_ms']:>8.3f} {row['p95_ms']:>8.3f} {row['p99_ms']:>8.3f}"
            f" {ratios[name]:>8.2f}"
        )
    targets = {
        "embedded_p50_le_2x_floor": ratios["embedded"] <= 2.0,
        "celery_p50_le_4ms": table["celery"]["p50_ms"] <= 4.0,
    }
    print("targets:", ", ".join(f"{k}={'met' if v else 'MISSED'}" for k, v in targets.items()))
    diagrams = diagram_bench()
    print_diagram_table(diagrams)
    out = Path(ROOT / "bench-output")
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(
        json.dumps(
            {
                "rounds": ROUNDS,
                "paths": table,
                "x_floor": ratios,
                "targets": targets,
                "diagrams_render": diagrams,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
