"""Reports: oversight of the dongs. Per-dong statistics and the district map (aggregates only, never a
person's name, for the statistics roles too), and `privacy/`, the privacy auditor's search of the access log.

Depends on access, org and registry.
"""
