"""On-disk cache of trained models, keyed by a hash of their training files.

Training takes a few seconds; every process (web workers, CLI, tests) should pay it once
per change of the data, not once per start.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """``$DESKBOT_NLU_CACHE``, else ``$XDG_CACHE_HOME/deskbot``, else ``~/.cache/deskbot``."""
    explicit = os.environ.get("DESKBOT_NLU_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "deskbot"


def fingerprint(files: Iterable[Path], *extra: object) -> str:
    """Stable hash of file names + contents + any extra values (versions, settings)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for item in extra:
        digest.update(repr(item).encode())
    return digest.hexdigest()[:20]


def load_or_build(name: str, key: str, build: Callable[[], T]) -> tuple[T, bool]:
    """Return the cached object for ``key`` or build, store and return it.

    The second value is True when the object came from the cache. A corrupt or unreadable
    cache file is rebuilt; a read-only cache directory only costs the rebuild.
    """
    path = cache_dir() / f"{name}-{key}.pkl"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh), True
        except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
            pass
    obj = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(obj, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass
    return obj, False
