"""Shared snapshots: a link `/s/<token>` starts a new session from a saved engine state."""

from __future__ import annotations

from django.db import models


class Snapshot(models.Model):
    token = models.CharField(max_length=32, unique=True)
    dump = models.BinaryField()
    lang = models.CharField(max_length=16, default="en")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token
