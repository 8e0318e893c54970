import re

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from psyboost.accounts.passwords import (
    ALPHABET,
    AMBIGUOUS,
    INITIAL_HASH_ITERATIONS,
    generate_initial_password,
    hash_initial_password,
)
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
