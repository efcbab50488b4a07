"""outreach: finding people before they ask (찾아가는 복지).

Owns the planners' cohorts (65세 도래, 출산·양육, 빈곤위기가정, 돌봄위기가정) and their targets, consent and
reservations, home visits (방문상담기록지) with the nurse's screenings, the monitoring cadence of the
households that stay under watch, the neighbourhood officers' zone activities, findings and weekly
reports, and the tong leaders' check-ins. Depends on org, registry, access, cases and meetings.
"""
