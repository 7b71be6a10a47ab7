"""Entry points for ``deskbot nlu train|eval`` (the CLI itself lives in bot.cli)."""

from __future__ import annotations

import time
from pathlib import Path

from nlu.cache import cache_dir, load_or_build
from nlu.evaluate import evaluate, format_report
from nlu.model import train
from nlu.parser import model_key
from nlu.rasa_data import DATA_DIR


def train_command(data_dir: Path | str = DATA_DIR, force: bool = False) -> str:
    """Train (or reuse) the cached embedded model; returns a one-line summary."""
    key = model_key(data_dir)
    if force:
        (cache_dir() / f"nlu-{key}.pkl").unlink(missing_ok=True)
    t0 = time.perf_counter()
    _, cached = load_or_build("nlu", key, lambda: train(data_dir))
    took = time.perf_counter() - t0
    state = "reused cached model" if cached else "trained model"
    return f"{state} {key} in {took:.2f} s ({cache_dir()})"


def eval_command(
    data_dir: Path | str = DATA_DIR, test_fraction: float = 0.2, show_errors: bool = False
) -> str:
    """Evaluate on a stratified held-out split of the training data; returns the report."""
    return format_report(evaluate(data_dir, test_fraction), show_errors=show_errors)
