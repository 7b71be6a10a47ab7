"""Held-out evaluation of the embedded model on a stratified split of the Rasa data."""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from nlu.model import train_from_examples
from nlu.parser import Parser
from nlu.rasa_data import DATA_DIR, Example, load_training_data

ENTITY_TYPES = ("company", "person", "phone", "email", "ticket_ref", "onsite")


def split(
    examples: list[Example], test_fraction: float = 0.2, seed: int = 13
) -> tuple[list[Example], list[Example]]:
    """Stratified by (intent, language) so every intent is tested in every language."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for ex in examples:
        groups[(ex.intent, ex.language)].append(ex)
    rng = random.Random(seed)
    train, test = [], []
    for key in sorted(groups):
        items = groups[key][:]
        rng.shuffle(items)
        n_test = int(len(items) * test_fraction) if len(items) >= 5 else 0
        test.extend(items[:n_test])
        train.extend(items[n_test:])
    return train, test


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(
    data_dir: Path | str = DATA_DIR, test_fraction: float = 0.2, seed: int = 13
) -> dict[str, Any]:
    """Train on the split's training part; score intents, entities, language and latency."""
    data = load_training_data(data_dir)
    train_part, test_part = split(data.examples, test_fraction, seed)
    parser = Parser(train_from_examples(data, train_part))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    ents: dict[str, dict[str, int]] = {t: {"tp": 0, "fp": 0, "fn": 0} for t in ENTITY_TYPES}
    correct = lang_ok = 0
    latencies = []
    errors = []
    for ex in test_part:
        t0 = time.perf_counter()
        result = parser.parse(ex.text)
        latencies.append((time.perf_counter() - t0) * 1000)
        got = result["intent"]["name"]
        if got == ex.intent:
            correct += 1
            counts[got]["tp"] += 1
        else:
            counts[got]["fp"] += 1
            counts[ex.intent]["fn"] += 1
            errors.append({"text": ex.text, "expected": ex.intent, "got": got})
        lang_ok += result["language"] == ex.language
        gold = {(s.entity, s.start, s.end) for s in ex.entities if s.entity in ents}
        pred = {
            (e["entity"], e["start"], e["end"]) for e in result["entities"] if e["entity"] in ents
        }
        for kind in ents:
            g = {x for x in gold if x[0] == kind}
            p = {x for x in pred if x[0] == kind}
            ents[kind]["tp"] += len(g & p)
            ents[kind]["fp"] += len(p - g)
            ents[kind]["fn"] += len(g - p)
    latencies.sort()
    n = len(test_part)
    per_intent = {
        name: dict(zip(("precision", "recall", "f1"), _f1(**c), strict=True))
        for name, c in sorted(counts.items())
    }
    entities = {
        kind: dict(zip(("precision", "recall", "f1"), _f1(**c), strict=True))
        | {"support": c["tp"] + c["fn"]}
        for kind, c in ents.items()
    }
    return {
        "train_examples": len(train_part),
        "test_examples": n,
        "intent_accuracy": correct / n if n else 0.0,
        "language_accuracy": lang_ok / n if n else 0.0,
        "per_intent": per_intent,
        "entities": entities,
        "latency_ms_p50": statistics.median(latencies) if latencies else 0.0,
        "latency_ms_p99": latencies[min(n - 1, round(0.99 * (n - 1)))] if latencies else 0.0,
        "errors": errors,
    }


def format_report(result: dict[str, Any], show_errors: bool = False) -> str:
    """Human-readable summary of :func:`evaluate`'s result."""
    lines = [
        f"train {result['train_examples']} / test {result['test_examples']} examples",
        f"intent accuracy   {result['intent_accuracy'] * 100:5.1f} %",
        f"language accuracy {result['language_accuracy'] * 100:5.1f} %",
        f"parse latency     p50 {result['latency_ms_p50']:.3f} ms  "
        f"p99 {result['latency_ms_p99']:.3f} ms",
        "",
        f"{'intent':<16} {'prec':>6} {'recall':>6} {'f1':>6}",
    ]
    for name, m in result["per_intent"].items():
        lines.append(f"{name:<16} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f}")
    lines += ["", f"{'entity':<16} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}"]
    for name, m in result["entities"].items():
        lines.append(
            f"{name:<16} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f} {m['support']:4d}"
        )
    if show_errors and result["errors"]:
        lines.append("")
        lines += [f"  {e['expected']} -> {e['got']}: {e['text']}" for e in result["errors"]]
    return "\n".join(lines)
