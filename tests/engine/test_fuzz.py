"""Hostile input: 100,000 random and mutated command lines through the facade.

No exception may escape, no line may hit the facade's internal-error fallback (that would be a
simulation bug hidden behind a polite message), every rejected line gets a message and a non-zero
exit code, and the state still dumps and loads afterwards.
"""

from __future__ import annotations

import random

import pytest

from engine import Engine
from engine.messages import text

SEEDS = [
    "docker run -d -p 8001:80 --name web1 nginx",
    "docker run -it --rm alpine sh",
    "docker ps -a --format 'table {{.Names}}\\t{{.Status}}'",
    "docker images --filter dangling=true -q",
    "docker exec web1 ls -l /usr/share/nginx/html",
    "docker logs --tail 3 -t web1",
    "docker inspect -f '{{json .Mounts}}' web1",
    "docker volume create data",
    "docker run -d -v data:/data --name c1 redis:7",
    "docker network create net1",
    "docker network connect net1 web1",
    "docker stop web1",
    "docker rm -f web1",
    "docker rmi -f nginx",
    "docker image prune -f",
    "docker system df -v",
    "docker commit c1 snap:v1",
    "docker cp web1:/etc/nginx/nginx.conf /tmp/",
    "echo hi | grep h && ls / || echo no",
    "mkdir -p /host/site && echo '<h1>x</h1>' > /host/site/index.html",
    "curl -s localhost:8001/missing",
    "cat <<EOF > /tmp/a\nline\nEOF",
    "for i in 1 2 3; do echo $i; done",
    "docker pull --platform linux/arm64 alpine:3.19",
    "docker history --no-trunc nginx",
    "docker kill -s HUP web1",
    "docker pause c1",
    "docker top c1",
    "docker stats --no-stream",
    "docker diff c1",
]
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_=:/.,'\"$()|&;<>{}[]*?!\\ \t\n"


def mutate(rng: random.Random, line: str) -> str:
    choice = rng.random()
    chars = list(line)
    if choice < 0.25 and chars:
        for _ in range(rng.randint(1, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
    elif choice < 0.45 and chars:
        del chars[rng.randrange(len(chars)) :]
    elif choice < 0.6:
        words = line.split(" ")
        rng.shuffle(words)
        return " ".join(words)
    elif choice < 0.75:
        return " ".join(
            rng.choice(SEEDS).split(" ")[: rng.randint(1, 6)] + line.split(" ")[rng.randint(0, 3) :]
        )
    elif choice < 0.85:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
    elif choice < 0.9:
        return (
            line
            + " "
            + rng.choice(["--", "-", "--rm=maybe", "-p", "-v", "--format", "{{", "$(", "`"])
        )
    return "".join(chars)


@pytest.mark.slow
def test_fuzzed_lines_are_always_answered() -> None:
    rng = random.Random(20261129)
    internal = text("internal")
    failures: list[str] = []
    total = 0
    while total < 100_000:
        engine = Engine(seed=f"fuzz{total}", clock=lambda: 1_750_000_000.0)
        for _ in range(2_000):
            line = mutate(rng, rng.choice(SEEDS))
            outcome = engine.execute(line)
            total += 1
            if internal in outcome.output:
                failures.append(line)
            if outcome.mode == "confirm":
                engine.execute("n")
            elif outcome.mode in ("attached", "following"):
                engine.interrupt()
            elif outcome.prompt == "> " and rng.random() < 0.5:
                engine.interrupt()  # a learner stuck at the continuation prompt presses Ctrl+C
            if len(engine.state.terminals["main"].stack) > 1 and rng.random() < 0.5:
                engine.execute("exit")
        Engine.load(engine.dump())
    assert not failures, f"{len(failures)} lines hit a simulation bug, e.g. {failures[:5]!r}"


def test_rejected_lines_say_why(engine: Engine) -> None:
    for line in [
        "docker foo",
        "docker run --nope nginx",
        "docker ps extra",
        "nosuchcmd",
        "docker rm",
        "ls /nope",
        "docker run",
    ]:
        outcome = engine.execute(line)
        assert outcome.exit_code != 0, line
        assert outcome.output.strip(), line
