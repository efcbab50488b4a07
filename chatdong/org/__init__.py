"""Organisation as data: district → dong → teams and staff with roles; zones (구역) of tongs (통) of bans (반);
neighbourhood leaders (통·반장, 복지통장 …) and the agency directory; which planner works a household.

Depends on core only. Access builds on it (who is signed in); the pages that change roles and zones are in
`access.assignments`, because they decide what people may see.
"""
