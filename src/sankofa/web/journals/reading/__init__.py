"""Journal pages: reading."""
