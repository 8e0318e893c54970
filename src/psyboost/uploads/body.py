"""Copying a tus PATCH body into the upload's temporary file with as few copies as the server allows.

``copier_of`` answers a function ``copy(fd, position, length) -> (bytes copied, all of them?)``; bytes received
before an interruption are always in the file. Under gunicorn (a body of known length not read from yet) the body
goes straight from the client's socket to the file: first the bytes gunicorn read along with the headers, then
``os.splice`` through a pipe (the kernel moves the pages; nothing passes through Python), or, where splice is not
available, ``recv_into`` one buffer written with ``pwrite``. Anywhere else (another WSGI server, the test client)
through the request's own ``read`` into that one buffer. Memory holds one buffer (``UPLOADS_READ_SIZE``) or one
pipe whatever the size of the body. Only the view calls this (it knows the request); the upload service receives
the plain function.
"""

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable

from . import conf

F_SETPIPE_SZ, F_GETPIPE_SZ = 1031, 1032  # Linux's fcntl commands for a pipe's capacity
Copier = Callable[[int, int, int], tuple[int, bool]]


def copier_of(environ: dict, read: Callable[[int], bytes], length: int) -> Copier:
    """How to copy the request body (of ``length`` bytes) into a file: see the module."""
    direct = _gunicorn_socket_body(environ, length)
    if direct is not None:
        return direct.copy
    return through_buffer(through_read(read))


def through_read(read: Callable[[int], bytes]) -> Callable[[memoryview], int]:
    """``readinto`` over a ``read(size) -> bytes`` function."""

    def readinto(view: memoryview) -> int:
        data = read(len(view))
        view[: len(data)] = data
        return len(data)

    return readinto


def through_buffer(readinto: Callable[[memoryview], int]) -> Copier:
    """Copy through one buffer: filled by ``readinto`` (0 at the end, ``OSError`` when cut), then ``pwrite``."""

    def copy(fd: int, position: int, length: int) -> tuple[int, bool]:
        buffer = memoryview(bytearray(min(conf.read_size(), length) or 1))
        received = 0
        while received < length:
            wanted = min(len(buffer), length - received)
            filled, whole = 0, True
            while filled < wanted:
                try:
                    count = readinto(buffer[filled:wanted])
                except OSError:
                    count = 0
                if not count:
                    whole = False
                    break
                filled += count
            received += _write_all(fd, buffer[:filled], position + received)
            if not whole:
                return received, False
        return received, True

    return copy


def _write_all(fd: int, view: memoryview, position: int) -> int:
    done = 0
    while done < len(view):
        done += os.pwrite(fd, view[done:], position + done)
    return done


class _SocketBody:
    """What is left of the body: first what gunicorn buffered, then the socket."""

    def __init__(self, sock, reader, pending: bytes, length: int):
        self.sock, self.reader, self.left = sock, reader, length
        self.pending = memoryview(pending)

    def _took(self, count: int) -> None:
        self.left -= count
        self.reader.length -= count  # gunicorn's own count of what is left of the body

    def readinto(self, view: memoryview) -> int:
        wanted = min(len(view), self.left)
        if not wanted:
            return 0
        if self.pending:
            count = min(wanted, len(self.pending))
            view[:count] = self.pending[:count]
            self.pending = self.pending[count:]
        else:
            count = self.sock.recv_into(view, wanted)
        self._took(count)
        return count

    def copy(self, fd: int, position: int, length: int) -> tuple[int, bool]:
        length = min(length, self.left)
        pending = self.pending[:length]
        received = _write_all(fd, pending, position)
        self.pending = self.pending[received:]
        self._took(received)
        try:
            pipe = os.pipe()
        except OSError:
            pipe = None
        if pipe is None or not hasattr(os, "splice"):
            more, whole = through_buffer(self.readinto)(fd, position + received, length - received)
            return received + more, whole
        with contextlib.ExitStack() as stack:
            for end in pipe:
                stack.callback(os.close, end)
            with contextlib.suppress(OSError):
                fcntl.fcntl(pipe[1], F_SETPIPE_SZ, conf.read_size())
            try:
                step = fcntl.fcntl(pipe[1], F_GETPIPE_SZ)
            except OSError:
                step = 65536
            spliced = False
            while received < length:
                try:
                    count = os.splice(self.sock.fileno(), pipe[1], min(step, length - received))
                except OSError as error:
                    if not spliced and error.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                        # this socket or file system cannot splice: the buffer, from where the pending bytes ended
                        more, whole = through_buffer(self.readinto)(fd, position + received, length - received)
                        return received + more, whole
                    return received, False
                spliced = True
                if not count:
                    return received, False
                self._took(count)
                while count:  # the pipe is emptied into the file before the socket is read again
                    moved = os.splice(pipe[0], fd, count, offset_dst=position + received)
                    received += moved
                    count -= moved
        return received, True


def _gunicorn_socket_body(environ: dict, length: int):
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
