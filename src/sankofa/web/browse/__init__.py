"""Web pages: browse."""
