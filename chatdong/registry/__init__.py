"""Registry: households and persons (resident registry data), addresses by dong/tong/ban, move history,
benefit statuses, flags, household contacts, staff and leader assignments, consent (`consents`), finding a
resident (`finder`), the household page with the sections other apps add to it (`household_page`), and the CSV
import (`imports/`).

Depends on core, org and access. Who may see and change what: `rules.py`.
"""
