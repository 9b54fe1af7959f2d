"""Journal pages: manage."""
