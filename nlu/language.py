"""Language detection for short chat messages, restricted to the helpdesk's languages.

A message in a language the desk does not speak (``nlu.foreign``) keeps the conversation's
language, or gets the desk's first one: French must not be read as Italian.

Messages like "ok", "1042" or a bare e-mail carry no language, so detection is sticky: it
keeps the conversation's previous language unless the new text clearly says otherwise.
"""

from __future__ import annotations

import re

from nlu.foreign import unsupported
from nlu.linear import LinearModel, language_features

_CZECH_ONLY = set("ěščřžůťďňĚŠČŘŽŮŤĎŇ")
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Anchored at a token's start: an unanchored ``\S+@`` retries from every character of a
# long run without "@" (quadratic; a 60,000-character word took seconds).
_STRIP = re.compile(r"(?<!\S)\S+@\S+|https?://\S+|\+?\d[\d ()./-]*")
# Words shared by several languages or by none: they never move the needle on their own.
_NEUTRAL = {
    "ok",
    "okay",
    "stop",
    "start",
    "info",
    "menu",
    "no",
    "si",
    "ne",
    "vpn",
    "wifi",
    "pc",
    "server",
    "email",
    "mail",
    "internet",
    "tkt",
    "ticket",
    "super",
    "hallo",
    "hi",
    "thx",
    "outlook",
    "teams",
    "office",
    "printer",
    "operator",
    "operatore",
}
SWITCH_CONFIDENCE = 0.85


def _evidence(text: str) -> list[str]:
    cleaned = _STRIP.sub(" ", text)
    return [w for w in _ALPHA_WORD.findall(cleaned.lower()) if w not in _NEUTRAL]


def language_scores(model: LinearModel, text: str, languages: list[str]) -> dict[str, float]:
    """Probabilities over the allowed languages only (renormalised)."""
    ranked = dict(model.rank(language_features(text)))
    allowed = {lang: ranked.get(lang, 0.0) for lang in languages}
    if any(ch in _CZECH_ONLY for ch in text) and "cs" in allowed:
        allowed["cs"] += 1.0
    total = sum(allowed.values()) or 1.0
    return {lang: p / total for lang, p in allowed.items()}


def detect_with(
    model: LinearModel, text: str, languages: list[str], previous: str | None = None
) -> str:
    """Most likely allowed language; sticks to ``previous`` unless the evidence is clear."""
    if not languages:
        raise ValueError("languages must not be empty")
    if previous not in languages:
        previous = None
    words = _evidence(text)
    if len(languages) == 1:
        return languages[0]
    if not words or unsupported(words):  # no language, or one the desk does not speak
        return previous or languages[0]
    scores = language_scores(model, text, languages)
    best = max(scores, key=scores.__getitem__)
    if previous is None or best == previous:
        return best
    enough_text = len(words) >= 2 or (len(words[0]) >= 5 and scores[best] >= 0.95)
    return best if enough_text and scores[best] >= SWITCH_CONFIDENCE else previous
