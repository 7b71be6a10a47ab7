"""End to end in real headless Chromium: the simulator page on a real server, a customer
intake typed into the customer's phone, the ticket in the list, and the technician
acknowledging and resolving it while the customer's phone receives both updates.

The intake is driven by what the bot says it is waiting for (the conversation's
``awaiting``, shown by the page), not by a fixed script, so it survives changes to the
order or number of questions.

Screenshots go to ``tests/artifacts/`` (git-ignored; CI keeps them). The one in
``docs/screenshots/simulator.png`` is written when it is missing, or refreshed on purpose
with ``DESKBOT_UPDATE_SCREENSHOTS=1``, so an ordinary test run leaves the tree clean.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.services import require

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "screenshots" / "simulator.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 10_000
CUSTOMER = "+27825551234"
OPENING = "Hello, the network switch in our server room died and nobody in the office can work"
ANSWERS = {
    "company": "Umoya Logistics",
    "contact_name": "Nomsa Dube",
    "contact_phone": "yes",
    "email": "nomsa@umoya.example",
    "description": "The network switch in the server room is dead and nobody can work",
    "impact": "The whole office of twenty people is offline",
    "onsite_reason": "The switch has to be replaced on site",
    "confirm": "yes",
}
MAX_TURNS = 12


def _chromium() -> str | None:
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")


@pytest.fixture
def browser() -> Iterator[object]:
    executable = _chromium()
    require(executable is not None, f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require(False, "Python Playwright is not installed (pip install -e '.[dev]')")
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(WSGIRequestHandler):
    """The page polls several times a second; its access log would drown a failure's output."""

    def log_request(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def office_hours() -> Iterator[None]:
    """Wed 2 Dec 2026 10:00 in the desk's zone, clock ticking: the desk is open, so a new
    ticket reaches its technician at once (at night it would wait for the morning)."""
    import time_machine

    if os.environ.get("DESKBOT_TEST_NOW"):
        yield
        return
    moment = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Africa/Johannesburg"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def live_server(make_runtime, office_hours) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The real app on a real port: console transport, in-process queue."""
    yield from _serve(make_runtime())


def _serve(runtime) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from webhooks import create_app

    app = create_app(runtime)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="simulator-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


class PhoneOnPage:
    """One of the page's phones, used the way a person would: type, press Enter, read."""

    def __init__(self, page, role: str) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.role = role
        self.root = page.locator(f"#phone-{role}")

    def last_id(self) -> int:
        return int(self.root.get_attribute("data-last-id") or 0)

    def bubbles(self, direction: str) -> list[str]:
        return self.root.locator(f".screen li[data-direction={direction}] .body").all_inner_texts()

    def send(self, text: str) -> None:
        """Send ``text`` and wait until the bot's answer to it is on the screen."""
        before = self.last_id()
        box = self.page.get_by_test_id(f"{self.role}-text")
        box.fill(text)
        box.press("Enter")
        self.page.wait_for_function(
            """([role, before]) => {
                const items = document.querySelectorAll(`#phone-${role} .screen li`);
                const mine = [...items].find(
                    (li) => Number(li.dataset.id) > before && li.dataset.direction === "inbound");
                const last = items[items.length - 1];
                return mine && last && last.dataset.direction === "outbound"
                    && Number(last.dataset.id) > Number(mine.dataset.id);
            }""",
            arg=[self.role, before],
            timeout=WAIT_MS,
        )

    def wait_for_reply(self, after: int, pattern: str | None = None) -> str:
        """The newest bot message after id ``after`` (matching ``pattern`` when given)."""
        self.page.wait_for_function(
            """([role, after, pattern]) => [...document.querySelectorAll(
                    `#phone-${role} .screen li[data-direction=outbound]`)]
                .some((li) => Number(li.dataset.id) > after
                    && (!pattern || new RegExp(pattern, "i").test(li.innerText)))""",
            arg=[self.role, after, pattern],
            timeout=WAIT_MS,
        )
        return self.bubbles("outbound")[-1]

    def awaiting(self) -> str:
        return self.root.get_attribute("data-awaiting") or ""

    def ticket(self) -> str:
        return self.root.get_attribute("data-ticket") or ""


def _screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _row(page, ref: str):  # type: ignore[no-untyped-def]
    return page.locator(f"[data-testid=tickets] tr[data-ref='{ref}']")


def _wait_status(page, ref: str, status: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(
        f"[data-testid=tickets] tr[data-ref='{ref}'][data-status='{status}']", timeout=WAIT_MS
    )


def run_intake(page, customer: PhoneOnPage) -> str:  # type: ignore[no-untyped-def]
    """Answer whatever the bot asks until it gives a ticket reference; returns the ref."""
    customer.send(OPENING)
    for _ in range(MAX_TURNS):
        awaiting = customer.awaiting()
        if not awaiting and customer.ticket():
            return customer.ticket()
        assert awaiting in ANSWERS, (
            f"the bot waits for {awaiting!r}; the conversation so far: "
            f"{customer.bubbles('outbound')}"
        )
        customer.send(ANSWERS[awaiting])
    pytest.fail(f"no ticket after {MAX_TURNS} answers: {customer.bubbles('outbound')}")


def test_intake_ack_and_resolve_through_the_simulator(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1440, "height": 900},
        locale="en-GB",
        timezone_id="Africa/Johannesburg",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{live_server}/simulator")
        page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
        assert page.get_by_test_id("transport").inner_text() == "console"

        # A new customer on WhatsApp.
        page.get_by_test_id("customer-who").select_option("new")
        number = page.get_by_test_id("customer-number")
        number.fill(CUSTOMER)
        number.press("Tab")
        page.get_by_label("WhatsApp", exact=True).check()
        customer = PhoneOnPage(page, "customer")

        ref = run_intake(page, customer)
        assert re.fullmatch(r"TKT-\d+", ref), ref
        assert any(ref in body for body in customer.bubbles("outbound"))
        _wait_status(page, ref, "open")
        row = _row(page, ref)
        assert row.locator("td.cell-priority").inner_text().strip()
        assert re.search(r"left|breached", row.locator("td.cell-clock").inner_text())
        _screenshot(page, "simulator-ticket-open.png")

        # The technician the ticket went to (or the default one) acknowledges it...
        assignee = row.locator("td.cell-assignee").inner_text().strip()
        if assignee != "unassigned":
            option = page.locator("#technician-who option", has_text=assignee).first
            page.get_by_test_id("technician-who").select_option(option.get_attribute("value"))
        technician = PhoneOnPage(page, "technician")
        technician.wait_for_reply(0, ref)  # the new ticket (or the page) reached their phone
        heard = customer.last_id()
        technician.send("ack")  # no reference: the thread of the last message they got
        _wait_status(page, ref, "acknowledged")
        assert row.locator("td.cell-clock").inner_text() in ("met", "met late")
        customer.wait_for_reply(heard)

        # ...and resolves it: the customer gets the resolution and is asked to confirm.
        heard = customer.last_id()
        technician.send("resolve Replaced the switch")
        _wait_status(page, ref, "resolved")
        assert "Replaced the switch" in customer.wait_for_reply(heard, "Replaced the switch")
        assert not errors, errors
        if not DOCS_SCREENSHOT.exists() or os.environ.get("DESKBOT_UPDATE_SCREENSHOTS") == "1":
            DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True)
    finally:
        _screenshot(page, "simulator.png")
        context.close()


@pytest.fixture
def live_twilio_server(make_runtime, fake_twilio, office_hours) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """The real app on a real port, sending through the fake Twilio (which serves media)."""
    from tests.conftest import twilio_overrides

    runtime = make_runtime(**twilio_overrides(fake_twilio), simulator_enabled=True)
    for url in _serve(runtime):
        yield url, runtime


def test_simulator_shows_a_photo_inline(browser, live_twilio_server, fake_twilio) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import Phone
    from tests.scenarios.test_media import PNG
    from tests.tickets_helpers import PETR, open_ticket
    from webhooks import create_app

    url, runtime = live_twilio_server
    ref = open_ticket(runtime, PETR, description="Printer shows an error", priority="high")
    media_url = fake_twilio.add_media(PNG, "image/png")
    customer = Phone(create_app(runtime).test_client(), runtime, PETR)
    customer.says(
        f"{ref} the screen", NumMedia="1", MediaUrl0=media_url, MediaContentType0="image/png"
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{url}/simulator")
        page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
        page.get_by_test_id("customer-who").select_option(PETR)
        option = page.locator("#technician-who option", has_text="Lerato").first
        page.get_by_test_id("technician-who").select_option(option.get_attribute("value"))
        for role in ("customer", "technician"):
            image = page.locator(f"#phone-{role} img.inline-media").first
            image.wait_for(timeout=WAIT_MS)
            page.wait_for_function(
                "(el) => el.complete && el.naturalWidth === 1", arg=image.element_handle()
            )
        _screenshot(page, "simulator-inline-photo.png")
    finally:
        context.close()
