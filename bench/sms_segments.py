"""How many SMS segments each message template costs, in each language (issue 14).

Every message marked with ``N_``/``NP_`` is rendered with realistic values of its language
(names with diacritics in Czech, a Tuesday-at-noon due date in the customer's locale, a
2-count for plurals) and measured both ways an SMS can travel:

- **GSM-7**: 160 septets in one segment, 153 per segment when split; the extension
  characters (``{ } [ ] ~ \\ | ^ €``) take two septets. Only possible when every character
  is in the GSM 03.38 alphabet; otherwise the column shows ``-``.
- **UCS-2**: 70 UTF-16 units in one segment, 67 per segment when split.

The *sent* column is what Twilio sends: GSM-7 when the text allows it, else UCS-2. WhatsApp
has no segments; this is for the SMS channel.

    .venv/bin/python bench/sms_segments.py            # markdown table, then a summary
    .venv/bin/python bench/sms_segments.py --over 1   # only templates over one segment
"""

from __future__ import annotations

import argparse
import math
import string
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bot.app  # noqa: E402,F401 - imports every feature: every message is registered
from bot.core.address import salutation  # noqa: E402
from bot.core.i18n import (  # noqa: E402
    Plural,
    local_time,
    registered,
    translate,
    translate_plural,
)
from bot.tickets.notifications import HOURS, MINUTES, duration_text  # noqa: E402

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"
ZONE = ZoneInfo("Europe/Prague")
DUE = datetime(2026, 12, 1, 12, 0, tzinfo=ZONE)
LOCALES = {"en": "en_GB", "cs": "cs_CZ", "it": "it_IT"}
PEOPLE = {  # (customer, technician, company, problem)
    "en": ("Jane Doe", "Thabo Nkosi", "Acme Ltd", "printer in reception not printing"),
    "cs": ("Pavel Černý", "Petra Svobodová", "Pekárna U Dvořáků", "tiskárna v recepci netiskne"),
    "it": ("Giulia Bianchi", "Marco Rossi", "Bianchi Srl", "la stampante non stampa"),
}


def values(language: str) -> dict[str, object]:
    customer, technician, company, problem = PEOPLE[language]
    due = local_time(DUE, ZONE, LOCALES[language])
    return {
        "ref": "TKT-1042",
        "example": "TKT-1042",
        "phone": "+420602111222",
        "helpdesk": "Example IT",
        "company": company,
        "contact_name": customer,
        "contact_phone": "+420602111222",
        "name": salutation(customer, language),
        "technician": technician,
        "priority": translate(language, "high"),
        "status": translate(language, "in_progress"),
        "summary": problem,
        "description": problem,
        "reason": problem,
        "text": problem,
        "due": due,
        "date": due,
        "time": "12:00",
        "duration": duration_text(language, 90),
        "total": duration_text(language, 125),
        "hours": translate_plural(language, HOURS, 2),
        "minutes": translate_plural(language, MINUTES, 5),
        "parts": "1x toner HP 305A",
        "field": translate(language, "company"),
        "value": company,
        "email": "jane@acme.example",
        "email_line": "",
        "onsite_line": "",
        # technicians' messages
        "who": f"{customer} ({company})",
        "usage": "TKT-1042 onsite WHEN [DURATION] [REASON]",
        "number": "+27821234567",
        "names": f"{technician}, Lerato Dlamini",
        "matches": f"{technician}, Lerato Dlamini",
        "channel": "sms",
        "problem": "'blah' is not a day",
        "when": due,
        "count": 3,
        "prefix": "TKT",
        "help": "log work",
        "aliases": "4",
        "word": "blah",
        "command": "ack",
        "hint": "Send HELP for the commands.",
        "headline": "New ticket",
        "flags": "",
        "first": "TKT-1042 ack",
        "rest": "TKT-1042 resolve",
        "line": "TKT-1042 ack",
        "range": "25:00-26:00",
        "timeout": "10m",
        "level": 2,
        "percent": 75,
        "target": "1h",
        "assignee": technician,
    }


def gsm7_segments(text: str) -> int | None:
    """Segments in GSM-7, or None when a character is outside the GSM alphabet."""
    if any(c not in GSM_BASIC and c not in GSM_EXTENSION for c in text):
        return None
    septets = sum(2 if c in GSM_EXTENSION else 1 for c in text)
    return 1 if septets <= 160 else math.ceil(septets / 153)


def ucs2_segments(text: str) -> int:
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


def render(message: str | Plural, language: str) -> str:
    if isinstance(message, Plural):
        return translate_plural(language, message, 2, **values(language))
    return translate(language, message, **values(language))


def label(message: str | Plural) -> str:
    text = message.singular if isinstance(message, Plural) else message
    text = " ".join(text.split())
    return (text[:48] + "…") if len(text) > 49 else text


def is_template(message: str | Plural) -> bool:
    """A sentence sent on its own or as a paragraph, not a word put into another message."""
    text = message.singular if isinstance(message, Plural) else message
    names = {n for _, n, _, _ in string.Formatter().parse(text) if n}
    return len(text) > 20 or bool(names and " " in text.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--over", type=int, default=0, help="only rows sent in more segments")
    args = parser.parse_args()
    print("| template | lang | chars | GSM-7 | UCS-2 | sent |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    totals: dict[str, list[int]] = {lang: [0, 0] for lang in PEOPLE}
    for message in registered():
        if not is_template(message):
            continue
        for language in PEOPLE:
            text = render(message, language)
            gsm, ucs = gsm7_segments(text), ucs2_segments(text)
            sent = gsm if gsm is not None else ucs
            totals[language][0] += 1
            totals[language][1] += sent == 1
            if sent <= args.over:
                continue
            encoding = "GSM-7" if gsm is not None else "UCS-2"
            shown = label(message).replace("|", "\\|")
            gsm_text = "-" if gsm is None else str(gsm)
            print(
                f"| {shown} | {language} | {len(text)} | {gsm_text} | {ucs} | {sent} {encoding} |"
            )
    print()
    for language, (count, single) in totals.items():
        print(f"{language}: {single} of {count} templates fit in one SMS segment as sent")


if __name__ == "__main__":
    main()
