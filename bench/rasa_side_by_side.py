"""Side by side: deskbot's embedded parser vs a real Rasa server, on the same intent test set.

Why: ``RASA_URL`` swaps the embedded parser for Rasa; this says what that swap buys or costs
in intent accuracy (overall and per language) and in latency per parse, trained on the same
``nlu/`` data. Rasa is trained (or its cached model reused) and served by
``bench/rasa_server.py``; it needs ``make rasa-env``.

    .venv/bin/python bench/rasa_side_by_side.py                       # bench/blind/intents_test.yml
    .venv/bin/python bench/rasa_side_by_side.py --data set.yml --json out.json --misses
    .venv/bin/python bench/rasa_side_by_side.py --rasa-url http://127.0.0.1:5005   # running server

The data file: ``utterances: [{id, language, intent, text}, ...]``. Both parsers are asked
through deskbot's own classes (``nlu.parser.Parser`` as loaded by default, and
``RasaHttpParser`` for Rasa, so Rasa's latency includes the HTTP round trip deskbot pays).
Each utterance is parsed once untimed by both (warm-up), then ``--repeat`` timed rounds
alternate the two parsers utterance by utterance.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rasa_server import (  # noqa: E402
    DEFAULT_RASA_BIN,
    RasaServer,
    exit_on_sigterm,
    rasa_version,
    train,
)
from nlu.parser import Parser, RasaHttpParser, load_parser  # noqa: E402
from nlu.rasa_data import LANGUAGES  # noqa: E402

DEFAULT_DATA = ROOT / "bench" / "blind" / "intents_test.yml"
PARSERS = ("embedded", "rasa")


@dataclass(frozen=True)
class Utterance:
    """One labelled test message."""

    id: str
    language: str
    intent: str
    text: str


def load_utterances(path: Path) -> list[Utterance]:
    """Read and check the test set, so a typo fails loudly instead of skewing a score."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = doc.get("utterances") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not rows:
        raise SystemExit(f"{path}: expected a non-empty list under `utterances:`")
    out: list[Utterance] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 1):
        missing = [k for k in ("id", "language", "intent", "text") if not (row or {}).get(k)]
        if missing:
            raise SystemExit(f"{path}: utterance #{n} lacks {', '.join(missing)}")
        if str(row["id"]) in seen:
            raise SystemExit(f"{path}: duplicate id {row['id']!r}")
        seen.add(str(row["id"]))
        out.append(Utterance(str(row["id"]), str(row["language"]), str(row["intent"]), row["text"]))
    return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def rasa_answer(http: RasaHttpParser) -> Callable[[str], dict[str, Any]]:
    """``http.parse`` that refuses deskbot's silent fallback: the score must be Rasa's."""

    def parse(text: str) -> dict[str, Any]:
        answer = http.parse(text)
        if http.last_source != "rasa":
            raise SystemExit(f"Rasa at {http.url} did not answer for {text!r} (fell back)")
        return answer

    return parse


def compare(
    utterances: list[Utterance],
    parsers: dict[str, Callable[[str], dict[str, Any]]],
    repeat: int,
) -> dict[str, Any]:
    """Predictions, accuracy per language and latency of each parser on ``utterances``."""
    predicted: dict[str, list[str]] = {name: [] for name in parsers}
    for u in utterances:  # untimed warm-up pass, which also gives the predictions
        for name, parse in parsers.items():
            predicted[name].append(parse(u.text)["intent"]["name"])
    latency: dict[str, list[float]] = {name: [] for name in parsers}
    for _ in range(repeat):
        for u in utterances:
            for name, parse in parsers.items():
                t0 = time.perf_counter()
                parse(u.text)
                latency[name].append((time.perf_counter() - t0) * 1000)

    languages = [lang for lang in LANGUAGES if any(u.language == lang for u in utterances)]
    languages += sorted({u.language for u in utterances} - set(languages))
    groups = {"all": list(range(len(utterances)))} | {
        lang: [i for i, u in enumerate(utterances) if u.language == lang] for lang in languages
    }
    results: dict[str, Any] = {}
    for name in parsers:
        hits = [p == u.intent for p, u in zip(predicted[name], utterances, strict=True)]
        results[name] = {
            "accuracy": {g: sum(hits[i] for i in idx) / len(idx) for g, idx in groups.items()},
            "correct": {g: sum(hits[i] for i in idx) for g, idx in groups.items()},
            "latency_ms": {
                "p50": percentile(latency[name], 0.50),
                "p95": percentile(latency[name], 0.95),
                "parses": len(latency[name]),
            },
        }
    return {
        "n": {g: len(idx) for g, idx in groups.items()},
        "parsers": results,
        "predictions": [
            {
                "id": u.id,
                "language": u.language,
                "intent": u.intent,
                **{name: predicted[name][i] for name in parsers},
            }
            for i, u in enumerate(utterances)
        ],
    }


def print_table(report: dict[str, Any], labels: dict[str, str]) -> None:
    """The comparison as a plain-text table."""
    n = report["n"]
    width = max(22, *(len(label) + 2 for label in labels.values()))
    print(f"{'':<18}" + "".join(f"{labels[name]:>{width}}" for name in PARSERS))
    for group, total in n.items():
        cells = []
        for name in PARSERS:
            r = report["parsers"][name]
            cells.append(f"{r['accuracy'][group] * 100:5.1f} % ({r['correct'][group]}/{total})")
        print(f"{'accuracy ' + group:<18}" + "".join(f"{c:>{width}}" for c in cells))
    for q in ("p50", "p95"):
        cells = [f"{report['parsers'][name]['latency_ms'][q]:.2f}" for name in PARSERS]
        print(f"{'latency ' + q + ' ms':<18}" + "".join(f"{c:>{width}}" for c in cells))
    agree = sum(p["embedded"] == p["rasa"] for p in report["predictions"])
    print(
        f"\nthe two agree on {agree}/{n['all']} intents; "
        f"{report['parsers']['rasa']['latency_ms']['parses']} timed parses each"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="intent test set (YAML)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds over the set")
    ap.add_argument("--misses", action="store_true", help="print every wrong intent")
    ap.add_argument("--rasa-url", help="use this running Rasa server instead of starting one")
    ap.add_argument("--rasa-bin", type=Path, default=DEFAULT_RASA_BIN, help="rasa executable")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per Rasa request")
    args = ap.parse_args(argv)
    if not args.data.exists():
        raise SystemExit(f"{args.data} not found (give one with --data)")
    utterances = load_utterances(args.data)

    embedded = load_parser()  # what deskbot uses without RASA_URL
    assert isinstance(embedded, Parser)
    server: RasaServer | None = None
    model: Path | None = None
    if args.rasa_url:
        url = args.rasa_url.rstrip("/")
    else:
        exit_on_sigterm()
        model = train(args.rasa_bin)
        server = RasaServer(model, args.rasa_bin)
        url = server.start()
    try:
        http = RasaHttpParser(url, embedded, timeout=args.timeout, retry_after=0.0)
        report = compare(
            utterances, {"embedded": embedded.parse, "rasa": rasa_answer(http)}, args.repeat
        )
    finally:
        if server is not None:
            server.stop()

    version = rasa_version(args.rasa_bin) if not args.rasa_url else "server"
    labels = {"embedded": "embedded", "rasa": f"rasa {version}"}
    report |= {
        "data": str(args.data),
        "rasa": {"url": url, "version": version, "model": str(model) if model else None},
        "repeat": args.repeat,
    }
    counts = ", ".join(f"{g} {c}" for g, c in report["n"].items() if g != "all")
    print(f"\nintent test set: {args.data} ({report['n']['all']} utterances: {counts})")
    print_table(report, labels)
    if args.misses:
        texts = {u.id: u.text for u in utterances}
        for p in report["predictions"]:
            for name in PARSERS:
                if p[name] != p["intent"]:
                    print(
                        f"  MISS {name:<8} {p['id']} [{p['language']}] expected {p['intent']}"
                        f", got {p[name]}: {texts[p['id']]}"
                    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
