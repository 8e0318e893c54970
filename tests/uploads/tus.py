"""A tus client over Django's test client: the requests uploads.js sends, one function each."""

from psyboost.uploads.metadata import encode_metadata

TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_STREAM = "application/offset+octet-stream"


def create(client, length: int, *, filename="照片.jpg", kind="photo", purpose="unit_document", target="", **headers):
    metadata = encode_metadata({"filename": filename, "kind": kind, "purpose": purpose, "target": str(target)})
    return client.post(
        "/uploads/", headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": metadata, **headers}
    )


def patch(client, url: str, offset: int, data: bytes, **extra):
    headers = {**TUS, "Upload-Offset": str(offset)}
    # The test client leaves out both for an empty body; a browser sends them.
    extra = {"CONTENT_TYPE": OFFSET_STREAM, "CONTENT_LENGTH": str(len(data)), **extra}
    return client.generic("PATCH", url, data, content_type=OFFSET_STREAM, headers=headers, **extra)


def head(client, url: str):
    return client.head(url, headers=TUS)


def upload_all(client, data: bytes, *, chunk: int = 0, **metadata):
    """Create an upload and send ``data`` in chunks; answers the last response and the upload's URL."""
    created = create(client, len(data), **metadata)
    assert created.status_code == 201, created.content.decode()
    url = created["Location"]
    chunk = chunk or len(data)
    response = None
    for offset in range(0, len(data), chunk):
        response = patch(client, url, offset, data[offset : offset + chunk])
        if response.status_code != 204:
            break
    return response, url


class BrokenStream:
    """A request body that stops early: ``data`` arrives, then the connection drops (EOF, or an error)."""

    def __init__(self, data: bytes, *, error: bool = False):
        self.data = data
        self.error = error
        self.requested: list[int] = []

    def read(self, size=-1):
        self.requested.append(size)
        if not self.data:
            if self.error:
                raise OSError("connection reset by peer")
            return b""
        size = len(self.data) if size is None or size < 0 else size
        piece, self.data = self.data[:size], self.data[size:]
        return piece

    def readline(self, size=-1):  # part of the WSGI input interface; the upload views never call it
        raise AssertionError("the body must be read in pieces, not by line")
