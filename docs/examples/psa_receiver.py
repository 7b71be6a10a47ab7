"""A PSA's side of deskbot's webhooks, with nothing but the standard library: verify
``X-Deskbot-Signature`` (HMAC-SHA256 of "<t>.<raw body>", 5-minute replay window), skip
events already seen (delivery is at least once), print each event as one JSON line.

    DESKBOT_WEBHOOK_SECRET=... python docs/examples/psa_receiver.py 8088
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ["DESKBOT_WEBHOOK_SECRET"].encode()
TOLERANCE = 300  # seconds: older (or future) timestamps are refused as replays
seen: set[str] = set()


def verified(header: str, body: bytes) -> bool:
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [v for k, v in parts if k == "t"]
    signatures = [v for k, v in parts if k == "v1"]
    if not timestamps or not timestamps[0].isdigit() or not signatures:
        return False
    t = timestamps[0]
    expected = hmac.new(SECRET, t.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        return False
    return abs(time.time() - int(t)) <= TOLERANCE


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not verified(self.headers.get("X-Deskbot-Signature", ""), body):
            self.send_response(400)  # a 4xx is not retried
            self.end_headers()
            return
        event = json.loads(body)
        if event["id"] not in seen:  # a retry of an event already handled: answer 200 again
            seen.add(event["id"])
            ticket = event["data"].get("ticket") or {}
            print(json.dumps({"type": event["type"], "id": event["id"],
                              "ticket": ticket.get("ref"), "status": ticket.get("status")}),
                  flush=True)  # fmt: skip
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8088
    ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
