"""Who is who among the staff, one definition each: the technicians, the managers and
the escalation chain. Everything that tells staff about a ticket (customer escalations
and follow-ups, reopened tickets, SLA breaches, paging) asks here.

- **Managers** are the help desk manager, the first ``[oncall] escalation`` number;
  without an escalation list, every technician with role ``manager``.
- **The escalation chain** (paging levels 1..) is the ``[oncall] escalation`` list;
  without one, the managers stand in.
- Who is **on call** lives beside this in ``bot.directory.oncall``.
"""

from __future__ import annotations

from bot.core.config import Config, Technician


def technicians(config: Config, role: str | None = None) -> list[Technician]:
    """The configured technicians in file order, only those with ``role`` when given."""
    return [t for t in config.technicians if role is None or t.role == role]


def managers(config: Config) -> list[str]:
    """The help desk manager (the first escalation number), else every manager's phone."""
    if config.oncall.escalation:
        return [config.oncall.escalation[0]]
    return [t.phone for t in technicians(config, "manager")]


def is_manager(config: Config, phone: str) -> bool:
    """A manager may confirm what a customer claims (``REF verify``): anyone on the
    escalation list, and every technician with role ``manager``."""
    return phone in config.oncall.escalation or phone in [
        t.phone for t in technicians(config, "manager")
    ]


def escalation_chain(config: Config) -> list[str]:
    """Paging levels 1..: the configured escalation list, else the managers."""
    return list(config.oncall.escalation) or managers(config)


def describe(config: Config, phone: str | None) -> str:
    """``Name +number`` for a technician, the bare number otherwise, ``nobody`` for None."""
    if phone is None:
        return "nobody"
    technician = config.technician_by_phone(phone)
    return f"{technician.name} {phone}" if technician else phone
