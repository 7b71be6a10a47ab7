"""``deskbot chat`` in a real terminal (tmux): type a line, read the bot's reply; the
history comes back on the next start; a message sent from elsewhere shows up unasked."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import require

ROOT = Path(__file__).resolve().parents[2]
DESKBOT = ROOT / ".venv" / "bin" / "deskbot"
CUSTOMER = "+27825551234"
WAIT_SECONDS = 20.0


class Terminal:
    """A tmux session on a private server socket, so nothing else's tmux is touched."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"deskbot-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.session = "chat"

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, command: list[str]) -> None:
        env_args = [f"{k}={v}" for k, v in self.env.items()]
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            "160",
            "-y",
            "50",
            "env",
            "-i",
            *env_args,
            *command,
        )
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", self.session)

    def wait_for(self, text: str, count: int = 1) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} (x{count}) never appeared; the terminal shows:\n{screen}")
            time.sleep(0.1)

    def type(self, line: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", line)
        self.tmux("send-keys", "-t", self.session, "Enter")

    def quit(self) -> None:
        self.tmux("send-keys", "-t", self.session, "C-d")
        deadline = time.monotonic() + WAIT_SECONDS
        while self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, f"deskbot chat did not exit:\n{self.screen()}"
            time.sleep(0.1)
        self.tmux("kill-session", "-t", self.session)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def chat_db(tmp_path: Path) -> str:
    from storage.db import make_engine
    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path}/chat.db"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def nlu_cache() -> str:
    """The trained NLU model on disk, built here once if missing, so the chat starts quickly."""
    from nlu.cache import cache_dir
    from nlu.parser import load_model

    load_model()
    return str(cache_dir())


@pytest.fixture
def terminal(chat_db: str, nlu_cache: str, tmp_path: Path) -> Iterator[Terminal]:
    require(shutil.which("tmux") is not None, "tmux is not installed")
    require(DESKBOT.exists(), f"{DESKBOT} is missing: run `make run` or `pip install -e .`")
    env = {
        "DESKBOT_NLU_CACHE": nlu_cache,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "DATABASE_URL": chat_db,  # console transport and in-process queue: nothing else set
    }
    term = Terminal(env)
    yield term
    term.close()


def test_chat_replies_keeps_history_and_shows_late_messages(
    terminal: Terminal, chat_db: str
) -> None:
    command = [str(DESKBOT), "chat", "--from", CUSTOMER, "--channel", "sms"]
    terminal.start(command)
    terminal.wait_for(f"You are {CUSTOMER} on sms (customer)")

    terminal.type("Hello, my printer is broken")

    screen = terminal.wait_for("bot> ")
    assert "you> Hello, my printer is broken" in screen
    assert " INFO " not in screen  # log lines stay out of the conversation
    asked = [line for line in screen.splitlines() if line.startswith("bot> ")][-1]

    terminal.quit()
    terminal.start(command)
    screen = terminal.wait_for(f"You are {CUSTOMER}")
    assert "you> Hello, my printer is broken" in screen and asked in screen  # the history

    _send_from_elsewhere(chat_db, CUSTOMER, "Your technician is on the way")
    terminal.wait_for("bot> Your technician is on the way")
    terminal.quit()


def _send_from_elsewhere(database_url: str, phone: str, body: str) -> None:
    """What a technician's reply does: an outbound row written by another process."""
    from bot.app import build_runtime
    from bot.core.settings import Settings

    rt = build_runtime(Settings(database_url=database_url))
    try:
        with rt.sessions.begin() as session:
            rt.outbox.queue(session, channel="sms", to=phone, body=body)
    finally:
        rt.close()
