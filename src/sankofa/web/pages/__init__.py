"""Web pages: pages."""
