"""Journal pages: reports."""
