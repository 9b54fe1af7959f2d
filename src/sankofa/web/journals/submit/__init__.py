"""Journal pages: submit."""
