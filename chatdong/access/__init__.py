"""Access: who is signed in (`principal`), refusals (`errors`), rules as data (`rules`: who may, how far) and the
door every page and API operation passes (`doors`), the role × action table of all rules (`matrix`,
`manage.py access_matrix`), the audit trail of changes, the access log of views, login lockout (`login`, on
django-axes) and two-factor (`two_factor`, on django-otp), and `assignments/` (구역·역할 관리: who walks which zone
and holds which role).

Depends on core and org only. Each domain keeps its own rules in its `rules.py`, built on `rules` here; views and
the API never decide visibility themselves.
"""
