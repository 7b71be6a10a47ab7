"""What every reader shares: the context an answer is read in (the customer's number,
language, WhatsApp profile name), and how to tell a sentence or a problem from a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import vocab
from bot.core.i18n import REGION_BY_LANGUAGE
from bot.core.phones import region_of
from bot.core.text import cased


def cased_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with exact capital and small letter classes (``bot.core.text.cased``)."""
    return re.compile(cased(pattern), flags)


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the text: the customer's number, language and the
    WhatsApp profile name (a hint the customer can accept with YES, never taken as a fact)."""

    sender: str
    profile_name: str | None = None
    language: str | None = None
    desk_region: str | None = None

    @property
    def region(self) -> str | None:
        return region_of(self.sender)

    def phone_regions(self) -> list[str | None]:
        """Where a national number is read: the sender's country first, then the customer's
        language's, then the desk's own."""
        regions = [self.region, REGION_BY_LANGUAGE.get(self.language or ""), self.desk_region]
        return list(dict.fromkeys(r for r in regions if r))


def clean_text(text: str) -> str:
    """Collapse spaces and drop trailing punctuation, but keep the dot of an abbreviation
    ("Novák s.r.o.", "Acme Inc.")."""
    text = re.sub(r"\s+", " ", text).strip().strip(",;!").strip()
    abbreviation = re.search(r"(\b\w\.(\w\.)+|\b(inc|ltd|co|corp|spa|srl)\.)$", text, re.I)
    if text.endswith(".") and not abbreviation:
        text = text.rstrip(".").strip()
    return text


PROBLEM_WORDS = frozenset(
    [
        # a dead machine in plain words: "úplně mrtvej, ani ledka", "è morto", "tutto spento"
        "mrtvej",
        # a device and what it does: "router bliká oranžově" is no firm
        "router",
        "modem",
        "blika",
        "lampeggia",
        "blinking",
        "mrtvy",
        "mrtva",
        "ledka",
        "ledky",
        "kontrolka",
        "nesviti",
        "morto",
        "spento",
        "not",
        "no",
        "cant",
        "cannot",
        "wont",
        "doesnt",
        "isnt",
        "dont",
        "didnt",
        "broken",
        "down",
        "offline",
        "error",
        "errors",
        "slow",
        "stuck",
        "crashed",
        "crash",
        "dead",
        "failed",
        "fails",
        "failing",
        "problem",
        "problems",
        "issue",
        "issues",
        "working",
        "works",
        "print",
        "printing",
        "printer",
        "printers",
        "wifi",
        "internet",
        "network",
        "server",
        "email",
        "outlook",
        "laptop",
        "pc",
        "computer",
        "screen",
        "scanner",
        "vpn",
        "password",
        "login",
        "help",
        "urgent",
        "asap",
        "nejde",
        "nejdou",
        "nefunguje",
        "nefunguji",
        "neni",
        "nemuze",
        "nemuzeme",
        "pada",
        "spadl",
        "spadla",
        "chyba",
        "chybu",
        "problem",
        "problemy",
        "pomale",
        "pomalu",
        "tiskarna",
        "tiskarnu",
        "pocitac",
        "notebook",
        "sit",
        "server",
        "mail",
        "heslo",
        "prihlasit",
        "zasekla",
        "zaseklo",
        "porad",
        "uz",
        "nic",
        "non",
        "funziona",
        "funzionano",
        "va",
        "vanno",
        "problema",
        "problemi",
        "errore",
        "lento",
        "lenta",
        "stampante",
        "rete",
        "portatile",
        "bloccato",
        "bloccata",
        "rotto",
        "rotta",
        "impossibile",
        "niente",
        "piu",
    ]
)


SENTENCE_WORDS = frozenset(
    [
        "started",
        "zatim",
        "mam",
        "mame",
        "mate",
        "jsme",
        "jste",
        "budu",
        "bude",
        "bylo",
        "are",
        "is",
        "isnt",
        "arent",
        "was",
        "were",
        "been",
        "keeps",
        "keep",
        "flashing",
        "does",
        "did",
        "got",
        "jede",
        "jedou",
        "funguje",
        "nemuzeme",
        "nema",
        "siamo",
        "fermi",
        "since",
        "yesterday",
        "today",
        "tomorrow",
        "morning",
        "afternoon",
        "tonight",
        "evening",
        "can",
        "could",
        "would",
        "should",
        "please",
        "pls",
        "guys",
        "sort",
        "need",
        "needs",
        "want",
        "have",
        "has",
        "had",
        "was",
        "were",
        "will",
        "just",
        "also",
        "again",
        "still",
        "already",
        "thing",
        "things",
        "someone",
        "somebody",
        "anyone",
        "send",
        "come",
        "asap",
        "urgently",
        "because",
        "but",
        "je",
        "jsou",
        "byl",
        "byla",
        "bylo",
        "mame",
        "nemame",
        "potrebujeme",
        "muzete",
        "prosim",
        "urgentne",
        "dnes",
        "vcera",
        "rano",
        "odpoledne",
        "uz",
        "jeste",
        "porad",
        "taky",
        "nekdo",
        "nekoho",
        "poslat",
        "prijet",
        "protoze",
        "ale",
        "sono",
        "abbiamo",
        "potete",
        "per",
        "favore",
        "urgente",
        "oggi",
        "ieri",
        "stamattina",
        "stasera",
        "ancora",
        "gia",
        "qualcuno",
        "mandare",
        "venire",
        "perche",
        "pero",
        "ma",
    ]
)


# A clause that opens with a subject pronoun is a sentence ("She starts Monday").
SUBJECT_PRONOUNS = frozenset(
    ["she", "he", "they", "we", "you", "ona", "on", "oni", "ony", "lei", "lui", "loro", "noi"]
)


def looks_like_sentence(text: str) -> bool:
    """Words of a sentence ("Can you guys sort this out", "Started yesterday afternoon",
    "je to urgentni mame plnou cekarnu", "She starts Monday"), not of a name."""
    words = vocab.words(text)
    if len(words) >= 2 and words[0] in SUBJECT_PRONOUNS:
        return True
    hits = sum(w in SENTENCE_WORDS for w in words)
    return hits >= 2 or (hits >= 1 and len(words) >= 3)


def looks_like_problem(text: str) -> bool:
    """A sentence about the fault rather than a name, a company or a number ("s.r.o." is no
    three words: "Tiskárna Haná s.r.o." is a printing house)."""
    words = [w for w in vocab.words(text) if len(w) > 1]
    hits = sum(w in PROBLEM_WORDS for w in words)
    return hits >= 2 or (hits >= 1 and len(words) >= 5)


EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")  # ZWJ joins emoji
