"""Train and serve a real Rasa NLU server on deskbot's own training data (``nlu/``).

Why: deskbot can ask a Rasa server (``RASA_URL``) instead of its embedded parser; this
gives the tests and the side-by-side benchmark a real one without touching the project's
Python (Rasa 3.6 needs Python < 3.11, so it lives in ``.venv-rasa``, see ``make rasa-env``).

Training runs ``rasa train nlu`` on a copy of ``nlu/data`` + ``nlu/config.yml`` and keeps
the model in ``.cache/rasa/models/``, named by a fingerprint of that data, the config and
the Rasa version: an unchanged fingerprint reuses the model (training takes 5-10 minutes
on 2 cores). Serving runs ``rasa run --enable-api`` on 127.0.0.1 on a free port.

    .venv/bin/python bench/rasa_server.py train              # prints the model path
    .venv/bin/python bench/rasa_server.py start              # background; prints the URL
    .venv/bin/python bench/rasa_server.py stop
    .venv/bin/python bench/rasa_server.py run -- CMD ARGS    # serve while CMD runs
    # CMD gets RASA_URL and DESKBOT_RASA_TEST_URL; exits with CMD's status.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
NLU_DATA = ROOT / "nlu" / "data"
NLU_CONFIG = ROOT / "nlu" / "config.yml"
CACHE = ROOT / ".cache" / "rasa"
DEFAULT_RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
STATE_FILE = CACHE / "server.json"

# Quiet, offline Rasa: no telemetry prompt or upload, less TensorFlow chatter.
RASA_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore",
}


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only what a caller may parse (a path, a URL)."""
    print(f"[rasa_server] {message}", file=sys.stderr, flush=True)


def rasa_version(rasa_bin: Path) -> str:
    """The installed Rasa version, read from its dist-info (importing rasa takes seconds)."""
    venv = rasa_bin.resolve().parent.parent
    found = sorted(venv.glob("lib/python*/site-packages/rasa-*.dist-info"))
    return found[-1].name.removeprefix("rasa-").removesuffix(".dist-info") if found else "unknown"


def data_fingerprint(
    data_dir: Path = NLU_DATA, config: Path = NLU_CONFIG, version: str = "unknown"
) -> str:
    """Hash of every training file, the pipeline config and the Rasa version."""
    digest = hashlib.sha256(f"rasa {version}\n".encode())
    digest.update(b"config.yml\0" + config.read_bytes() + b"\0")
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def rasa_env() -> dict[str, str]:
    """The environment Rasa subprocesses run in."""
    env = dict(os.environ)
    env.update(RASA_ENV)
    return env


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive file lock, so two callers never train the same model at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def train(
    rasa_bin: Path = DEFAULT_RASA_BIN,
    *,
    data_dir: Path = NLU_DATA,
    config: Path = NLU_CONFIG,
    cache: Path = CACHE,
    force: bool = False,
) -> Path:
    """The model for the current data: reused when its fingerprint is cached, else trained."""
    if not rasa_bin.exists():
        raise SystemExit(f"{rasa_bin} not found: run `make rasa-env` first")
    fingerprint = data_fingerprint(data_dir, config, rasa_version(rasa_bin))
    model = cache / "models" / f"nlu-{fingerprint}.tar.gz"
    with _locked(cache / "train.lock"):
        if model.exists() and not force:
            log(f"reusing {model}")
            return model
        work = cache / "work" / fingerprint
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(data_dir, work / "data")
        shutil.copy2(config, work / "config.yml")
        train_log = cache / "logs" / f"train-{fingerprint}.log"
        train_log.parent.mkdir(parents=True, exist_ok=True)
        log(f"training Rasa NLU (5-10 min on 2 cores); log: {train_log}")
        started = time.monotonic()
        with train_log.open("w") as out:
            result = subprocess.run(
                [
                    str(rasa_bin.resolve()),
                    "train",
                    "nlu",
                    "--config",
                    "config.yml",
                    "--nlu",
                    "data",
                    "--out",
                    "models",
                    "--fixed-model-name",
                    f"nlu-{fingerprint}",
                ],
                cwd=work,
                env=rasa_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        trained = work / "models" / f"nlu-{fingerprint}.tar.gz"
        if result.returncode != 0 or not trained.exists():
            raise SystemExit(f"rasa train nlu failed ({result.returncode}):\n{_tail(train_log)}")
        model.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(trained, model)
        shutil.rmtree(work, ignore_errors=True)
        log(f"trained in {time.monotonic() - started:.0f} s: {model}")
        return model


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse(url: str, text: str, timeout: float = 10.0) -> dict[str, object]:
    """Rasa's ``POST /model/parse`` answer for ``text``."""
    request = urllib.request.Request(
        f"{url}/model/parse",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.loads(response.read().decode())
    if not isinstance(answer, dict) or "intent" not in answer:
        raise ValueError(f"not a parse answer: {answer!r}")
    return answer


class RasaServer:
    """``rasa run --enable-api`` on 127.0.0.1, in its own process group; a context manager."""

    def __init__(
        self,
        model: Path,
        rasa_bin: Path = DEFAULT_RASA_BIN,
        *,
        port: int | None = None,
        startup_timeout: float = 300.0,
        log_dir: Path = CACHE / "logs",
    ) -> None:
        self.model = model
        self.rasa_bin = rasa_bin
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.log_path = log_dir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, detach: bool = False) -> str:
        """Start the server and wait until ``/model/parse`` answers; returns its URL."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(self.rasa_bin.resolve()),
            "run",
            "--enable-api",
            "--model",
            str(self.model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        log(f"starting Rasa on {self.url}; log: {self.log_path}")
        started = time.monotonic()
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(
                command,
                cwd=self.model.parent,
                env=rasa_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stop() ends all of it
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        log(f"Rasa answers /model/parse after {time.monotonic() - started:.0f} s")
        if detach:
            STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
            STATE_FILE.write_text(json.dumps({"pid": self.process.pid, "url": self.url}))
        return self.url

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"rasa run exited with {self.process.returncode}:\n{_tail(self.log_path)}"
                )
            try:
                parse(self.url, "hello", timeout=30.0)  # the first parse also warms it up
                return
            except (OSError, ValueError):
                time.sleep(1.0)
        raise TimeoutError(
            f"Rasa did not answer within {self.startup_timeout:.0f} s:\n{_tail(self.log_path)}"
        )

    def stop(self) -> None:
        """End the server's process group: SIGTERM, then SIGKILL after 20 s."""
        if self.process is not None:
            stop_group(self.process.pid, self.process)
            self.process = None

    def __enter__(self) -> RasaServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def stop_group(
    pid: int, process: subprocess.Popen[bytes] | None = None, grace: float = 20.0
) -> None:
    """SIGTERM the process group led by ``pid`` (one we started), SIGKILL it if it lingers."""

    def gone() -> bool:
        if process is not None:
            return process.poll() is not None
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return True
        return False

    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while not gone() and time.monotonic() < deadline:
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # also whatever the leader left behind
    if process is not None:
        process.wait()


def _is_rasa(pid: int) -> bool:
    """Whether ``pid`` still runs ``rasa run`` (the recorded pid may have been reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith(b"rasa") for part in cmdline) and b"run" in cmdline


def _stop_detached() -> int:
    if not STATE_FILE.exists():
        log("no server started by `start` is recorded")
        return 1
    state = json.loads(STATE_FILE.read_text())
    if _is_rasa(int(state["pid"])):
        stop_group(int(state["pid"]))
        log(f"stopped {state['url']}")
    else:
        log(f"{state['url']} (pid {state['pid']}) is not running any more")
    STATE_FILE.unlink()
    return 0


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so ``with RasaServer`` / ``finally`` still stop Rasa."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rasa-bin", type=Path, default=DEFAULT_RASA_BIN, help="rasa executable")
    common.add_argument("--retrain", action="store_true", help="train even if a model is cached")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("train", parents=[common], help="train (or reuse) the model; prints its path")
    sub.add_parser("start", parents=[common], help="serve in the background; prints the URL")
    sub.add_parser("stop", help="stop the server that `start` started")
    run = sub.add_parser("run", parents=[common], help="serve while a command runs")
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="-- command and its arguments")
    args = ap.parse_args(argv)

    if args.command == "stop":
        return _stop_detached()
    if args.command == "train":
        print(train(args.rasa_bin, force=args.retrain))
        return 0
    if args.command == "start" and STATE_FILE.exists():
        state = json.loads(STATE_FILE.read_text())
        if _is_rasa(int(state["pid"])):
            log(f"already running at {state['url']} (`stop` it first)")
            print(state["url"])
            return 0
    server = RasaServer(train(args.rasa_bin, force=args.retrain), args.rasa_bin)
    if args.command == "start":
        print(server.start(detach=True))
        return 0
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("run: give the command after --")
    exit_on_sigterm()
    with server:
        env = dict(os.environ, RASA_URL=server.url, DESKBOT_RASA_TEST_URL=server.url)
        log(f"running {' '.join(cmd)} with RASA_URL={server.url}")
        return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main())
