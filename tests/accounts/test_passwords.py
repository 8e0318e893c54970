import re

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.contrib.auth.password_validation import validate_password

from psyboost.accounts.passwords import (
    ALPHABET,
    AMBIGUOUS,
    INITIAL_HASH_ITERATIONS,
    generate_initial_password,
    hash_initial_password,
)
from tests.factories import UnitUserFactory

PATTERN = re.compile(r"^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$")


def test_alphabet_has_no_look_alikes():
    assert not AMBIGUOUS & set(ALPHABET)
    assert len(ALPHABET) == len(set(ALPHABET)) == 55


def test_generated_passwords_are_readable_long_and_mixed():
    passwords = [generate_initial_password() for _ in range(500)]
    for password in passwords:
        assert PATTERN.match(password), password
        assert len(password) == 14
        assert not AMBIGUOUS & set(password)
        symbols = password.replace("-", "")
        assert any(c.isdigit() for c in symbols) and any(c.isalpha() for c in symbols)
    assert len(set(passwords)) == 500


@pytest.mark.django_db
def test_generated_passwords_pass_the_projects_password_rules():
    user = UnitUserFactory.build(username="u00001")
    for _ in range(200):
        validate_password(generate_initial_password(), user)


@pytest.mark.django_db
def test_initial_hash_uses_fewer_pbkdf2_rounds_and_is_upgraded_at_first_login(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    password = generate_initial_password()

    encoded = hash_initial_password(password)

    algorithm, iterations, _salt, _hash = encoded.split("$")
    assert (algorithm, int(iterations)) == ("pbkdf2_sha256", INITIAL_HASH_ITERATIONS)
    assert check_password(password, encoded)
    assert not check_password(password + "x", encoded)

    user = UnitUserFactory()
    user.password = encoded
    user.save(update_fields=["password"])
    assert user.check_password(password)  # Django re-hashes with the full work factor when it verifies
    user.refresh_from_db()
    assert int(user.password.split("$")[1]) == identify_hasher(user.password).iterations > INITIAL_HASH_ITERATIONS


def test_initial_hash_follows_a_hasher_without_rounds():
    # The test settings use MD5 (no rounds): the hash is the configured hasher's, whatever it is.
    encoded = hash_initial_password("Abcd-efgh-2345")
    assert encoded.startswith("md5$")
    assert check_password("Abcd-efgh-2345", encoded)
