"""How long the diagrams take to render after a command, for ``make bench``.

Two sessions, replayed on a fixed clock and seed: a typical one (3 images, 3 containers, 1 volume)
and a heavy one (the same plus 27 more nginx containers, so 30). After every command the page's
fragment is rendered from the engine's view, as the runtime does; the numbers are that render
alone (not ``Engine.view()``), with the fragment cache as it is in a running process ("warm") and
with it emptied before every render ("no cache": what every render cost before the cache).
It also counts the bytes of the diagrams message each command broadcasts, with every panel and
with only the panels that changed since the previous command's message.

``python -m playground.web.bench_diagrams`` prints the table; ``diagram_bench()`` returns it as a
dict for ``playground/bench.py`` to put into its JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

TYPICAL_SESSION: tuple[str, ...] = (
    "docker pull nginx",
    "docker pull redis",
    "docker pull alpine",
    "docker volume create site-data",
    "docker run -d -p 8001:80 -v site-data:/data --name web1 nginx",
    "docker run -d --name web2 nginx",
    "docker run -d --name cache redis",
    "docker exec web1 sh -c 'echo hi > /usr/share/nginx/html/index.html'",
    "docker stop web2",
    "docker ps -a",
    "docker start web2",
    "docker images",
)
HEAVY_EXTRA: tuple[str, ...] = tuple(f"docker run -d --name w{n} nginx" for n in range(27))
# What a learner then does in the heavy session; each line is timed.
HEAVY_SESSION: tuple[str, ...] = (
    "docker ps",
    "docker stop w3",
    "docker exec w5 sh -c 'echo hi > /usr/share/nginx/html/index.html'",
    "docker start w3",
    "docker run -d --name late nginx",
    "docker rm -f late",
    "docker pause w7",
    "docker unpause w7",
    "docker volume create more-data",
    "docker images",
)
ROUNDS = int(os.environ.get("BENCH_DIAGRAM_ROUNDS", "5"))


def _timed_session(
    setup: tuple[str, ...], timed: tuple[str, ...], before_render: Callable[[], None]
) -> tuple[list[float], int]:
    """Milliseconds of each render after a timed command, and the last fragment's length."""
    from engine.facade import Engine
    from playground.web.diagrams import render_diagrams

    engine = Engine(clock=lambda: 1_700_000_000.0, seed="bench-diagrams")
    for line in setup:
        engine.execute(line)
    render_diagrams(engine.view(), [], "en")  # what the page showed before the timed commands
    samples: list[float] = []
    html = ""
    for line in timed:
        outcome = engine.execute(line)
        events = [event.to_dict() for event in outcome.events]
        view = engine.view()
        before_render()
        start = time.perf_counter()
        html = render_diagrams(view, events, "en")
        samples.append((time.perf_counter() - start) * 1000)
    return samples, len(html)


def _message_bytes(setup: tuple[str, ...], timed: tuple[str, ...]) -> dict[str, Any]:
    """Bytes of the diagrams message each timed command broadcasts: every panel (what a socket
    that syncs gets, and what every command sent before) against only the changed panels."""
    from engine.facade import Engine
    from playground.terminal.runner import PANELS_SENT, diagrams_message, diagrams_placeholder

    sid = "bench-diagrams"
    PANELS_SENT.forget(sid)
    engine = Engine(clock=lambda: 1_700_000_000.0, seed="bench-diagrams")
    for line in setup:
        engine.execute(line)
    diagrams_message(diagrams_placeholder(0, [], sid, 0), engine.view(), "en")  # the page's
    full: list[int] = []
    changed: list[int] = []
    partial_ms: list[float] = []
    for version, line in enumerate(timed, start=1):
        events = [event.to_dict() for event in engine.execute(line).events]
        view = engine.view()
        whole = diagrams_message({"type": "diagrams", "seq": version, "events": events}, view, "en")
        start = time.perf_counter()
        delta = diagrams_message(diagrams_placeholder(version, events, sid, version), view, "en")
        partial_ms.append((time.perf_counter() - start) * 1000)
        full.append(_json_bytes(whole))
        changed.append(_json_bytes(delta))
    PANELS_SENT.forget(sid)
    return {
        "full_mean": round(statistics.fmean(full)),
        "changed_mean": round(statistics.fmean(changed)),
        "full_total": sum(full),
        "changed_total": sum(changed),
        "changed_max": max(changed),
        "changed_message_p50_ms": round(statistics.median(partial_ms), 3),
    }


def _json_bytes(message: dict[str, Any]) -> int:
    # As the runtime serialises a broadcast (executors.layer_message).
    return len(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode())


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 3),
        "mean_ms": round(statistics.fmean(samples), 3),
    }


def diagram_bench(rounds: int = ROUNDS) -> dict[str, Any]:
    """Render times of the diagrams per command: {session: {"warm": ..., "no_cache": ...}}."""
    from playground.web.fragments import CACHE

    sessions = {
        "typical": ((), TYPICAL_SESSION),
        "heavy_30_containers": (TYPICAL_SESSION + HEAVY_EXTRA, HEAVY_SESSION),
    }
    result: dict[str, Any] = {}
    _timed_session((), TYPICAL_SESSION, CACHE.clear)  # compile the templates once
    for name, (setup, timed) in sessions.items():
        warm: list[float] = []
        cold: list[float] = []
        size = 0
        for _ in range(rounds):
            CACHE.clear()
            samples, size = _timed_session(setup, timed, lambda: None)
            warm += samples
            cold += _timed_session(setup, timed, CACHE.clear)[0]
        result[name] = {
            "warm": _summary(warm),
            "no_cache": _summary(cold),
            "fragment_chars": size,
            "message_bytes": _message_bytes(setup, timed),
        }
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")
    import django

    django.setup()
    result = diagram_bench()
    print_diagram_table(result)
    print(json.dumps(result, indent=2))


def print_diagram_table(result: dict[str, Any]) -> None:
    print(
        f"{'diagrams':<22} {'p50 ms':>8} {'p95 ms':>8} {'no-cache p50':>13} {'chars':>8}"
        f" {'B/cmd all':>10} {'B/cmd changed':>14}"
    )
    for name, row in result.items():
        sent = row["message_bytes"]
        print(
            f"{name:<22} {row['warm']['p50_ms']:>8.3f} {row['warm']['p95_ms']:>8.3f}"
            f" {row['no_cache']['p50_ms']:>13.3f} {row['fragment_chars']:>8}"
            f" {sent['full_mean']:>10} {sent['changed_mean']:>14}"
        )


if __name__ == "__main__":
    main()
