"""The node on the web: the production server and, later, the pages."""
