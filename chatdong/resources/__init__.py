"""Resources: the catalogue of programmes and services (공적 급여, 방문형 서비스, 민간 프로그램, 마을변호사·세무사)
that workers explain, refer to and plan with, and the partner agency directory. Later: resource inventory,
sharing shops, donations.

Depends on core, org and access.
"""
