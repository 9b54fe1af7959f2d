"""deposit pages of datasets."""
