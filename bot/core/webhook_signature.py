"""The ``X-Deskbot-Signature`` header, signed the way Stripe signs its webhooks:
``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the secret>``.

The timestamp is inside the signed text, so a receiver that rejects old timestamps (the
replay window, :data:`DEFAULT_TOLERANCE_SECONDS`) cannot be fed a recorded request later.
:func:`verify` is what a receiver runs; docs/integrations.md shows it in other languages.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Deskbot-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The header is missing, malformed, does not match, or is outside the replay window."""


def compute(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` signed now (or at ``timestamp``)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{SCHEME}={compute(secret, t, body)}"


def verify(
    secret: str,
    value: str | None,
    body: bytes,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Check a received header against the raw body; returns its timestamp.

    Any ``v1`` entry may match (several are sent while a secret is being rotated).
    """
    if not value:
        raise SignatureError(f"no {HEADER} header")
    timestamp: int | None = None
    signatures: list[str] = []
    for item in value.split(","):
        key, _, val = item.strip().partition("=")
        if key == "t" and val.isdigit():
            timestamp = int(val)
        elif key == SCHEME:
            signatures.append(val)
    if timestamp is None or not signatures:
        raise SignatureError(f"{HEADER} must look like t=<unix seconds>,v1=<hex>")
    expected = compute(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise SignatureError("signature does not match the body")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureError(f"timestamp is more than {tolerance} s away from now (replay?)")
    return timestamp
