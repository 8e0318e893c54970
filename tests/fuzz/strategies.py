"""What a hostile or clumsy client sends: any text, numbers of every size and form, JSON of every type."""

from hypothesis import strategies as st

NUMBERISH = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from(["", " ", "0", "-0", "1e309", "1,000", "１２３", "NaN", "Infinity", "0x10", "3.", ".5", "١٢"]),
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("x")', "\x00", "\u202e", "a" * 10_000, "😀" * 60]),
)
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2020-02-30", "2020-13", "2020/07/01", "昨天", "9999-12-31"]))
SCALAR = st.one_of(TEXT, NUMBERISH, DATES, st.booleans(), st.none())
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
