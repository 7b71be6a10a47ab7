"""Media: a customer's photo is downloaded from (the fake) Twilio with the account's
credentials, kept in storage with the ticket, and reaches staff as a short-lived signed
deskbot link, never a Twilio URL; refused files get a clear reply; the simulator shows
images inline."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import MediaFile
from tests.conftest import PUBLIC_URL
from tests.desk import Desk, config_with, jnb, make_desk
from tests.tickets_helpers import LERATO, PETR, open_ticket

DAY = jnb(2026, 12, 2, 10, 0)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
) + b"\x00" * 1200  # a real 1x1 PNG, padded past a kilobyte
LINK = re.compile(re.escape(PUBLIC_URL) + r"(/media/(\d+)\?exp=\d+&sig=[0-9a-f]{64})")


@pytest.fixture
def desk(make_runtime, fake_twilio, tmp_path: Path) -> Desk:  # type: ignore[no-untyped-def]
    config = config_with(tmp_path, max_bytes="4096")
    return make_desk(make_runtime, fake_twilio, config, simulator_enabled=True)


def send_file(desk: Desk, body: str, data: bytes, content_type: str) -> str:
    url = desk.fake.add_media(data, content_type)
    desk.phone(PETR).says(body, NumMedia="1", MediaUrl0=url, MediaContentType0=content_type)
    return url


def test_photo_reaches_the_technician_as_a_signed_deskbot_link(desk) -> None:
    with desk.at(DAY):
        ref = open_ticket(desk.rt, PETR, description="Printer shows an error", priority="high")
        twilio_url = send_file(desk, f"{ref} here is the screen", PNG, "image/png")
    relayed = desk.delivered(LERATO)[-1]
    assert "here is the screen" in relayed
    assert twilio_url not in relayed and desk.fake.url not in relayed
    path, media_id = LINK.search(relayed).groups()  # type: ignore[union-attr]
    # Downloaded with the account's Basic auth (the fake refuses anything else).
    fetches = [r for r in desk.fake.requests if "/Media/" in r["path"]]
    assert fetches and fetches[0]["headers"].get("Authorization", "").startswith("Basic ")
    with desk.rt.sessions() as session:
        file = session.get(MediaFile, int(media_id))
        assert file is not None and file.data == PNG and file.content_type == "image/png"
        assert file.ticket_id == desk.row(ref).id
    assert "customer_media" in desk.events(ref)
    with desk.at(DAY + timedelta(minutes=5)):
        served = desk.client.get(path)
        assert served.status_code == 200 and served.data == PNG
        assert served.mimetype == "image/png"
        assert desk.client.get(path.replace("sig=", "sig=0")).status_code == 403
        assert desk.client.get(path.replace(f"/media/{media_id}", "/media/999")).status_code == 403
    with desk.at(DAY + timedelta(hours=5)):  # [media] link_valid is 4 h
        assert desk.client.get(path).status_code == 410
        desk.phone(LERATO, "sms").says(f"{ref} media")
        fresh = LINK.search(desk.delivered(LERATO)[-1]).group(1)  # type: ignore[union-attr]
        assert desk.client.get(fresh).data == PNG


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(b"PK\x03\x04" + b"\x00" * 100, "application/zip"), (PNG + b"\x00" * 4096, "image/png")],
)
def test_refused_file_gets_a_clear_reply_and_nothing_is_kept(desk, data, content_type) -> None:
    with desk.at(DAY):
        ref = open_ticket(desk.rt, PETR, description="Printer shows an error", priority="high")
        send_file(desk, f"{ref} see attached", data, content_type)
    replies = desk.delivered(PETR)
    assert any("could not accept 1 of your attachments" in r and "up to 4 KB" in r for r in replies)
    with desk.rt.sessions() as session:
        assert session.scalars(select(MediaFile)).all() == []
    assert "see attached" in desk.delivered(LERATO)[-1]  # the words still reach the technician


def test_photo_sent_during_the_intake_joins_the_new_ticket(desk) -> None:
    with desk.at(DAY):
        send_file(desk, "Our printer shows error 52 and prints nothing", PNG, "image/png")
        for _ in range(6):  # answer whatever the intake still needs, then confirm
            state = desk.phone(PETR).conversation()
            if state["ticket"]:
                break
            answers = {"impact": "just me", "confirm": "yes", "email": "skip"}
            desk.phone(PETR).says(answers.get(state["awaiting"], "yes"))
        ref = desk.phone(PETR).conversation()["ticket"]
    assert ref and "customer_media" in desk.events(ref)
    assigned = desk.delivered(desk.rt.config.technicians[1].phone)[-1]
    assert ref in assigned and LINK.search(assigned)


def test_simulator_shows_the_photo_inline(desk) -> None:
    with desk.at(DAY):
        ref = open_ticket(desk.rt, PETR, description="Printer shows an error", priority="high")
        send_file(desk, f"{ref} here is the screen", PNG, "image/png")
        for phone in (PETR, LERATO):
            data = desk.client.get(f"/simulator/api/messages?phone={phone.replace('+', '%2B')}")
            [image] = [i for m in data.get_json()["messages"] for i in m["images"]]
            assert image.startswith("/media/")
            assert desk.client.get(image).data == PNG
