"""Neighbourhood officers (우리동네주무관): zone walks with photos and key places, findings and their routing to
whoever acts on them, weekly reports, and the monthly review meeting. Builds on cohorts (a finding may list a
household for 빈곤위기가정)."""
