"""The vendored CJK web font for the interface: a WOFF2 of a few MB at most, covering every character of the
templates and sources and the GB2312 level-1 hanzi, declared with @font-face (issue 9, item 9)."""

import importlib.util
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "src" / "psyboost" / "static" / "psyboost" / "fonts" / "NotoSansSC-ui.woff2"
CSS = ROOT / "src" / "psyboost" / "static" / "psyboost" / "css" / "psyboost.css"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("subset_ui_font", ROOT / "tools" / "subset_ui_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def covered() -> set[str]:
    return {chr(code) for code in TTFont(FONT).getBestCmap()}


def test_the_font_is_a_woff2_of_a_few_mb_at_most():
    assert FONT.read_bytes()[:4] == b"wOF2"
    assert FONT.stat().st_size < 3 * 1024 * 1024


def test_it_covers_gb2312_level_one(tool, covered):
    level_one = tool.gb2312_level_one()
    assert (len(level_one), level_one[:3], level_one[-1]) == (3755, "啊阿埃", "座")
    assert set(level_one) - covered == set()


def test_it_covers_every_character_of_the_interface(tool, covered):
    """Fails when a new text uses a character the font lacks: run tools/subset_ui_font.py again."""
    missing = {char for char in tool.used_characters() if "\u3400" <= char <= "\u9fff"} - covered
    assert sorted(missing) == []


def test_the_stylesheet_declares_it():
    css = CSS.read_text(encoding="utf-8")
    assert 'src: url("../fonts/NotoSansSC-ui.woff2") format("woff2")' in css
    assert '"Psyboost Noto Sans SC", system-ui' in css
