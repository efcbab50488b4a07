"""The models of outreach, defined in its sub-packages, gathered here so Django finds them under the app
label `outreach` (the tables keep their names)."""

from .cohorts.models import CohortRun, Target
from .leaders.models import CheckIn
from .officers.models import ActivityPhoto, Finding, KeyPlace, OfficerActivity, WeeklyReport
from .visits.models import (
    CadenceSetting,
    MonitoringContact,
    Screening,
    Visit,
    VisitCompanion,
    VisitLink,
    VisitNeed,
    WatchedHousehold,
)

__all__ = [
    "ActivityPhoto",
    "CadenceSetting",
    "CheckIn",
    "CohortRun",
    "Finding",
    "KeyPlace",
    "MonitoringContact",
    "OfficerActivity",
    "Screening",
    "Target",
    "Visit",
    "VisitCompanion",
    "VisitLink",
    "VisitNeed",
    "WatchedHousehold",
    "WeeklyReport",
]
