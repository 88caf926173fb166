from typing import ClassVar

from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class Migration(migrations.Migration):
    initial = True

    dependencies: ClassVar[list[tuple[str, str]]] = []

    operations: ClassVar[list[Operation]] = [
        migrations.CreateModel(
            name="StepProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("session_key", models.CharField(db_index=True, max_length=64)),
                ("lesson", models.CharField(max_length=100)),
                ("step", models.CharField(max_length=100)),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
                ("hints_shown", models.PositiveSmallIntegerField(default=0)),
                ("solution_shown", models.BooleanField(default=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("session_key", "lesson", "step"),
                        name="lessons_one_row_per_step",
                    )
                ],
            },
        ),
    ]
