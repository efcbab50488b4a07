"""Shared primitives: Korean identifiers (resident number check, masking, encryption), time, base models.

Owns no domain data; every other app may depend on it, it depends on none of them.
"""
