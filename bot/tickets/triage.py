"""Priority of a new ticket from what the customer wrote, calibrated to the published
table (``nlu.priority``), raised for VIP companies; and whether asking who is affected
would change anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlu import classify_priority, impact_level

if TYPE_CHECKING:
    from bot.runtime import Runtime


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
    priority, confidence = classify_priority(description, examples, order=names, impact=impact)
    if priority not in rt.config.priorities:
        priority = names[len(names) // 2]
    if vip and names.index(priority) > 0:
        priority = names[names.index(priority) - 1]
    known = impact is not None or impact_level(description) is not None
    return Assessment(priority, confidence, known)


def needs_impact_question(assessment: Assessment, rt: Runtime) -> bool:
    """Ask who is affected only when it decides something: a top-priority ticket pages an
    engineer at night, and "only me" moves it down one level. Otherwise the text decides."""
    names = rt.config.priority_names
    return not assessment.impact_known and assessment.priority == names[0]


def priority_for(rt: Runtime, description: str) -> str:
    return assess(rt, description).priority
