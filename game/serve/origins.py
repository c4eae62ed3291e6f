"""Who may talk to the server: the address a page was served from, and the pages that may open a game.

Three checks, each for its own attack:

* **Host.** The page tells the browser where its websocket is, built from the
  ``Host`` the browser asked for (or ``--public-url``), so ``--host 0.0.0.0``
  hands pupils an address their machine can reach. A Host must be an IP
  address, ``localhost``, or a name the teacher gave (``--public-url``,
  ``--allow-origin``, ``--host``): a web site that points its own name at
  this server (DNS rebinding) is refused, since only that trick makes a
  browser send a foreign name here.
* **Origin.** A websocket, and the request that hands out a browser's token,
  are accepted only from a page of this server (the Origin must be the Host
  it was served from) or an origin given with ``--allow-origin``. A page on
  another site cannot drive a game.
* **No Origin.** Browsers always send one with a websocket, so a request
  without one comes from a program (a script, the benchmark). Such a client
  could send any Origin it likes, so refusing it would protect nothing; it
  is accepted, and every other limit still applies to it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_NAME = re.compile(r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")
_HOST_HEADER = re.compile(r"(?P<host>\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?")
DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressError(ValueError):
    """An address given on the command line that the server cannot use; the text says how to fix it."""


@dataclass(frozen=True)
class Host:
    """A checked ``Host`` header: a lower-case name or IP literal (IPv6 in brackets) and its port, if any."""

    name: str
    port: int | None

    def netloc(self, scheme: str) -> str:
        if self.port is None or self.port == DEFAULT_PORTS.get(scheme):
            return self.name
        return f"{self.name}:{self.port}"

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.name.strip("[]"))
        except ValueError:
            return False
        return True


def parse_host(header: str | None) -> Host | None:
    """The Host header as a :class:`Host`, or None when it is missing or not a host (quotes, spaces, paths…)."""
    if not header or len(header) > 260:
        return None
    match = _HOST_HEADER.fullmatch(header.strip().lower())
    if match is None:
        return None
    name = match["host"].rstrip(".") if not match["host"].startswith("[") else match["host"]
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        return None
    host = Host(name, port)
    if name.startswith("["):
        return host if host.is_ip else None
    if _NAME.fullmatch(name) is None:
        return None
    return host


def normalise_origin(text: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port, or None when ``text`` is not an origin."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    if parts.username is not None or parts.password is not None or not parts.hostname:
        return None
    host = parse_host(parts.netloc.rsplit("@", 1)[-1])
    if host is None:
        return None
    host = Host(host.name, port)
    return f"{parts.scheme}://{host.netloc(parts.scheme)}"


class OriginPolicy:
    """The three checks above, for one server's command line."""

    def __init__(self, bind_host: str, public_url: str | None = None, allow_origins: tuple[str, ...] = ()) -> None:
        self.public_origin: str | None = None
        if public_url is not None:
            self.public_origin = normalise_origin(public_url)
            if self.public_origin is None:
                raise AddressError(
                    f"--public-url {public_url!r} is not an address like http://192.168.1.20:8000 "
                    "(http or https, a host, an optional port, no path)"
                )
        origins = []
        for given in allow_origins:
            origin = normalise_origin(given)
            if origin is None:
                raise AddressError(
                    f"--allow-origin {given!r} is not an origin like http://teacher-pc.local:8000 "
                    "(http or https, a host, an optional port, no path)"
                )
            origins.append(origin)
        if self.public_origin:
            origins.append(self.public_origin)
        self.allowed_origins = frozenset(origins)
        names = {"localhost"}
        for origin in self.allowed_origins:
            host = parse_host(urlsplit(origin).netloc)
            if host is not None:
                names.add(host.name)
        bound = parse_host(bind_host if ":" not in bind_host else f"[{bind_host}]")
        if bound is not None and not bound.is_ip:
            names.add(bound.name)
        self.allowed_names = frozenset(names)

    @property
    def scheme(self) -> str:
        """``https`` when the server sits behind an https proxy (``--public-url https://…``), else ``http``."""
        return urlsplit(self.public_origin).scheme if self.public_origin else "http"

    def host_refusal(self, host: Host | None) -> str | None:
        """Why a request for this Host is refused, or None when it is one of ours."""
        if host is None:
            return "The request has no valid Host header."
        if host.is_ip or host.name in self.allowed_names:
            return None
        return (
            f"This game server does not answer to the name {host.name}. Open it by its address "
            "(http://ADDRESS:PORT), or start it with --public-url http://NAME:PORT to use this name."
        )

    def page_origin(self, host: Host) -> str:
        """The origin of the page a browser got from us when it asked for ``host``."""
        if self.public_origin:
            return self.public_origin
        return f"http://{host.netloc('http')}"

    def websocket_url(self, host: Host, path: str) -> str:
        """Where the page's websocket connects: the address the browser used, or the public URL."""
        origin = self.page_origin(host)
        scheme, rest = origin.split("://", 1)
        return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{path}"

    def origin_allowed(self, origin: str | None, host: Host) -> bool:
        """A browser's Origin header is this server's page (or allowed); a missing one is a program's."""
        if origin is None:
            return True
        normal = normalise_origin(origin)
        if normal is None:
            return False  # "null" (a sandboxed frame, a file), or garbage
        return normal in self.allowed_origins or normal == f"http://{host.netloc('http')}"
