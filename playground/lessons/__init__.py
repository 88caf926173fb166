"""Lessons: Markdown lessons with declarative checks on the engine's state, and docs mode."""
