"""Blind intake benchmark: customers nobody on the project wrote, through the real webhook.

Each case of ``bench/blind/intakes_<split>.yml`` (written by helpers who never saw the
code; see bench/blind/README.md) is one customer: first messages, then a free-form answer
for every question the bot may ask, and the truth. The customer is played through
``POST /webhooks/twilio/messages`` signed with twilio's ``RequestValidator``, at the
case's time of day (office, evening, weekend), answering whatever the bot awaits
(``GET /api/conversations``). A customer who stops answering goes silent; the clock then
moves past ``[intake] abandon_after`` and the sweeper runs, as in production.

    .venv/bin/python bench/intake_blind.py --split dev [--misses] [--json out.json]
    .venv/bin/python bench/intake_blind.py --split test      # frozen: aggregate figures only

Prints per language and per field: tickets created (cancels aside; cancels honoured
separately: no ticket, or the ticket withdrawn by the customer's cancel when it was filed
before they could send it), company, contact name, contact phone, priority (with too high / too low
separately), and the number of customer messages it took to get a ticket.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import tempfile
import unicodedata
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
import yaml
from sqlalchemy import update
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_runtime  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.jobs.sweeper import sweep_once  # noqa: E402
from bot.runtime import use  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Conversation, Ticket  # noqa: E402
from webhooks import create_app  # noqa: E402

BLIND = ROOT / "bench" / "blind"
TOKEN = "bench-token"
AUTH_TOKEN = "blind-bench-auth-token"
PUBLIC_URL = "https://deskbot.example"
MAX_MESSAGES = 14
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
LEGAL_FORMS = {
    "ltd",
    "limited",
    "pty",
    "srl",
    "spa",
    "sro",
    "as",
    "inc",
    "cc",
    "sas",
    "snc",
    "llc",
    "plc",
    "zu",
    # legal forms of associations and non-profits, and Afrikaans (Edms) Bpk = (Pty) Ltd, BK = CC
    "zs",
    "ops",
    "vos",
    "npc",
    "asd",
    "aps",
    "odv",
    "onlus",
    "soc",
    "coop",
    "edms",
    "bpk",
    "bk",
    # Czech public bodies (p.o.) and Italian amateur sports clubs (SSD a r.l.)
    "po",
    "ssd",
    "arl",
}
# Legal forms of more than one word, written out: "příspěvková organizace" (p.o.), "pobočný
# spolek" (a branch association, as a volunteer fire brigade's), "a r.l." (a responsabilità
# limitata).
# A Sokol unit's "TJ" is its "Tělocvičná jednota" (or "Tělovýchovná jednota") written out.
SOKOL_UNIT = re.compile(r"\b(?:telocvicna|telovychovna) jednota\b")
LEGAL_PHRASES = re.compile(r"\b(?:prispevkova organizace|pobocny spolek|a rl)\b")
# "&" is written out: "Clearing and Forwarding", "Rossi e Figli", "Novák a syn", "Plumbing n
# Drains"; the usual abbreviations of a kind of business are written out too ("F.lli Sala",
# "Az. Agr. Il Poggio", "CK Toulky", "IC Pascoli").
AND = {
    **dict.fromkeys(("n", "e", "a", "y"), "and"),
    "flli": "fratelli",
    "az": "azienda",
    "agr": "agricola",
    "ck": "cestovni kancelar",
    "rk": "realitni kancelar",
    "ic": "istituto comprensivo",
}
TITLES = {
    *("mr", "mrs", "ms", "dr", "sister", "prof"),
    *("ing", "mgr", "bc", "mudr", "judr", "mvdr", "phdr", "rndr"),
    *("dott", "dottssa", "sig", "sigra", "suor"),
}
CONFIRM_DEFAULT = {"en": "yes", "cs": "ano", "it": "sì"}


def moments(zone: ZoneInfo) -> dict[str, datetime]:
    """Wednesday 2 Dec 2026 10:00 / 19:30 and Saturday 5 Dec 11:00, helpdesk time."""
    return {
        "office": datetime(2026, 12, 2, 10, 0, tzinfo=zone),
        "evening": datetime(2026, 12, 2, 19, 30, tzinfo=zone),
        "weekend": datetime(2026, 12, 5, 11, 0, tzinfo=zone),
    }


def fold(text: str | None) -> str:
    """Lower case, no accents, no punctuation; "s.r.o." reads "sro", "St Anne's" "st annes"."""
    text = (text or "").casefold().replace(".", "").replace("'", "").replace("’", "")
    text = unicodedata.normalize("NFKD", text)
    return " ".join(re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c))))


def same_company(got: str | None, want: str) -> bool:
    """Equal without case, accents, punctuation or the legal form ("Bianchi Srl" = "Bianchi"),
    with "&" and the word for "and" the same; a truth "X t/a Y" is matched by X, Y or both."""

    def core(name: str | None) -> str:
        folded = LEGAL_PHRASES.sub(" ", fold((name or "").replace("&", " and ")))
        words = SOKOL_UNIT.sub("tj", folded).split()
        return " ".join(AND.get(w, w) for w in words if w not in LEGAL_FORMS)

    # "Kriel Veterinary Services CC t/a Paws & Claws Vet Clinic": either name is the firm's
    names = [want, *re.split(r"(?i)\s+(?:t/a|trading as)\s+", want)]
    return bool(got) and core(got) in {core(name) for name in names}


def same_name(got: str | None, want: str) -> bool:
    """The same words in any order, titles aside ("Bartoš Jiří" = "Jiří Bartoš")."""

    def words(name: str | None) -> list[str]:
        return sorted(w for w in fold(name).split() if w not in TITLES)

    return bool(got) and words(got) == words(want)


class Customer:
    """One blind case played against the app."""

    def __init__(self, client: Any, case: dict[str, Any], at: datetime) -> None:
        self.client = client
        self.case = case
        self.sender = case["from"]
        self.channel = case.get("channel", "whatsapp")
        self.at = at
        self.sent = 0
        self.answers_given = 0
        self.asked: dict[str, int] = defaultdict(int)
        self.trail: list[str] = []
        self.validator = RequestValidator(AUTH_TOKEN)

    def address(self) -> str:
        return f"whatsapp:{self.sender}" if self.channel == "whatsapp" else self.sender

    def send(self, text: str) -> None:
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": self.address(),
            "To": "whatsapp:+14155238886" if self.channel == "whatsapp" else "+15005550006",
            "Body": text,
            "NumMedia": "0",
        }
        url = f"{PUBLIC_URL}/webhooks/twilio/messages"
        signature = self.validator.compute_signature(url, form)
        response = self.client.post(
            "/webhooks/twilio/messages", data=form, headers={"X-Twilio-Signature": signature}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        self.sent += 1

    def state(self) -> dict[str, Any]:
        phone = self.sender.replace("+", "%2B")
        return self.client.get(
            f"/api/conversations?phone={phone}", headers={"Authorization": f"Bearer {TOKEN}"}
        ).get_json()

    def answer_for(self, field: str) -> str | None:
        """The customer's next reply to ``field``, or None once they have gone silent."""
        stop_after = self.case.get("stop_after")
        if isinstance(stop_after, str) and self.asked[stop_after]:
            return None  # answered the field they stop after (later sets name it)
        if isinstance(stop_after, int) and self.answers_given >= stop_after:
            return None
        answers = self.case.get("answers") or {}
        value = answers.get(field)
        if field == "confirm" and value is None:
            value = CONFIRM_DEFAULT.get(self.case["language"], "yes")
        if value is None:
            value = answers.get("description") or "?"
        if isinstance(value, list):
            index = min(self.asked[field], len(value) - 1)
            value = value[index]
        self.asked[field] += 1
        self.answers_given += 1
        return str(value)


def forget_earlier_cases(rt: Any, phone: str) -> None:
    """Cases are separate stories: a directory contact's earlier case is long solved, so
    close their tickets and let their conversation start afresh."""
    with rt.sessions.begin() as session:
        session.execute(
            update(Ticket).where(Ticket.customer_phone == phone).values(status="closed")
        )
        session.execute(
            update(Conversation)
            .where(Conversation.phone == phone)
            .values(state="idle", awaiting=None, slots={}, repeats=0, ticket_id=None)
        )


def play(app: Any, rt: Any, case: dict[str, Any], at: datetime, abandon: timedelta) -> dict:
    forget_earlier_cases(rt, case["from"])
    client = app.test_client()
    customer = Customer(client, case, at)
    ticket_after: int | None = None
    with time_machine.travel(at, tick=True) as clock:
        for message in case.get("messages") or []:
            customer.send(str(message))
        while customer.sent < MAX_MESSAGES:
            state = customer.state()
            if state.get("ticket"):
                ticket_after = customer.sent
                break
            awaiting = state.get("awaiting")
            if awaiting is None:
                break  # the bot asks nothing more (cancelled, handed over, ...)
            customer.trail.append(awaiting)
            reply = customer.answer_for(awaiting)
            if reply is None:
                break  # the customer stopped answering
            customer.send(reply)
        state = customer.state()
        withdraws = not case["truth"].get("ticket", True) and "confirm" not in customer.asked
        if state.get("ticket") and withdraws and customer.sent < MAX_MESSAGES:
            # Filed without a last check: the customer sends the cancel they meant for it.
            reply = customer.answer_for("confirm")
            if reply is not None:
                customer.send(reply)
        if not state.get("ticket"):
            clock.shift(abandon + timedelta(minutes=1))
            with use(rt):
                sweep_once(rt)
            state = customer.state()
        ref = state.get("ticket")
        ticket = None
        if ref:
            ticket = client.get(
                f"/api/tickets/{ref}", headers={"Authorization": f"Bearer {TOKEN}"}
            ).get_json()
    return {
        "case": case,
        "ticket": ticket,
        "messages": ticket_after,
        "sent": customer.sent,
        "asked": customer.trail,
    }


def score(results: list[dict]) -> dict[str, Any]:
    """Aggregate figures per language and overall."""
    per: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    too_high: dict[str, int] = defaultdict(int)
    too_low: dict[str, int] = defaultdict(int)
    messages: dict[str, list[int]] = defaultdict(list)
    misses: list[str] = []
    for r in results:
        case, ticket, truth = r["case"], r["ticket"], r["case"]["truth"]
        for lang in (case["language"], "all"):
            checks = per[lang]
            want_ticket = bool(truth.get("ticket", True))
            if not want_ticket:  # cancels aside: reported on their own
                withdrawn = ticket is not None and ticket["status"] == "closed"
                checks["cancel_honoured"].append(ticket is None or withdrawn)
                continue
            checks["ticket"].append(ticket is not None)
            if ticket is None:
                continue
            if r["messages"] is not None:
                messages[lang].append(r["messages"])
            if truth.get("company"):
                checks["company"].append(same_company(ticket["company"], truth["company"]))
            if truth.get("contact_name"):
                checks["contact_name"].append(
                    same_name(ticket["contact_name"], truth["contact_name"])
                )
            if truth.get("contact_phone"):
                checks["contact_phone"].append(ticket["contact_phone"] == truth["contact_phone"])
            if truth.get("priority"):
                got, want = (
                    PRIORITY_RANK.get(ticket["priority"], -1),
                    PRIORITY_RANK[truth["priority"]],
                )
                checks["priority"].append(got == want)
                too_high[lang] += got > want
                too_low[lang] += got < want
        if ticket is None and truth.get("ticket", True):
            misses.append(f"{case['id']}: no ticket")
        elif not truth.get("ticket", True):
            if ticket is not None and ticket["status"] != "closed":
                misses.append(f"{case['id']}: cancel not honoured")
        elif ticket is not None:
            for field, ok in (
                ("company", same_company(ticket["company"], truth.get("company") or "")),
                (
                    "contact_name",
                    same_name(ticket["contact_name"], truth.get("contact_name") or ""),
                ),
                ("contact_phone", ticket["contact_phone"] == truth.get("contact_phone")),
                ("priority", ticket["priority"] == truth.get("priority")),
            ):
                if truth.get(field) and not ok:
                    misses.append(
                        f"{case['id']} {field}: want {truth[field]!r} got {ticket[field]!r}"
                    )
    figures: dict[str, Any] = {}
    for lang, checks in per.items():
        rated = len(checks["priority"])
        figures[lang] = {
            "cases": len(checks["ticket"]) + len(checks["cancel_honoured"]),
            **{k: round(sum(v) / len(v), 4) if v else None for k, v in checks.items()},
            "priority_too_high": round(too_high[lang] / rated, 4) if rated else None,
            "priority_too_low": round(too_low[lang] / rated, 4) if rated else None,
            "messages_median": statistics.median(messages[lang]) if messages[lang] else None,
        }
    return {"figures": figures, "misses": misses}


def print_questions(results: list[dict]) -> None:
    """Which questions the customers were asked, and the messages they took: where the
    conversation could be shorter."""
    asked: dict[str, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for r in results:
        for field in set(r["asked"]):
            asked[field] += 1
        counts[r["messages"] if r["messages"] is not None else -1] += 1
    total = len(results)
    print("questions asked (share of customers):")
    for field, n in sorted(asked.items(), key=lambda kv: -kv[1]):
        print(f"  {field:>14} {n / total:6.1%}")
    print("messages to a ticket: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


def load(split: str, language: str | None) -> list[dict]:
    cases = yaml.safe_load((BLIND / f"intakes_{split}.yml").read_text())["cases"]
    return [c for c in cases if language is None or c["language"] == language]


def check_frozen(split: str) -> None:
    if split != "test":
        return
    expected = dict(
        line.split()[::-1] for line in (BLIND / "FROZEN.sha256").read_text().splitlines()
    )
    digest = hashlib.sha256((BLIND / "intakes_test.yml").read_bytes()).hexdigest()
    if expected.get("intakes_test.yml") != digest:
        raise SystemExit("bench/blind/intakes_test.yml changed since it was frozen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits = ["dev", *(f"dev{n}" for n in range(2, 21)), "test"]
    parser.add_argument("--split", choices=splits, default="dev")
    parser.add_argument("--language", choices=["en", "cs", "it"])
    parser.add_argument("--misses", action="store_true", help="list misses (dev split only)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument(
        "--questions", action="store_true", help="how often each question was asked (dev only)"
    )
    args = parser.parse_args()
    if (args.misses or args.questions) and args.split == "test":
        parser.error("the test split is frozen: aggregate figures only")
    check_frozen(args.split)
    folder = tempfile.mkdtemp(prefix="deskbot-blind-")
    url = f"sqlite:///{folder}/blind.db"
    upgrade(make_engine(url))
    settings = Settings(
        database_url=url,
        api_token=TOKEN,
        transport="console",
        twilio_auth_token=AUTH_TOKEN,
        public_url=PUBLIC_URL,
    )
    rt = build_runtime(settings)
    app = create_app(rt)
    zone = rt.config.zone
    when = moments(zone)
    abandon = rt.config.intake.abandon_after
    cases = load(args.split, args.language)
    results = [
        play(app, rt, case, when.get(case.get("when") or "office", when["office"]), abandon)
        for case in cases
    ]
    outcome = score(results)
    if args.questions:
        print_questions(results)
    print(f"blind intakes, {args.split} split: {len(cases)} customers through the signed webhook")
    header = [
        "lang",
        "cases",
        "ticket",
        "company",
        "name",
        "phone",
        "priority",
        "too high",
        "too low",
        "msgs p50",
        "cancels",
    ]
    print("  " + "".join(f"{h:>10}" for h in header))
    keys = [
        "cases",
        "ticket",
        "company",
        "contact_name",
        "contact_phone",
        "priority",
        "priority_too_high",
        "priority_too_low",
        "messages_median",
        "cancel_honoured",
    ]
    for lang in ("en", "cs", "it", "all"):
        row = outcome["figures"].get(lang)
        if not row:
            continue
        cells = []
        for key in keys:
            value = row.get(key)
            if value is None:
                cells.append("-")
            elif key in ("cases", "messages_median"):
                cells.append(f"{value:g}")
            else:
                cells.append(f"{value:.1%}")
        print("  " + f"{lang:>10}" + "".join(f"{c:>10}" for c in cells))
    if args.misses:
        for miss in outcome["misses"]:
            print("  MISS", miss)
    if args.json:
        args.json.write_text(json.dumps(outcome["figures"], indent=2))
    rt.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
