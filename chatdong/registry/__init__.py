"""Registry: households and persons (resident registry data), addresses by dong/tong/ban, move history,
benefit statuses, flags, household contacts, staff and leader assignments, and the CSV import.

Depends on core and org. Every read of it goes through access scoping.
"""
