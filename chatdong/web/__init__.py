"""Web: base templates (KRDS), navigation, login, the home page and the work list (오늘 할 일, page and API).

Depends on the domain apps' selectors; owns no models. Its rules (home, work list, notices): `rules.py`.
"""
