"""Access: the one policy that decides every read and write (`policy`), consent records, the audit trail
of changes, the access log of views, and login lockout.

Depends on core, org and registry. Views and the API ask `policy`; they never decide visibility.
"""
