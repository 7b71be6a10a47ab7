"""The monthly statement of one company's work: every time entry of the month (by
its start, in the helpdesk's local time), then the totals. Contract customers owe
nothing for it (``amount`` 0); others pay the minutes at ``[billing] hourly_rate``, or
see ``chargeable`` when no rate is configured. Work logged after the customer said "not
fixed" is the free return visit: listed (``free_return`` yes), never charged.

``deskbot report --company NAME --month YYYY-MM [--format csv|text]``
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.config import Config
from storage.models import Company, Ticket, TimeEntry

COLUMNS = (
    "date",
    "start",
    "end",
    "minutes",
    "technician",
    "ticket",
    "description",
    "parts",
    "free_return",
)


class ReportError(ValueError):
    """A statement that cannot be made (unknown company, bad month); safe to show."""


@dataclass(frozen=True)
class Row:
    date: str
    start: str
    end: str
    minutes: int
    technician: str
    ticket: str
    description: str
    parts: str
    free_return: bool = False


@dataclass(frozen=True)
class Statement:
    company: str
    month: str
    contract: bool
    rows: tuple[Row, ...]
    hourly_rate: float | None = None
    currency: str = ""

    @property
    def total_minutes(self) -> int:
        return sum(r.minutes for r in self.rows)

    @property
    def total_hours(self) -> str:
        return f"{self.total_minutes / 60:.2f}"

    @property
    def free_return_minutes(self) -> int:
        return sum(r.minutes for r in self.rows if r.free_return)

    @property
    def chargeable_minutes(self) -> int:
        return self.total_minutes - self.free_return_minutes

    @property
    def amount(self) -> str:
        """0 under a contract; otherwise the chargeable minutes (free return visits
        excluded) at the desk's hourly rate."""
        if self.contract or not self.chargeable_minutes:
            return "0"
        if self.hourly_rate is None:
            return "chargeable"
        money = f"{self.chargeable_minutes * self.hourly_rate / 60:.2f}"
        return f"{money} {self.currency}".strip()

    def totals(self) -> list[tuple[str, str]]:
        return [
            ("company", self.company),
            ("month", self.month),
            ("contract", "yes" if self.contract else "no"),
            ("items", str(len(self.rows))),
            ("total_minutes", str(self.total_minutes)),
            ("total_hours", self.total_hours),
            ("free_return_minutes", str(self.free_return_minutes)),
            ("amount", self.amount),
        ]


def month_bounds(month: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local month ``YYYY-MM`` as a half-open range of aware datetimes."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ReportError(f"month {month!r} is not YYYY-MM (e.g. 2026-11)")
    year, number = int(match.group(1)), int(match.group(2))
    first = date(year, number, 1)
    after = date(year + (number == 12), number % 12 + 1, 1)
    return (
        datetime.combine(first, datetime.min.time(), zone),
        datetime.combine(after, datetime.min.time(), zone),
    )


def find_company(session: Session, config: Config, name: str) -> tuple[str, bool]:
    """The company's exact name and contract flag: the configuration first (it is the
    truth about contracts), then companies only the database knows (met at intake)."""
    wanted = name.strip().casefold()
    for company in config.companies:
        if company.name.casefold() == wanted:
            return company.name, company.contract
    stored = list(session.scalars(select(Company).order_by(Company.name)))
    match = next((c for c in stored if c.name.casefold() == wanted), None)
    if match is None:
        known = sorted({c.name for c in config.companies} | {c.name for c in stored})
        raise ReportError(f"no company {name!r} (known: {', '.join(known) or 'none'})")
    return match.name, match.contract


def monthly_statement(session: Session, config: Config, company_name: str, month: str) -> Statement:
    zone = config.zone
    start, end = month_bounds(month, zone)
    name, contract = find_company(session, config, company_name)
    entries = session.execute(
        select(TimeEntry, Ticket.ref)
        .join(Ticket, TimeEntry.ticket_id == Ticket.id)
        .where(
            func.lower(Ticket.company_name) == name.lower(),
            TimeEntry.started_at >= start,
            TimeEntry.started_at < end,
        )
        .order_by(TimeEntry.started_at, TimeEntry.id)
    ).all()
    rows = []
    for entry, ref in entries:
        began, ended = entry.started_at.astimezone(zone), entry.ended_at.astimezone(zone)
        rows.append(
            Row(
                date=began.date().isoformat(),
                start=began.strftime("%H:%M"),
                end=ended.strftime("%H:%M"),
                minutes=entry.minutes,
                technician=entry.technician,
                ticket=ref,
                description=entry.description,
                parts=entry.parts or "",
                free_return=entry.free_return,
            )
        )
    return Statement(
        name,
        month.strip(),
        contract,
        tuple(rows),
        config.billing.hourly_rate,
        config.billing.currency,
    )


def to_csv(statement: Statement) -> str:
    """Item rows under a header, an empty row, then ``key,value`` totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in statement.rows:
        writer.writerow(
            [
                row.date,
                row.start,
                row.end,
                row.minutes,
                row.technician,
                row.ticket,
                row.description,
                row.parts,
                "yes" if row.free_return else "no",
            ]
        )
    writer.writerow([])
    writer.writerows(statement.totals())
    return out.getvalue()


def to_text(statement: Statement) -> str:
    lines = [f"Statement {statement.company}, {statement.month}"]
    for r in statement.rows:
        parts = f" (parts: {r.parts})" if r.parts else ""
        parts += " (free return visit)" if r.free_return else ""
        lines.append(
            f"{r.date} {r.start}-{r.end} {r.minutes:>5} min  {r.technician:<20} {r.ticket:<10} "
            f"{r.description}{parts}"
        )
    if not statement.rows:
        lines.append("(no work logged)")
    lines.append("")
    lines.extend(f"{key}: {value}" for key, value in statement.totals()[2:])
    return "\n".join(lines) + "\n"
