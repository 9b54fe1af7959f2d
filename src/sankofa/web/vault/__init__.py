"""Web pages: vault."""
