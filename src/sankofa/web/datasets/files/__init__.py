"""files pages of datasets."""
