"""Scoring of the held-out first messages: per-field extraction, priority, language."""

from __future__ import annotations

import statistics
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from nlu.entities import phone_to_e164
from nlu.priority import classify_priority

HELDOUT_FILE = Path(__file__).resolve().parent / "heldout" / "first_messages.yml"
FIELDS = ("company", "person", "phone", "email", "onsite")


def load_heldout(path: Path = HELDOUT_FILE) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])


def _norm(value: object) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip().strip(".,").casefold()
    return " ".join(text.split())


def fields_of(parse: dict[str, Any]) -> dict[str, Any]:
    """The intake fields a parse yields: first entity of each kind, phone as E.164."""
    out: dict[str, Any] = {
        "company": None,
        "person": None,
        "phone": None,
        "email": None,
        "onsite": False,
    }
    for ent in parse["entities"]:
        kind = ent["entity"]
        if kind == "onsite":
            out["onsite"] = True
        elif kind == "phone" and out["phone"] is None:
            out["phone"] = phone_to_e164(str(ent["value"]), parse.get("language"))
        elif kind in out and out[kind] is None:
            out[kind] = ent["value"]
    return out


def score(parser: Any, messages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Accuracy per field (a missing field must stay missing), priority and language."""
    messages = messages if messages is not None else load_heldout()
    hits = dict.fromkeys((*FIELDS, "priority", "language"), 0)
    misses: list[dict[str, Any]] = []
    latencies: list[float] = []
    for msg in messages:
        t0 = time.perf_counter()
        parse = parser.parse(msg["text"])
        latencies.append((time.perf_counter() - t0) * 1000)
        got = fields_of(parse)
        expected = {
            "company": msg.get("company"),
            "person": msg.get("person"),
            "phone": msg.get("phone_e164"),
            "email": msg.get("email"),
            "onsite": bool(msg.get("onsite")),
        }
        priority, _ = classify_priority(msg["text"])
        got["priority"], expected["priority"] = priority, msg["priority"]
        got["language"], expected["language"] = parse["language"], msg["language"]
        for name in hits:
            if _norm(got[name]) == _norm(expected[name]):
                hits[name] += 1
            else:
                misses.append(
                    {
                        "field": name,
                        "text": msg["text"],
                        "expected": expected[name],
                        "got": got[name],
                    }
                )
    n = len(messages)
    latencies.sort()
    return {
        "n": n,
        "accuracy": {name: hits[name] / n for name in hits},
        "misses": misses,
        "parse_ms_p50": statistics.median(latencies),
        "parse_ms_p99": latencies[min(n - 1, round(0.99 * (n - 1)))],
    }
