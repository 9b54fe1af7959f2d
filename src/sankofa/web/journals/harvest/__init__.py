"""Journal pages: harvest."""
