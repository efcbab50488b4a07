"""Tong leaders (통·반장, 복지통장): check-ins on their households, reporting a crisis, confirming booked visits, and
1:1 matching with elders living alone. Builds on cohorts, visits and officers."""
