"""Domain rules and vocabulary: plain Python, no Qt and no database (a test enforces it)."""
