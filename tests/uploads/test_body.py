"""Reading a PATCH body into the caller's buffer: straight from gunicorn's socket (after what gunicorn buffered with
the headers, never past the body), or through the request's ``read`` elsewhere. Real gunicorn readers on a real
socket pair."""

import io
import os
import socket

import pytest
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from psyboost.uploads import services
from psyboost.uploads.body import readinto_of


def gunicorn_environ(sock, length: int, buffered: bytes) -> dict:
    unreader = SocketUnreader(sock)
    unreader.unread(buffered)  # what gunicorn read along with the headers
    return {"gunicorn.socket": sock, "wsgi.input": Body(LengthReader(unreader, length))}


def drain(readinto, size: int = 5) -> bytes:
    buffer = memoryview(bytearray(size))
    out = bytearray()
    while count := readinto(buffer):
        out += buffer[:count]
    return bytes(out)


def test_the_body_comes_from_gunicorns_buffer_then_the_socket_and_stops_at_its_end():
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"-tail|NEXT")
        environ = gunicorn_environ(server, length=9, buffered=b"head")
        readinto = readinto_of(environ, read=None, length=9)
        assert type(readinto).__name__ == "_SocketBody"
        assert drain(readinto) == b"head-tail"
        assert environ["wsgi.input"].reader.length == 0
        assert server.recv(10) == b"|NEXT"  # never read past the body


def test_what_gunicorn_buffered_beyond_the_body_stays_with_gunicorn():
    server, client = socket.socketpair()
    with server, client:
        environ = gunicorn_environ(server, length=4, buffered=b"bodyGET / HTTP/1.1")
        assert drain(readinto_of(environ, read=None, length=4), size=3) == b"body"
        assert environ["wsgi.input"].reader.unreader.take_buffered() == b"GET / HTTP/1.1"


def test_a_body_already_read_from_goes_through_the_request_read():
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"abcdef")
        environ = gunicorn_environ(server, length=10, buffered=b"0123")
        stream = environ["wsgi.input"]
        assert stream.read(2) == b"01"
        readinto = readinto_of(environ, read=stream.read, length=10)
        assert type(readinto).__name__ != "_SocketBody"
        assert drain(readinto) == b"23abcdef"


def test_without_gunicorn_the_request_read_is_used():
    body = io.BytesIO(b"x" * 12)
    readinto = readinto_of({"wsgi.input": body}, read=body.read, length=12)
    assert drain(readinto, size=5) == b"x" * 12


def test_append_fills_the_buffer_before_writing_and_keeps_what_came_before_a_cut(tmp_path, settings):
    settings.UPLOADS_READ_SIZE = 8
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"0123456789ABC")
        client.shutdown(socket.SHUT_WR)  # the client goes away 7 bytes short
        readinto = readinto_of(gunicorn_environ(server, length=20, buffered=b""), read=None, length=20)
        fd = os.open(tmp_path / "part", os.O_RDWR | os.O_CREAT)
        try:
            os.pwrite(fd, b"held", 0)
            assert services._append(fd, 4, readinto, 20) == (13, False)
        finally:
            os.close(fd)
    assert (tmp_path / "part").read_bytes() == b"held0123456789ABC"


@pytest.mark.parametrize("read_size", [3, 1024])
def test_append_copies_a_whole_body(tmp_path, settings, read_size):
    settings.UPLOADS_READ_SIZE = read_size
    data = bytes(range(256)) * 5
    body = io.BytesIO(data)
    fd = os.open(tmp_path / "whole", os.O_RDWR | os.O_CREAT)
    try:
        assert services._append(fd, 0, readinto_of({}, body.read, len(data)), len(data)) == (len(data), True)
    finally:
        os.close(fd)
    assert (tmp_path / "whole").read_bytes() == data
