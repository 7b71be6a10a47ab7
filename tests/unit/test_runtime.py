"""``bot.runtime.current()``: the runtime installed for this job or process, and a loud
error where none is (it never builds one from the environment behind the caller's back)."""

from __future__ import annotations

import contextvars

import pytest

from bot import runtime as runtime_module
from bot.runtime import NoRuntime, Runtime, current, install_process_default, use


@pytest.fixture(autouse=True)
def no_process_default(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """As in a web process: no runtime for the whole process (only ``deskbot worker`` sets one)."""
    monkeypatch.setattr(runtime_module, "_process_default", [])


def test_current_without_an_installed_runtime_raises() -> None:
    # A fresh context: nothing installed with ``use`` either.
    with pytest.raises(NoRuntime, match="no deskbot runtime is installed"):
        contextvars.Context().run(current)


def test_current_is_the_runtime_in_use_and_only_while_it_is(runtime: Runtime) -> None:
    def inside() -> None:
        with use(runtime):
            assert current() is runtime
        with pytest.raises(NoRuntime):
            current()

    contextvars.Context().run(inside)


def test_a_process_default_serves_jobs_outside_use(runtime: Runtime) -> None:
    install_process_default(runtime)
    assert contextvars.Context().run(current) is runtime
