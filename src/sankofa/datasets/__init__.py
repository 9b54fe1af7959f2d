"""Open data: communities, records (a concept with versions), files and their audit trail.

Everything that changes a dataset goes through `sankofa.datasets.services`, which takes
the acting `Actor` first and checks permission inside.
"""
