"""Home visits (방문상담기록지) with the nurse's screenings, and the households kept under watch: monitoring tiers,
cadence and contacts. Builds on cohorts (a visit to a target)."""
