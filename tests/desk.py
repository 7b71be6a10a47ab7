"""A helpdesk under test for the night scenarios: the real app, signed webhooks, the real
Twilio SDK talking to the fake Twilio, and a clock moved by time-machine.

Background sweeps are slowed down (``sweep_interval`` 1 h) so that each test drives the
sweeps itself at the moments it names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from bot.core.config import EXAMPLE_CONFIG, Config, load_config
from bot.core.i18n import local_time, locale_for
from bot.directory.oncall import on_call
from bot.jobs.sweeper import sweep_once
from bot.runtime import Runtime, use
from storage.models import Ticket
from tests.conftest import API_TOKEN, Phone, settle, twilio_overrides
from tests.fakes.twilio_api import FakeTwilio

JNB = ZoneInfo("Africa/Johannesburg")


def jnb(*args: int) -> datetime:
    return datetime(*args, tzinfo=JNB)


def config_with(tmp_path: Path, **replace: str) -> Config:
    """The example configuration with ``key = value`` lines replaced."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for key, value in replace.items():
        line = f"{key.lstrip('# ')} = {value}"  # "# hourly_rate" uncomments the key
        text, count = re.subn(rf"(?m)^{re.escape(key)} = .*$", line, text)
        assert count == 1, key
    path = tmp_path / "deskbot.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


class Desk:
    def __init__(self, rt: Runtime, fake: FakeTwilio) -> None:
        from webhooks import create_app

        self.rt, self.fake = rt, fake
        self.app = create_app(rt)
        self.client = self.app.test_client()

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        with time_machine.travel(moment, tick=False):
            yield

    def phone(self, number: str, channel: str = "whatsapp") -> Phone:
        return Phone(self.client, self.rt, number, channel)

    def sweep(self, moment: datetime) -> None:
        with self.at(moment), use(self.rt):
            sweep_once(self.rt)
            settle(self.rt)

    def on_call(self, moment: datetime) -> str:
        with self.rt.sessions() as session:
            phone = on_call(self.rt.config, session, moment)
        assert phone is not None
        return phone

    def delivered(self, number: str) -> list[str]:
        """Bodies the fake Twilio received for ``number`` (SMS or WhatsApp), in order."""
        settle(self.rt)
        addresses = {number, f"whatsapp:{number}"}
        return [m["body"] for m in self.fake.messages if m["to"] in addresses]

    def api(self, path: str) -> Any:
        response = self.client.get(path, headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def customer_time(self, at: datetime, phone: str, language: str = "en") -> str:
        """A moment as a customer with ``phone`` reads it (their language and country)."""
        locale = locale_for(language, phone, self.rt.config.helpdesk.holidays)
        return local_time(at, self.rt.config.zone, locale)

    def ticket(self, ref: str) -> dict[str, Any]:
        return self.api(f"/api/tickets/{ref}")

    def events(self, ref: str) -> list[str]:
        return [e["type"] for e in self.ticket(ref)["events"]]

    def row(self, ref: str) -> Ticket:
        with self.rt.sessions() as session:
            return session.scalars(select(Ticket).where(Ticket.ref == ref)).one()


def make_desk(make_runtime, fake: FakeTwilio, config: Config | None = None, **settings) -> Desk:  # type: ignore[no-untyped-def]
    overrides = {**twilio_overrides(fake), "sweep_interval": 3600.0, **settings}
    return Desk(make_runtime(config_override=config, **overrides), fake)
