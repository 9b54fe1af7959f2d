"""Web pages: accounts."""
