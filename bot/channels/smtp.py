"""E-mail's transport: one SMTP server named by ``SMTP_URL``, spoken to with the standard
library's ``smtplib``.

``smtp://user:pass@host:587?starttls=1`` upgrades a plain connection with STARTTLS,
``smtps://host:465`` is TLS from the first byte, ``smtp://host:25`` is plain (a relay on
the local network). User and password are optional and URL-encoded. A failure says
whether trying again can help: 4xx replies, refused connections and timeouts can, 5xx
replies (a bad address, a rejected sender) cannot.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_TIMEOUT_SECONDS = 20.0
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TRUE_WORDS = ("1", "true", "yes", "on")


class SmtpUrlError(ValueError):
    """``SMTP_URL`` cannot be used; the message says which part is wrong."""


class MailError(Exception):
    """A message that was not accepted; ``retryable`` says whether trying again can help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise SmtpUrlError("SMTP_URL must start with smtp:// or smtps://")
        if not parts.hostname:
            raise SmtpUrlError("SMTP_URL has no host (expected smtp://user:pass@host:port)")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError as exc:
            raise SmtpUrlError("SMTP_URL has a port that is not a number") from exc
        query = parse_qs(parts.query)
        unknown = set(query) - {"starttls"}
        if unknown:
            raise SmtpUrlError(
                f"SMTP_URL: unknown parameter {sorted(unknown)[0]!r} (only starttls)"
            )
        starttls = query.get("starttls", ["0"])[-1].lower() in TRUE_WORDS
        if starttls and parts.scheme == "smtps":
            raise SmtpUrlError("SMTP_URL: smtps:// is already TLS; starttls=1 needs smtp://")
        return cls(
            host=parts.hostname,
            port=port,
            implicit_tls=parts.scheme == "smtps",
            starttls=starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    @property
    def default_sender(self) -> str:
        return f"deskbot@{self.host}"

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; raises :class:`MailError`."""
        try:
            with self._connect() as client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise MailError(
                f"recipient refused: {codes}", retryable=all(400 <= c < 500 for c in codes)
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise MailError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:300],
                retryable=400 <= exc.smtp_code < 500,
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:  # OSError: refused, reset, timeout
            raise MailError(f"{type(exc).__name__}: {exc}"[:300], retryable=True) from exc

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(
                self.host,
                self.port,
                timeout=SMTP_TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        return smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS)
