"""Web: base templates (KRDS), navigation, login, home page and the household pages.

Depends on the domain apps' services and selectors; owns no models.
"""
