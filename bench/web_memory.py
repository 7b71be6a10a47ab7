"""Memory of one web process with everything loaded: the Flask app, SQLAlchemy, the
twilio SDK and the NLU model (issue 3 target: under 250 MB).

    .venv/bin/python bench/web_memory.py
"""

from __future__ import annotations

import resource
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    from bot.app import build_runtime
    from bot.core.settings import Settings
    from storage.db import make_engine
    from storage.migrate import upgrade
    from webhooks import create_app

    base = rss_mb()
    url = f"sqlite:///{tempfile.mkdtemp()}/memory.db"
    upgrade(make_engine(url))
    runtime = build_runtime(Settings(database_url=url, api_token="t"))
    client = create_app(runtime).test_client()
    for i in range(200):
        client.post(
            "/webhooks/twilio/messages",
            data={
                "MessageSid": "SM" + uuid.uuid4().hex,
                "From": f"+2782555{i:04d}",
                "To": "+15005550006",
                "Body": "hi its Sam from Acme, the VPN is down for everyone",
            },
        )
    runtime.queue.wait_idle()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"python start {base:.0f} MB; web process after 200 intakes with NLU loaded: "
        f"RSS {rss_mb():.0f} MB, peak {peak:.0f} MB (target < 250 MB)"
    )
    runtime.close()


if __name__ == "__main__":
    main()
