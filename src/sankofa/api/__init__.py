"""The node's web API: Software Heritage's read API (``/api/1/``), same paths and JSON."""
