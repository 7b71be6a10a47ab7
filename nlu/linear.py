"""A linear classifier trained with scikit-learn but run with a few numpy operations.

scikit-learn's per-call overhead (validation, sparse matrices) costs ~1 ms per message;
exporting the vocabulary and weights keeps a parse in tens of microseconds and makes the
pickled model small and quick to load.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """Lowercase and drop diacritics: customers type "tiskarna" as often as "tiskárna"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Word and single-symbol tokens (emoji and "?" carry meaning in short messages)."""
    return _WORD.findall(text)


def ngram_features(text: str, char_min: int = 2, char_max: int = 5) -> list[str]:
    """Word 1-2 grams plus char_wb n-grams of an already normalised text."""
    text = _DIGIT.sub("0", text)
    toks = words(text)
    feats = [f"w:{t}" for t in toks]
    feats.extend(f"b:{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
    for tok in toks:
        feats.extend(_char_grams(tok, char_min, char_max))
    return feats


@lru_cache(maxsize=65536)
def _char_grams(tok: str, char_min: int, char_max: int) -> tuple[str, ...]:
    """char_wb n-grams of one token; cached, since customers reuse the same words."""
    padded = f" {tok} "
    size = len(padded)
    return tuple(
        f"c:{padded[i : i + n]}"
        for n in range(char_min, min(char_max, size) + 1)
        for i in range(size - n + 1)
    )


def intent_features(text: str) -> list[str]:
    """Features for intent and priority: diacritics folded away."""
    return ngram_features(fold(text))


def language_features(text: str) -> list[str]:
    """Features for language detection: diacritics kept, they are the best Czech cue."""
    return ngram_features(text.lower(), 1, 4)


@dataclass
class LinearModel:
    """Exported multinomial (or binary) logistic regression over string features."""

    classes: list[str]
    vocab: dict[str, int]
    idf: np.ndarray | None
    coef: np.ndarray
    intercept: np.ndarray

    def scores(self, feats: Sequence[str]) -> np.ndarray:
        """Class probabilities for a bag of features (tf-idf weighted when trained so)."""
        lookup = self.vocab.get
        hits = [(i, n) for f, n in Counter(feats).items() if (i := lookup(f)) is not None]
        if hits:
            idx = np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits))
            counts = np.fromiter((n for _, n in hits), dtype=np.float64, count=len(hits))
            if self.idf is not None:
                vals = (1.0 + np.log(counts)) * self.idf[idx]
                norm = float(np.sqrt(vals @ vals))
                if norm:
                    vals /= norm
            else:
                vals = counts
            z = self.coef[:, idx] @ vals + self.intercept
        else:
            z = self.intercept.copy()
        if len(self.classes) == 1:
            return np.ones(1)
        if len(self.classes) == 2 and z.shape[0] == 1:
            p = 1.0 / (1.0 + math.exp(-float(z[0])))
            return np.array([1.0 - p, p])
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def rank(self, feats: Sequence[str]) -> list[tuple[str, float]]:
        """(class, probability) pairs, most likely first."""
        probs = self.scores(feats)
        order = np.argsort(-probs)
        return [(self.classes[i], float(probs[i])) for i in order]


def fit_linear(
    samples: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    tfidf: bool = True,
    c: float = 10.0,
    balanced: bool = True,
    group_weights: Mapping[str, float] | None = None,
) -> LinearModel:
    """Fit logistic regression on pre-extracted feature lists and export it.

    ``group_weights`` scales the tf-idf value of every feature whose name starts with a given
    prefix (e.g. ``{"w:": 2.0}``) before the row is L2-normalised. Char n-grams far outnumber
    word features, so without it whole words (the cue words of an intent) are drowned out.
    The scale is folded into the exported ``idf``, so parsing costs nothing extra.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    if len(set(labels)) < 2:  # e.g. a single-language helpdesk: nothing to discriminate
        only = str(labels[0]) if labels else ""
        return LinearModel([only], {}, None, np.zeros((1, 0)), np.zeros(1))
    dicts: list[dict[str, float]] = []
    for feats in samples:
        row: dict[str, float] = {}
        for f in feats:
            row[f] = row.get(f, 0.0) + 1.0
        dicts.append(row)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(dicts)
    idf = None
    if group_weights and not tfidf:
        raise ValueError("group_weights need tfidf=True (they are folded into the idf)")
    if tfidf:
        transformer = TfidfTransformer(sublinear_tf=True, norm=None)
        x = transformer.fit_transform(x)
        idf = transformer.idf_.astype(np.float64)
        if group_weights:
            scale = np.array(
                [
                    next((w for p, w in group_weights.items() if name.startswith(p)), 1.0)
                    for name in vectorizer.feature_names_
                ]
            )
            x = x.multiply(scale).tocsr()
            idf = idf * scale
        x = normalize(x)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)
    clf.fit(x, list(labels))
    vocab = {name: i for i, name in enumerate(vectorizer.feature_names_)}
    return LinearModel(
        classes=[str(c_) for c_ in clf.classes_],
        vocab=vocab,
        idf=idf,
        coef=np.ascontiguousarray(clf.coef_, dtype=np.float64),
        intercept=np.asarray(clf.intercept_, dtype=np.float64),
    )
