"""outreach: finding people before they ask (찾아가는 복지), one sub-package per process.

`cohorts/` the planners' target lists (65세 도래, 출산·양육, 빈곤위기가정, 돌봄위기가정) with consent and bookings;
`visits/` home visits (방문상담기록지) with the nurse's screenings and the households kept under watch; `officers/`
the neighbourhood officers' zone walks, findings, weekly reports and monthly review; `leaders/` the tong leaders'
check-ins and 1:1 matching; `zones/` the zone pages where officers and leaders meet; `progress/` the 진도율.
Layers inside (import-linter): cohorts → visits | officers → leaders → zones | progress. Each has its own
`rules.py`. Depends on core, org, access, registry, resources, cases and meetings.
"""
