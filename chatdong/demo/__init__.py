"""Demo: builds the Seongbuk-gu demo district (`manage.py demo`) from the shipped 2014 per-dong figures.

Depends on org, registry and access; owns no models.
"""
