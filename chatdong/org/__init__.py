"""Organisation: district → dong → teams and staff with roles; zones (구역) of tongs (통) of bans (반);
neighbourhood leaders (통·반장, 복지통장 …) and the agency directory.

Depends on core only. Registry and access build on it.
"""
