"""The published priority table, as a lexicon of fault kinds in English, Czech and Italian.

A desk's table names kinds of fault ("server offline", "main printer failure", "slow
printing", "new equipment"), not how loudly a customer writes. This module recognises
those kinds in a folded text (lower case, no diacritics) and says which row of the
table they belong to. The learned classifier in ``nlu.priority`` decides when no kind
is recognised, and the impact evidence (``nlu.priority.impact_level``) may then move the
result by one level.

Patterns are grouped by the table's rows and tried most specific first; the first kind
found wins. Each kind carries a short name, used in tests and in the ticket's events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FaultKind:
    name: str
    priority: str
    pattern: re.Pattern[str]


def _kind(name: str, priority: str, *alternatives: str) -> FaultKind:
    return FaultKind(name, priority, re.compile("|".join(f"(?:{a})" for a in alternatives)))


# Words for "not working" in the three languages, folded.
_DOWN = (
    r"(?:down|offline|off line|dead|died|crashed|not (?:working|responding|reachable|available|"
    r"starting|coming up)|isnt working|is not working|stopped working|unreachable|gone|out|"
    r"nejde|nefunguje|nefunguji|spadl[ao]?|nebezi|neodpovida|je mrtv|lezi|vypadl[ao]?|nejede|"
    r"nepripoj\w*|nedostupn\w*|non (?:va|funziona|risponde|parte|si avvia|e raggiungibile)|"
    r"e giu|giu|spento|morto|bloccat[oa]|irraggiungibile|fuori uso|ko)"
)
_ALL = (
    r"(?:everyone|everybody|all (?:of us|staff|users|our|the (?:pcs|computers|tills|users))|"
    r"whole (?:office|company|building|business|firm|team|shop|store|practice|school|hotel)|"
    r"entire (?:office|company|building)|nobody|no one|noone|"
    r"vsichni|vsem|nikdo|nikomu|cel[aeyou] (?:firm|kancelar|budov|prodejn|ordinac|skol|hotel)\w*|"
    r"tutti|tutto l ?ufficio|tutta l ?azienda|nessuno|intero ufficio|tutta la (?:ditta|sede))"
)

KINDS: tuple[FaultKind, ...] = (
    # -- low first: an account change is routine even when a "new user" cannot log in
    _kind(
        "account_change",
        "low",
        r"\b(?:new user|(?:create|set ?up|add|open) (?:an? )?(?:new )?(?:user|account|login|"
        r"e-?mail|mailbox)|(?:e-?mail|login|account) (?:and \w+ )?for (?:our |the |a )?new|"
        r"(?:remove|disable|delete|close|revoke) (?:the )?(?:access|account|user|"
        r"login|mailbox)|(?:left|leaving) the company|rename (?:a |the )?(?:user|mailbox)|"
        r"change (?:the |his |her )?(?:email|e-mail) address|add (?:him|her|them) to|"
        r"novy uzivatel|zalozeni (?:\w+ )?(?:uctu|uzivatel\w*|e-?mail\w*)|creazione "
        r"(?:dell ?|di un )?(?:utente|account)|"
        r"zalozit (?:\w+ )?(?:ucet|uzivatel|e-?mail|schranku|pristup)|"
        r"zrusit (?:\w+ )?(?:ucet|pristup)|odebrat (?:\w+ )?pristup|zmenit (?:\w+ )?e-?mail|"
        r"nuovo utente|creare (?:un |l )?(?:utente|account|casella|indirizzo)|"
        r"(?:disattivare|eliminare|togliere|chiudere) (?:l ?|il )?(?:accesso|account|utente)|"
        r"ha lasciato (?:l ?azienda|la ditta))",
    ),
    # -- critical: server offline, network failure for many, VPN down
    _kind(
        "server_down",
        "critical",
        rf"\b(?:(?:main |file |mail |email |e-mail |database |terminal |our |the )?"
        rf"server\w* (?:is |has |went |je |e |si e )?{_DOWN}|{_DOWN} (?:the |nam |il )?server|"
        r"server (?:crash|died|failure)|can ?t (?:reach|access|connect to) the server|"
        r"ransomware|encrypted|zasifrovan\w*|crittografat\w*|"
        r"nas (?:is |je )?(?:down|dead|nejde|offline|non va))",
    ),
    _kind(
        "network_down_for_all",
        "critical",
        rf"\b(?:(?:internet|network|connection|line|fibre|fiber|sit|pripojeni|rete|linea|"
        rf"connessione)\w* (?:is |je |e )?{_DOWN}.{{0,60}}{_ALL}|{_ALL}.{{0,60}}"
        r"(?:internet|network|offline|connection|sit|pripojeni|rete|connessione)|"
        r"no (?:internet|network) (?:at all|in the (?:whole )?office|for (?:anyone|everyone))|"
        r"(?:whole|entire) (?:office|company|building) (?:is )?(?:offline|without internet)|"
        r"(?:bez|zadny) (?:internet|site)\w*.{0,40}(?:cel|vsichni|nikdo)|"
        r"(?:senza|niente) (?:internet|rete).{0,40}(?:tutti|nessuno|ufficio|azienda)|"
        r"(?:half|pulka|polovina|meta)\w* .{0,30}(?:network|internet|sit|site|rete|offline|"
        r"connection|pripojeni|connessione))",
    ),
    _kind(
        "vpn_down",
        "critical",
        rf"\bvpn\w*.{{0,40}}(?:{_DOWN}|fail\w*|error|chyb\w*|errore|for (?:anyone|everyone|all)|"
        rf"{_ALL})|"
        rf"(?:{_ALL}).{{0,40}}vpn",
    ),
    _kind(
        "tills_down",
        "critical",
        r"\b(?:(?:all|every|both|vsechny|obe|tutte|tutti) (?:the )?(?:tills|pos|cash registers|"
        r"pokladn\w*|casse|registratori)|can ?t (?:sell|trade|take payments)|nemuzeme prodavat|"
        r"non possiamo (?:vendere|incassare))",
    ),
    # -- high: desktop not powering on, main printer failure, wireless issues
    _kind(
        "machine_dead",
        "high",
        r"\b(?:(?:pc|computer|desktop|laptop|notebook|workstation|mac|macbook|tower|pocitac|"
        r"notas|ntb|portatile|fisso)\w* (?:\w+ ){0,4}(?:won ?t|doesn ?t|does not|will not|wont|"
        r"dont|cannot|can ?t|nejde|se ne|neni|non si|non|nn si|nn)\s?(?:turn on|power on|"
        r"switch on|start|boot|come on|zapn\w*|spust\w*|nabehn\w*|naskoc\w*|accende|avvia|"
        r"parte)|(?:blue screen|bsod|modra obrazovka|schermata blu|black screen|cerna obrazovka|"
        r"schermo nero|no power|nejde zapnout|non si accende|won ?t boot|boot loop))",
    ),
    _kind(
        "main_printer_down",
        "high",
        r"\b(?:(?:main|only|big|office|shared|reception|hlavni|velk\w*|jedin\w*|"
        r"principale|grande|dell ?ufficio)\s(?:\w+\s){0,2}(?:printer|copier|tiskarn\w*|"
        r"multifunk\w*|stampante|fotocopiatric\w*)\w*.{0,60}(?:down|dead|jam|won ?t|not|nejde|"
        r"nefunguj|zasekl|non|nn|incepp|error|chyb|errore|offline)|"
        r"(?:printer|tiskarn\w*|stampante)\w* .{0,30}(?:completely|vubec|totalmente|at all|"
        r"dead|mrtv|morta|jam(?:med)?|incepp\w*|zasekl\w*))",
    ),
    _kind(
        "wireless",
        "high",
        r"\b(?:wi-?fi|wireless|wlan|wifina|wifinu|bezdrat\w*|access point)",
    ),
    _kind(
        "one_app_or_device",
        "medium",
        r"\b(?:outlook|calendar|kalendar|calendario|teams|zoom|signature|podpis|firma e-?mail|"
        r"monitor|second screen|druh\w* (?:monitor|obrazovk)|webcam|camera|kamer\w*|mouse|mys|"
        r"keyboard|klavesnic\w*|tastiera|headset|sluchatk\w*|cuffi\w*|excel|word|pdf|acrobat)",
    ),
    # -- medium and low requests: installing software beats "new laptop"
    _kind(
        "software_install",
        "medium",
        r"\b(?:install\w*|nainstal\w*|instal\w*|aktualizac\w*|upgrade|update (?:the |our )?"
        r"(?:software|program|app)|licen[cs]\w*|aggiorna\w*)",
    ),
    _kind(
        "new_equipment",
        "low",
        r"\b(?:new (?:laptop|pc|computer|printer|monitor|screen|phone|docking|equipment|"
        r"hardware|tablet)s?(?: (?:arrived|to set ?up|setup|needs? setting up))|"
        r"set ?up (?:the |a |our |two |2 |\d+ )?new|(?:need|want|would like) (?:a |an |another "
        r"|a second )(?:printer|laptop|pc|monitor|screen)|quote for|recommend (?:a|an)|"
        r"novy (?:notebook|pocitac|monitor|tiskarn\w*)|nov(?:e|ych) (?:pocitac|notebook)\w*|"
        r"nainstalovat nov(?:y|e) (?:pocitac|notebook)|zapojit nov\w*|nabidk\w*|doporucit|"
        r"nuov[oi] (?:pc|portatil\w*|computer|monitor|stampant\w*)|configurare (?:il|i|un) nuov|"
        r"preventivo|consigliate|una seconda stampante)",
    ),
    _kind(
        "maintenance",
        "low",
        r"\b(?:routine|maintenance|service (?:visit|check)|check ?up|update (?:the )?firmware|"
        r"cable management|udrzb\w*|servisn\w* prohlidk\w*|manutenzione|controllo periodico)",
    ),
    # -- medium: slow printing, scanning issues
    _kind(
        "slow_printing",
        "medium",
        r"\b(?:(?:print|tisk|stamp)\w* .{0,30}(?:slow|pomal\w*|lent\w*|forever|ages|minut)|"
        r"(?:slow|pomal\w*|lent\w*) .{0,20}(?:print|tisk|stamp)\w*)",
    ),
    _kind(
        "scanning",
        "medium",
        r"\b(?:scan\w*|sken\w*|scansion\w*|scanner)",
    ),
    # -- a printer that does not print at all is the table's "printer failure": high
    _kind(
        "printer_down",
        "high",
        rf"\b(?:printer|copier|tiskarn\w*|multifunk\w*|stampant\w*|fotocopiatric\w*)\w*"
        rf".{{0,40}}(?:{_DOWN}|won ?t print|doesn ?t print|not printing|netiskne|nejde tisknout|"
        rf"non stampa|jam\w*|zasekl\w*|incepp\w*)",
    ),
)


def fault_kind(folded: str) -> FaultKind | None:
    """The first kind of fault of the table recognised in ``folded`` text, or None."""
    text = " " + re.sub(r"[^\w@.+-]+", " ", folded) + " "
    for kind in KINDS:
        if kind.pattern.search(text):
            return kind
    return None
