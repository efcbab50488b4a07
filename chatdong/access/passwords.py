"""How passwords are stored: Argon2id at the parameters OWASP gives as its first choice (19 MiB, 2 passes, 1 lane).

Django's own Argon2 hasher asks for 100 MiB and 8 lanes: about 0.2 s of CPU a login on a 2-core server, 0.34 s for
PBKDF2's 1.5 million rounds; a morning's 50 sign-ins at once then queue for seconds behind each other. These
parameters cost about 20 ms and still make each guess at a stolen hash take 19 MiB of memory, which is what
slows a GPU. Hashes of other parameters (PBKDF2, or Argon2 at Django's defaults) still verify and are rewritten
with these at the next login (`settings.PASSWORD_HASHERS`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    memory_cost = 19_456  # KiB
    time_cost = 2
    parallelism = 1
