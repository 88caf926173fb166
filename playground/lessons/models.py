"""Progress of one browser session through the lessons."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class StepProgress(models.Model):
    """One step of one lesson for one Django session; the row exists once the step is touched."""

    session_key = models.CharField(max_length=64, db_index=True)
    lesson = models.CharField(max_length=100)
    step = models.CharField(max_length=100)
    completed_at = models.DateTimeField(null=True, blank=True)
    hints_shown = models.PositiveSmallIntegerField(default=0)
    solution_shown = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session_key", "lesson", "step"], name="lessons_one_row_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_key[:8]} {self.lesson}/{self.step}"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None
