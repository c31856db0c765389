"""`reflectie serve`: the app in a browser through textual-serve, for a team around one screen.

textual-serve itself has no access control; `ReflectieServer` subclasses its `Server` and adds it:

- **A secret in the address.** Every page, static file and websocket lives under `/<secret>/`, a
  random `secrets.token_urlsafe(24)` (192 bits) made at start. The first path segment of every
  request is compared with `hmac.compare_digest`; anything else gets 403. The secret sits in the
  path rather than in a cookie: the page can use relative links for its static files and needs no
  state, and a cookie would also be sent to every other port of the same host name. One route
  cannot carry the prefix: textual.js opens downloads at `/download/<key>` on the page's origin.
  That route answers only for a delivery the app announced over the (already admitted) websocket;
  its key is a random uuid4 (122 bits) made by Textual, used once: a capability of its own.
- **Origin.** A websocket is accepted only when its Origin is `http://` plus the Host the browser
  used for it; a missing Origin is refused too. No other web page in the browser can drive the app.
- **A cap on live sessions** (app processes), counted where a process would start, in the
  websocket handler. Beyond it that websocket sends the page to a Dutch "te veel vensters" page
  (textual.js follows an `open_url` message) and no process starts.
- **The page** is our own template (`web_templates/app.html.j2`, derived from textual-serve's) with
  a Content-Security-Policy that allows nothing but this server, so the browser contacts nothing
  outside this computer; the websocket URL follows the host the browser used.
- **The app process** is started without a shell, from `app_command()`, which also works frozen;
  `reflectie serve --client` starts the client mode (`app_command("client", ...)`) the same way.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import ipaddress
import logging
import re
import secrets
import signal
import socket
import sys
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from typing import Any

# aiohttp and textual-serve come with the optional extra `reflectie[web]`; the command line checks
# for it before importing this module
from aiohttp import WSCloseCode, web
from jinja2 import Environment, PackageLoader
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
DEFAULT_MAX_SESSIONS = 4
SECRET_BYTES = 24  # token_urlsafe(24): 32 characters, 192 bits
SLOT_WAIT = 5.0  # seconds a websocket waits for a session that is closing to free its place
SLOT_GRACE = 1.0  # seconds it waits when none is known to be closing yet
TITLE = "reflectie"

FORBIDDEN_TEXT = (
    "Geen toegang. Open reflectie met het volledige adres dat 'reflectie serve' toonde, "
    "met de geheime code erin.\n"
)
FOREIGN_ORIGIN_TEXT = "Geen toegang: deze verbinding komt niet van de pagina van reflectie.\n"
BAD_HOST_TEXT = "Ongeldig adres in het verzoek.\n"

# a Host header we are willing to put in the page: a name, IPv4 or [IPv6], with an optional port
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")


class ServeError(Exception):
    """The server cannot start; the message says why in Dutch."""


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(*args: str) -> list[str]:
    """The program textual-serve starts for each session: this same reflectie, also when frozen."""
    if getattr(sys, "frozen", False):  # a single-file build (PyInstaller): the program itself
        return [sys.executable, *args]
    return [sys.executable, "-m", "reflectie", *args]


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


# --- addresses -------------------------------------------------------------------------------

# connect() on a UDP socket sends no packet; it only asks the routing table which local address
# would be used. The targets are documentation addresses (RFC 5737 / 3849) and the far ends of the
# private ranges, so that a network without a default route still yields its address.
_PROBES: dict[int, tuple[str, ...]] = {
    socket.AF_INET: ("192.0.2.1", "10.255.255.254", "172.31.255.254", "192.168.255.254"),
    socket.AF_INET6: ("2001:db8::1",),
}


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def lan_addresses(families: Iterable[int] = (socket.AF_INET,)) -> list[str]:
    """This computer's network addresses, found without sending anything over the network."""
    found: list[str] = []
    for family in families:
        for probe in _PROBES.get(family, ()):
            with suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                found.append(sock.getsockname()[0])
        if sys.platform == "win32":
            # Windows answers its own computer name from its interface list, without asking DNS
            with suppress(OSError):
                infos = socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM)
                found += [str(info[4][0]) for info in infos]
    unique: list[str] = []
    for address in found:
        if _usable(address) and address not in unique:
            unique.append(address)
    return unique


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::")


def served_addresses(host: str, port: int, secret: str) -> tuple[list[str], str | None]:
    """The addresses to print: (for other computers or this one, for this computer itself).

    For a wildcard host the first list holds this computer's network addresses (possibly empty);
    the second is the loopback address to use on this computer. Otherwise the first list holds
    the one address and the second is None.
    """
    def url(name: str) -> str:
        return f"http://{url_host(name)}:{port}/{secret}/"

    if _is_wildcard(host):
        families = (socket.AF_INET, socket.AF_INET6) if host == "::" else (socket.AF_INET,)
        local = "::1" if host == "::" and not socket.has_dualstack_ipv6() else "127.0.0.1"
        return [url(a) for a in lan_addresses(families)], url(local)
    return [url(host)], None


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for host and port, so that errors come before the address is printed."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"het adres '{host}' is onbekend op deze computer. Laat --host weg, of "
                         "geef een adres van deze computer.") from exc
    sockets: list[socket.socket] = []
    seen: set[tuple[Any, ...]] = set()
    try:
        for family, _, _, _, address in infos:
            if address in seen:
                continue
            seen.add(address)
            dual = family == socket.AF_INET6 and host == "::" and socket.has_dualstack_ipv6()
            try:
                sock = socket.create_server(address, family=family, dualstack_ipv6=dual)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", None) == 10048:
                    raise ServeError(f"poort {port} is al in gebruik. Kies een andere poort met "
                                     "--poort, of stop het programma dat ze gebruikt.") from exc
                if len(infos) > 1:  # e.g. 'localhost' on a computer without IPv6: use the others
                    continue
                if exc.errno == errno.EADDRNOTAVAIL or getattr(exc, "winerror", None) == 10049:
                    reason = "dat adres hoort niet bij deze computer"
                elif exc.errno == errno.EACCES or getattr(exc, "winerror", None) == 10013:
                    reason = "dat mag niet (kies een poort boven 1024)"
                else:
                    reason = exc.strerror or str(exc)
                raise ServeError(f"kan niet luisteren op {host}, poort {port}: {reason}. "
                                 "Laat --host weg, of geef een adres van deze computer.") from exc
            sockets.append(sock)
            if port == 0:  # one socket when the system picks the port, or the ports would differ
                break
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    if not sockets:
        raise ServeError(f"kan niet luisteren op {host}, poort {port}. "
                         "Laat --host weg, of geef een adres van deze computer.")
    return sockets


# --- the server ------------------------------------------------------------------------------


def _forbidden(text: str) -> web.Response:
    return web.Response(status=403, text=text, headers={"Referrer-Policy": "no-referrer"})


class AppProcess(AppService):
    """One app process, started from an argument list without a shell."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit (textual-serve), then wait until its process has really ended."""
        await super().stop()
        process = self._process
        if process is not None and process.returncode is None:
            if self._stdin is not None:
                self._stdin.close()
            await process.wait()


class ReflectieServer(Server):
    """textual-serve's Server, admitting only the holder of the secret address."""

    def __init__(self, command: list[str], secret: str, *,
                 max_sessions: int = DEFAULT_MAX_SESSIONS,
                 sockets: list[socket.socket] | None = None) -> None:
        super().__init__(" ".join(command), title=TITLE)
        self.argv = command
        self.secret = secret
        self.max_sessions = max_sessions
        self.sockets = sockets or []
        self.live = 0  # app processes started and not yet ended
        self.closing = 0  # of those, the ones whose browser has gone and that are quitting
        self.websockets: set[web.WebSocketResponse] = set()
        self.slot_wait, self.slot_grace = SLOT_WAIT, SLOT_GRACE
        self.templates = Environment(loader=PackageLoader("reflectie", "web_templates"),
                                     autoescape=True)

    # access control

    def _has_secret(self, request: web.Request) -> bool:
        given = request.match_info.get("secret")
        return given is not None and hmac.compare_digest(given.encode(), self.secret.encode())

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.route.name == "download":
            try:
                await self.download_manager.get_download_metadata(request.match_info["key"])
            except KeyError:
                return _forbidden(FORBIDDEN_TEXT)
        elif not self._has_secret(request):
            return _forbidden(FORBIDDEN_TEXT)
        response = await handler(request)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @staticmethod
    def origin_ok(request: web.Request) -> bool:
        """The websocket comes from a page of this server, as the browser addressed it."""
        origin = request.headers.get("Origin")
        host = request.headers.get("Host")
        if not origin or not host:
            return False
        return origin.lower() == f"http://{host}".lower()

    # routes

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.add_routes([
            web.get("/{secret}", self.handle_bare, name="bare"),
            web.get("/{secret}/", self.handle_index, name="index"),
            web.get("/{secret}/ws", self.handle_websocket, name="websocket"),
            web.get("/{secret}/vol", self.handle_full, name="full"),
            web.get("/{secret}/static/{path:.+}", self.handle_static, name="static"),
            # textual.js opens downloads here, without the prefix; `guard` admits known keys only
            web.get("/download/{key}", self.handle_download, name="download"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_bare(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{self.secret}/")

    def _page(self, template: str, status: int = 200, connect: str = "",
              **context: Any) -> web.Response:
        body = self.templates.get_template(template).render(title=TITLE, **context)
        policy = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                  f"font-src 'self'; img-src 'self' data:; connect-src 'self' {connect}; "
                  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return web.Response(text=body, status=status, content_type="text/html", headers={
            "Content-Security-Policy": policy, "Cache-Control": "no-store"})

    async def handle_index(self, request: web.Request) -> web.Response:
        host = request.headers.get("Host", "")
        if not _HOST_RE.match(host):
            raise web.HTTPBadRequest(text=BAD_HOST_TEXT)
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 48)
        websocket_url = f"ws://{host}/{self.secret}/ws"
        return self._page("app.html.j2", connect=websocket_url, websocket_url=websocket_url,
                          static_url=f"/{self.secret}/static/", font_size=font_size)

    async def handle_full(self, request: web.Request) -> web.Response:
        return self._page("vol.html.j2", max_sessions=self.max_sessions)

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        root = self.statics_path.resolve()
        path = (root / request.match_info["path"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise web.HTTPNotFound(text="Niet gevonden.\n")
        return web.FileResponse(path)

    # sessions

    async def _take_slot(self) -> bool:
        """Claim a session place; checked and counted with no await in between.

        When all places are taken, wait a moment: a reloaded page opens its new websocket while
        its old session may still be quitting (longer when a session is known to be closing).
        """
        loop = asyncio.get_running_loop()
        start = loop.time()
        while self.live >= self.max_sessions and (
                loop.time() - start < (self.slot_wait if self.closing else self.slot_grace)):
            await asyncio.sleep(0.05)
        if self.live >= self.max_sessions:
            return False
        self.live += 1
        return True

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.origin_ok(request):
            raise web.HTTPForbidden(text=FOREIGN_ORIGIN_TEXT)
        websocket = web.WebSocketResponse(heartbeat=15)
        if not await self._take_slot():
            # no process: the page goes to the Dutch message instead
            await websocket.prepare(request)
            full = f"/{self.secret}/vol"
            await websocket.send_json(["open_url", {"url": full, "new_tab": False}])
            await websocket.close(message=b"vol")
            return websocket
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppProcess | None = None
        try:
            await websocket.prepare(request)
            self.websockets.add(websocket)
            app_service = AppProcess(
                self.argv,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:  # as textual-serve does: log it and end this session
            log.exception("session ended by an error")
        finally:
            self.websockets.discard(websocket)
            self.closing += 1
            try:
                if app_service is not None:
                    await app_service.stop()
            finally:
                self.closing -= 1
                self.live -= 1  # only now: the place is free once the process has ended
        return websocket

    # running

    async def on_startup(self, app: web.Application) -> None:
        """The command line prints the address; textual-serve's English banner is left out."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: close every session, so each app quits (and saves) now, not after a timeout."""
        for websocket in list(self.websockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"De server stopt.")

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # a line per request would print the secret address again and again
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    def serve(self, debug: bool = False) -> None:
        """As textual-serve's serve, but on the sockets bound (and announced) beforehand."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with suppress(NotImplementedError):  # Windows: Ctrl+C arrives as KeyboardInterrupt
                loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), sock=self.sockets, handle_signals=False, loop=loop,
                    print=lambda *args: None)


def serve(host: str, port: int, max_sessions: int = DEFAULT_MAX_SESSIONS,
          announce: Callable[[list[str], str | None], None] | None = None,
          command: list[str] | None = None) -> None:
    """Serve the app until Ctrl+C; `announce` gets the addresses once the port is open. `command`
    is what each session runs (default the app; `app_command("client", ...)` for the client mode),
    behind the same secret address, Origin check and session cap.

    Raises ServeError (Dutch) when the address or port cannot be used.
    """
    sockets = bind(host, port)
    secret = new_secret()
    actual_port = sockets[0].getsockname()[1]
    if announce is not None:
        announce(*served_addresses(host, actual_port, secret))
    ReflectieServer(command or app_command(), secret, max_sessions=max_sessions, sockets=sockets).serve()
