"""Meetings: case conferences (internal or integrated, ad hoc or regular), chaired by the welfare
supervisor, with attendees (staff or agency people), an agenda of cases, per-case decisions that move
the cases (through cases.services) and minutes; pre-case meetings and the officers' monthly review too.

Depends on core, org, access and cases.
"""
