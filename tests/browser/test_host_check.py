"""famdata answers only pages whose address is this computer: a web page elsewhere that points its
own name at 127.0.0.1 (DNS rebinding) gets no connection to the app."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Server


def stream_answer(server: Server, host: str) -> bytes:
    """The status line of a WebSocket handshake with the app, sent with this Host header."""
    address = urlsplit(server.url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(request.encode())
        return connection.recv(256).split(b"\r\n")[0]


@pytest.mark.parametrize("host", ["evil.example", "famdata.attacker.test", "10.0.0.5"])
def test_a_page_under_another_name_is_refused(room_12: Server, host: str) -> None:
    port = urlsplit(room_12.url).port
    assert b" 403 " in stream_answer(room_12, f"{host}:{port}")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_the_laptops_own_addresses_are_answered(room_12: Server, host: str) -> None:
    port = urlsplit(room_12.url).port
    assert b" 101 " in stream_answer(room_12, f"{host}:{port}")
