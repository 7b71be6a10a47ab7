"""The managers and the escalation chain, defined once (``bot.directory.people``)."""

from __future__ import annotations

import pytest

from bot.core.config import Config, load_config
from bot.directory.people import describe, escalation_chain, managers, technicians

PIETER = "+27829990001"  # role manager, and the example's first escalation number
INFRA, DIRECTOR = "+27829990002", "+27829990003"


@pytest.fixture
def config() -> Config:
    return load_config()


def with_escalation(config: Config, escalation: list[str]) -> Config:
    return config.model_copy(
        update={"oncall": config.oncall.model_copy(update={"escalation": escalation})}
    )


def test_the_help_desk_manager_is_the_first_escalation_number(config: Config) -> None:
    assert managers(config) == [PIETER]
    # Even when the first number is not a technician with role manager.
    assert managers(with_escalation(config, [INFRA, DIRECTOR])) == [INFRA]


def test_without_an_escalation_list_the_technicians_with_role_manager_stand_in(
    config: Config,
) -> None:
    bare = with_escalation(config, [])
    assert managers(bare) == [t.phone for t in config.technicians if t.role == "manager"]
    assert managers(bare) == [PIETER]
    assert escalation_chain(bare) == [PIETER]
    nobody = bare.model_copy(update={"technicians": technicians(bare, "technician")})
    assert managers(nobody) == [] and escalation_chain(nobody) == []


def test_the_escalation_chain_is_the_whole_list(config: Config) -> None:
    assert escalation_chain(config) == [PIETER, INFRA, DIRECTOR]
    assert escalation_chain(with_escalation(config, [INFRA])) == [INFRA]


def test_technicians_by_role_and_how_people_are_named(config: Config) -> None:
    assert [t.name for t in technicians(config, "manager")] == ["Pieter van Wyk"]
    assert len(technicians(config)) == len(config.technicians)
    assert describe(config, PIETER) == f"Pieter van Wyk {PIETER}"
    assert describe(config, INFRA) == INFRA
    assert describe(config, None) == "nobody"
