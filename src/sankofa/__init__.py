"""Sankofa: an open-science node over one content-addressed archive."""

__version__ = "0.1.0"
