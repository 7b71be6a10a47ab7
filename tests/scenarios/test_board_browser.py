"""The staff board in real headless Chromium on a phone-sized screen, against a real server
whose messages go through the twilio SDK to the local fake of Twilio: the sign-in code
arrives by SMS, a reply typed on the board reaches the customer's WhatsApp, and a
reassignment reaches the new technician's phone.

Screenshots go to ``tests/artifacts/`` (git-ignored; CI keeps them). The one in
``docs/screenshots/board.png`` is written when it is missing, or refreshed on purpose with
``DESKBOT_UPDATE_SCREENSHOTS=1``, so an ordinary test run leaves the tree clean.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from werkzeug.serving import make_server

from tests.conftest import twilio_overrides
from tests.fakes.twilio_api import FakeTwilio
from tests.scenarios import test_simulator_browser as simulator_browser
from tests.scenarios.test_simulator_browser import ARTIFACTS, WAIT_MS, QuietHandler
from tests.tickets_helpers import GIULIA, JANE, LERATO, PIETER, open_ticket

ROOT = Path(__file__).resolve().parents[2]
DOCS_SCREENSHOT = ROOT / "docs" / "screenshots" / "board.png"
browser = simulator_browser.browser  # the same headless Chromium fixture
PHONE_VIEWPORT = {"width": 390, "height": 844}
WEDNESDAY_10 = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Africa/Johannesburg"))


@pytest.fixture
def board_server(make_runtime, fake_twilio: FakeTwilio) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """The real app on a real port, sending through the twilio SDK to the fake."""
    from webhooks import create_app

    runtime = make_runtime(**twilio_overrides(fake_twilio))
    app = create_app(runtime)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="board-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", runtime
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _texted(fake: FakeTwilio, to: str, pattern: str) -> str:
    """The body of the first message the fake Twilio accepted for ``to`` matching ``pattern``."""
    found: list[str] = []

    def arrived() -> bool:
        found[:] = [
            m["body"] for m in fake.messages if m["to"] == to and re.search(pattern, m["body"])
        ]
        return bool(found)

    fake.wait_for(arrived, timeout=WAIT_MS / 1000)
    return found[0]


@time_machine.travel(WEDNESDAY_10, tick=True)
def test_sign_in_reply_and_reassign_on_a_phone(browser, board_server, fake_twilio) -> None:  # type: ignore[no-untyped-def]
    url, runtime = board_server
    ref = open_ticket(runtime, JANE, description="The file server is offline since 9am")
    open_ticket(runtime, GIULIA, description="Printer on the second floor jams", priority="low")
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=PHONE_VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Africa/Johannesburg",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        # Sign-in: the number, then the code that the SMS brought.
        page.goto(f"{url}/board")
        page.get_by_test_id("signin-phone").fill("+27 82 999 0001")
        page.get_by_test_id("signin-send").click()
        page.wait_for_selector("[data-testid=signin-code]", timeout=WAIT_MS)
        sms = _texted(fake_twilio, PIETER, r"board sign-in code")
        code = re.match(r"(\d{6}) ", sms).group(1)  # type: ignore[union-attr]
        page.get_by_test_id("signin-code").fill(code)
        _shot(page, "board-signin.png")
        page.get_by_test_id("signin-verify").click()
        page.wait_for_selector("body[data-ready=true] [data-testid=tickets]", timeout=WAIT_MS)
        assert page.get_by_test_id("signed-in-as").inner_text() == "Pieter van Wyk"
        row = page.locator(f"[data-testid=tickets] tr[data-ref='{ref}']")
        assert re.search(r"\d+h \d\dm left|\d+m left", row.locator("td.cell-clock").inner_text())
        assert page.get_by_test_id("oncall-now").inner_text().startswith("Thabo Nkosi")
        # The page fits a phone: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
        _shot(page, "board-list-phone.png")

        # Search narrows the list.
        page.get_by_test_id("filter-q").fill("printer")
        page.get_by_test_id("filter-q").press("Enter")
        page.wait_for_selector("[data-testid=tickets] tr[data-ref='TKT-1002']", timeout=WAIT_MS)
        assert page.locator(f"[data-testid=tickets] tr[data-ref='{ref}']").count() == 0
        page.goto(f"{url}/board")

        # A reply typed on the board reaches the customer's WhatsApp through Twilio.
        page.locator(f"[data-testid=tickets] tr[data-ref='{ref}'] a").click()
        page.wait_for_selector(f"[data-testid=ticket][data-ref='{ref}']", timeout=WAIT_MS)
        page.get_by_test_id("reply-text").fill("We are restarting the file server now.")
        page.get_by_test_id("action-reply").click()
        page.wait_for_selector("[data-testid=flash]", timeout=WAIT_MS)
        assert "sent to Jane Doe by whatsapp" in page.get_by_test_id("flash").inner_text()
        body = _texted(fake_twilio, f"whatsapp:{JANE}", "restarting the file server")
        assert (
            body
            == f"Pieter van Wyk about your ticket {ref}:\nWe are restarting the file server now."
        )
        page.wait_for_selector(
            "[data-testid=conversation] li:has-text('restarting the file server')",
            timeout=WAIT_MS,
        )
        _shot(page, "board-reply-phone.png")

        # Reassignment: the ticket goes to Lerato, whose phone gets it.
        page.locator("summary", has_text="Assign, status, priority").click()
        page.get_by_test_id("assign-technician").select_option(LERATO)
        page.get_by_test_id("action-assign").click()
        page.wait_for_selector(
            "[data-testid=ticket-assignee]:has-text('Lerato Dlamini')", timeout=WAIT_MS
        )
        assert "assigned to Lerato Dlamini" in page.get_by_test_id("flash").inner_text()
        assert ref in _texted(fake_twilio, LERATO, r"Assigned by Pieter van Wyk")
        events = page.get_by_test_id("events").inner_text()
        assert re.search(r"assigned\s+Pieter van Wyk: Lerato Dlamini", events), events
        _shot(page, "board-reassigned-phone.png")
        assert not errors, errors

        # The desk view, for the docs.
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{url}/board")
        page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
        _shot(page, "board-desk.png")
        if not DOCS_SCREENSHOT.exists() or os.environ.get("DESKBOT_UPDATE_SCREENSHOTS") == "1":
            DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True)
    finally:
        _shot(page, "board.png")
        context.close()
