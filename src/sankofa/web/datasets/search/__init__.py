"""search pages of datasets."""
