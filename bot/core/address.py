"""How a message addresses a customer by name, the way a receptionist would write it.

- **Czech** uses the vocative, declined by the ``vokativ`` package: with a full name the
  formal "pane Černý" / "paní Svobodová" (title plus surname), with a lone first name
  "Pavle" / "Petro". The title follows the gender ``vokativ`` reads from the name
  (a surname in -ová/-á is a woman's; otherwise the first name decides).
- **Italian** has no vocative, and a first name does not reliably tell the gender (Andrea,
  Nicola and Luca are men), so the name is written as given, without signor/signora:
  gender-neutral and still formal next to the "Lei" of the sentence.
- **English** writes the name as given.

An empty name gives an empty address; messages that carry one put it where a missing name
leaves a well-formed sentence (see ``docs/language.md``).
"""

from __future__ import annotations

from vokativ import sex, vokativ

from bot.core.text import upper_first

CZECH_TITLES = {"m": "pane", "w": "paní"}
# Words that are not part of a name: academic titles and the like, kept out of declension.
NOT_NAME_WORDS = frozenset(
    ["ing", "ing.", "mgr", "mgr.", "bc", "bc.", "mudr", "mudr.", "judr", "judr.", "phdr", "phdr."]
)


def _restore_case(declined: str, original: str) -> str:
    """``vokativ`` answers in lower case; give the declined word the original's capitals."""
    if original[:1].isupper():
        return upper_first(declined)
    return declined


def czech_gender(words: list[str]) -> str:
    """``m`` or ``w`` as Czech grammar reads the name: the surname's feminine ending first."""
    surname = words[-1].casefold()
    if len(words) > 1 and surname.endswith(("ová", "á")):
        return "w"
    return sex(words[0])


def czech_vocative(name: str) -> str:
    """The name as a Czech sentence addresses its bearer: ``Pavel Černý`` -> ``pane Černý``,
    ``Petra Svobodová`` -> ``paní Svobodová``, ``Jan Novák`` -> ``pane Nováku``, ``Pavel``
    -> ``Pavle``."""
    words = [w for w in name.split() if w.casefold() not in NOT_NAME_WORDS]
    if not words:
        return ""
    gender = czech_gender(words)
    woman = gender == "w"
    if len(words) == 1:
        word = words[0]
        return _restore_case(vokativ(word, woman=woman, last_name=False), word)
    surname = words[-1]
    declined = _restore_case(vokativ(surname, woman=woman, last_name=True), surname)
    return f"{CZECH_TITLES[gender]} {declined}"


def salutation(name: str | None, language: str) -> str:
    """The name as a message in ``language`` addresses the customer ("Děkujeme, {salutation}")."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    if language == "cs":
        return czech_vocative(name)
    return name
