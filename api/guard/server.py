"""uvicorn settings for hostile clients: slow headers, idle sockets, floods of connections, huge frames.

uvicorn closes idle keep-alive connections but waits forever for the headers of a request that
trickles in a byte at a time (slow-loris). ``HeaderTimeoutProtocol`` closes a connection whose
request headers are not complete ``header_timeout`` seconds after the request began; slow bodies
are the body-limit middleware's business (408).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

WS_MAX_BYTES = 256 * 1024  # subscriptions and their queries are small; articles go over HTTP


class HeaderTimeoutProtocol(HttpToolsProtocol):
    header_timeout: float = float(os.environ.get("EVENTGRAPH_HEADER_TIMEOUT", "10"))
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config, shared by `eventgraph serve` and the tests."""
    return {
        "http": HeaderTimeoutProtocol,
        # Past this many connections plus requests in flight, uvicorn answers 503 at once.
        "limit_concurrency": int(os.environ.get("EVENTGRAPH_MAX_CONNECTIONS", "512")),
        "timeout_keep_alive": 5,
        "timeout_graceful_shutdown": 10,
        "ws_max_size": WS_MAX_BYTES,
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 20.0,
        "h11_max_incomplete_event_size": 64 * 1024,
        "server_header": False,
        # Behind a proxy, the client address comes from X-Forwarded-For set by these proxies only.
        "proxy_headers": True,
        "forwarded_allow_ips": os.environ.get("EVENTGRAPH_TRUSTED_PROXIES", "127.0.0.1"),
    }
