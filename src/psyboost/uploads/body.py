"""Reading a tus PATCH body into a buffer the caller owns (``readinto(view) -> bytes filled``).

Under gunicorn the body is read straight from the client's socket with ``recv_into`` into that buffer, after the
bytes gunicorn had already read along with the headers: one copy from the kernel to the buffer, none through
gunicorn's and Django's stream objects (each of which copied every piece again). Anywhere else (another WSGI
server, the test client) the body comes through the request's own ``read``. Only the view calls this (it knows the
request); the upload service receives the plain function.
"""

from collections.abc import Callable


def readinto_of(environ: dict, read: Callable[[int], bytes], length: int) -> Callable[[memoryview], int]:
    """A function filling a buffer with the next bytes of the request body (of ``length`` bytes): at most
    ``len(view)``, 0 at its end; an interrupted connection raises ``OSError``."""
    direct = _gunicorn_socket_reader(environ, length)
    if direct is not None:
        return direct
    return _through_read(read)


def _through_read(read: Callable[[int], bytes]) -> Callable[[memoryview], int]:
    def readinto(view: memoryview) -> int:
        data = read(len(view))
        view[: len(data)] = data
        return len(data)

    return readinto


class _SocketBody:
    """What is left of the body: first what gunicorn buffered, then the socket."""

    def __init__(self, sock, reader, pending: bytes, length: int):
        self.sock, self.reader, self.left = sock, reader, length
        self.pending = memoryview(pending)

    def __call__(self, view: memoryview) -> int:
        wanted = min(len(view), self.left)
        if not wanted:
            return 0
        if self.pending:
            count = min(wanted, len(self.pending))
            view[:count] = self.pending[:count]
            self.pending = self.pending[count:]
        else:
            count = self.sock.recv_into(view, wanted)
        self.left -= count
        self.reader.length -= count  # gunicorn's own count of what is left of the body
        return count


def _gunicorn_socket_reader(environ: dict, length: int):
    """The direct reader when the body is gunicorn's, of known length and not read from yet; else None."""
    sock = environ.get("gunicorn.socket")
    stream = environ.get("wsgi.input")
    reader = getattr(stream, "reader", None)
    unreader = getattr(reader, "unreader", None)
    buffered = getattr(stream, "buf", None)
    if (
        sock is None
        or type(reader).__name__ != "LengthReader"
        or getattr(reader, "length", None) != length
        or not hasattr(unreader, "take_buffered")
        or buffered is None
        or buffered.getvalue()
    ):
        return None
    pending = unreader.take_buffered()
    if len(pending) > length:  # never take what follows the body
        unreader.unread(pending[length:])
        pending = pending[:length]
    return _SocketBody(sock, reader, pending, length)
