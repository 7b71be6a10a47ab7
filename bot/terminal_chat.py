"""``deskbot chat``: a customer's phone in the terminal. Every line is posted to
the real webhook (signed when a token is set); the bot's replies are read back
from the message log, so what you see is what Twilio would have sent."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING

import click
from sqlalchemy import select

from bot.phones import PhoneError, channel_address, to_e164
from storage.models import Message

if TYPE_CHECKING:
    from bot.runtime import Runtime


def _signed_post(client, rt: Runtime, form: dict[str, str]):  # type: ignore[no-untyped-def]
    from twilio.request_validator import RequestValidator

    url = (rt.settings.public_url or "http://localhost") + "/webhooks/twilio/messages"
    headers = {}
    if rt.settings.twilio_auth_token:
        headers["X-Twilio-Signature"] = RequestValidator(
            rt.settings.twilio_auth_token
        ).compute_signature(url, form)
    return client.post(url, data=form, headers=headers)


def _messages_after(rt: Runtime, phone: str, after_id: int) -> list[Message]:
    with rt.sessions() as session:
        return list(
            session.scalars(
                select(Message).where(Message.peer == phone, Message.id > after_id).order_by(Message.id)
            )
        )


def run_chat(rt: Runtime, sender: str, channel: str) -> None:
    from bot.jobqueue import InProcessJobQueue
    from webhooks import create_app

    try:
        phone = to_e164(sender)
    except PhoneError as exc:
        raise click.ClickException(f"--from: {exc}") from exc
    try:
        import readline  # noqa: F401 - line editing and up-arrow history
    except ImportError:
        pass
    client = create_app(rt).test_client()
    history = _messages_after(rt, phone, 0)
    for message in history[-10:]:
        _show(message)
    last_id = history[-1].id if history else 0
    click.echo(f"You are {phone} on {channel}. Type a message; Ctrl-D to quit.")
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not line.strip():
            continue
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": rt.settings.twilio_account_sid or "AC" + "0" * 32,
            "From": channel_address(channel, phone),
            "To": channel_address(channel, rt.outbox.sender(channel) or "+10000000000"),
            "Body": line,
            "NumMedia": "0",
        }
        response = _signed_post(client, rt, form)
        if response.status_code != 200:
            click.echo(f"! webhook answered {response.status_code}: {response.get_data(as_text=True)}")
            continue
        if isinstance(rt.queue, InProcessJobQueue):
            rt.queue.wait_idle(timeout=5)
        else:
            time.sleep(1.0)
        for message in _messages_after(rt, phone, last_id):
            last_id = message.id
            if message.direction == "outbound":
                _show(message)


def _show(message: Message) -> None:
    who = "bot" if message.direction == "outbound" else "you"
    for index, line in enumerate(message.body.splitlines() or [""]):
        click.echo(f"{who + '>' if index == 0 else '    '} {line}")
