"""Helpers shared by the per-command tests: split an outcome into its stdout and stderr text."""

from __future__ import annotations

from collections.abc import Callable

from engine import Outcome

Sh = Callable[..., Outcome]


def stdout(outcome: Outcome) -> str:
    return "".join(f.text for f in outcome.frames if f.stream == "stdout" and f.key is None)


def stderr(outcome: Outcome) -> str:
    return "".join(f.text for f in outcome.frames if f.stream == "stderr" and f.key is None)


def full_id(sh: Sh, name: str) -> str:
    """The 64-hex id of a container (or `sha256:…` of an image) as inspect reports it."""
    return sh(f"docker inspect -f '{{{{.Id}}}}' {name}", ok=True).output.strip()
