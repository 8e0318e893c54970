"""Initial passwords: random, readable, handed out once and never stored in clear text.

An initial password is 12 symbols drawn with ``secrets`` from an alphabet without look-alikes (no 0/O/o, 1/l/I/i),
written in three groups of four, e.g. ``Kx7m-Pq4r-Tz9w``: about 69 bits of chance, read out or typed without doubt.

Hashing. The configured hasher's full work factor (Argon2id, 19 MiB and 2 passes, see ``accounts/hashers.py``) exists
to slow down guessing of passwords people choose; it would make creating 270 unit accounts in one request take
seconds of CPU. A 69-bit random password cannot be guessed whatever the work factor, so initial passwords are
hashed with the same algorithm at a reduced cost: Argon2 at ``INITIAL_TIME_COST`` passes over ``INITIAL_MEMORY_KIB``
KiB (PBKDF2, if configured first, at ``INITIAL_HASH_ITERATIONS`` rounds). Django upgrades the hash to the full work
factor on the first successful login (``must_update``), and the user must replace the password right then anyway.
"""

import copy
import secrets

from django.contrib.auth.hashers import get_hasher, make_password

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
AMBIGUOUS = frozenset("0Oo1lIi")
GROUPS = 3
GROUP_LENGTH = 4
INITIAL_HASH_ITERATIONS = 10_000
INITIAL_TIME_COST = 1
INITIAL_MEMORY_KIB = 1024


def generate_initial_password() -> str:
    """``Xxxx-xxxx-xxxx``: 12 random symbols in groups of four, with at least one letter and one digit."""
    while True:
        symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
        if any(c.isdigit() for c in symbols) and any(c.isalpha() for c in symbols):
            return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def hash_initial_password(password: str) -> str:
    """The encoded hash of a generated initial password (see the module's note on the work factor)."""
    hasher = get_hasher("default")
    if getattr(hasher, "memory_cost", 0) > INITIAL_MEMORY_KIB:
        hasher = copy.copy(hasher)
        hasher.time_cost = INITIAL_TIME_COST
        hasher.memory_cost = INITIAL_MEMORY_KIB
    elif getattr(hasher, "iterations", 0) > INITIAL_HASH_ITERATIONS:
        hasher = copy.copy(hasher)
        hasher.iterations = INITIAL_HASH_ITERATIONS
    return make_password(password, hasher=hasher)
