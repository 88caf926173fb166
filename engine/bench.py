"""`python -m engine.bench`: engine speed and state size, printed as a table and written as JSON.

commands_per_s           a mix of typical commands on a warm engine, in process
load_execute_dump_per_s  the web path per command: Engine.load + execute + dump
dump_bytes_typical       3 images pulled, 3 containers, 1 volume (the source doc's first hour)
dump_bytes_max           a session pushed towards the sandbox limits
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from engine import Engine

SETUP = [
    "docker pull nginx",
    "docker pull alpine:3.19",
    "docker pull redis:7",
    "docker run -d -p 8001:80 --name web1 nginx",
    "docker run -d -p 8002:80 --name web2 nginx",
    "docker run -d --name cache -v data:/data redis:7",
    "curl -s localhost:8001 > /dev/null",
]
MIX = [
    "docker ps",
    "docker images",
    "echo hello",
    "ls /",
    "docker inspect -f '{{.State.Status}}' web1",
    "curl -s localhost:8002",
    "docker logs --tail 5 web1",
    "cat /etc/hostname",
    "docker exec web1 ls /usr/share/nginx/html",
    "docker ps -a --format '{{.Names}}'",
]


def typical_engine() -> Engine:
    engine = Engine(seed="bench", clock=lambda: 1_750_000_000.0)
    for line in SETUP:
        outcome = engine.execute(line)
        assert outcome.exit_code == 0, (line, outcome.output)
    return engine


def measure(seconds: float = 2.0) -> dict[str, float]:
    engine = typical_engine()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for line in MIX:
            engine.execute(line)
        count += len(MIX)
    commands_per_s = count / (time.perf_counter() - start)

    data = typical_engine().dump()
    cycles, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for line in MIX:
            e = Engine.load(data, clock=lambda: 1_750_000_000.0)
            e.execute(line)
            e.dump()
            cycles += 1
    cycle_per_s = cycles / (time.perf_counter() - start)

    heavy = typical_engine()
    for i in range(60):
        heavy.execute(f"docker run -d --name n{i} -v vol{i % 40}:/data nginx")
        heavy.execute(f"curl -s localhost:8001/missing{i} > /dev/null")
        heavy.execute(
            f"docker exec n{i} sh -c 'echo {'x' * 200} > /usr/share/nginx/html/p{i}.html'"
        )
    return {
        "commands_per_s": round(commands_per_s, 1),
        "load_execute_dump_per_s": round(cycle_per_s, 1),
        "dump_bytes_typical": len(data),
        "dump_bytes_max": len(heavy.dump()),
    }


TARGETS = {
    "commands_per_s": (">=", 10_000),
    "load_execute_dump_per_s": (">=", 2_000),
    "dump_bytes_typical": ("<=", 8 * 1024),
    "dump_bytes_max": ("<=", 2 * 1024 * 1024),
}


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    results = measure(seconds)
    print(f"{'metric':<26}{'value':>14}   target")
    for key, value in results.items():
        op, target = TARGETS[key]
        ok = value >= target if op == ">=" else value <= target
        print(f"{key:<26}{value:>14,}   {op} {target:,} {'ok' if ok else 'MISSED'}")
    out = Path("bench-output")
    out.mkdir(exist_ok=True)
    (out / "engine.json").write_text(
        json.dumps(
            {"results": results, "targets": {k: list(v) for k, v in TARGETS.items()}}, indent=2
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
