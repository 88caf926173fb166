"""Programs inside images that a shell can run: `node --version`, `redis-cli ping`, `nginx -v` ...

Each is a ``Utility`` (``Process -> int``) found by the basename of the executable the shell
resolved through PATH. The shell's own utilities (ls, cat, curl ...) live in ``engine/shell``.
"""

from __future__ import annotations

from engine.process import Utility

BINARIES: dict[str, Utility] = {}
