"""Web pages: cite."""
