"""Password families an attacker tries first, refused with the reason in Chinese.

Django's validators catch a short password, a common one and one close to the username; these catch what the
audit found passing: the username written twice or inside the password, the unit's own name or e-mail, the demo
password published in the README, a word followed by a year (``Beijing2020``, ``psyboost2020``) and repeated
characters (``1111111111a``, ``abcabcabcabc``).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEMO_PASSWORD = "psyboost-demo"  # the demo accounts' password, published in the README (demo/base.py)
PLATFORM_WORDS = ("psyboost", "beijing", "peking", "password", "qwerty")
_WORD_AND_YEAR = re.compile(r"^(?:[a-z]+[^a-z0-9]*(?:19|20)\d\d|(?:19|20)\d\d[^a-z0-9]*[a-z]+)[^a-z0-9]*$")
MIN_DISTINCT = 5


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _repeats(password: str) -> bool:
    """Few distinct characters, or a short chunk written again and again."""
    if len(set(password)) < MIN_DISTINCT:
        return True
    for size in range(1, len(password) // 3 + 1):
        chunk = password[:size]
        if (chunk * (len(password) // size + 1)).startswith(password):
            return True
    return False


def _personal_words(user) -> list[str]:
    words = [getattr(user, "username", ""), getattr(user, "display_name", "")]
    email = getattr(user, "email", "") or ""
    words.append(email.split("@")[0])
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    if unit is not None:
        words += [unit.name, (unit.contact_email or "").split("@")[0], unit.contact_phone]
    return [_fold(word) for word in words if word and len(_fold(word)) >= 3]


class PasswordFamilyValidator:
    def validate(self, password, user=None):
        folded = _fold(password)
        if folded == DEMO_PASSWORD or DEMO_PASSWORD.replace("-", "") in re.sub(r"[^a-z0-9]", "", folded):
            raise ValidationError(_("不能使用演示账号的公开密码。"), code="password_demo")
        for word in _personal_words(user) if user is not None else []:
            if word in folded:
                raise ValidationError(_("密码不能包含用户名、单位名称或联系方式。"), code="password_personal")
        if _WORD_AND_YEAR.match(folded):
            raise ValidationError(
                _("密码不能是“单词 + 年份”（如 Beijing2020），这类密码最先被猜到。"), code="password_year"
            )
        if any(word in folded for word in PLATFORM_WORDS):
            raise ValidationError(_("密码不能包含平台、单位或常见的词（如 psyboost、beijing）。"), code="password_word")
        if _repeats(folded):
            raise ValidationError(_("密码不能由重复的字符组成（如 1111111111a）。"), code="password_repeated")

    def get_help_text(self):
        return _("密码不能包含用户名或单位名称，不能是“单词 + 年份”，也不能由重复的字符组成。")
