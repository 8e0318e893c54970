"""The Upload-Metadata header parser and the user's file name: examples, then properties."""

import base64
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psyboost.uploads.metadata import MetadataError, clean_filename, encode_metadata, parse_metadata

KEYS = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=","), min_size=1)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_examples():
    header = f"filename {b64('场地照片.jpg')},kind {b64('site_photo')}, target {b64('42')},is_confidential"

    assert parse_metadata(header) == {
        "filename": "场地照片.jpg",
        "kind": "site_photo",
        "target": "42",
        "is_confidential": "",
    }
    assert parse_metadata("") == {}
    assert parse_metadata("  ") == {}


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("filename a2l0,filename a2l0", "键名“filename”重复。"),
        ("filename  a2l0", "键与值之间只能有一个空格。"),
        ("file name a2l0", "键与值之间只能有一个空格。"),
        ("kind a2l0,,target MQ==", "键名无效。"),
        ("名字 a2l0", "键名无效。"),
        ("kind a2l", "“kind”的值不是 UTF-8 文本的 base64 编码。"),
        ("kind //79", "“kind”的值不是 UTF-8 文本的 base64 编码。"),
        ("x" * 9000, "内容过长。"),
    ],
    ids=["duplicate", "two-spaces", "space-in-key", "empty-pair", "non-ascii-key", "bad-padding", "not-utf8", "long"],
)
def test_malformed_headers_are_refused(header, detail):
    with pytest.raises(MetadataError) as refused:
        parse_metadata(header)

    assert refused.value.status == 400
    assert refused.value.message == f"上传信息（Upload-Metadata）格式错误：{detail}"


@given(st.dictionaries(KEYS, st.text(max_size=40), max_size=6))
def test_encode_then_parse_gives_the_pairs_back(pairs):
    assert parse_metadata(encode_metadata(pairs)) == pairs


@given(st.text(max_size=300))
def test_any_header_is_parsed_or_refused_with_a_message(header):
    try:
        pairs = parse_metadata(header)
    except MetadataError as refused:
        assert refused.message.startswith("上传信息（Upload-Metadata）格式错误：")
    else:
        assert all(key and " " not in key and "," not in key for key in pairs)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\fakepath\\场地照片.jpg", "场地照片.jpg"),
        ("../../etc/passwd", "passwd"),
        ("  设备\u3000照片 (1).png ", "设备 照片 (1).png"),
        ("a\x00b\r\nc\u202e.jpg", "abc.jpg"),
        ("...hidden", "hidden"),
        ("", "file"),
        ("/", "file"),
        ("长" * 300 + ".mp4", "长" * 196 + ".mp4"),
        ("x" * 300, "x" * 200),
    ],
)
def test_clean_filename_examples(raw, clean):
    assert clean_filename(raw) == clean


@given(st.text(max_size=400))
def test_clean_filename_is_always_safe(raw):
    name = clean_filename(raw)

    assert 1 <= len(name) <= 200
    assert "/" not in name and "\\" not in name
    assert not name.startswith((".", " ")) and not name.endswith(" ")
    assert all(unicodedata.category(char)[0] not in "CZ" or char == " " for char in name)
