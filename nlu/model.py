"""The embedded NLU model: what is trained from the Rasa YAML and cached as one pickle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlu.entities import NameCues, learn_cues
from nlu.linear import LinearModel, fit_linear, intent_features, language_features
from nlu.rasa_data import DATA_DIR, Example, TrainingData, load_training_data

MODEL_VERSION = 8  # bump when features or model layout change: invalidates caches

# Whole words ("w:" features) count double against a token's many char n-grams, so cue words
# ("also", "cancel", "urgent", "zase", "ancora") are not drowned out; cross-validation on the
# training data and the blind dev split (bench/nlu_blind.py) both prefer it to equal weights.
INTENT_GROUP_WEIGHTS = {"w:": 2.0}


@dataclass
class NluModel:
    """Intent and language classifiers plus the name cues, all plain data (picklable)."""

    intents: LinearModel
    languages: LinearModel
    cues: NameCues
    synonyms: dict[str, str]
    version: int = MODEL_VERSION


def train_from_examples(data: TrainingData, examples: list[Example] | None = None) -> NluModel:
    """Train on ``examples`` (default: all of ``data``); used directly by evaluation splits."""
    examples = data.examples if examples is None else examples
    intents = fit_linear(
        [intent_features(e.text) for e in examples],
        [e.intent for e in examples],
        group_weights=INTENT_GROUP_WEIGHTS,
    )
    lang_examples = [e for e in examples if e.language and len(e.text) > 3]
    languages = fit_linear(
        [language_features(e.text) for e in lang_examples],
        [e.language for e in lang_examples],
        c=5.0,
    )
    cues = learn_cues(examples)
    cues.known_companies = sorted(set(data.lookups.get("company", [])), key=len, reverse=True)
    return NluModel(intents, languages, cues, dict(data.synonyms))


def train(data_dir: Path | str = DATA_DIR) -> NluModel:
    """Train the embedded model from a Rasa NLU data folder."""
    return train_from_examples(load_training_data(data_dir))
