"""Signed media links: valid until they expire, bound to one file and to the key."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import requests

from bot.core.config import Media
from bot.core.settings import Settings
from bot.messaging import media
from tests.fakes.twilio_api import FakeTwilio

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
SETTINGS = Settings(twilio_auth_token="token-one", public_url="https://desk.example")


def parts(link: str) -> tuple[int, str, str]:
    path, query = link.removeprefix("https://desk.example/media/").split("?")
    fields = dict(pair.split("=") for pair in query.split("&"))
    return int(path), fields["exp"], fields["sig"]


def test_a_link_is_valid_until_it_expires() -> None:
    media_id, exp, sig = parts(media.signed_link(SETTINGS, Media(), 7, NOW))
    assert media_id == 7
    assert media.verify(SETTINGS, 7, exp, sig, NOW + timedelta(hours=3, minutes=59)) == "ok"
    assert media.verify(SETTINGS, 7, exp, sig, NOW + timedelta(hours=4)) == "expired"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda i, e, s: (i + 1, e, s),  # another file
        lambda i, e, s: (i, str(int(e) + 3600), s),  # a longer life
        lambda i, e, s: (i, e, s[:-1] + ("0" if s[-1] != "0" else "1")),
        lambda i, e, s: (i, "soon", s),
    ],
)
def test_a_tampered_link_is_invalid(tamper) -> None:  # type: ignore[no-untyped-def]
    media_id, exp, sig = tamper(*parts(media.signed_link(SETTINGS, Media(), 7, NOW)))
    assert media.verify(SETTINGS, media_id, exp, sig, NOW) == "invalid"


def test_another_key_invalidates_every_link() -> None:
    media_id, exp, sig = parts(media.signed_link(SETTINGS, Media(), 7, NOW))
    rotated = replace(SETTINGS, secret_key="a new secret")
    assert media.verify(rotated, media_id, exp, sig, NOW) == "invalid"


def test_credentials_go_only_to_twilio() -> None:
    with FakeTwilio(account_sid="AC" + "2" * 32, auth_token="fake-token") as fake:
        url = fake.add_media(b"x" * 2000, "image/jpeg")
        assert requests.get(url, timeout=5).status_code == 401  # the fake insists on auth
        settings = Settings(
            twilio_account_sid=fake.account_sid,
            twilio_auth_token=fake.auth_token,
            twilio_api_url=fake.url,
        )
        data, kind = media.download(settings, Media(), url, "image/jpeg")
        assert (len(data), kind) == (2000, "image/jpeg")
        elsewhere = Settings(
            twilio_account_sid=fake.account_sid,
            twilio_auth_token=fake.auth_token,
            twilio_api_url="https://api.twilio.com",
        )
        with pytest.raises(media.MediaRefused, match="HTTP 401"):
            media.download(elsewhere, Media(), url, "image/jpeg")  # not Twilio: no credentials
