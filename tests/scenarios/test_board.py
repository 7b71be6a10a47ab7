"""The staff board over HTTP (Flask's test client; the browser tests are in
test_board_browser.py): sign-in by a one-time SMS code, sessions, CSRF, the list with its
filters, a ticket's page, every action with the effects of the SMS command, on-call."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.directory import oncall
from bot.staff import signin
from bot.tickets import targets as sla
from storage.models import Message, StaffCode, Ticket
from tests.conftest import settle
from tests.tickets_helpers import (
    ESCALATION_ONLY,
    GIULIA,
    JANE,
    LERATO,
    PIETER,
    STRANGER,
    THABO,
    event_types,
    messages,
    open_ticket,
    ticket,
)

ZONE = ZoneInfo("Africa/Johannesburg")
WEDNESDAY_10 = datetime(2026, 12, 2, 10, 0, tzinfo=ZONE)


@pytest.fixture(autouse=True)
def office_open(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sla, "is_open", lambda rt, at: True)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def _codes_sent(runtime, phone: str) -> list[str]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        bodies = session.scalars(
            select(Message.body)
            .where(Message.peer == phone, Message.body.like("%board sign-in code%"))
            .order_by(Message.id)
        ).all()
    return [body[:6] for body in bodies]


def ask_code(client, phone: str):  # type: ignore[no-untyped-def]
    page = client.get("/board/signin")
    return client.post(
        "/board/signin", data={"phone": phone, "csrf_token": _csrf(page.get_data(as_text=True))}
    )


def enter_code(client, code: str):  # type: ignore[no-untyped-def]
    page = client.get("/board/signin?step=code")
    return client.post(
        "/board/signin/code",
        data={"code": code, "csrf_token": _csrf(page.get_data(as_text=True))},
    )


def sign_in(client, runtime, phone: str = PIETER) -> str:  # type: ignore[no-untyped-def]
    """Sign in as ``phone`` with the code the SMS brought; returns the session's CSRF token."""
    ask_code(client, phone)
    response = enter_code(client, _codes_sent(runtime, phone)[-1])
    assert response.status_code == 302 and response.location.endswith("/board/")
    page = client.get("/board/")
    assert page.status_code == 200
    return _csrf(page.get_data(as_text=True))


def flash(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/board/").get_data(as_text=True)
    match = re.search(r'data-testid="flash">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else ""


# -- sign-in --------------------------------------------------------------------------------


def test_the_board_asks_for_sign_in(client) -> None:
    response = client.get("/board/")
    assert response.status_code == 302 and "/board/signin" in response.location
    assert client.get("/board/rows", headers={"X-Board-Poll": "1"}).status_code == 401
    assert client.get("/board/t/TKT-1001").status_code == 302


def test_sign_in_with_the_code_sent_by_sms(client, runtime) -> None:
    response = ask_code(client, PIETER)
    assert response.status_code == 302 and "step=code" in response.location
    settle(runtime)
    codes = _codes_sent(runtime, PIETER)
    assert len(codes) == 1 and re.fullmatch(r"\d{6}", codes[0])
    with runtime.sessions() as session:
        stored = session.scalars(select(StaffCode)).one()
        assert codes[0] not in stored.code_hash  # only a hash is kept
    assert enter_code(client, codes[0]).status_code == 302
    page = client.get("/board/").get_data(as_text=True)
    assert "Pieter van Wyk" in page and 'data-testid="tickets"' in page
    # The code worked once.
    client.post("/board/signout", data={"csrf_token": _csrf(page)})
    assert client.get("/board/").status_code == 302
    response = enter_code(client, codes[0])
    assert "/board/signin" in response.location


def test_a_number_that_is_not_staff_gets_the_same_answer_and_no_sms(client, runtime) -> None:
    response = ask_code(client, STRANGER)
    assert response.status_code == 302
    assert "code is on its way" in flash_signin(client)
    with runtime.sessions() as session:
        assert session.scalars(select(StaffCode)).all() == []
        assert session.scalars(select(Message).where(Message.peer == STRANGER)).all() == []


def flash_signin(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/board/signin?step=code").get_data(as_text=True)
    match = re.search(r'data-testid="flash">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else ""


def test_not_a_phone_number_is_told_so(client) -> None:
    ask_code(client, "pieter")
    assert "not a phone number" in flash_signin(client)


def test_an_escalation_only_number_may_sign_in(client, runtime) -> None:
    sign_in(client, runtime, ESCALATION_ONLY)
    assert ESCALATION_ONLY in client.get("/board/").get_data(as_text=True)


def test_wrong_codes_count_and_the_limit_ends_the_code(client, runtime) -> None:
    ask_code(client, PIETER)
    code = _codes_sent(runtime, PIETER)[-1]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    enter_code(client, wrong)
    assert "Wrong code. 4 tries left." in flash_signin(client)
    for _ in range(signin.MAX_ATTEMPTS - 1):
        enter_code(client, wrong)
    response = enter_code(client, code)  # the right one, too late
    assert "/board/signin" in response.location
    assert "expired or was used too often" in flash_signin(client)
    assert client.get("/board/").status_code == 302


def test_a_code_expires(client, runtime) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=False) as clock:
        ask_code(client, PIETER)
        code = _codes_sent(runtime, PIETER)[-1]
        clock.shift(signin.CODE_TTL + timedelta(seconds=1))
        enter_code(client, code)
        assert "expired" in flash_signin(client)


def test_a_code_works_only_in_the_browser_that_asked_for_it(app, client, runtime) -> None:
    ask_code(client, PIETER)
    code = _codes_sent(runtime, PIETER)[-1]
    other = app.test_client()  # someone who read the SMS in the message log
    response = enter_code(other, code)
    assert "/board/signin" in response.location
    assert other.get("/board/").status_code == 302
    assert enter_code(client, code).location.endswith("/board/")  # still good for its owner


@pytest.mark.parametrize("cookie", ["9" * 30 + ".token", "1.", "x.y", "1." + "t" * 100])
def test_a_forged_sign_in_cookie_is_an_expired_sign_in(client, runtime, cookie: str) -> None:
    ask_code(client, PIETER)
    client.set_cookie("deskbot_board_signin", cookie, path="/board")
    response = enter_code(client, _codes_sent(runtime, PIETER)[-1])
    assert response.status_code == 302 and "/board/signin" in response.location
    assert "expired" in flash_signin(client)


def test_codes_per_hour_are_limited(client, runtime) -> None:
    for _ in range(signin.MAX_CODES_PER_HOUR + 2):
        ask_code(client, PIETER)
    assert len(_codes_sent(runtime, PIETER)) == signin.MAX_CODES_PER_HOUR


def test_a_session_lasts_a_working_day(client, runtime) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=False) as clock:
        sign_in(client, runtime)
        clock.shift(signin.WORKING_DAY - timedelta(minutes=1))
        assert client.get("/board/").status_code == 200
        clock.shift(timedelta(minutes=2))
        assert client.get("/board/").status_code == 302


def test_posts_without_the_csrf_token_are_refused(client, runtime) -> None:
    ref = open_ticket(runtime, JANE)
    sign_in(client, runtime)
    before = len(messages(client, JANE))
    response = client.post(f"/board/t/{ref}/reply", data={"text": "hello"})
    assert response.status_code == 403
    response = client.post(f"/board/t/{ref}/reply", data={"text": "hi", "csrf_token": "forged"})
    assert response.status_code == 403
    assert len(messages(client, JANE)) == before
    assert client.post("/board/signin", data={"phone": PIETER}).status_code == 403


def test_the_next_page_after_sign_in_stays_on_the_board(client, runtime) -> None:
    page = client.get("/board/signin?next=https://evil.example/").get_data(as_text=True)
    assert "evil.example" not in page
    ask_code(client, PIETER)
    response = client.post(
        "/board/signin/code",
        data={
            "code": _codes_sent(runtime, PIETER)[-1],
            "next": "//evil.example/",
            "csrf_token": _csrf(client.get("/board/signin?step=code").get_data(as_text=True)),
        },
    )
    assert response.location.endswith("/board/")


# -- the list -------------------------------------------------------------------------------


def test_list_filters_and_search(client, runtime) -> None:
    jane = open_ticket(runtime, JANE, description="The file server is offline", priority="critical")
    giulia = open_ticket(runtime, GIULIA, description="Printer jams on tray 2", priority="low")
    sign_in(client, runtime)

    def refs(query: str = "") -> list[str]:
        html = client.get(f"/board/rows?{query}").get_data(as_text=True)
        return re.findall(r'<tr data-ref="([^"]+)"', html)

    assert refs() == [jane, giulia]  # the critical one's clock runs out first
    assert refs("q=bianchi") == [giulia]
    assert refs("q=tray") == [giulia]
    assert refs(f"q={jane}") == [jane]
    assert refs("priority=critical") == [jane]
    assert refs("assignee=unassigned") == []
    assert refs(f"assignee={THABO.replace('+', '%2B')}") == [jane]
    assert refs("status=resolved") == []
    page = client.get("/board/").get_data(as_text=True)
    assert re.search(r'data-due="[^"]+">\d+h \d\dm left<', page)  # a live response clock


# -- actions --------------------------------------------------------------------------------


def _act(client, csrf: str, ref: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    response = client.post(f"/board/t/{ref}/{action}", data={"csrf_token": csrf, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    settle(client.application.extensions["deskbot"])
    return flash_on(client, ref)


def flash_on(client, ref: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(f"/board/t/{ref}").get_data(as_text=True)
    match = re.search(r'data-testid="flash">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else ""


@time_machine.travel(WEDNESDAY_10, tick=True)
def test_every_action_has_the_effect_of_the_sms_command(client, runtime, phone) -> None:
    ref = open_ticket(runtime, JANE, description="The file server is offline since 9am")
    csrf = sign_in(client, runtime)  # Pieter, the help desk manager
    jane = phone(JANE)

    assert "acknowledged; the customer was told" in _act(client, csrf, ref, "ack")
    assert "picked up by Pieter van Wyk" in jane.last()

    assert "sent to Jane Doe by whatsapp" in _act(
        client, csrf, ref, "reply", text="Restarting the file server now."
    )
    assert (
        jane.last()
        == "Pieter van Wyk about your ticket " + ref + ":\nRestarting the file server now."
    )

    assert "note added" in _act(client, csrf, ref, "note", text="RAID controller suspicious")
    assert "assigned to Lerato Dlamini" in _act(client, csrf, ref, "assign", technician=LERATO)
    assert ref in phone(LERATO, "sms").last()
    assert "reassigned to Lerato Dlamini by Pieter van Wyk" in phone(THABO, "sms").last()

    assert "now in_progress" in _act(client, csrf, ref, "status", status="in_progress")
    assert "Pieter van Wyk is now working on your ticket" in jane.last()
    assert "now critical" in _act(client, csrf, ref, "priority", priority="critical")

    said = _act(
        client, csrf, ref, "onsite", when="2026-12-03T10:00", duration="2h", text="new disk"
    )
    assert "onsite Thu 03 Dec 10:00 (120 min)" in said
    assert "Reason: new disk" in jane.last()

    assert "45 min logged" in _act(
        client, csrf, ref, "time", duration="45m", text="replaced the RAID controller"
    )
    assert "resolved" in _act(client, csrf, ref, "resolve", text="Replaced the RAID controller")
    assert "Solution: Replaced the RAID controller" in jane.last()
    assert "45 min" in jane.last()

    data = ticket(client, ref)
    assert data["status"] == "resolved" and data["assignee"] == "Lerato Dlamini"
    assert data["priority"] == "critical"
    mine = [e for e in data["events"] if e["actor"] == "Pieter van Wyk"]
    assert [e["type"] for e in mine] == [
        "acknowledged",
        "reply",
        "note",
        "assigned",
        "status",
        "priority",
        "onsite_scheduled",
        "time",
        "resolved",
    ]
    assert data["time_entries"][0]["technician"] == "Pieter van Wyk", data["events"]


def test_a_refused_action_says_why_and_changes_nothing(client, runtime) -> None:
    ref = open_ticket(runtime, JANE)
    csrf = sign_in(client, runtime)
    before = ticket(client, ref)
    assert "No technician 'Nobody'" in _act(client, csrf, ref, "assign", technician="Nobody")
    assert "Expected: " in _act(client, csrf, ref, "reply", text="   ")
    assert "Expected: " in _act(client, csrf, ref, "status", status="closed")
    assert "in the past" in _act(client, csrf, ref, "onsite", when="2020-01-01T10:00")
    assert ticket(client, ref)["events"] == before["events"]
    assert client.post(f"/board/t/{ref}/delete", data={"csrf_token": csrf}).status_code == 404
    _act(client, csrf, ref, "resolve", text="done")
    assert "needs an open ticket" in _act(client, csrf, ref, "assign", technician=LERATO)


def test_ticket_page_shows_the_conversation_and_events(client, runtime, phone) -> None:
    jane = phone(JANE)
    jane.says("the wireless keeps dropping in the boardroom")
    ref = ticket(client, "1001")["ref"]
    phone(THABO, "sms").says(f"{ref} reply Which floor?")
    jane.says("Third floor")
    sign_in(client, runtime)
    page = client.get(f"/board/t/{ref}").get_data(as_text=True)
    for expected in (
        "the wireless keeps dropping in the boardroom",  # the intake
        "Which floor?",  # the technician's reply as the customer got it
        "Third floor",  # the customer's follow-up
        "Thabo Nkosi",  # staff messages about the ticket
        'data-type="created"',
        'data-type="reply"',
    ):
        assert expected in page
    partial = client.get(f"/board/t/{ref}/conversation").get_data(as_text=True)
    assert "Third floor" in partial and "<html" not in partial
    assert client.get("/board/t/TKT-9999").status_code == 404


# -- on call --------------------------------------------------------------------------------


def test_on_call_now_next_pages_and_overrides(client, runtime) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=True):
        csrf = sign_in(client, runtime)
        page = client.get("/board/").get_data(as_text=True)
        assert re.search(r'data-testid="oncall-now">Thabo Nkosi \+27821234567', page)
        assert re.search(r'data-testid="oncall-next">Lerato Dlamini \+27827654321', page)
        assert "level 1: Pieter van Wyk +27829990001" in page  # the help desk manager first
        assert "level 3: +27829990003" in page
        response = client.post(
            "/board/oncall/override",
            data={
                "csrf_token": csrf,
                "phone": PIETER,
                "from": "2026-12-02T09:00",
                "to": "2026-12-02T18:00",
            },
        )
        assert response.status_code == 302
        assert "on call Wed 02 Dec 09:00 → Wed 02 Dec 18:00" in flash(client)
        with runtime.sessions() as session:
            assert oncall.on_call(runtime.config, session) == PIETER
        page = client.get("/board/").get_data(as_text=True)
        assert re.search(r'data-testid="oncall-now">Pieter van Wyk', page)

        response = client.post(
            "/board/oncall/override",
            data={"csrf_token": csrf, "phone": STRANGER, "from": "2026-12-02", "to": "2026-12-03"},
        )
        assert "is not a staff number" in flash(client)
        client.post(
            "/board/oncall/override",
            data={"csrf_token": csrf, "phone": THABO, "from": "2026-12-04", "to": "2026-12-03"},
        )
        assert "the end must be after the start" in flash(client)

        client.post("/board/oncall/override/1/remove", data={"csrf_token": csrf})
        assert "Override 1 removed" in flash(client)
        with runtime.sessions() as session:
            assert oncall.on_call(runtime.config, session) == THABO


def test_pages_in_progress_are_shown(client, runtime) -> None:
    ref = open_ticket(runtime, JANE, priority="critical")
    with runtime.sessions.begin() as session:
        row = session.scalars(select(Ticket).where(Ticket.ref == ref)).one()
        row.paging, row.escalation_level = True, 1
    sign_in(client, runtime)
    page = client.get("/board/").get_data(as_text=True)
    pages = page.split('data-testid="pages"')[1].split("</ul>")[0]
    assert ref in pages and "level 1: Pieter van Wyk +27829990001" in pages
    assert event_types(ticket(client, ref))[0] == "created"
