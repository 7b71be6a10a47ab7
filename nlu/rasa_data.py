"""Read Rasa 3.x NLU YAML so the embedded model and ``rasa train nlu`` share one source."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "cs", "it")

# [text](entity) or [text](entity:value) or [text]{"entity": "x", "value": "y"}
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<plain>[^)]+)\)|(?P<json>\{[^}]*\}))")


@dataclass(frozen=True)
class Span:
    """One annotated entity inside a plain example text."""

    entity: str
    value: str
    start: int
    end: int


@dataclass
class Example:
    """One training utterance with annotations stripped out of its text."""

    text: str
    intent: str
    language: str
    entities: list[Span] = field(default_factory=list)


@dataclass
class TrainingData:
    """Everything the embedded model learns from."""

    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # folded text -> value
    regexes: dict[str, list[str]] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)


def parse_annotated(line: str) -> tuple[str, list[Span]]:
    """Strip Rasa's entity markup from an example, keeping character offsets right."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _ANNOTATION.finditer(line):
        before = line[pos : match.start()]
        out.append(before)
        length += len(before)
        text = match.group("text")
        if match.group("json"):
            meta = json.loads(match.group("json"))
            entity, value = meta["entity"], str(meta.get("value", text))
        else:
            entity, _, value = match.group("plain").partition(":")
            value = value or text
        spans.append(Span(entity.strip(), value, length, length + len(text)))
        out.append(text)
        length += len(text)
        pos = match.end()
    out.append(line[pos:])
    return "".join(out), spans


def _block_lines(block: str | None) -> list[str]:
    lines = []
    for raw in (block or "").splitlines():
        stripped = raw.strip()
        if stripped.startswith("- "):
            lines.append(stripped[2:].strip())
        elif stripped == "-":
            continue
    return lines


def language_of(path: Path) -> str:
    """Files are named ``nlu_<lang>.yml``; anything else is language-neutral."""
    stem = path.stem
    lang = stem.rsplit("_", 1)[-1]
    return lang if lang in LANGUAGES else ""


def data_files(data_dir: Path | str = DATA_DIR) -> list[Path]:
    """The YAML files of a Rasa data folder in a stable order (it feeds the cache key)."""
    root = Path(data_dir)
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml"))


def load_training_data(data_dir: Path | str = DATA_DIR) -> TrainingData:
    """Parse all Rasa NLU files of a folder (intents, synonyms, regexes, lookups)."""
    from nlu.linear import fold

    data = TrainingData()
    for path in data_files(data_dir):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        lang = language_of(path)
        for item in doc.get("nlu") or []:
            if "intent" in item:
                for line in _block_lines(item.get("examples")):
                    text, spans = parse_annotated(line)
                    data.examples.append(Example(text, item["intent"], lang, spans))
                    for span in spans:
                        if span.value != text[span.start : span.end]:
                            data.synonyms[fold(text[span.start : span.end])] = span.value
            elif "synonym" in item:
                for line in _block_lines(item.get("examples")):
                    data.synonyms[fold(line)] = item["synonym"]
            elif "regex" in item:
                data.regexes.setdefault(item["regex"], []).extend(_block_lines(item["examples"]))
            elif "lookup" in item:
                data.lookups.setdefault(item["lookup"], []).extend(_block_lines(item["examples"]))
    return data
