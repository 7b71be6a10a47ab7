"""The signature block at the end of a message: who wrote it, for which company, and on
which number they can be reached.

Customers who write as they write e-mail sign off with a block of short lines (or one
line cut by ``|``): a name, a job title, the company, an office address and numbers. The
block is the most reliable place to find the contact, so it is read as a whole rather than
word by word: each segment is a name, a role, a company, an address or contact details.
A forwarded message's own signature is someone else's and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from bot.conversation import forwarded
from bot.conversation.readers.context import looks_like_problem, looks_like_sentence
from bot.conversation.readers.firm_words import BUSINESS_NOUNS, LEGAL_END, has_company_form
from bot.conversation.readers.firms import company_name
from bot.conversation.readers.names import ANY_ROLE, NOT_A_NAME, SURNAME_PARTICLES, strip_titles
from bot.core import vocab

SIGN_OFF_WORDS = (
    r"(?:kind regards|best regards|warm regards|many thanks|thanks again|regards|"
    r"best wishes|best|thanks|thank you|cheers|sincerely|yours sincerely|yours faithfully|"
    r"s pozdravem|se srdečným pozdravem|se srdecnym pozdravem|s přáním hezkého dne|"
    r"hezký den|hezky den|děkuji|dekuji|díky|diky|zdravím|zdravim|"
    r"cordiali saluti|distinti saluti|saluti|un saluto|grazie mille|grazie|"
    r"buona giornata|buon lavoro|a presto|cordialmente|blessings|regards to all)\b"
    r"(?:\s+(?:moc|mille|a lot|so much|in advance|předem|predem|in anticipo))?[\s,.!:-]*"
)
# "Grazie e buon lavoro", "Thanks and regards": two sign-offs joined are one.
SIGN_OFF = re.compile(r"(?i)^\s*" + SIGN_OFF_WORDS + r"(?:(?:e|and|a|&)\s+" + SIGN_OFF_WORDS + ")?")
# A sign-off inside the last line, after the last sentence: "... at all. Kind regards Nomvula".
INLINE_SIGN_OFF = re.compile(r"(?i)(?<=[.!?])\s+" + SIGN_OFF_WORDS)
CONTACT_LABEL = re.compile(
    r"(?i)^\s*(?:tel|tel\.|telefon|telefono|phone|ph|t|m|mob|mobile|cell|cellulare|cel|"
    r"fax|e-?mail|e|www|web|pec|p\.?\s?iva|ičo|ico|dič|dic)\b[\s.:]*"
)
# A tax or registration number is no number to call: "P.IVA 01234560401", "IČO 27082440".
TAX_ID_LABEL = re.compile(
    r"(?i)^\s*(?:p\.?\s?iva|partita iva|c\.?\s?f\.?|codice fiscale|ičo|ico|dič|dic|vat(?: no)?|"
    r"reg(?:istration)?\.? no|company reg)\b"
)
SIGNATURE_DELIMITER = re.compile(r"^(?:--|—|__+|-{3,})\s*$")
MOBILE_LABEL = re.compile(r"(?i)^\s*(?:m|mob|mobil|mobile|cell|cellulare|cel)\b")
LANDLINE_LABEL = re.compile(r"(?i)^\s*(?:tel|tel\.|telefon|telefono|phone|ph|t|office)\b")
SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+|\s+[–—]\s+|\s+-\s+")
DESIGNATION = re.compile(r"^(?:[A-Z]{2,5}(?:\([A-Z]{2,4}\))?|\(.*\)|Ph\.?D\.?|MBA|BSc|MSc)$")
NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")
MAX_BLOCK_LINES = 8
NICKNAME = re.compile(r"(?i)\s+(?:detto|detta|alias|aka|called|řečený|receny)\s+\S+.*$")


@dataclass(frozen=True)
class Signature:
    """What the block says; ``start`` is where it begins, so the problem text ends there."""

    start: int
    name: str | None = None
    company: str | None = None
    mobile: str | None = None
    landline: str | None = None


def _fold_words(text: str) -> list[str]:
    return [vocab.fold(w).strip(".,") for w in text.split()]


def _is_contact(segment: str) -> bool:
    digits = sum(ch.isdigit() for ch in segment)
    return (
        "@" in segment
        or "www." in segment.casefold()
        or digits >= 5
        or (bool(CONTACT_LABEL.match(segment)) and digits > 0)
    )


def _is_address(segment: str) -> bool:
    return any(ch.isdigit() for ch in segment)


# A registration number in brackets after the firm ("Siyakhula Community Trust (NPO
# 123-456)") is neither an address nor a number to call.
REGISTRATION = re.compile(
    r"(?i)\(\s*(?:npo|npc|reg\w*\.?(?: no\.?)?|ck|ico|ičo|p\.?\s?iva|vat|c\.?f\.?)[^)]*\)"
)


def _is_role(segment: str) -> bool:
    """ "Office Administrator", "vedoucí výroby", "Segreteria"; not "Studio Tecnico Rossi"."""
    words = _fold_words(segment)
    if not words or len(words) > 6 or LEGAL_END.match(segment):
        return False
    return words[-1] in ANY_ROLE or (words[0] in ANY_ROLE and words[0] not in BUSINESS_NOUNS)


def _name_of(segment: str) -> str | None:
    """A person's name: two to four capitalised words, titles aside ("Ing. Pavel Sedláček",
    "Adv. Lwazi Mahlangu")."""
    segment = NICKNAME.sub("", segment)  # "Zanon Giuseppe detto Bepi"
    words = segment.replace(",", " ").split()
    words = strip_titles(words)
    while len(words) > 1 and DESIGNATION.match(words[-1]):
        words = words[:-1]  # "Gerhard Louw CA(SA)", "Anna Rossi PhD"
    if not 1 <= len(words) <= 4:
        return None
    for index, word in enumerate(words):
        folded = vocab.fold(word).strip(".")
        if 0 < index < len(words) - 1 and folded in SURNAME_PARTICLES:
            continue  # "Johan de Wet", "Anna De Luca"
        if not NAME_TOKEN.match(word) or not word[:1].isupper():
            return None
        if folded in NOT_A_NAME or folded in ANY_ROLE:
            return None
        if folded in BUSINESS_NOUNS or LEGAL_END.match(word):
            return None
    words = [w for w in words if len(w.strip(".")) > 1] or words  # "Mrs T. Venter"
    return " ".join(w.strip(".") for w in words)


def _is_company(segment: str) -> bool:
    words = segment.split()
    if not 1 <= len(words) <= 8 or looks_like_problem(segment):
        return False
    if _is_strong_company(segment):
        return True
    return (
        not looks_like_sentence(segment)
        and words[0][:1].isupper()
        and not segment.rstrip().endswith(("?", "!"))
    )


def _block(text: str) -> tuple[int, list[str]] | None:
    """Where the signature starts, and its segments (lines, then ``|`` parts)."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            lines.append((offset + len(raw) - len(raw.lstrip()), raw.strip()))
        offset += len(raw)
    if not lines:
        return None
    tail = lines[-MAX_BLOCK_LINES:]
    for index in range(len(tail) - 1, -1, -1):
        start, line = tail[index]
        sign_off = SIGN_OFF.match(line)
        if sign_off and len(line.split()) <= 12:
            rest = line[sign_off.end() :].strip()
            segments = _segments(([rest] if rest else []) + [body for _, body in tail[index + 1 :]])
            if segments and (_name_of(segments[0]) or _is_strong_company(segments[0])):
                return start, segments
            return None
    for index in range(len(tail) - 1, -1, -1):  # "-- " on its own: the mail's signature
        if SIGNATURE_DELIMITER.match(tail[index][1]) and index + 1 < len(tail):
            segments = _segments([body for _, body in tail[index + 1 :]])
            if segments and (_name_of(segments[0]) or _is_company(segments[0])):
                return tail[index][0], segments
            break
    last_start, last = lines[-1]
    for inline in INLINE_SIGN_OFF.finditer(last):
        segments = _segments([last[inline.end() :]])
        if segments and _name_of(segments[0]) and len(segments) >= 2:
            return last_start + inline.start() + 1, segments
    # No sign-off: a trailing run of short lines that opens with a name and holds contact
    # details or a role ("Oliver Grant / Senior Surveyor | Atlantic / M: +44 ...").
    run: list[tuple[int, str]] = []
    for start, line in reversed(tail):
        piped = line.count("|") >= 2  # "Name | Role | Company | 031 ... | mail": one line
        if (len(line) > 70 and not piped) or line.endswith(("?", "!")):
            break
        if looks_like_sentence(line) and not piped:
            break
        run.insert(0, (start, line))
    while run and not _name_of(SEGMENT_SPLIT.split(run[0][1])[0]):
        run.pop(0)
    first_alone = len(run) >= 3 and len(run[0][1].split()) == 1
    if first_alone and len(run[1][1].split()) >= 2 and _name_of(run[1][1]):
        run.pop(0)  # a sign-off we do not know ("Ngiyabonga"), then the name
    if len(run) < 2 and not (run and run[0][1].count("|") >= 2):
        return None
    segments = _segments([line for _, line in run])
    whole = len(run) == len(lines)
    if whole and len((_name_of(segments[0]) or "").split()) < 2:
        return None  # a whole message is a signature only when it opens with a full name
    if not any(
        _is_contact(s) or _is_role(s) or _is_address(s) or _is_strong_company(s)
        for s in segments[1:]
    ) and not (whole and any(_is_company(s) for s in segments[1:])):
        return None
    return run[0][0], segments


def _segments(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(part.strip(" ,;") for part in SEGMENT_SPLIT.split(line) if part.strip(" ,;"))
    for index, segment in enumerate(out):  # "Rector, St Michael's": the role, then the firm
        head, _, rest = segment.partition(",")
        if rest.strip() and _is_role(head) and not _is_address(rest):
            out[index : index + 1] = [head.strip(), rest.strip()]
    if out and "," in out[0]:  # "Mike, Mike's Tyre & Exhaust": the name, then the rest
        head, rest = (part.strip() for part in out[0].split(",", 1))
        if _name_of(head) and rest and not _is_address(rest):
            out[:1] = [head, rest]
    return out


def _is_strong_company(segment: str) -> bool:
    """A company by its form alone: a legal form or a kind of business in its words."""
    words = segment.split()
    return 1 <= len(words) <= 8 and bool(
        LEGAL_END.match(segment) or any(vocab.fold(w) in BUSINESS_NOUNS for w in words)
    )


def _number(segment: str, regions: list[str]) -> tuple[str | None, bool]:
    """The number in a contact segment and whether it is a mobile (by its label, else by
    the numbering plan)."""
    for region in [*regions, None]:
        matches = phonenumbers.PhoneNumberMatcher(
            segment, region or "ZZ", leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matches:
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            if MOBILE_LABEL.match(segment):
                return e164, True
            if LANDLINE_LABEL.match(segment):
                return e164, False
            kind = phonenumbers.number_type(match.number)
            return e164, kind in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
    return None, False


def _registered(segments: list[str]) -> str | None:
    """The segment that carries a legal form, read as the firm: it names the company
    outright, where "&" or a kind of business in a job title only looks like one."""
    for segment in segments:
        segment = REGISTRATION.sub("", segment).strip()
        if LEGAL_END.match(segment) and _is_company(segment) and not _is_contact(segment):
            return segment
    return None


def read_signature(
    text: str,
    regions: list[str],
    authors: set[str] | frozenset[str] = frozenset(),
    language: str | None = None,
) -> Signature | None:
    """The signature at the end of ``text``, or None when the message has none.
    ``regions`` read national numbers (the sender's country first); a block signed by one
    of ``authors`` (a forwarded mail's) is someone else's."""
    found = _block(text)
    if not found:
        return None
    start, segments = found
    name = company = mobile = landline = None
    weak: str | None = None  # a capitalised line that may be the firm, or a department
    for segment in segments:
        segment = REGISTRATION.sub("", segment).strip()  # "… Trust (NPO 123-456)"
        if _is_contact(segment):
            if TAX_ID_LABEL.match(segment):
                continue
            number, is_mobile = _number(segment, regions)
            if number and is_mobile and not mobile:
                mobile = number
            elif number and not is_mobile and not landline:
                landline = number
            continue
        if _is_address(segment) or _is_role(segment):
            continue
        if name is None and company is None and (person := _name_of(segment)):
            name = person
            continue
        if company is None and has_company_form(segment) and _is_company(segment):
            company = company_name(segment, language)
            if not LEGAL_END.match(segment) and (registered := _registered(segments)):
                # "Office Administrator & IT champion | Molefe Mining Supplies (Pty) Ltd"
                company = company_name(registered, language) or company
        elif weak is None and _is_company(segment):
            weak = segment  # "Servizio Finanziario" above "Comune di San Martino in Rio"
    if company is None and weak is not None:
        company = company_name(weak, language)
    if name and forwarded.by_author(name, set(authors)):
        return None  # the forwarded mail's author signed it, not our customer
    if not (name or company or mobile or landline):
        return None
    return Signature(start, name, company, mobile, landline)
