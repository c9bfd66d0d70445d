"""Networking blocked at the socket level, with every attempt recorded.

``block_network()`` patches ``socket.socket.connect``/``connect_ex``/``sendto``,
``socket.create_connection`` and ``socket.getaddrinfo``: loopback addresses (127.0.0.0/8, ::1,
``localhost``) and Unix sockets pass; anything else is recorded and refused with an ``OSError``
(``socket.gaierror`` for name look-ups). Child processes made by ``fork`` (build and check
workers) inherit the patches. The ``no_network`` fixture yields the list of attempts, so a test
asserts it is empty.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

Attempt = tuple[str, str, Any]  # (what, host, port)


def is_loopback(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%", 1)[0]
    if host in ("localhost", "localhost.", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def block_network() -> Iterator[list[Attempt]]:
    attempts: list[Attempt] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_create = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def refused(what: str, address: Any) -> OSError:
        host, port = (address[0], address[1]) if isinstance(address, tuple) else (address, None)
        attempts.append((what, str(host), port))
        return OSError(errno.ENETUNREACH, f"network blocked by the test: {what} {host}:{port}")

    def allowed(sock: socket.socket, address: Any) -> bool:
        return sock.family == getattr(socket, "AF_UNIX", None) or (
            isinstance(address, tuple) and is_loopback(address[0]))

    def connect(self: socket.socket, address: Any) -> Any:
        if not allowed(self, address):
            raise refused("connect", address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(self, address):
            refused("connect_ex", address)
            return errno.ENETUNREACH
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> Any:
        address = args[-1]
        if not allowed(self, address):
            raise refused("sendto", address)
        return real_sendto(self, data, *args)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not is_loopback(address[0]):
            raise refused("create_connection", address)
        return real_create(address, *args, **kwargs)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            attempts.append(("getaddrinfo", str(host), port))
            raise socket.gaierror(socket.EAI_NONAME, f"name look-up blocked by the test: {host}")
        return real_getaddrinfo(host, port, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]
    socket.create_connection = create_connection  # type: ignore[assignment]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = real_sendto  # type: ignore[method-assign]
        socket.create_connection = real_create  # type: ignore[assignment]
        socket.getaddrinfo = real_getaddrinfo  # type: ignore[assignment]


@pytest.fixture
def no_network() -> Iterator[list[Attempt]]:
    """Block every non-loopback connection and name look-up; yields the attempts made."""
    with block_network() as attempts:
        yield attempts
