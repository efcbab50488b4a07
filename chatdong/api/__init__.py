"""The JSON API (django-ninja) at /api/v1/: bearer-token auth, the same access policy as the pages.

Depends on every domain app; owns only API tokens.
"""
