"""Blind intent benchmark: utterances nobody on the project wrote (bench/blind/README.md).

    .venv/bin/python bench/nlu_blind.py --split dev [--errors] [--json out.json]
    .venv/bin/python bench/nlu_blind.py --split test      # frozen: aggregate figures only

Prints intent accuracy per language and overall, per-intent recall, and the parse
latency (p50 / p95) of the embedded parser, the one deskbot uses without ``RASA_URL``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu.parser import load_parser  # noqa: E402

BLIND = ROOT / "bench" / "blind"


def load(split: str) -> list[dict[str, Any]]:
    path = BLIND / f"intents_{split}.yml"
    if split == "test":
        expected = dict(
            line.split()[::-1] for line in (BLIND / "FROZEN.sha256").read_text().splitlines()
        )
        if expected.get(path.name) != hashlib.sha256(path.read_bytes()).hexdigest():
            raise SystemExit(f"{path} changed since it was frozen")
    return yaml.safe_load(path.read_text())["utterances"]


def evaluate(parse: Any, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy per language and intent, latency, and the misclassified items."""
    hits: dict[str, list[bool]] = defaultdict(list)
    per_intent: dict[str, list[bool]] = defaultdict(list)
    latencies: list[float] = []
    errors: list[str] = []
    for item in items:
        started = time.perf_counter()
        answer = parse(item["text"])
        latencies.append((time.perf_counter() - started) * 1000)
        got = answer["intent"]["name"]
        ok = got == item["intent"]
        hits[item["language"]].append(ok)
        hits["all"].append(ok)
        per_intent[item["intent"]].append(ok)
        if not ok:
            errors.append(f"{item['id']}: want {item['intent']} got {got} | {item['text']}")
    latencies.sort()
    return {
        "accuracy": {k: round(sum(v) / len(v), 4) for k, v in hits.items()},
        "n": {k: len(v) for k, v in hits.items()},
        "recall": {k: round(sum(v) / len(v), 4) for k, v in sorted(per_intent.items())},
        "p50_ms": round(statistics.median(latencies), 3),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 3),
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--errors", action="store_true", help="list errors (dev split only)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.errors and args.split == "test":
        parser.error("the test split is frozen: aggregate figures only")
    items = load(args.split)
    nlu = load_parser(None, languages=["en", "cs", "it"])
    for item in items[:20]:  # warm-up: caches, first-call allocations
        nlu.parse(item["text"])
    result = evaluate(nlu.parse, items)
    print(f"blind intents, {args.split} split, embedded parser: {result['n']['all']} utterances")
    for lang in ("en", "cs", "it", "all"):
        if lang in result["accuracy"]:
            print(f"  {lang:<4} accuracy {result['accuracy'][lang]:6.1%}  (n={result['n'][lang]})")
    print("  recall per intent: " + ", ".join(f"{k} {v:.0%}" for k, v in result["recall"].items()))
    print(f"  parse latency p50 {result['p50_ms']:.3f} ms, p95 {result['p95_ms']:.3f} ms")
    if args.errors:
        for line in result["errors"]:
            print("  ERR", line)
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "errors"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
