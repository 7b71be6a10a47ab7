"""The jobs that infrastructure rings after a commit, in their RQ-importable form.

Lower layers only say *what* needs doing (``Outbox.ring``, ``accept(..., ring)``); the
composition root connects those doorbells to these jobs, so no module below ``jobs``
needs to know the queue or the runtime of the process.
"""

from __future__ import annotations

from bot.core import metrics
from bot.messaging import delivery, mail, webhook_outbox
from bot.runtime import Runtime, current


def deliver_pending(peer: str) -> None:
    """Job: send everything due in ``peer``'s outbox; reschedule itself for a blocked head."""
    rt = current()
    rt.queue.started(delivery.delivery_key(peer))  # before reading: later commits ring anew
    retry_in = delivery.deliver_due(rt.sessions, rt.transport, rt.outbox, peer)
    if retry_in is not None:
        rt.queue.enqueue_in(retry_in, deliver_pending, peer)


def ring_delivery(rt: Runtime, peer: str) -> bool:
    """Enqueue ``peer``'s delivery job unless one is already waiting."""
    return rt.queue.enqueue_once(delivery.delivery_key(peer), deliver_pending, peer)


def deliver_mail() -> None:
    """Job: send every due e-mail; reschedule itself for the earliest waiting retry."""
    rt = current()
    rt.queue.started(mail.DELIVERY_KEY)
    retry_in = mail.deliver_due(rt.sessions, rt.mailer)
    if retry_in is not None:
        rt.queue.enqueue_in(retry_in, deliver_mail)


def ring_mail(rt: Runtime) -> bool:
    """Enqueue the mail delivery job unless one is already waiting."""
    return rt.queue.enqueue_once(mail.DELIVERY_KEY, deliver_mail)


def deliver_webhooks(name: str, ordering_key: str) -> None:
    """Job: POST endpoint ``name``'s due events of one ticket (or phone) in order;
    reschedule itself for a head that is waiting for its retry."""
    rt = current()
    rt.queue.started(webhook_outbox.job_key(name, ordering_key))
    webhooks = {w.name: w for w in rt.config.webhooks}
    retry_in = webhook_outbox.deliver_due(
        rt.sessions, webhooks, name, ordering_key, metrics.webhook_attempt
    )
    if retry_in is not None:
        rt.queue.enqueue_in(retry_in, deliver_webhooks, name, ordering_key)


def ring_webhooks(rt: Runtime, name: str, ordering_key: str) -> bool:
    """Enqueue the delivery job of one endpoint's stream unless one is already waiting."""
    key = webhook_outbox.job_key(name, ordering_key)
    return rt.queue.enqueue_once(key, deliver_webhooks, name, ordering_key)
