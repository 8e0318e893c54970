"""Active content in a PDF: JavaScript, launch actions, embedded files, rich media and XFA forms.

A PDF is served inline to staff and experts, so one that runs a script, starts a program or carries another file is
refused at upload. The check reads the names of the file, those inside compressed streams (object streams hide a
catalog's ``/OpenAction``) included, with ``#xx`` escapes decoded (``/J#61vaScript`` is ``/JavaScript``). It does not
need a well-formed file: any such name anywhere is enough to refuse.
"""

import re
import zlib

ACTIVE_NAMES = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "Launch",
    b"EmbeddedFile": "EmbeddedFile",
    b"EmbeddedFiles": "EmbeddedFile",
    b"RichMedia": "RichMedia",
    b"XFA": "XFA",
}
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n")
MAX_INFLATED = 64 * 1024 * 1024  # all streams together, unpacked: a bomb stops here (and is refused)
MAX_STREAMS = 20_000


class TooComplex(Exception):
    """The streams unpack beyond ``MAX_INFLATED`` or are too many to check."""


def _names(data: bytes):
    for match in _NAME.finditer(data):
        name = match.group(1)
        if b"#" in name:
            name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        yield name


def _inflated_streams(data: bytes):
    budget = MAX_INFLATED
    for count, match in enumerate(_STREAM.finditer(data)):
        if count >= MAX_STREAMS:
            raise TooComplex
        end = data.find(b"endstream", match.end())
        segment = data[match.end() : end if end != -1 else len(data)]
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(segment, budget + 1)
        except zlib.error:
            continue  # not Flate (an image, or another filter): its names are not PDF syntax
        budget -= len(inflated)
        if budget < 0:
            raise TooComplex
        yield inflated


def active_content(data: bytes) -> str | None:
    """The first kind of active content found in the PDF ``data`` (``"JavaScript"``, ``"Launch"``…), or None.
    Raises ``TooComplex`` for streams that unpack too far."""
    for chunk in (data, *_inflated_streams(data)):
        for name in _names(chunk):
            if name in ACTIVE_NAMES:
                return ACTIVE_NAMES[name]
    return None
