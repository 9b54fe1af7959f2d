"""Diamond open-access journals (the Django app comes later; for now the pure workflow)."""
