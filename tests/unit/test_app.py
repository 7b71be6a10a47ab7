"""The composition root imports every module under ``bot/`` (the command line aside), so an
import error stops a process at boot instead of reaching a customer's first message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, pkgutil, sys
import bot, bot.app
every = sorted(m.name for m in pkgutil.walk_packages(bot.__path__, "bot."))
print(json.dumps({"every": every, "loaded": sorted(m for m in sys.modules if m.startswith("bot"))}))
"""


def test_importing_the_app_imports_every_module_but_the_command_line() -> None:
    # A fresh interpreter: this test process has imported half the tree already.
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    wanted = [m for m in seen["every"] if m != "bot.cli" and not m.startswith("bot.cli.")]
    assert len(wanted) > 40
    assert [m for m in wanted if m not in seen["loaded"]] == []
