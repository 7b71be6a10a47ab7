"""A real SMTP server for tests: aiosmtpd on a free local port, keeping every message it
accepts. ``refuse`` makes it answer RCPT with a permanent 550; ``credentials`` require a
login; ``tls`` ("starttls" or "implicit", with a certificate for 127.0.0.1 from a test CA)
requires TLS."""

from __future__ import annotations

import socket
import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]  # noqa: N802
        if address in self.server.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.server.received.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "message": message_from_bytes(envelope.original_content, policy=policy.default),
                "login": session.authenticated,
            }
        )
        return "250 Message accepted"


class MailServer:
    def __init__(
        self,
        port: int | None = None,
        credentials: tuple[str, str] | None = None,
        tls: str | None = None,
        certificate: Any = None,  # a trustme.LeafCert for 127.0.0.1
    ):
        self.port = port or free_port()
        self.credentials = credentials
        self.tls = tls
        self.certificate = certificate
        self.refuse: set[str] = set()
        self.received: list[dict[str, Any]] = []
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.credentials is not None
            and (auth_data.login.decode(), auth_data.password.decode()) == self.credentials
        )
        return AuthResult(success=ok)

    def start(self) -> MailServer:
        kwargs: dict[str, Any] = {}
        if self.credentials:
            kwargs = {
                "authenticator": self._authenticate,
                "auth_required": True,
                # STARTTLS: AUTH only after it. Implicit TLS: aiosmtpd does not see that the
                # socket is already TLS, so it must not ask for STARTTLS first.
                "auth_require_tls": self.tls == "starttls",
            }
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.certificate.configure_cert(context)
            if self.tls == "implicit":
                kwargs["ssl_context"] = context
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        self._controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, **kwargs
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self) -> str:
        scheme = "smtps" if self.tls == "implicit" else "smtp"
        login = ""
        if self.credentials:
            user, password = self.credentials
            login = f"{quote(user)}:{quote(password, safe='')}@"
        query = "?starttls=1" if self.tls == "starttls" else ""
        return f"{scheme}://{login}127.0.0.1:{self.port}{query}"

    def messages(self) -> list[EmailMessage]:
        return [r["message"] for r in self.received]
