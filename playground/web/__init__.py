"""The page: terminal, live diagrams, narration and published-port previews."""
