"""Make the UI's web font: the embedded Noto Sans SC (``core/fonts/``, SIL OFL) cut down to the characters the
interface uses, so a PC without Chinese fonts shows no boxes (issue 9, item 9).

The characters: every character of the templates and Python sources (labels, messages, the form's texts), the paper
form's spec (``docs/form-2020.md``), printable ASCII, common CJK punctuation and the GB2312 level-1 hanzi (3,755 of
the most frequent characters, for what users type: unit names, addresses). Run from the repository root after
adding many new texts:

    /work/main/.venv/bin/python tools/subset_ui_font.py

and commit the WOFF2 it writes to ``src/psyboost/static/psyboost/fonts/``. Needs fontTools with brotli (installed
with WeasyPrint); nothing of this runs on the server.
"""

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "psyboost" / "core" / "fonts" / "NotoSansSC-Regular.otf"
TARGET = ROOT / "src" / "psyboost" / "static" / "psyboost" / "fonts" / "NotoSansSC-ui.woff2"
PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·～￥％＋－×÷＝＜＞·•→←↑↓√☰★☆■□▲△●○◆◇"


def gb2312_level_one() -> str:
    """The 3,755 hanzi of GB2312 level 1 (rows 16–55; row 55 ends at column 89)."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def used_characters() -> set[str]:
    chars = set()
    files = [*ROOT.glob("src/psyboost/**/*.html"), *ROOT.glob("src/psyboost/**/*.py"), ROOT / "docs" / "form-2020.md"]
    for path in files:
        chars.update(path.read_text(encoding="utf-8"))
    return {char for char in chars if ord(char) > 0x7F}


def main() -> int:
    text = "".join(sorted(used_characters() | set(gb2312_level_one()) | set(PUNCTUATION)))
    text += "".join(chr(code) for code in range(0x20, 0x7F))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence names (OFL)
    options.notdef_outline = True
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {len(text)} characters, {TARGET.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
