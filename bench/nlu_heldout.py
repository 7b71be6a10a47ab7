"""Held-out benchmark of the embedded NLU: field extraction, priority, language, speed, RSS.

Usage: .venv/bin/python bench/nlu_heldout.py [--misses]
Targets: every field >= 95 %, priority >= 85 %, parse p50 < 1 ms and p99 < 5 ms, RSS < 250 MB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu.heldout import load_heldout, score  # noqa: E402
from nlu.parser import load_parser  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print every wrong field")
    args = ap.parse_args()

    t0 = time.perf_counter()
    parser = load_parser()
    load_s = time.perf_counter() - t0
    messages = load_heldout()
    parser.parse("warm up")
    result = score(parser, messages)

    # Latency over many parses (the scoring loop above is only 150 samples).
    lat = []
    for _ in range(10):
        for msg in messages:
            t = time.perf_counter()
            parser.parse(msg["text"])
            lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"held-out messages: {result['n']}  (load {load_s * 1000:.0f} ms, "
        f"{'cached' if getattr(parser, 'from_cache', False) else 'trained'})"
    )
    for name, acc in result["accuracy"].items():
        target = 0.85 if name == "priority" else 0.95
        flag = "ok " if acc >= target else "LOW"
        print(f"  {flag} {name:<9} {acc * 100:5.1f} %  (target {target * 100:.0f} %)")
    print(
        f"  parse latency p50 {statistics.median(lat):.3f} ms  "
        f"p99 {lat[int(0.99 * (len(lat) - 1))]:.3f} ms  over {len(lat)} parses"
    )
    print(f"  max RSS {rss_mb:.0f} MB")
    if args.misses:
        for miss in result["misses"]:
            print(
                f"  MISS {miss['field']}: expected {miss['expected']!r} got {miss['got']!r}"
                f"\n       {miss['text']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
