"""Journal pages: one package per area (see urls.py)."""
