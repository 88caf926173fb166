"""Each step's solution, run on a fresh ``engine.Engine()``, makes its check pass; without the
step's key command the check fails. Failures name the commands that did not work, which is
information about what the engine does not support yet."""

from __future__ import annotations

from typing import Any

import pytest

from engine import facade
from playground.lessons.checks import Context, outcome_dict
from playground.lessons.loader import DEFAULT_DIR, Step, load_directory

LIBRARY = load_directory(DEFAULT_DIR)
# Checks, setups and solutions are the same in both languages (test_lessons_loader proves it).
STEPS = {
    (lesson.slug, step.id): step for lesson in LIBRARY.lessons["zh-hans"] for step in lesson.steps
}

pytestmark = pytest.mark.solutions


class LearnerClock:
    """A learner types a command every few seconds; containers that exit "after a second or two"
    (mysql without a password) must have done so by the next command, as on a real Docker."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0  # 2026-01-01

    def __call__(self) -> float:
        return self.now


def run(
    engine: facade.Engine, clock: LearnerClock, commands: tuple[str, ...], log: list[str]
) -> Any:
    outcome = None
    for command in commands:
        outcome = engine.execute(command, tty="t1")
        clock.now += 3
        if outcome.exit_code != 0:
            log.append(f"$ {command}\n[exit {outcome.exit_code}] {outcome.output[-300:]}")
    return outcome


def passes(step: Step, skip_key: bool) -> tuple[bool, list[str]]:
    clock = LearnerClock()
    engine = facade.Engine(clock=clock, seed="lessons")
    log: list[str] = []
    setup_last = run(engine, clock, step.setup, log)
    solution = list(step.solution)
    if skip_key:  # the key's last occurrence: a build repeated to show the cache is the second one
        del solution[len(solution) - 1 - solution[::-1].index(step.key)]
    last = run(engine, clock, tuple(solution), log) or setup_last
    return step.check.passes(Context(engine.view(), outcome_dict(last))), log


@pytest.mark.parametrize("key", list(STEPS), ids=["/".join(k) for k in STEPS])
def test_solution_passes(key: tuple[str, str]) -> None:
    ok, log = passes(STEPS[key], skip_key=False)
    assert ok, "check failed; commands that failed:\n" + "\n".join(log)


@pytest.mark.parametrize("key", list(STEPS), ids=["/".join(k) for k in STEPS])
def test_without_the_key_command_the_check_fails(key: tuple[str, str]) -> None:
    ok, _ = passes(STEPS[key], skip_key=True)
    assert not ok, f"the check passes even without {STEPS[key].key!r}"


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LIBRARY.lessons["zh-hans"]])
def test_walking_through_a_lesson_in_order(slug: str) -> None:
    """As a learner does it: the first step's setup when the lesson opens, then each solution."""
    lesson = next(ls for ls in LIBRARY.lessons["zh-hans"] if ls.slug == slug)
    clock = LearnerClock()
    engine = facade.Engine(clock=clock, seed="lessons")
    log: list[str] = []
    run(engine, clock, lesson.steps[0].setup, log)
    failed = []
    for step in lesson.steps:
        last = run(engine, clock, step.solution, log)
        if not step.check.passes(Context(engine.view(), outcome_dict(last))):
            failed.append(step.id)
    assert not failed, f"steps failing in order: {failed}; failed commands:\n" + "\n".join(log)
