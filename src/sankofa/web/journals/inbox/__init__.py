"""Journal pages: inbox."""
