"""Command line of a Sankofa node."""
