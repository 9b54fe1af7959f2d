"""Web pages: save."""
