"""统一社会信用代码 (GB 32100-2015): 18 characters — the registration authority and the kind of organisation, a
six-digit region code, a nine-character organisation code, and a check character over the first seventeen."""

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31
LENGTH = 18


def normalize(text: str) -> str:
    """Full-width forms folded, spaces dropped, letters upper-cased."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def check_character(first_seventeen: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """Eighteen characters of the code's alphabet, digits in the region code, and the right check character."""
    if len(code) != LENGTH or any(char not in ALPHABET for char in code) or not code[2:8].isdigit():
        return False
    return code[-1] == check_character(code[:17])
