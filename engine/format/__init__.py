"""Output formatting that imitates the Docker CLI: sizes, durations, tables, templates, JSON."""
