import re

import pytest
from argon2 import Type as Argon2Type
from argon2 import extract_parameters
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, get_hasher, identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.module_loading import import_string

from psyboost.accounts.passwords import (
    ALPHABET,
    AMBIGUOUS,
    INITIAL_HASH_ITERATIONS,
    INITIAL_MEMORY_KIB,
    INITIAL_TIME_COST,
    generate_initial_password,
    hash_initial_password,
)
from psyboost.settings import base as base_settings
from tests.accounts.helpers import post_login
from tests.factories import UnitFactory, UnitUserFactory

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


def test_the_production_hashers_start_with_argon2id_at_owasps_minimum_or_stronger():
    # The test settings hash with MD5 for speed; every other settings module starts from base's list.
    first = import_string(base_settings.PASSWORD_HASHERS[0])
    assert issubclass(first, Argon2PasswordHasher)
    hasher = first()
    assert hasher.algorithm == "argon2"
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (19456, 2, 1)
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2
    # Older hashes are still checked (and then upgraded): PBKDF2 stays in the list.
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base_settings.PASSWORD_HASHERS[1:]


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_to_argon2id_at_the_next_login(settings, client):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    user = UnitUserFactory(username="u00007", must_change_password=False)
    user.password = get_hasher("pbkdf2_sha256").encode("Xinling-2020-ok", "saltsaltsalt")
    user.save(update_fields=["password"])

    assert post_login(client, "u00007", "Xinling-2020-ok").status_code == 302

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    parameters = extract_parameters(user.password.removeprefix("argon2"))
    assert (parameters.type, parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        Argon2Type.ID,
        19456,
        2,
        1,
    )
    assert user.check_password("Xinling-2020-ok")


@pytest.mark.django_db
def test_initial_hash_uses_a_cheaper_argon2id_and_is_upgraded_at_first_login(settings, client):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    password = generate_initial_password()

    encoded = hash_initial_password(password)

    assert encoded.startswith("argon2$argon2id$")
    parameters = extract_parameters(encoded.removeprefix("argon2"))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        INITIAL_MEMORY_KIB,
        INITIAL_TIME_COST,
        1,
    )
    assert (INITIAL_MEMORY_KIB, INITIAL_TIME_COST) == (1024, 1)
    assert check_password(password, encoded)
    assert not check_password(password + "x", encoded)

    user = UnitUserFactory(username="u00008", must_change_password=True)
    user.password = encoded
    user.save(update_fields=["password"])
    assert post_login(client, "u00008", password).status_code == 302
    user.refresh_from_db()
    parameters = extract_parameters(user.password.removeprefix("argon2"))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)
    assert check_password(password, user.password)


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
    # The test settings use MD5 (no work factor): the hash is the configured hasher's, whatever it is.
    encoded = hash_initial_password("Abcd-efgh-2345")
    assert encoded.startswith("md5$")
    assert check_password("Abcd-efgh-2345", encoded)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("unit-a-1unit-a-1", "密码不能包含用户名、单位名称或联系方式。"),
        ("psyboost-demo", "不能使用演示账号的公开密码。"),
        ("Psyboost-Demo!", "不能使用演示账号的公开密码。"),
        ("Beijing2020", "密码不能是“单词 + 年份”（如 Beijing2020），这类密码最先被猜到。"),
        ("psyboost2020", "密码不能是“单词 + 年份”（如 Beijing2020），这类密码最先被猜到。"),
        ("2020Xinchuan!", "密码不能是“单词 + 年份”（如 Beijing2020），这类密码最先被猜到。"),
        ("1111111111a", "密码不能由重复的字符组成（如 1111111111a）。"),
        ("abcabcabcabc", "密码不能由重复的字符组成（如 1111111111a）。"),
        ("my-psyboost-key", "密码不能包含平台、单位或常见的词（如 psyboost、beijing）。"),
        ("Xinguang-Keji-77", "密码不能包含用户名、单位名称或联系方式。"),
    ],
)
def test_password_families_are_refused_with_the_reason(password, message):
    unit = UnitFactory(name="北京新光科技", contact_email="xinguang-keji@example.cn")
    user = UnitUserFactory(username="unit-a-1", unit=unit)
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


@pytest.mark.django_db
def test_a_good_password_passes():
    user = UnitUserFactory(username="unit-a-1")
    validate_password("Tulip-river-42-stone", user)


@pytest.mark.django_db
def test_the_forced_password_change_stores_a_full_argon2id_hash(settings, client):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    password = generate_initial_password()
    user = UnitUserFactory(username="u00009", must_change_password=True)
    user.password = hash_initial_password(password)
    user.save(update_fields=["password"])
    post_login(client, "u00009", password)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "Xinling-2020-ok", "new_password2": "Xinling-2020-ok"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    parameters = extract_parameters(user.password.removeprefix("argon2"))
    assert (parameters.type, parameters.memory_cost, parameters.time_cost) == (Argon2Type.ID, 19456, 2)
    assert user.check_password("Xinling-2020-ok")
