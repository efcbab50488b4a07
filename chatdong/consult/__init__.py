"""Consultation desk (복지상담전문관): comprehensive consultations with needs, information given and a
suicide-risk screening; referrals (internal and external) followed to their result and the resident
told; the desk roster. Any consultation can open a case intake in one step.

Depends on core, org, registry, access, resources and cases.
"""
