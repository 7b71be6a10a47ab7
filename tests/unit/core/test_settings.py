"""The environment: :data:`bot.core.settings.ENVIRONMENT` (what docs/reference.md lists)
names exactly the variables :meth:`Settings.from_env` reads."""

from __future__ import annotations

from pathlib import Path

from bot.core.settings import ELSEWHERE, ENVIRONMENT, Settings

ROOT = Path(__file__).resolve().parents[3]


class Recording(dict[str, str]):
    """An empty environment that notes every variable asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        self.asked.add(key)
        return super().get(key, default)


def test_every_variable_read_is_documented_and_every_documented_one_is_read() -> None:
    env = Recording()
    settings = Settings.from_env(env)
    assert env.asked == {variable.name for variable in ENVIRONMENT}
    assert settings.transport == "console" and settings.redis_url is None


def test_variables_read_elsewhere_are_read_there() -> None:
    for variable, reader in ELSEWHERE:
        assert variable.name in (ROOT / reader).read_text(encoding="utf-8")
        assert variable.name not in {v.name for v in ENVIRONMENT}
