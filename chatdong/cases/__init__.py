"""Case management (사례관리): intake → needs assessment → selection → case conferences → service plan →
delivery and monitoring → closure (approved) → follow-up, as an explicit state machine (`states.py`).

Depends on core, org, registry, access and resources. Meetings and consult call its services.
"""
