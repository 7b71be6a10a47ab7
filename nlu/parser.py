"""Parsers that answer like Rasa's ``POST /model/parse``: embedded, or a Rasa server.

Both add ``"language"`` to Rasa's shape. The HTTP parser falls back to the embedded one
on any error or timeout so a dead Rasa server never stops the intake.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from nlu.cache import fingerprint, load_or_build
from nlu.entities import NameFinder, extract
from nlu.language import detect_with
from nlu.linear import intent_features
from nlu.model import MODEL_VERSION, NluModel, train
from nlu.rasa_data import DATA_DIR, LANGUAGES, data_files

RANKING_SIZE = 10
_default_lock = threading.Lock()
_default: dict[str, tuple[NluModel, bool]] = {}


def model_key(data_dir: Path | str = DATA_DIR) -> str:
    """Cache key of the model trained from ``data_dir`` (data + code version)."""
    return fingerprint(data_files(data_dir), MODEL_VERSION)


def load_model(data_dir: Path | str = DATA_DIR) -> tuple[NluModel, bool]:
    """The trained model for ``data_dir`` and whether it came from the disk cache."""
    key = model_key(data_dir)
    with _default_lock:
        if key not in _default:
            _default[key] = load_or_build("nlu", key, lambda: train(data_dir))
        return _default[key]


def default_model() -> NluModel:
    """The model trained from the packaged data, loaded once per process."""
    return load_model(DATA_DIR)[0]


def detect_language(
    text: str, languages: list[str] | None = None, previous: str | None = None
) -> str:
    """Detect the language of ``text`` with the default embedded model (trained on demand)."""
    langs = list(languages) if languages else ["en", "cs", "it"]
    return detect_with(default_model().languages, text, langs, previous)


class Parser:
    """Embedded parser: linear intent model + rule/cue entity extraction."""

    def __init__(
        self,
        model: NluModel,
        languages: list[str] | None = None,
        *,
        companies: list[str] | None = None,
        ticket_prefix: str = "TKT",
        from_cache: bool = False,
    ) -> None:
        self.model = model
        self.languages = list(languages or LANGUAGES)
        self.ticket_prefix = ticket_prefix
        self.from_cache = from_cache
        cues = model.cues
        if companies:
            cues = type(cues)(
                person=cues.person,
                company=cues.company,
                common_words=cues.common_words,
                known_companies=sorted(
                    set(cues.known_companies) | set(companies), key=len, reverse=True
                ),
            )
        self.names = NameFinder(cues)

    def detect_language(self, text: str, previous: str | None = None) -> str:
        """Sticky language detection restricted to this parser's languages."""
        return detect_with(self.model.languages, text, self.languages, previous)

    def parse(self, text: str, previous_language: str | None = None) -> dict[str, Any]:
        """Rasa's parse JSON for ``text`` plus ``language``."""
        language = self.detect_language(text, previous_language)
        ranking = self.model.intents.rank(intent_features(text))[:RANKING_SIZE]
        intent, confidence = ranking[0]
        return {
            "text": text,
            "intent": {"name": intent, "confidence": round(confidence, 4)},
            "entities": extract(
                text, language, self.names, self.model.synonyms, self.ticket_prefix
            ),
            "intent_ranking": [{"name": n, "confidence": round(c, 4)} for n, c in ranking],
            "language": language,
        }


class RasaHttpParser:
    """Asks a Rasa server (``POST {url}/model/parse``); falls back to the embedded parser.

    After a failure Rasa is skipped for ``retry_after`` seconds, so an outage costs one
    timeout, not one per message.
    """

    def __init__(
        self,
        url: str,
        fallback: Parser | None = None,
        *,
        timeout: float = 1.0,
        retry_after: float = 30.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.fallback = fallback or load_parser()
        self.timeout = timeout
        self.retry_after = retry_after
        self._down_until = 0.0
        self.last_source = "embedded"

    @property
    def languages(self) -> list[str]:
        return self.fallback.languages

    def detect_language(self, text: str, previous: str | None = None) -> str:
        return self.fallback.detect_language(text, previous)

    def _ask_rasa(self, text: str) -> dict[str, Any]:
        body = json.dumps({"text": text}).encode()
        request = urllib.request.Request(
            f"{self.url}/model/parse",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            answer = json.loads(response.read().decode())
        if not isinstance(answer, dict) or not isinstance(answer.get("intent"), dict):
            raise ValueError("not a Rasa parse answer")
        return answer

    def parse(self, text: str, previous_language: str | None = None) -> dict[str, Any]:
        """Rasa's answer with ``language`` added, or the embedded parse if Rasa fails."""
        if time.monotonic() >= self._down_until:
            try:
                answer = self._ask_rasa(text)
            except (OSError, ValueError, urllib.error.URLError, TimeoutError):
                self._down_until = time.monotonic() + self.retry_after
            else:
                answer.setdefault("text", text)
                answer.setdefault("entities", [])
                answer.setdefault("intent_ranking", [])
                answer["language"] = self.detect_language(text, previous_language)
                self.last_source = "rasa"
                return answer
        self.last_source = "embedded"
        return self.fallback.parse(text, previous_language)


def load_parser(
    rasa_url: str | None = None,
    languages: list[str] | None = None,
    *,
    data_dir: Path | str = DATA_DIR,
    companies: list[str] | None = None,
    ticket_prefix: str = "TKT",
) -> Parser | RasaHttpParser:
    """The parser to use: Rasa over HTTP when ``rasa_url`` is set, else embedded.

    ``companies`` (the helpdesk's customer list) improves company extraction; the model is
    trained once per data change and cached on disk (see ``nlu.cache.cache_dir``).
    """
    model, cached = load_model(data_dir)
    embedded = Parser(
        model, languages, companies=companies, ticket_prefix=ticket_prefix, from_cache=cached
    )
    if rasa_url:
        return RasaHttpParser(rasa_url, embedded)
    return embedded
