"""The demonstration node: repositories made on the spot (one with tricky content), archived."""
