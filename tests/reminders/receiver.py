"""A local Web Push service and a browser-like subscriber, for tests and the benchmark.

The receiver is http.server on 127.0.0.1 in a thread. Each subscriber holds a P-256 key pair
and an auth secret made with `cryptography`, as a browser's PushManager would, and the
receiver decrypts every aes128gcm body with them (http_ece), so a test sees exactly what a
service worker would.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Subscriber:
    name: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))
    status: int = 201  # what the push service answers
    delay: float = 0.0  # seconds before answering

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    @property
    def auth_b64(self) -> str:
        return b64url(self.auth)


class PushReceiver:
    def __init__(self) -> None:
        self.subscribers: dict[str, Subscriber] = {}
        self.received: list[tuple[str, dict]] = []  # (subscriber name, decrypted payload)
        self.arrivals: list[str] = []  # subscriber names, counted when the request arrives
        self.errors: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                name = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sub = receiver.subscribers.get(name)
                with receiver.lock:
                    receiver.arrivals.append(name)
                if sub is not None and sub.delay:
                    time.sleep(sub.delay)
                status = sub.status if sub is not None else 404
                if status == 201:
                    try:
                        assert self.headers["Content-Encoding"] == "aes128gcm"
                        assert self.headers["Authorization"].startswith("vapid t=")
                        plain = http_ece.decrypt(body, private_key=sub.private_key,
                                                 auth_secret=sub.auth, version="aes128gcm")
                        with receiver.lock:
                            receiver.received.append((name, json.loads(plain)))
                    except Exception as exc:  # reported to the test, answered as 400
                        receiver.errors.append(repr(exc))
                        status = 400
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PushReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def subscriber(self, name: str, **kwargs) -> Subscriber:
        sub = Subscriber(name, **kwargs)
        self.subscribers[name] = sub
        return sub

    def endpoint(self, name: str) -> str:
        return f"{self.base_url}/push/{name}"

    def names_received(self) -> list[str]:
        with self.lock:
            return [name for name, _ in self.received]
