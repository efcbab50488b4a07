"""Shared primitives: Korean identifiers (resident number check, masking, encryption), dates and months, pagination,
base models and notices, KRDS forms, links to records, and the pieces every app's API router builds on (`api`).

Owns no domain data; every other app may depend on it, it depends on none of them.
"""
