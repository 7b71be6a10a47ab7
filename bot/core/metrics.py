"""Operations signals in Prometheus form: the counters and histograms every process adds
to (``GET /metrics`` serves them, with ``prometheus_client``'s multiprocess mode under
gunicorn when ``PROMETHEUS_MULTIPROC_DIR`` is set), under one ``deskbot_`` namespace.

Live levels (tickets by priority and status, queue depths) are not counted here: they
are read from the database and Redis when scraped (``webhooks.metrics``), so every
process and host agrees on them.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram, disable_created_metrics

disable_created_metrics()  # the *_created series only double the page

LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)

INBOUND_MESSAGES = Counter(
    "deskbot_inbound_messages",
    "Inbound messages by channel and status (received: handled; error: set aside after "
    "retries; duplicate: a MessageSid seen before)",
    ["channel", "status"],
)
OUTBOUND_MESSAGES = Counter(
    "deskbot_outbound_messages",
    "Outbound messages by channel (sms, whatsapp, email) and status (pending when queued; "
    "then the provider's status: queued, sent, delivered, read, failed, undelivered)",
    ["channel", "status"],
)
INTAKE_OUTCOMES = Counter(
    "deskbot_intake_outcomes",
    "How intakes ended: ticket, needs_review (handed to a person), incomplete (abandoned), "
    "cancelled; api for tickets opened through the API",
    ["outcome"],
)
CANCELLED_INTAKES = INTAKE_OUTCOMES.labels("cancelled")
TICKETS_CREATED = Counter(
    "deskbot_tickets_created", "Tickets opened, by priority and channel", ["priority", "channel"]
)
TICKET_CHANGES = Counter(
    "deskbot_ticket_events", "Ticket events recorded, by type (the ticket's history)", ["type"]
)
SLA_WARNINGS = Counter(
    "deskbot_sla_warnings",
    "Response-target reminders sent (the reminder share used up)",
    ["priority"],
)
SLA_BREACHES = Counter(
    "deskbot_sla_breaches", "Response targets passed without a first response", ["priority"]
)
PAGES = Counter("deskbot_pages", "Pages sent, by escalation level", ["level"])
PAGE_ACKS = Counter("deskbot_page_acks", "Paged tickets acknowledged")
DELIVERY_LATENCY = Histogram(
    "deskbot_delivery_latency_seconds",
    "From the decision to send to the hand-off: to the provider (sms, whatsapp), the SMTP "
    "server (email) or the endpoint's 2xx (webhook)",
    ["kind"],
    buckets=LATENCY_BUCKETS,
)
WEBHOOK_ATTEMPTS = Counter(
    "deskbot_webhook_attempts",
    "Webhook POSTs by endpoint and outcome (delivered, retry, failed)",
    ["webhook", "outcome"],
)
API_WRITES = Counter(
    "deskbot_api_writes", "Write API calls by action and HTTP status", ["action", "code"]
)


def webhook_attempt(webhook: str, event_type: str, outcome: str, age_seconds: float) -> None:
    """Observer of ``bot.messaging.webhook_outbox``: one POST to an endpoint ended."""
    WEBHOOK_ATTEMPTS.labels(webhook, outcome).inc()
    if outcome == "delivered":
        DELIVERY_LATENCY.labels("webhook").observe(max(age_seconds, 0.0))
