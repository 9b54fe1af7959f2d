"""usage pages of datasets."""
