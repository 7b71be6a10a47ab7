"""The data model: directory (companies, contacts, technicians), conversations,
messages in both directions (the outbox included), tickets with their events and
time entries, and the on-call overrides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.db import UTCDateTime, utcnow


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Company(Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contract: Mapped[bool] = mapped_column(Boolean, default=False)
    support: Mapped[str] = mapped_column(String(20), default="business_hours")
    vip: Mapped[bool] = mapped_column(Boolean, default=False)
    from_config: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    contacts: Mapped[list[Contact]] = relationship(back_populates="company")


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    from_config: Mapped[bool] = mapped_column(Boolean, default=False)
    company: Mapped[Company] = relationship(back_populates="contacts")


class Technician(Base):
    __tablename__ = "technicians"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    skills: Mapped[list[Any]] = mapped_column(default=list)
    role: Mapped[str] = mapped_column(String(20), default="technician")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Conversation(Base):
    """One customer's conversation on one number; the intake state machine lives here."""

    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(10), default="sms")
    language: Mapped[str] = mapped_column(String(5), default="en")
    state: Mapped[str] = mapped_column(String(30), default="idle")
    awaiting: Mapped[str | None] = mapped_column(String(30))
    slots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    repeats: Mapped[int] = mapped_column(Integer, default=0)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    profile_name: Mapped[str | None] = mapped_column(String(200))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    last_inbound_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    ticket: Mapped[Ticket | None] = relationship(foreign_keys=[ticket_id])


class Message(Base):
    """Every message in or out. Outbound rows are the outbox: written in the same
    transaction as the decision to send, delivered later by a job."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_outbox", "direction", "status", "next_attempt_at"),
        Index("ix_messages_peer", "peer"),
        Index("ix_messages_inbox", "direction", "processed_at"),
        # Retention finds the old messages whose content is still there without reading
        # the ones it already erased.
        Index(
            "ix_messages_content_kept",
            "created_at",
            postgresql_where=text("erased_at IS NULL"),
            sqlite_where=text("erased_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # inbound | outbound
    channel: Mapped[str] = mapped_column(String(10))  # whatsapp | sms
    from_number: Mapped[str] = mapped_column(String(40))
    to_number: Mapped[str] = mapped_column(String(40))
    peer: Mapped[str] = mapped_column(String(20))  # the customer's or technician's E.164
    body: Mapped[str] = mapped_column(Text, default="")
    media: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20))
    twilio_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    content_sid: Mapped[str | None] = mapped_column(String(64))
    content_variables: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status_callback: Mapped[str | None] = mapped_column(String(500))
    error_code: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None]
    # Inbound only: when the conversation or a command consumed it (NULL: still queued).
    processed_at: Mapped[datetime | None]
    profile_name: Mapped[str | None] = mapped_column(String(200))
    # Inbound: the public base URL the webhook was called on (status callbacks of replies).
    arrived_on: Mapped[str | None] = mapped_column(String(255))
    # When the body, media and profile name were erased (retention or a request).
    erased_at: Mapped[datetime | None]


class EarlyStatus(Base):
    """A status callback for a SID no outbound message has yet (the worker that sent it
    has not committed); the sweeper applies it once the SID appears."""

    __tablename__ = "early_statuses"
    id: Mapped[int] = mapped_column(primary_key=True)
    twilio_sid: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoticeRate(Base):
    """When staff were last told about one sender for one reason (rate limiting)."""

    __tablename__ = "notice_rates"
    sender: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_at: Mapped[datetime]
    suppressed: Mapped[int] = mapped_column(Integer, default=0)


class Sequence(Base):
    """Counters handed out atomically (ticket numbers) on every backend."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index(
            "ix_tickets_contact_kept",
            "closed_at",
            postgresql_where=text("pseudonymised_at IS NULL"),
            sqlite_where=text("pseudonymised_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    priority: Mapped[str] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(40))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    company_name: Mapped[str] = mapped_column(String(200))
    contract: Mapped[bool] = mapped_column(Boolean, default=False)
    support: Mapped[str] = mapped_column(String(20), default="business_hours")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(20))
    customer_phone: Mapped[str] = mapped_column(String(20), index=True)  # who writes to us
    email: Mapped[str | None] = mapped_column(String(254))
    description: Mapped[str] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(5), default="en")
    onsite_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    onsite_reason: Mapped[str | None] = mapped_column(Text)
    onsite_at: Mapped[datetime | None]
    # Intake flags: handed to a person (check the fields), or filed after the customer
    # stopped answering (some fields may be missing).
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id"))
    after_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    response_due: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # The writer is known to belong to the company (directory contact, a number or e-mail
    # domain the company lists, or a manager's REF verify); until then no contract benefits.
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    paging: Mapped[bool] = mapped_column(Boolean, default=False)
    next_page_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    breach_notified_at: Mapped[datetime | None]
    # When the contact became a pseudonym (retention or a request).
    pseudonymised_at: Mapped[datetime | None]
    # The response clock runs from here: the creation, or the last reopening.
    clock_started_at: Mapped[datetime | None]
    # The clock counts wall-clock time: a 24x7 contract, or somebody was paged at night.
    wall_clock: Mapped[bool] = mapped_column(Boolean, default=False)
    # Everyone paged about this ticket (told when the paging stops or someone takes it).
    paged_phones: Mapped[list[Any]] = mapped_column(default=list)
    # Times the customer said "not fixed": work after a reopening is a free return visit.
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    # Opened after hours without paging: the opening sweep assigns it by skill and load.
    assign_at_opening: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee: Mapped[Technician | None] = relationship()
    company: Mapped[Company | None] = relationship()
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )
    time_entries: Mapped[list[TimeEntry]] = relationship(
        back_populates="ticket", order_by="TimeEntry.id"
    )


class TicketEvent(Base):
    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TimeEntry(Base):
    __tablename__ = "time_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    technician: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    parts: Mapped[str | None] = mapped_column(Text)
    # Logged after the customer said "not fixed": the return visit is not charged.
    free_return: Mapped[bool] = mapped_column(Boolean, default=False)
    ticket: Mapped[Ticket] = relationship(back_populates="time_entries")


class StaffNotice(Base):
    """A non-urgent staff SMS held during quiet hours; the morning digest sends it."""

    __tablename__ = "staff_notices"
    __table_args__ = (Index("ix_staff_notices_pending", "sent_at", "phone"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class MediaFile(Base):
    """A photo, voice note or document a customer sent, downloaded from Twilio and kept
    here (every web host can serve it); staff reach it through a signed deskbot link."""

    __tablename__ = "media_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OncallOverride(Base):
    __tablename__ = "oncall_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PrivacyErasure(Base):
    """A person erased on request: when, by what kind of identifier, the pseudonym their
    records now carry and how many rows changed. Never the person's data itself."""

    __tablename__ = "privacy_erasures"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    identified_by: Mapped[str] = mapped_column(String(10))  # phone | email
    pseudonym: Mapped[str] = mapped_column(String(20))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Email(Base):
    """An e-mail to a customer (ticket confirmation, work report): the mail outbox. Written
    in the same transaction as the change it reports, sent and retried by a job."""

    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # confirmation | work_report
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # The Message-ID header, fixed when queued: a retry after an unrecorded success carries
    # the same id, so the receiving side can drop the duplicate.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None]


class StaffCode(Base):
    """A one-time sign-in code for the staff board, sent by SMS; only its hash is kept."""

    __tablename__ = "staff_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None]


class StaffSession(Base):
    """A signed-in staff member on the board: the cookie holds the token, the row its hash,
    so every web process sees the session and signing out ends it everywhere."""

    __tablename__ = "staff_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class WebhookDelivery(Base):
    """One event for one ``[[webhooks]]`` endpoint: written in the same transaction as the
    change it announces, sent later by a job, oldest first per ``ordering_key``."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "webhook", "status", "ordering_key", "id"),
        Index("ux_webhook_deliveries_event", "webhook", "event_id", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(40))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    ordering_key: Mapped[str] = mapped_column(String(60))  # ticket:<id>, peer:<E.164>, ping
    body: Mapped[str] = mapped_column(Text)  # the exact bytes signed and sent, every attempt
    status: Mapped[str] = mapped_column(String(12))  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    response_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None]


class ApiIdempotency(Base):
    """The answer to a write that carried ``Idempotency-Key``: a retry gets it again instead
    of a second effect."""

    __tablename__ = "api_idempotency"
    __table_args__ = (Index("ux_api_idempotency", "token", "key", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    request: Mapped[str] = mapped_column(String(64))  # sha256 of method, path and body
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
