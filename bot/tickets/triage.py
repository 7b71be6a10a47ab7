"""Priority of a new ticket from what the customer wrote: a classifier trained on
labelled examples plus the config's per-priority examples, raised for VIP
companies; and whether the text leaves the impact too unclear to decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlu import classify_priority, impact_level

if TYPE_CHECKING:
    from bot.runtime import Runtime

UNCLEAR_BELOW = 0.55
IMPACT_HINTS = {
    "everyone": "everyone in the office is affected, nobody can work",
    "several": "several people are affected",
    "single": "only one person is affected",
}


@dataclass(frozen=True)
class Assessment:
    priority: str
    confidence: float
    impact_known: bool


def assess(
    rt: Runtime, description: str, impact: str | None = None, vip: bool = False
) -> Assessment:
    names = rt.config.priority_names
    examples = {name: list(p.examples) for name, p in rt.config.priorities.items()}
    text = description + (". " + IMPACT_HINTS[impact] if impact in IMPACT_HINTS else "")
    priority, confidence = classify_priority(text, examples, order=names)
    if priority not in rt.config.priorities:
        priority = names[len(names) // 2]
    if vip and names.index(priority) > 0:
        priority = names[names.index(priority) - 1]
    known = impact is not None or impact_level(description) is not None
    return Assessment(priority, confidence, known)


def needs_impact_question(assessment: Assessment) -> bool:
    """Ask one impact question only when the text leaves the priority unclear."""
    return not assessment.impact_known and assessment.confidence < UNCLEAR_BELOW


def priority_for(rt: Runtime, description: str) -> str:
    return assess(rt, description).priority
