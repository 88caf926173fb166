"""Docker's tabwriter layout: minimum width 10, padding 3, last cell of a line never padded.

`render_table` returns every line terminated by "\n" (so a non-empty table ends with a newline
and can be written to stdout as is); an empty row list gives "".
"""

from collections.abc import Sequence

from engine.format.humanize import display_width


def column_widths(rows: Sequence[Sequence[str]], minwidth: int = 10, padding: int = 3) -> list[int]:
    """Width of each aligned column; a line's last cell takes no part in alignment."""
    ncols = max((len(r) for r in rows), default=0)
    widths: list[int] = []
    for c in range(max(ncols - 1, 0)):
        w = minwidth
        for r in rows:
            if c < len(r) - 1:
                w = max(w, display_width(r[c]) + padding)
        widths.append(w)
    return widths


def render_table(rows: Sequence[Sequence[str]], minwidth: int = 10, padding: int = 3) -> str:
    """Lay out rows (header included) as the Docker CLI does; see the module docstring."""
    # Same layout as `column_widths`, but each cell is measured once (tables render per command).
    ncols = max((len(r) for r in rows), default=0)
    widths = [minwidth] * max(ncols - 1, 0)
    measured: list[list[int]] = []
    for r in rows:
        cells = [len(c) if c.isascii() else display_width(c) for c in r]
        measured.append(cells)
        for i in range(len(r) - 1):
            if cells[i] + padding > widths[i]:
                widths[i] = cells[i] + padding
    lines: list[str] = []
    for r, cells in zip(rows, measured, strict=True):
        last = len(r) - 1
        parts = [r[i] + " " * (widths[i] - cells[i]) for i in range(last)]
        if last >= 0:
            parts.append(r[last])
        parts.append("\n")
        lines.append("".join(parts))
    return "".join(lines)
