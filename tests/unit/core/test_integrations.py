"""``[[webhooks]]`` and ``[[api_tokens]]``: every problem named by file, key and reason;
the Stripe-style signature: what a receiver accepts and refuses."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from bot.core import webhook_signature as sig
from bot.core.config import EXAMPLE_CONFIG, ConfigError, load_config
from bot.core.integrations import WEBHOOK_EVENTS, token_digest

GOOD = """
[[webhooks]]
name = "psa"
url = "https://psa.example/hooks/deskbot"
secret = "0123456789abcdef0123"
events = ["ticket.created", "sla.breached"]

[[api_tokens]]
name = "psa"
scope = "write"
sha256 = "{digest}"
"""


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "deskbot.toml"
    path.write_text(EXAMPLE_CONFIG.read_text() + extra)
    return path


def test_webhooks_and_tokens_load(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, GOOD.format(digest=token_digest("t0ken"))))
    (hook,) = config.webhooks
    assert hook.wants("ticket.created") and not hook.wants("ticket.updated")
    assert "0123456789abcdef0123" not in repr(hook)
    assert config.api_tokens[0].scope == "write"
    assert config.api_tokens[0].sha256 == hashlib.sha256(b"t0ken").hexdigest()


def test_every_problem_is_named(tmp_path: Path) -> None:
    bad = """
[[webhooks]]
name = "psa hooks"
url = "ftp://psa.example"
secret = "short"
events = ["ticket.created", "ticket.exploded"]

[[webhooks]]
name = "ok"
url = "https://psa.example/b"
secret = "0123456789abcdef0123"
events = ["*"]
retries = 3

[[api_tokens]]
name = "psa"
scope = "admin"
sha256 = "the token itself"
"""
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, bad))
    problems = "\n".join(caught.value.problems)
    for key, reason in [
        ("webhooks[0].name", "letters, digits"),
        ("webhooks[0].url", "not an http(s) URL"),
        ("webhooks[0].secret", "at least 16"),
        ("webhooks[0].events", "unknown events ['ticket.exploded']"),
        ("webhooks[1].retries", "unknown key"),
        ("api_tokens[0].scope", "'read' or 'write'"),
        ("api_tokens[0].sha256", "64 hex digits"),
    ]:
        assert f": {key}: " in problems and reason in problems, (key, problems)


def test_names_are_unique(tmp_path: Path) -> None:
    twice = GOOD.format(digest="a" * 64) * 2
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, twice))
    assert "webhooks: two entries share a name" in "\n".join(caught.value.problems)


def test_every_event_is_documented_in_the_integrations_guide() -> None:
    guide = (Path(__file__).resolve().parents[3] / "docs" / "integrations.md").read_text()
    assert all(f"`{event}`" in guide for event in WEBHOOK_EVENTS)


SECRET = "whsec_0123456789abcdef"
BODY = b'{"id":"evt_1","type":"ping"}'


def test_the_header_is_hmac_of_timestamp_dot_body() -> None:
    header = sig.header(SECRET, BODY, timestamp=1796000000)
    expected = hmac.new(SECRET.encode(), b"1796000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1796000000,v1={expected}"
    assert sig.verify(SECRET, header, BODY, now=1796000000 + 299) == 1796000000
    rotated = f"{header},v1={'0' * 64}"  # several signatures: any may match
    assert sig.verify(SECRET, rotated, BODY, now=1796000000) == 1796000000


@pytest.mark.parametrize(
    ("header", "body", "now", "reason"),
    [
        (None, BODY, 1796000000, "no X-Deskbot-Signature"),
        ("v1=abc", BODY, 1796000000, "must look like"),
        ("t=1796000000", BODY, 1796000000, "must look like"),
        ("GOOD", BODY + b" ", 1796000000, "does not match"),
        ("GOOD", BODY, 1796000000 + 301, "replay"),
        ("GOOD", BODY, 1796000000 - 301, "replay"),
    ],
)
def test_refusals(header: str | None, body: bytes, now: int, reason: str) -> None:
    if header == "GOOD":
        header = sig.header(SECRET, BODY, timestamp=1796000000)
    with pytest.raises(sig.SignatureError, match=reason):
        sig.verify(SECRET, header, body, now=now)
