"""Black-box: `python -m engine --jsonl` answers each stdin line with one flushed JSON object."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["input", "output", "exit_code", "prompt"]


class JsonlEngine:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc

    def ask(self, line: str, timeout: float = 20.0) -> dict[str, object]:
        """Send one line and wait for its answer *without* closing stdin (so it must be flushed)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, f"no answer to {line!r} within {timeout}s (not flushed per line?)"
        return json.loads(self.proc.stdout.readline())


@pytest.fixture
def jsonl() -> Iterator[JsonlEngine]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine", "--jsonl", "--seed", "s", "--clock", "1750000000"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        yield JsonlEngine(proc)
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=20)


def test_one_object_per_line_flushed(jsonl: JsonlEngine) -> None:
    answer = jsonl.ask("docker ps")
    assert list(answer) == KEYS
    assert answer == {
        "input": "docker ps",
        "output": "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
        "exit_code": 0,
        "prompt": "$ ",
    }


def test_session_state_and_errors(jsonl: JsonlEngine) -> None:
    run = jsonl.ask("docker run -d --name web -p 8080:80 nginx:1.25")
    assert run["exit_code"] == 0
    assert str(run["output"]).startswith("Unable to find image 'nginx:1.25' locally\n")
    assert jsonl.ask("curl -s localhost:8080 | grep -c 'Welcome to nginx'")["output"] == "2\n"
    miss = jsonl.ask("docker rm nope")
    assert (miss["output"], miss["exit_code"]) == (
        "Error response from daemon: No such container: nope\n",
        1,
    )
    assert jsonl.ask("docker foo")["exit_code"] == 1


def test_sleep_advances_simulated_time(jsonl: JsonlEngine) -> None:
    jsonl.ask("docker run -d --name web nginx:1.25")
    assert jsonl.ask("sleep 120")["exit_code"] == 0
    status = jsonl.ask("docker ps --format '{{.Status}}'")
    assert status["output"] == "Up 2 minutes\n"


def test_interactive_prompt_and_exit(jsonl: JsonlEngine) -> None:
    jsonl.ask("docker pull -q alpine:3.19")
    inside = jsonl.ask("docker run -it alpine:3.19")
    assert inside["prompt"] == "/ # "
    assert jsonl.ask("echo hi")["output"] == "hi\n"
    left = jsonl.ask("exit 3")
    assert (left["prompt"], left["exit_code"]) == ("$ ", 3)


def test_unicode_and_empty_lines(jsonl: JsonlEngine) -> None:
    assert jsonl.ask("")["output"] == ""
    answer = jsonl.ask("echo 你好")
    assert answer["output"] == "你好\n"
