"""Running the quiz server: uvicorn on a socket the CLI has already bound.

Binding first (in the CLI) turns "port in use" into one clear line instead of uvicorn's
log and exit. uvicorn's own access log is off: it would print the invitation token in
/i/TOKEN; crmgov.web.middleware.AccessLog writes one line per request without it.

Proxy headers (X-Forwarded-For, X-Forwarded-Proto) are ignored unless `crmgov serve
--trusted-proxy ADDR` names the proxy: uvicorn by default believes them from 127.0.0.1
(or $FORWARDED_ALLOW_IPS), so any client could name its own address past the per-address
limit and into the log.
"""

from __future__ import annotations

import gc
import logging
import socket
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crmgov.storage.interface import Store


def configure_logging() -> None:
    """Access and error lines to stderr, with the time."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    web = logging.getLogger("crmgov.web")
    web.handlers[:] = [handler]
    web.setLevel(logging.INFO)
    web.propagate = False


#: The youngest generation's threshold while serving (CPython's default is 700).
GC_YOUNG_THRESHOLD = 10_000


def settle_heap() -> None:
    """Tune the cyclic garbage collector for serving, once the project is loaded: what
    is alive now (modules, the tables read) is frozen out of its sight, and it runs after
    10,000 container allocations net instead of 700. A request's objects die by
    reference counting; the collector found nothing to free while 50 takers answered, yet
    with 50 requests in flight each of its runs walked all their objects: 460 runs, about
    a tenth of the server's CPU. Garbage in cycles (a caught exception and its frames) is
    still collected, a little later."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def build_server(store: Store, log_level: str = "warning",
                 trusted_proxies: Sequence[str] = ()) -> object:
    """A uvicorn Server over the quiz app for this store (not yet running). The client
    address is the socket's peer, unless the peer is one of `trusted_proxies` (addresses or
    networks, e.g. 10.0.0.2 or 10.0.0.0/24): then X-Forwarded-For names the client."""
    import uvicorn

    from crmgov.web.app import make_web_app
    from crmgov.web.desk import Desk

    config = uvicorn.Config(
        make_web_app(Desk(store)), access_log=False, log_level=log_level,
        server_header=False, date_header=True, lifespan="off",
        # Never uvicorn's default (trust 127.0.0.1, or $FORWARDED_ALLOW_IPS).
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or [],
        # A taker's phone keeps its connection between pages; 5 s frees idle ones.
        timeout_keep_alive=5,
    )
    return uvicorn.Server(config)


def run_server(store: Store, sock: socket.socket,
               trusted_proxies: Sequence[str] = ()) -> None:
    """Serve on `sock` until Ctrl+C (uvicorn finishes the requests in flight, then
    returns)."""
    configure_logging()
    server = build_server(store, trusted_proxies=trusted_proxies)
    settle_heap()
    try:
        server.run(sockets=[sock])  # type: ignore[attr-defined]
    except KeyboardInterrupt:  # a second Ctrl+C during the graceful shutdown
        pass
    finally:
        sock.close()
