"""Evaluate the learner's current step after each command and record progress.

The runtime calls :func:`evaluate` after every command of a session that has a lesson open. It is
synchronous and touches the database: call it through ``sync_to_async`` from async code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import timezone

from playground.lessons.checks import Context, outcome_dict
from playground.lessons.loader import Lesson, Step, library
from playground.lessons.models import StepProgress


@dataclass(frozen=True, slots=True)
class StepResult:
    lesson: str
    step: str | None  # the step that was checked; None when the lesson was already complete
    passed: bool
    completed_now: bool  # this command completed the step
    next_step: str | None  # the step the learner is on now
    nearly: str | None  # the message of the first matching "nearly" condition, when not passed
    done: bool  # every step of the lesson is complete
    completed: int  # steps completed so far
    total: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_step(step: Step, view: Mapping[str, Any], last_outcome: Any) -> tuple[bool, str | None]:
    """(passed, nearly message) for one step, with no database involved."""
    context = Context(view, outcome_dict(last_outcome))
    if step.check.passes(context):
        return True, None
    for nearly in step.nearly:
        if nearly.check.passes(context):
            return False, nearly.message
    return False, None


def completed_steps(session_key: str, lesson_slug: str) -> set[str]:
    rows = StepProgress.objects.filter(
        session_key=session_key, lesson=lesson_slug, completed_at__isnull=False
    )
    return set(rows.values_list("step", flat=True))


def current_step(lesson: Lesson, done: set[str]) -> Step | None:
    """The first step not completed yet (steps may be completed out of order by hand)."""
    return next((step for step in lesson.steps if step.id not in done), None)


def mark_completed(session_key: str, lesson_slug: str, step_id: str) -> bool:
    """Record a completed step; False when it already was."""
    row, _ = StepProgress.objects.get_or_create(
        session_key=session_key, lesson=lesson_slug, step=step_id
    )
    if row.completed_at is not None:
        return False
    row.completed_at = timezone.now()
    row.save(update_fields=["completed_at", "updated_at"])
    return True


def evaluate(
    session_key: str,
    lesson_slug: str,
    view: Mapping[str, Any],
    last_outcome: Any,
    language: str = "zh-hans",
) -> StepResult:
    """Check the learner's current step against ``view`` (``engine.view()``) and the last outcome.

    ``last_outcome`` is an ``engine.io.Outcome`` or a dict with ``exit_code``, ``input``,
    ``output``. One command completes at most one step. Raises ``LookupError`` for an unknown
    lesson. Checks are the same in every language; ``language`` only picks the messages.
    """
    lesson = library().get(lesson_slug, language)
    if lesson is None:
        raise LookupError(f"no lesson {lesson_slug!r}")
    done = completed_steps(session_key, lesson.slug)
    step = current_step(lesson, done)
    total = len(lesson.steps)
    if step is None:
        return StepResult(lesson.slug, None, True, False, None, None, True, total, total)
    passed, nearly = check_step(step, view, last_outcome)
    if passed:
        mark_completed(session_key, lesson.slug, step.id)
        done.add(step.id)
    following = current_step(lesson, done)
    return StepResult(
        lesson.slug,
        step.id,
        passed,
        passed,
        following.id if following else None,
        nearly,
        following is None,
        len(done & {s.id for s in lesson.steps}),
        total,
    )
