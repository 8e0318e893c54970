"""The password hasher: Argon2id, memory-hard, with parameters chosen for the machine class psyboost runs on.

OWASP's Password Storage Cheat Sheet gives Argon2id with 19 MiB of memory, 2 iterations and 1 degree of parallelism
as its minimum. Django's own defaults (100 MiB, 8 lanes) cost 170–190 ms per login on a 2-core server, which made a
login dominate the deadline-day rush (see bench/README.md); the OWASP parameters cost about 18 ms there. The
algorithm name stays ``argon2``, so hashes written by Django's class and by this one check alike, and a hash with
other parameters is re-hashed at the next login (``must_update``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2PasswordHasher (Argon2id) at OWASP's minimum: 19 MiB, 2 iterations, 1 lane."""

    time_cost = OWASP_MIN_TIME_COST
    memory_cost = OWASP_MIN_MEMORY_KIB
    parallelism = 1
