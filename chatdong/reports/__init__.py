"""Reports: per-dong statistics and the district map. Aggregates only; never a person's name.

Depends on org and registry.
"""
