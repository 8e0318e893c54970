"""Reading a PATCH body into the caller's buffer: straight from gunicorn's socket (after what gunicorn buffered with
the headers, never past the body), or through the request's ``read`` elsewhere. Real gunicorn readers on a real
socket pair."""

import io
import os
import socket
import threading

import pytest
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from psyboost.uploads.body import _gunicorn_socket_body, copier_of, through_buffer, through_read


def gunicorn_environ(sock, length: int, buffered: bytes) -> dict:
    unreader = SocketUnreader(sock)
    unreader.unread(buffered)  # what gunicorn read along with the headers
    return {"gunicorn.socket": sock, "wsgi.input": Body(LengthReader(unreader, length))}


def readinto_of(environ, read, length):
    """The reader the copiers use: straight from gunicorn's socket when possible, else the request's ``read``."""
    direct = _gunicorn_socket_body(environ, length)
    return direct.readinto if direct is not None else through_read(read)


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
        assert type(readinto.__self__).__name__ == "_SocketBody"
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
        assert not hasattr(readinto, "__self__")
        assert drain(readinto) == b"23abcdef"


def test_without_gunicorn_the_request_read_is_used():
    body = io.BytesIO(b"x" * 12)
    readinto = readinto_of({"wsgi.input": body}, read=body.read, length=12)
    assert drain(readinto, size=5) == b"x" * 12


def copy_into(tmp_path, copy, length, held=b"") -> tuple[tuple[int, bool], bytes]:
    fd = os.open(tmp_path / "part", os.O_RDWR | os.O_CREAT)
    try:
        os.pwrite(fd, held, 0)
        result = copy(fd, len(held), length)
    finally:
        os.close(fd)
    return result, (tmp_path / "part").read_bytes()


@pytest.mark.parametrize("read_size", [8, 1024 * 1024])
def test_gunicorns_body_is_copied_straight_into_the_file(tmp_path, settings, read_size):
    settings.UPLOADS_READ_SIZE = read_size
    data = bytes(range(256)) * 2000
    server, client = socket.socketpair()
    with server, client:
        sender = threading.Thread(target=client.sendall, args=(data[100:] + b"GET /next",))
        sender.start()  # more than the socket buffer holds: sent while the copy reads
        environ = gunicorn_environ(server, length=len(data), buffered=data[:100])
        result, written = copy_into(tmp_path, copier_of(environ, None, len(data)), len(data), held=b"held")
        assert result == (len(data), True)
        assert environ["wsgi.input"].reader.length == 0
        sender.join()
        assert server.recv(20) == b"GET /next"
    assert written == b"held" + data


@pytest.mark.parametrize("splice", [True, False])
def test_a_cut_body_keeps_what_came_before_the_cut(tmp_path, settings, monkeypatch, splice):
    if not splice:
        monkeypatch.delattr(os, "splice")  # a system without splice: recv_into one buffer
    settings.UPLOADS_READ_SIZE = 8
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"0123456789ABC")
        client.shutdown(socket.SHUT_WR)  # the client goes away 7 bytes short
        copy = copier_of(gunicorn_environ(server, length=20, buffered=b"xy"), None, 20)
        assert copy_into(tmp_path, copy, 20, held=b"held") == ((15, False), b"heldxy0123456789ABC")


@pytest.mark.parametrize("read_size", [3, 1024])
def test_the_buffer_copies_a_whole_body_read_through_the_request(tmp_path, settings, read_size):
    settings.UPLOADS_READ_SIZE = read_size
    data = bytes(range(256)) * 5
    copy = copier_of({"wsgi.input": io.BytesIO()}, io.BytesIO(data).read, len(data))
    assert copy_into(tmp_path, copy, len(data)) == ((len(data), True), data)


def test_the_buffer_stops_at_a_body_shorter_than_announced(tmp_path):
    copy = through_buffer(through_read(io.BytesIO(b"abc").read))
    assert copy_into(tmp_path, copy, 10) == ((3, False), b"abc")
