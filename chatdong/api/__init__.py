"""The JSON API (django-ninja) at /api/v1/: bearer-token auth, Korean JSON errors, the same rules as the pages.

Mounts the routers the apps keep in their own `api.py`; owns only API tokens and the error answers.
"""
