"""Fixtures for engine tests: a fresh engine with a frozen, steerable clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine import Engine, Outcome
from engine.shell.testing import Box

START = 1_750_000_000.0  # 2025-06-15, after every catalog image was built


class Clock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(clock: Clock) -> Engine:
    return Engine(seed="test", clock=clock)


@pytest.fixture
def sh(engine: Engine) -> Callable[..., Outcome]:
    """Run a line and return its outcome; `sh(line, ok=True)` asserts exit code 0."""

    def run(line: str, *, ok: bool = False, tty: str = "main") -> Outcome:
        outcome = engine.execute(line, tty)
        if ok:
            assert outcome.exit_code == 0, f"{line!r} -> {outcome.exit_code}: {outcome.output}"
        return outcome

    return run


# Bare shells for the shell's own tests (no engine): Debian's bash, Alpine's busybox sh, or each.
@pytest.fixture
def bash() -> Box:
    return Box.debian()


@pytest.fixture
def ash() -> Box:
    return Box.alpine()


@pytest.fixture(params=["bash", "sh"])
def each_shell(request: pytest.FixtureRequest) -> Box:
    return Box.debian() if request.param == "bash" else Box.alpine()
