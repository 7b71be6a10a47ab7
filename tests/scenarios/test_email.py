"""E-mail to customers against a real local SMTP server (aiosmtpd): the ticket confirmation
and the work report, plain text and HTML, in the customer's language, the reference in the
subject; durable and retried like SMS."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import trustme
from sqlalchemy import select

from bot.channels.smtp import SmtpServer, SmtpUrlError
from bot.tickets import targets as sla
from storage.models import Email
from tests.conftest import settle
from tests.mail_server import MailServer, free_port
from tests.scenarios.test_board import sign_in
from tests.tickets_helpers import GIULIA, JANE, PETR, THABO, ticket

MAIL_FROM = "helpdesk@example-it.test"
# The plain-text login test needs AUTH without TLS, which aiosmtpd warns about.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer(credentials=("desk", "s3cret/pass")).start()
    yield server
    server.stop()


def _with_mail(make_runtime, url: str):  # type: ignore[no-untyped-def]
    from webhooks import create_app

    runtime = make_runtime(smtp_url=url, mail_from=MAIL_FROM)
    return runtime, create_app(runtime).test_client()


def _emails(runtime) -> list[Email]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return list(session.scalars(select(Email).order_by(Email.id)))


def _wait(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _parts(message) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_confirmation_and_work_report_reach_the_customer(
    make_runtime, mail_server: MailServer, office_open
) -> None:
    from tests.conftest import Phone

    assert "s3cret%2Fpass" in mail_server.url
    runtime, client = _with_mail(make_runtime, mail_server.url)
    jane = Phone(client, runtime, JANE)
    jane.says("the wireless keeps dropping in the boardroom <b>again</b>")
    settle(runtime)
    _wait(lambda: len(mail_server.received) == 1)
    ref = ticket(client, "1001")["ref"]
    first = mail_server.received[0]
    assert first["to"] == ["jane@acme.example"] and first["from"] == MAIL_FROM
    assert first["login"] is True  # the password was URL-decoded from SMTP_URL
    message = first["message"]
    assert message["Subject"] == f"[{ref}] We have received your request"
    assert message["To"] == "jane@acme.example" and message["Content-Language"] == "en"
    text, html = _parts(message)
    assert text.startswith("Dear Jane Doe,") and ref in text and "Acme Ltd" in text
    assert "Response by:" in text and "Example IT" in text
    assert "<strong>" + ref + "</strong>" in html
    assert "&lt;b&gt;again&lt;/b&gt;" in html  # the customer's words are escaped
    assert "<b>again</b>" not in html

    thabo = Phone(client, runtime, THABO, "sms")
    thabo.says(f"{ref} time 45m replaced the boardroom access point")
    thabo.says(f"{ref} resolve New access point installed")
    settle(runtime)
    _wait(lambda: len(mail_server.received) == 2)
    report = mail_server.received[1]["message"]
    assert report["Subject"] == f"[{ref}] Resolved: work report"
    text, html = _parts(report)
    assert f"Your ticket {ref} has been resolved by Thabo Nkosi." in text
    assert "Solution: New access point installed" in text
    assert "45 min" in text and "replaced the boardroom access point" in text
    assert "answer YES or NO to our message on WhatsApp" in text
    assert "replaced the boardroom access point" in html
    assert message["Message-ID"] != report["Message-ID"]
    rows = _emails(runtime)
    assert [(r.kind, r.status, r.attempts) for r in rows] == [
        ("confirmation", "sent", 1),
        ("work_report", "sent", 1),
    ]
    sign_in(client, runtime)  # the board lists them on the ticket
    page = client.get(f"/board/t/{ref}").get_data(as_text=True)
    emails = page.split('data-testid="emails"')[1].split("</ul>")[0]
    assert emails.count("jane@acme.example") == 2 and emails.count(">sent<") == 2


@pytest.mark.parametrize(
    ("customer", "words", "language", "subject", "sentence"),
    [
        (
            PETR,
            "Dobrý den, nefunguje nám tiskárna v kanceláři",
            "cs",
            "Váš požadavek jsme přijali",
            "zaevidovali pod číslem",
        ),
        (
            GIULIA,
            "Buongiorno, la stampante dell'ufficio non funziona",
            "it",
            "Abbiamo ricevuto la Sua richiesta",
            "registrata come ticket",
        ),
    ],
)
def test_mail_in_the_customer_language(
    make_runtime,
    mail_server: MailServer,
    office_open,
    customer: str,
    words: str,
    language: str,
    subject: str,
    sentence: str,
) -> None:
    from tests.conftest import Phone

    runtime, client = _with_mail(make_runtime, mail_server.url)
    Phone(client, runtime, customer).says(words)
    settle(runtime)
    _wait(lambda: len(mail_server.received) == 1)
    message = mail_server.received[0]["message"]
    ref = ticket(client, "1001")["ref"]
    assert message["Subject"] == f"[{ref}] {subject}"
    assert message["Content-Language"] == language
    text, html = _parts(message)
    assert f"{sentence} {ref}" in text and f'lang="{language}"' in html


def test_a_server_that_is_down_is_retried_until_it_takes_the_mail(
    make_runtime, office_open
) -> None:
    from tests.conftest import Phone

    port = free_port()
    runtime, client = _with_mail(make_runtime, f"smtp://127.0.0.1:{port}")
    Phone(client, runtime, JANE).says("the wireless keeps dropping in the boardroom")
    _wait(lambda: _emails(runtime)[0].attempts >= 1)
    row = _emails(runtime)[0]
    assert row.status == "pending" and row.next_attempt_at is not None
    assert "Connection" in (row.last_error or "") or "refused" in (row.last_error or "")
    server = MailServer(port=port).start()  # the job rescheduled itself with backoff
    try:
        _wait(lambda: _emails(runtime)[0].status == "sent")
        assert len(server.received) == 1  # sent once, not once per attempt
        assert _emails(runtime)[0].attempts >= 2
        assert server.received[0]["message"]["Message-ID"] == row.message_id
    finally:
        server.stop()


def test_a_refused_address_fails_for_good_without_retrying(
    make_runtime, mail_server: MailServer, office_open
) -> None:
    from tests.conftest import Phone

    mail_server.refuse.add("jane@acme.example")
    runtime, client = _with_mail(make_runtime, mail_server.url)
    Phone(client, runtime, JANE).says("the wireless keeps dropping in the boardroom")
    _wait(lambda: _emails(runtime)[0].status != "pending")
    row = _emails(runtime)[0]
    assert row.status == "failed" and row.attempts == 1 and "550" in (row.last_error or "")
    assert mail_server.received == []


def test_an_unsendable_e_mail_fails_alone(make_runtime, mail_server: MailServer) -> None:
    """A row that can never become a message (a line break in the address) is failed at
    once and does not hold up the mail queued after it."""
    from bot.runtime import use

    runtime, _ = _with_mail(make_runtime, mail_server.url)
    with use(runtime), runtime.sessions.begin() as session:
        for to in ("bad\nBcc: victim@example.test", "ok@example.test"):
            runtime.mailer.queue(
                session,
                to=to,
                subject="[TKT-1] test",
                text="text",
                html="<p>html</p>",
                language="en",
                kind="confirmation",
                ticket_id=None,
            )
    settle(runtime)
    _wait(lambda: [e.status for e in _emails(runtime)] == ["failed", "sent"])
    assert [r["to"] for r in mail_server.received] == [["ok@example.test"]]


def test_without_smtp_url_no_mail_is_queued(client, runtime, phone, office_open) -> None:
    phone(JANE).says("the wireless keeps dropping in the boardroom")
    assert ticket(client, "1001")["email"] == "jane@acme.example"
    assert _emails(runtime) == []


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_tls_with_login(make_runtime, tmp_path, monkeypatch, tls: str, office_open) -> None:
    """``?starttls=1`` and ``smtps://`` talk TLS, verify the server's certificate (issued
    here by a test CA that the process is told to trust) and only then log in."""
    from tests.conftest import Phone

    authority = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    certificate = authority.issue_cert("127.0.0.1")
    server = MailServer(credentials=("desk", "pw"), tls=tls, certificate=certificate).start()
    try:
        runtime, client = _with_mail(make_runtime, server.url)
        Phone(client, runtime, JANE).says("the wireless keeps dropping in the boardroom")
        _wait(lambda: len(server.received) == 1)
        assert server.received[0]["login"] is True
        assert server.received[0]["message"]["Subject"].startswith("[TKT-1001]")
    finally:
        server.stop()


def test_an_untrusted_certificate_is_not_accepted(make_runtime, office_open) -> None:
    from tests.conftest import Phone

    certificate = trustme.CA().issue_cert("127.0.0.1")  # a CA nobody trusts
    server = MailServer(tls="implicit", certificate=certificate).start()
    try:
        runtime, client = _with_mail(make_runtime, server.url)
        Phone(client, runtime, JANE).says("the wireless keeps dropping in the boardroom")
        _wait(lambda: _emails(runtime)[0].attempts >= 1)
        row = _emails(runtime)[0]
        assert row.status == "pending" and "CERTIFICATE_VERIFY_FAILED" in (row.last_error or "")
        assert server.received == []
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example:2525", ("mail.example", 2525, False, False, None, None)),
        (
            "smtp://u%40x:p%3Aw@mail.example?starttls=1",
            ("mail.example", 25, False, True, "u@x", "p:w"),
        ),
        ("smtps://mail.example", ("mail.example", 465, True, False, None, None)),
    ],
)
def test_smtp_url_forms(url: str, expected: tuple) -> None:  # type: ignore[type-arg]
    server = SmtpServer.from_url(url)
    got = (server.host, server.port, server.implicit_tls, server.starttls)
    assert (*got, server.username, server.password) == expected
    assert "p:w" not in repr(server)


@pytest.mark.parametrize(
    "url",
    ["http://mail.example", "smtp://", "smtps://mail.example?starttls=1", "smtp://h?tls=1"],
)
def test_bad_smtp_url_is_refused_with_the_reason(url: str) -> None:
    with pytest.raises(SmtpUrlError, match="SMTP_URL"):
        SmtpServer.from_url(url)
