"""The public objection form's guards: a self-hosted arithmetic challenge (signed, no outside service) and rate
limits per address and per phone, counted in the cache."""

import random

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

SALT = "psyboost.announcement.challenge"
MAX_AGE = 60 * 60  # a challenge is good for an hour
LIMIT_WINDOW = 60 * 60
LIMITS = {"address": 10, "phone": 3}  # objections per hour


def new_challenge(rng: random.Random | None = None) -> tuple[str, str]:
    """(question, token): the token carries the answer, signed; the page shows the question."""
    rng = rng or random.SystemRandom()
    first, second = rng.randint(2, 9), rng.randint(2, 9)
    question = _("%(a)d 加 %(b)d 等于多少？") % {"a": first, "b": second}
    return question, signing.dumps({"q": question, "a": first + second}, salt=SALT)


def question_of(token: str) -> str:
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)["q"]
    except (signing.BadSignature, KeyError, TypeError):
        return ""


def check_challenge(token: str, answer: str) -> str | None:
    """None if answered right, else the message."""
    try:
        expected = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)["a"]
    except signing.SignatureExpired:
        return _("验证题已过期，请回答新的验证题。")
    except (signing.BadSignature, KeyError, TypeError):
        return _("请回答验证题。")
    if (answer or "").strip() != str(expected):
        return _("验证题答案不正确，请重新计算。")
    return None


def _key(kind: str, value: str) -> str:
    return f"announcement:objection:{kind}:{value}"


def over_limit(address: str | None, phone: str) -> str | None:
    """The message if this address or phone has filed too many objections in the last hour."""
    if address and (cache.get(_key("address", address)) or 0) >= LIMITS["address"]:
        return _("此网络地址提交异议过于频繁，请一小时后再试，或以书面形式反映。")
    if phone and (cache.get(_key("phone", phone)) or 0) >= LIMITS["phone"]:
        return _("此电话号码提交异议过于频繁，请一小时后再试，或以书面形式反映。")
    return None


def count(address: str | None, phone: str) -> None:
    for kind, value in (("address", address), ("phone", phone)):
        if value:
            key = _key(kind, value)
            if not cache.add(key, 1, LIMIT_WINDOW):
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, LIMIT_WINDOW)
