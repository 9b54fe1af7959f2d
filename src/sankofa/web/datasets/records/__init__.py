"""records pages of datasets."""
