"""Journal pages: editorial."""
