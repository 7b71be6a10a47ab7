"""A phone number in an answer: written, spoken by voice-to-text or "yes, this one"; a
national number read in the sender's country first."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from text_to_num import alpha2digit

from bot.conversation.readers.context import ReadContext
from bot.core import vocab
from nlu.entities import TAX_ID_BEFORE

SPOKEN_DIGITS = {
    **dict.fromkeys(("zero", "oh", "o", "nula", "nul"), "0"),
    **dict.fromkeys(("one", "jedna", "jeden", "uno", "una"), "1"),
    **dict.fromkeys(("two", "dva", "dve", "due"), "2"),
    **dict.fromkeys(("three", "tri", "tre"), "3"),
    **dict.fromkeys(("four", "ctyri", "quattro"), "4"),
    **dict.fromkeys(("five", "pet", "cinque"), "5"),
    **dict.fromkeys(("six", "sest", "sei"), "6"),
    **dict.fromkeys(("seven", "sedm", "sette"), "7"),
    **dict.fromkeys(("eight", "osm", "otto"), "8"),
    **dict.fromkeys(("nine", "devet", "nove"), "9"),
}


_REPEAT = {"double": 2, "triple": 3, "dvakrat": 2, "doppio": 2}


def numbers_said(text: str) -> str:
    """Numbers said in grouped words written as digits ("zero ottantuno ottocentoottantadue
    quarantacinque diciassette" is 081 882 45 17), by the ``text2num`` package (Italian and
    English; Czech customers say digits one by one, which ``spoken_digits`` reads)."""
    for language in ("it", "en"):
        text = alpha2digit(text, language)
    text = re.sub(r"(?<=\d)\s*,\s*(?=\d)", " ", text)  # "tre tre tre, quarantotto diciannove"
    return re.sub(r"(?<=\b\d) (?=\d\b)", "", text)  # "3 3 3" is 333


def spoken_digits(text: str) -> str:
    """Digits said in words by voice-to-text ("oh eight two five five ...", "sest nula
    tri ...", "tre tre nove ...") written as digits, so a number can be read."""
    out: list[str] = []
    run: list[str] = []
    repeat = 1

    def flush() -> None:
        if len(run) >= 6:
            out.append("".join(run))
        elif run:
            out.append(" ".join(words_in_run))
        run.clear()
        words_in_run.clear()

    words_in_run: list[str] = []
    for token in re.findall(r"\S+", text):
        word = vocab.fold(token).strip(".,;:!?")
        if word in _REPEAT:
            repeat = _REPEAT[word]
            words_in_run.append(token)
            continue
        digit = SPOKEN_DIGITS.get(word)
        if digit is not None and not (word in ("o", "una", "uno") and not run):
            run.append(digit * repeat)
            words_in_run.append(token)
            repeat = 1
            continue
        repeat = 1
        flush()
        out.append(token)
    flush()
    return " ".join(out)


THIS_NUMBER = re.compile(
    r"\b(this|that|same|the\s+same|current|my)\s+((?!office|landline|work|home|desk)\w+\s+)?"
    r"(number|one|cell(phone)?|mobile|phone|no|nr)\b"
    r"|\b(this|that)(\s+is|'?s)\s+(fine|good|ok|okay|right)\b"
    r"|\bthe\s+(one|number)\s+(i'?m|i\s+am)\s+(writing|messaging|texting|whatsapping|using)\b"
    r"|\b(hierdie|die)\s+(nommer|een|selfoon)\b"
    r"|\b(tohle|toto|tento|tenhle|tomhle|tomto|tohleto|stejn[eé]|stejn[yý]m)\b"
    r"|\b(tohle|toto|tento|tenhle|stejn[eé])\s+[cč][ií]slo\b"
    r"|\bz[e]?\s+kter[eé]ho\s+(v[aá]m\s+)?p[ií][sš]u\b"
    r"|^\W*(questo|qsto|sto|stu|stesso)\b|\b(questo|qsto|stesso)\s+(numero|num|cellulare|cell)\b"
    r"|\bda\s+cui\s+(ti\s+|vi\s+|le\s+)?(scrivo|sto\s+scrivendo)\b",
    re.IGNORECASE,
)


"""The number the customer writes from, said in words ("this number is fine", "tohle
číslo", "questo cellulare", "hierdie nommer"), answering which number to call."""


ALTERNATIVE = re.compile(
    r"\b(or|also|otherwise|alternatively|nebo|p[rř][ií]padn[eě]|jinak|oppure|o\s+anche|"
    r"altrimenti|anche)\b",
    re.IGNORECASE,
)


def means_this_number(text: str) -> bool:
    """YES or "this number" to the question which number to call, with no other number,
    or with one offered only as a fallback ("yes, or the office on 021 555 9034")."""
    if not (vocab.is_yes(text) or THIS_NUMBER.search(text)) or vocab.is_no(text):
        return False
    text = spoken_digits(text)  # "na druhý číslo sedm sedm šest …, tohle je manželky"
    if not re.search(r"\d{6,}", re.sub(r"[\s./()-]", "", text)):
        return True
    first = re.split(r"(?<=[.,;!])\s|\s[-–]\s", text, maxsplit=1)[0]
    rest = text[len(first) :]
    if not re.search(r"\d", first):
        return ALTERNATIVE.search(rest) is not None
    # Said without punctuation: "this number or the school number 044 874 1123"
    head = text[: re.search(r"\d", text).start()]  # type: ignore[union-attr]
    this = THIS_NUMBER.search(head)
    return this is not None and ALTERNATIVE.search(head[this.end() :]) is not None


def read_phone(text: str, ctx: ReadContext) -> str | None:
    """YES (this number), or the first valid number in the text, read in the sender's
    country first ("082 555 1234" from +27, "603 123 456" from +420)."""
    if means_this_number(text):
        return ctx.sender
    corrected = list(NUMBER_CORRECTED.finditer(text))
    if corrected:  # "328 660 4117... no scusate quello e il mio. Il suo e 347 880 1263"
        later = find_phone(text[corrected[-1].end() :], ctx.phone_regions())
        if later:
            return later
    return find_phone(text, ctx.phone_regions())


# The customer corrects a number just written: the one after the correction is meant.
NUMBER_CORRECTED = re.compile(
    r"(?i)\d[\d\s./-]{5,}.*?\b(?:no,? scus\w*|scusate|anzi|cioè|cioe|sorry|i mean|no wait|"
    r"oprava|pardon|teda|vlastně|vlastne|promiňte|prominte)\b"
)


def _readings(text: str) -> Iterator[str]:
    """The text as written, then with digits said in words written as digits: each reading
    is made only when the ones before held no number."""
    seen = {text}
    yield text
    for reading in (spoken_digits, numbers_said):
        written = reading(text)
        if written not in seen:
            seen.add(written)
            yield written


def find_phone(text: str, regions: list[str]) -> str | None:
    """The first valid phone number in ``text`` (digits or spoken), read in ``regions``
    in order, then as an international number."""
    for candidate in _readings(text):
        for region in [*regions, None]:
            for match in phonenumbers.PhoneNumberMatcher(candidate, region or "ZZ"):
                if TAX_ID_BEFORE.search(candidate[max(0, match.start - 24) : match.start]):
                    continue  # "P.IVA 01234560401"
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    # Written in full with its country code, a number outside the allocated ranges (a
    # brand-new or reserved one) is still the number the customer asks us to call.
    for match in phonenumbers.PhoneNumberMatcher(text, "ZZ", phonenumbers.Leniency.POSSIBLE):
        if match.raw_string.startswith(("+", "00")):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None
