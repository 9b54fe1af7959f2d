"""Cross-domain infrastructure: blob stores, system checks."""
