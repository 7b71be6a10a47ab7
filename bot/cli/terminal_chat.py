"""``deskbot chat``: a phone in the terminal. Every line is posted to the real webhook
(signed when a token is set) through the app's WSGI stack; what the bot sends is read
back from the message log, so what you see is what Twilio would have delivered.

Messages that arrive while you are not typing (a technician's answer from another
terminal or the simulator page, a reminder from the sweeper) are printed as they come,
above the prompt, without losing what you have typed so far.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING, TextIO

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.core.phones import PhoneError, to_e164
from storage.models import Message

if TYPE_CHECKING:
    from bot.runtime import Runtime

HISTORY = 10  # earlier messages shown when the chat starts
POLL_SECONDS = 0.5  # how often the watcher looks for messages that arrive on their own
PROMPT = "you> "
LOCAL_BASE_URL = "http://localhost"

try:  # line editing and up-arrow history where the platform has it
    import readline
except ImportError:  # pragma: no cover - Windows without pyreadline
    readline = None  # type: ignore[assignment]


class ChatScreen:
    """The terminal side: prints messages once each, in id order, from two threads."""

    def __init__(self, rt: Runtime, phone: str, out: TextIO = sys.stdout) -> None:
        self.rt = rt
        self.phone = phone
        self.out = out
        self.last_id = 0
        self.lock = threading.Lock()
        self.at_prompt = False

    def _fetch(self) -> list[Message]:
        with self.rt.sessions() as session:
            return list(
                session.scalars(
                    select(Message)
                    .where(Message.peer == self.phone, Message.id > self.last_id)
                    .order_by(Message.id)
                )
            )

    def show_history(self) -> None:
        with self.lock:
            messages = self._fetch()
            if len(messages) > HISTORY:
                self.out.write(f"… {len(messages) - HISTORY} earlier messages\n")
            for message in messages[-HISTORY:]:
                self.out.write(render(message))
            if messages:
                self.last_id = messages[-1].id
            self.out.flush()

    def show_new(self) -> None:
        """Print the bot's new messages; over a waiting prompt, redraw the prompt after them."""
        with self.lock:
            fresh = self._fetch()
            if not fresh:
                return
            self.last_id = fresh[-1].id
            text = "".join(render(m) for m in fresh if m.direction == "outbound")
            if not text:
                return
            if self.at_prompt and self.out.isatty():
                typed = readline.get_line_buffer() if readline else ""
                self.out.write("\r\x1b[K" + text + PROMPT + typed)
            else:
                self.out.write(text)
            self.out.flush()


def render(message: Message) -> str:
    who = "bot>" if message.direction == "outbound" else "you>"
    lines = message.body.splitlines() or [""]
    return "".join(f"{who if i == 0 else ' ' * len(who)} {line}\n" for i, line in enumerate(lines))


def _watch(screen: ChatScreen, stop: threading.Event) -> None:
    while not stop.wait(POLL_SECONDS):
        try:
            screen.show_new()
        except SQLAlchemyError:  # a database restart must not end the chat; retry next tick
            logging.getLogger(__name__).debug("chat watcher failed", exc_info=True)


def run_chat(rt: Runtime, sender: str, channel: str) -> None:
    from bot.jobs.queue import InProcessJobQueue
    from webhooks import create_app
    from webhooks.simulator import inbound_form, post_inbound

    try:
        phone = to_e164(sender)
    except PhoneError as exc:
        raise click.ClickException(f"--from: {exc}") from exc
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # Without -v, the console transport's log lines would interleave with the chat.
        logging.getLogger().setLevel(logging.WARNING)
    app = create_app(rt)
    base_url = rt.settings.public_url or LOCAL_BASE_URL
    screen = ChatScreen(rt, phone)
    screen.show_history()
    role = "a technician's number: commands work" if phone in rt.config.staff_phones else "customer"
    click.echo(f"You are {phone} on {channel} ({role}). Type a message; Ctrl-D to quit.")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(screen, stop), name="chat-watcher", daemon=True)
    watcher.start()
    try:
        while True:
            screen.at_prompt = True
            try:
                line = input(PROMPT)
            except (EOFError, KeyboardInterrupt):
                click.echo()
                return
            finally:
                screen.at_prompt = False
            if not line.strip():
                continue
            response = post_inbound(app, rt, inbound_form(rt, phone, channel, line), base_url)
            if response.status_code != 200:
                detail = response.get_data(as_text=True).strip()
                click.echo(f"! the webhook answered {response.status_code}: {detail}")
                continue
            if isinstance(rt.queue, InProcessJobQueue):
                rt.queue.wait_idle(timeout=5)
            screen.show_new()
    finally:
        stop.set()
        watcher.join(2)
