"""Ticket priority from the customer's description, plus who is affected (impact).

A text classifier learns the kind of fault ("VPN down" vs "slow printing"); the impact
signal then corrects it the way a dispatcher would: a failure that stops everyone is
critical, and something that only stops one person is at most high.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import yaml

from nlu.cache import fingerprint, load_or_build
from nlu.fault_kinds import fault_kind
from nlu.linear import LinearModel, fit_linear, fold, intent_features

EXAMPLES_FILE = Path(__file__).resolve().parent / "priority" / "examples.yml"
CANONICAL_ORDER = ["critical", "high", "medium", "low"]
PRIORITY_VERSION = 2

_SINGLE = re.compile(
    r"\b(?:just\s+(?:me|mine|my|for\s+me)|only\s+(?:me|mine|my|for\s+me|on\s+my|from\s+my)"
    r"|everyone\s+else\s+is\s+fine|(?:nobody|no\s*-?\s*one)\s+else\s+(?:is\s+)?affected|"
    r"(?:the\s+)?others\s+(?:are\s+fine|work)"
    r"|jen\s+(?:ja|mne|mi|muj|moje|na\s+(?:mem|svem|mym))|jenom\s+(?:ja|mne|mi)"
    r"|ostatnim\s+to\s+(?:jde|funguje)|ostatni\s+(?:jedou|funguji)"
    r"|(?:kolegum|ostatnim|ostatni)\s+(?:\w+\s+){0,3}(?:jede|jedou|funguje|funguji|jde)"
    r"|(?:the\s+)?(?:others|other\s+(?!work\b)\w+)\s+(?:\w+\s+){0,3}(?:can|are\s+fine|work|are\s+ok)"
    r"|everyone\s+else|everybody\s+else|(?:i\s+|le\s+)?(?:colleghi|colleghe|altri)\s+"
    r"(?:\w+\s+){0,3}(?:funziona|vanno|va|riescono)"
    r"|solo\s+(?:io|a\s+me|il\s+mio|la\s+mia|dal\s+mio|sul\s+mio|per\s+me)"
    r"|gli\s+altri\s+(?:vanno|funzionano)"
    # one colleague: "jen kolega Beneš", "only my colleague", "solo la collega"
    r"|(?:jen|jenom)\s+(?:kolega|kolegyne|kolegovi|kolegyni)\b|only\s+(?:my\s+)?colleague\b"
    r"|solo\s+(?:il|la|un|una|mio|mia)\s+collega\b"
    r"|(?:v\s+kancelari|jinak)\s+(?:\w+\s+)?vse\s+funguje|everything\s+else\s+(?:works|is\s+fine))"
)
_EVERYONE = re.compile(
    r"\b(?:whole|entire)\s+(?:office|company|building|team|business|staff|network|firm|pharmacy|"
    r"restaurant|shop|store|practice|clinic|hotel|lodge|school|salon|workshop|factory|warehouse)"
    r"|\b(?:everyone|everybody|all\s+(?:staff|users|of\s+us|our\s+staff|(?:the\s+)?(?:pcs|"
    r"computers|workstations)))\b|\b(?:nobody|no\s*-?\s*one)\s+(?:\w+\s+){0,4}(?:can|is\s+able|"
    r"could)"
    r"|\bfor\s+(?:anyone|all)\b|\b(?:any|all)\s+branch"
    r"|\bcel(?:a|e|ou|y)\s+(?:firm|kancelar|budov|sit|pobock)\w*|\bvsichni\b|\bvsem\b"
    r"|\bnikdo\s+(?:nemuze|se|nic)|\bnikomu\b|\bvsechny\s+(?:pocitace|pc|pobocky)"
    r"|\bna\s+zadnem\s+(?:pocitaci|pc)|\bzadny\s+(?:pocitac|pc)"
    r"|\bnone\s+of\s+the\s+(?:pcs|computers)|\bno\s+(?:pc|computer)\s+can"
    r"|\bin\s+nessun[ao]?\s+(?:aula|stanza|ufficio|camera|piano|reparto)|\bin\s+no\s+(?:room|"
    r"classroom|office)|\bv\s+zadne\s+(?:tride|ucebne|kancelari)"
    r"|\btutt[oa]\s+(?:l\W?\s?ufficio|l\W?\s?azienda|il\s+palazzo|la\s+ditta|l\W?\s?edificio|"
    r"il\s+(?:ristorante|negozio|locale|reparto|magazzino|bar)|lo\s+studio|la\s+(?:sede|scuola))"
    r"|\bcel(?:a|e|ou|y|ej)\s+(?:restaurac|prodejn|ordinac|skol|hotel|penzion|agentur|sklad|"
    r"dilna|dilne|provoz)\w*"
    r"|\btutti\s+(?:i\s+pc|i\s+computer|gli\s+utenti|i\s+dipendenti|noi|fermi|bloccati)\b"
    r"|\bsiamo\s+tutti\b|\bstojime\s+vsichni|\bvsichni\s+stojime"
    r"|\btutti\s+e\s+(?:due|tre|quattro|cinque|sei|sette|otto|\d+)\b|\bfermi\s+tutti\b"
    r"|\ball\s+(?:two|three|four|five|six|seven|eight|\d+)\s+of\s+us\b|\bwhole\s+guest\s*house"
    r"|\bnessuno\s+(?:riesce|puo|accede|si)|\bper\s+(?:nessuno|tutti)\b"
)
_STOPS_EVERYONE = re.compile(
    r"\b(?:can\W?t|cannot|unable to)\s+(?:work|sell|dispense|invoice|trade|take payments?|ring|"
    r"do anything|open anything|check (?:anyone|guests|patients) in)"
    r"|nemuzeme\s+(?:pracovat|prodavat|nic|fakturovat|volat)"
    r"|non\s+possiamo\s+(?:lavorare|vendere|incassare|fare)|siamo\s+(?:tutti\s+)?fermi"
    r"|stojime|\b(?:nobody|no\s*-?\s*one)\s+can\s+work|whole\s+(?:company|business)\s+(?:is\s+)?"
    r"(?:stuck|stopped|down)|nikdo\s+nemuze\s+pracovat|cela\s+firma\s+stoji"
    r"|nessuno\s+(?:riesce\s+a|puo)\s+lavorare|tutta\s+l\W?\s?azienda\s+e\s+ferma"
    r"|(?:nobody|no\s*-?\s*one)\s+can\s+do\s+anything|nikdo\s+nemuze\s+nic"
    r"|nessuno\s+puo\s+fare\s+niente|(?:we\s+re|we\s+are)\s+(?:all\s+|kinda\s+)?stuck"
    r"|tutt[oa]\s+(?:lo\s+studio|l\W?\s?ufficio|l\W?\s?agenzia|la\s+ditta)\s+(?:e\s+)?ferm[oa]"
    r"|(?:nobody|no\s*-?\s*one|none\s+of\s+us)\s+can\s+(?:\w+\s+){0,2}(?:invoice|sell|"
    r"work|serve|trade|book|check|log\s*in|log\s+on|dial|make\s+calls)|standstill|standing\s+around|(?:all\s+of\s+us|everyone|"
    r"everybody|(?:the\s+)?(?:staff|agents|tellers|cashiers|team|people)|we)\s+"
    r"(?:are|is|re)\s+(?:all\s+)?stuck|(?:stanno|sono|siamo)\s+(?:tutti\s+)?ferm[ie]"
    r"|(?:tym|firma|kancelar|vyroba|provoz)\s+(?:\w+\s+)?stoji|(?:sedime|stojime)\s+a\s+cekame"
    r"|nemuzem\s+(?:pracovat|prodavat|nic|fakturovat)"
    r"|tutt[oa]\s+(?:il\s+|lo\s+|la\s+|l\W?\s?)?\w+\s+(?:e\s+)?ferm[oa]"
    r"|nessun[oa]?\s+(?:\w+\s+)?riesce\s+a\s+(?:lavorare|mandare|incassare|vendere|fare)"
)
# The business itself has stopped, whoever is typing: nothing ships, production stands.
_BUSINESS_STOPPED = re.compile(
    r"\b(?:nothing (?:is )?(?:shipping|moving|going out)|(?:sitting|standing|are) idle|"
    r"(?:production|dispatch) (?:has |is )?"
    r"(?:stopped|at a standstill)|can ?t ship|no (?:orders|parcels) (?:can )?go out|"
    r"vyroba (?:\w+ )?stoji|expedice (?:\w+ )?stoji|stoji (?:cela )?(?:vyroba|expedice)|"
    r"cekaj\w* kamion\w*|kamion\w* (?:\w+ )?cekaj\w*|nic (?:\w+ )?neodjede|nemuzeme expedovat|"
    r"(?:tutta )?la produzione (?:e )?ferma|produzione (?:e )?bloccata|"
    r"non possiamo spedire|(?:production|factory)\s+(?:floor\s+)?(?:has\s+)?stopped|"
    r"(?:customers|clients|guests)\s+(?:are\s+|r\s+)?queu\w*|can\s?t\s+release\s+any|"
    r"camion\w*\s+(?:stanno\s+)?ferm\w*|(?:trucks|drivers|lorries)\s+(?:are\s+)?waiting|"
    r"can\W?t\s+(?:pick|load|dispatch)|can\W?t\s+(?:label|ship|print)\s+anything|"
    r"auta\s+stoji|"
    r"can\W?t\s+sell\s+any\w*|queue\s+(?:to|out\s+of|at)\s+the\s+door|"
    r"stoji\s+(?:nam\s+)?cel\w*\s+(?:vyroba|firma|provoz)|"
    r"(?:whole|entire)\s+(?:\w+\s+)?(?:department|team|office|practice)\s+(?:is\s+)?"
    r"(?:stuck|stopped|at\s+a\s+standstill)|"
    # "nemůžem markovat": the tills cannot ring anything up
    r"nemuzem\w*\s+(?:markovat|kasirovat|prodavat|uctovat))"
)
# Nothing works at all: a kind of fault that stops a site (Wi-Fi, the main printer) is then
# critical; said alone, with no kind of fault named, it is only alarm.
_NOTHING_WORKS = re.compile(
    r"\b(?:nejde\s+nam\s+nic|(?:u\s+nas|v\s+cel\w+\s+\w+)\s+(?:\w+\s+)?nejde\s+nic|"
    r"od\s+rana\s+(?:nam\s+)?nejde\s+nic|non\s+(?:ci\s+)?va\s+(?:piu\s+)?niente|"
    r"non\s+funziona\s+(?:piu\s+)?niente|nothing\s+works)"
)

_lock = threading.Lock()
_models: dict[str, LinearModel] = {}


def impact_level(text: str) -> str | None:
    """ "everyone" when the whole site is affected, "single" for one person, else None."""
    folded = fold(text)
    singles = list(_SINGLE.finditer(folded))
    everyone = [  # "everyone else is fine" belongs to the one person
        m
        for m in _EVERYONE.finditer(folded)
        if not any(s.start() <= m.start() < s.end() for s in singles)
    ]
    if singles and everyone:  # "at first I thought it was just my phone … everybody gets it"
        return "everyone" if everyone[-1].start() > singles[-1].start() else "single"
    if singles:
        return "single"
    if everyone:
        return "everyone"
    return None


def speaks_to_urgency(text: str) -> bool:
    """ "niente di urgente eh", "the tender closes at 11": how urgent the problem is, said
    where something else was asked; it belongs with the problem, because it moves the
    priority."""
    folded = fold(text)
    return bool(_NOT_URGENT.search(folded) or _DEADLINE.search(folded))


def load_examples(path: Path = EXAMPLES_FILE) -> dict[str, list[str]]:
    """Priority name -> example descriptions, in file order (most urgent first)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): [str(x) for x in v or []] for k, v in data.items()}


def _merged(extra: dict[str, list[str]] | None) -> dict[str, list[str]]:
    merged = {k: list(v) for k, v in load_examples().items()}
    for name, texts in (extra or {}).items():
        merged.setdefault(name, []).extend(texts)
    return {k: v for k, v in merged.items() if v}


def priority_model(extra_examples: dict[str, list[str]] | None = None) -> LinearModel:
    """The classifier for these extra examples, from memory, disk cache or training."""
    key = fingerprint([EXAMPLES_FILE], PRIORITY_VERSION, sorted((extra_examples or {}).items()))
    with _lock:
        model = _models.get(key)
        if model is None:
            merged = _merged(extra_examples)

            def build() -> LinearModel:
                texts = [t for texts in merged.values() for t in texts]
                labels = [name for name, texts in merged.items() for _ in texts]
                return fit_linear([intent_features(t) for t in texts], labels, c=10.0)

            model, _ = load_or_build("priority", key, build)
            _models[key] = model
    return model


def _order(classes: list[str], order: list[str] | None) -> list[str]:
    if order:
        return [c for c in order if c in classes] + [c for c in classes if c not in order]
    known = [c for c in CANONICAL_ORDER if c in classes]
    return known + [c for c in classes if c not in known]


UNSURE = 0.5
# Kinds of fault that by their nature stop everyone who shares the thing (the main
# printer): with a hard deadline today they are critical.
SHARED_KINDS = frozenset(["main_printer_down"])
ONE_MACHINE_KINDS = frozenset(["machine_dead"])
# A whole office slowed down (the internet, the business system) is more than a nuisance.
_SLOW = re.compile(
    r"\b(?:slow|crawl\w*|pomal\w*|lent\w*|a passo d ?uomo)\w*.{0,40}(?:internet|net|system|"
    r"program|server|helios|gestionale|erp|sage|pastel)|(?:internet|net|system|program|server|"
    r"helios|gestionale|erp)\w* .{0,40}(?:slow|crawl\w*|pomal\w*|lent\w*)"
)
# Said outright that work goes on: an offline server or link that stops nobody.
_NOT_STOPPED = re.compile(
    r"\b(?:non siamo (?:del tutto |completamente )?fermi|"
    r"non (?:e|siamo) bloccat\w* (?:tutto|tutti)|"
    r"we(?: are|re| r)? not (?:stopped|at a standstill)|(?:we|everyone) can still work|"
    r"(?:we|everyone) (?:are|is) still working|nejsme (?:uplne )?(?:v klidu|odstaven\w*)|"
    r"muzeme (?:normalne |dal )?pracovat|(?<!non )(?<!nn )possiamo (?:comunque |ancora )?lavorare|"
    r"lavoriamo (?:lo stesso|comunque|regolarmente))"
)
# Evidence that a fault is contained: the rest works, or a workaround is in use.
_CONTAINED = re.compile(
    r"\b(?:(?:the )?other (?:rooms?|ones?|two|pcs?|screens?|printers?)\s+(?:\w+\s+)?"
    r"(?:are |is )?(?:fine|ok|work\w*)|the rest (?:of the office )?(?:is |are )?(?:fine|ok)|"
    r"(?:i )?can work on the other|(?:elsewhere|everywhere else)(?: \w+){0,4} (?:is |it s |its )?"
    r"fine|in the meantime|for now we|(?:we.?re|we are|i.?m|i am) coping|still usable|"
    r"jinde (?:\w+ ){0,4}(?:ok|funguje|jede)|ostatni (?:\w+ ){0,3}(?:jedou|funguji|jdou|ok)|"
    r"jedeme na zbyl\w*|zatim (?:tam )?natahujeme|zatim mam|"
    r"nel resto (?:dell\W?\s?ufficio )?(?:va|funziona)|"
    r"gli altri (?:due |tre )?(?:vanno|funzionano)|"
    r"(?:le |l\W?\s?)?altre (?:stanze|camere|sale|stampanti) (?:vanno|funzionano)|"
    r"per ora usiamo|intanto usiamo|altrove va|pi ora|gli altri s[iì]\b|"
    # a workaround in use: "I'm on my phone hotspot for now", "per ora lavoro dal portatile"
    r"hotspot|for now i (?:use|work|print|m using)|(?:we.?re|we are|i.?m|i am) managing|"
    r"using (?:the|my|our) (?:other|phone|laptop|spare)|work(?:ing)? (?:on|from) (?:my|the) "
    r"(?:laptop|phone|other)|per ora (?:lavoro|uso|stampo|usiamo|lavoriamo)|sugli altri|"
    r"on the others|(?:tills?|pos|pokladn\w*|cass[ae]) \d+ (?:and \d+ )?(?:is|are|s) "
    r"(?:still )?(?:working|fine|ok)|other (?:\d+ |two |three )?tills (?:are )?(?:fine|ok|work)|"
    r"(?:lavoro|stampo|lavoriamo) (?:dal|dalla|sul|sulla|col|con il) (?:portatile|piccola|"
    r"telefono|altr\w*)|ho il portatile|zatim (?:pracuj\w*|pouziv\w*|tiskn\w*|jedeme|jede)|"
    r"mam notebook|pracuju na notebooku|muzu pracovat na|for now|in the meantime|meanwhile|"
    r"per ora|x ora|intanto|nel frattempo|zatim|mezitim|we manage|manage with|zvladame|"
    r"ci arrangiamo|se rangemo|(?:every ?(?:one|1)|everybody) else (?:is )?(?:fine|ok)|"
    r"gli altri (?:ok|in ufficio)|other (?:people|ppl) (?:in the office )?(?:still )?(?:have|are)|"
    # the main one still works: "small printer in back office offline … main counter printer
    # still ok"
    r"(?:main|other|big|second)\b (?:\w+ ){0,3}(?:is |are |s )?still (?:ok|fine|work\w*|going))"
)
# Evidence that a problem cannot wait: something due today (a deadline word near a time
# of today), or people waiting now. "DEADLINE is Monday", "termín do pátku" or "I can't
# work!!" are no such evidence: the first two are not today, the last is how it feels.
_TODAY = (
    r"(?:\btoday\b|\btonight\b|this (?:afternoon|evening)|\bdnes\w*|\boggi\b|\bstasera\b|"
    r"\bat \d{1,2}(?::\d\d)? ?(?:am|pm)?\b|\balle \d{1,2}\b|\bin an hour\b|\bza hodinu\b|"
    r"\btra un ora\b|\bfra un ora\b)"
)
# A time limit said outright: "by 3", "entro le 18", "do 12:00", "do půlnoci".
_BY_TIME = (
    r"(?:\b(?:by|before) \d{1,2}\b|\bby (?:midnight|tonight|the end of (?:the )?day)\b|"
    r"\bentro (?:le|oggi|stasera|mezzogiorno|mezzanotte|fine giornata)\b|"
    r"\bdo \d{1,2}(?::\d\d| hod\w*)|\bdo pulnoci\b|\bdo konce dne\b|\bultimo giorno\b)"
)
_DUE = (
    r"(?:deadline|\bdue\b|submit\w*|submission|tender|closes|present\w*|payroll|salar\w*|"
    r"exam\w*|testy|testu|online test\w*|verifich\w*|prove\b|invalsi|invoice\w*|file\b|filing|"
    r"termin\w*|"
    r"odevzd\w*|odeslat|podat|podani|priznani|"
    r"uzaverk\w*|prezentac\w*|mzdy|vyplat\w*|pisemk\w*|faktur\w*|scadenz\w*|scade|"
    r"consegn\w*|invi\w*|deposit\w*|paghe|stipendi|gara|esam\w*|f24|dichiarazion\w*|"
    r"fattur\w*)"
)
_DEADLINE = re.compile(
    rf"{_BY_TIME}|{_DUE}.{{0,80}}{_TODAY}|{_TODAY}.{{0,80}}{_DUE}|"
    r"\b(?:has to be (?:submitted|done|sent) today|payroll (?:is )?(?:due )?today|"
    r"dnes(?:ka)? (?:musime|musim|odevzd\w*)|(?:paghe|stipendi) (?:oggi|entro oggi)|"
    r"scade oggi|(?:da )?consegnare oggi|oggi (?:dobbiamo|devo)|"
    r"dnes(?:ka)? ve? \d{1,2}(?::\d\d)? (?:\w+ )?(?:nastupuje|prijde|zacina|mame|ma)|"
    r"(?:patients?|customers?|clients?) (?:are )?(?:waiting|queu\w*)|pacienti cekaji|"
    r"zakaznici cekaji|pazienti (?:in )?attesa|clienti (?:in )?attesa|la fila|fronta)"
)
_CLOSED_NOW = re.compile(
    r"\b(?:mame zavreno|je zavreno|zavreno do|siamo chiusi|chiusi fino|oggi chiuso|"
    r"(?:we re|we are|were) closed|closed (?:until|till|today|for the weekend))\b"
)
_NOT_URGENT = re.compile(
    r"\b(?:no rush|not urgent|no hurry|whenever (?:you|it)|when you (?:have|get) (?:time|a chance)"
    r"|next week is fine|nespecha|nespechá|neni to (?:urgentni|spechajici)|az budete mit cas"
    r"|non e urgente|non urgente|(?:fate |con tutta )?calma,? quando|fate con calma|"
    r"quando avete tempo|"
    r"senza fretta|non c ?e fretta|nessuna fretta|non e un ?(?:emergenza|urgenza)|"
    r"quando avete un (?:momento|attimo)|when you have a (?:moment|minute)|"
    r"az budete mit chvil\w*"
    r"|quando vi torna comodo|nessuna urgenza|niente di urgente|nn c\w* fretta|nic nehori"
    r"|no rush at all|nic nespech\w*|no urgency|nothing urgent|not a train smash|no stress|"
    r"it can wait|can wait|sometime this week|this week is fine|when(?:ever)? you can|"
    r"un c ?e fretta|nun c ?e fretta|"
    r"(?:to )?nehori|ne ze by to horelo|klidne (?:\w+ )?(?:pristi|za) \w+|"
    r"(?:az|kdyz) (?:budete|bude) (?:mit )?cas\w*|kdybyste (?:\w+ )?(?:meli|mel|mela) cas)"
)


def classify_priority(
    text: str,
    extra_examples: dict[str, list[str]] | None = None,
    *,
    order: list[str] | None = None,
    impact: str | None = None,
) -> tuple[str, float]:
    """(priority, confidence) for a problem description, calibrated to the table.

    The kind of fault decides first: a kind the published table names
    (``nlu.fault_kinds``), else the classifier trained on labelled examples and the
    config's examples (new names allowed). Impact then moves it by one level at most, and
    only on evidence: everyone stopped raises high to critical, one person lowers critical
    to high, "no rush" lowers by one. ``impact`` is the answer to the impact question
    ("single", "several", "everyone") when there was one; otherwise the text is read.
    ``order`` lists priorities most urgent first (default: critical, high, medium, low, then
    any others) and is what the impact correction moves along.
    """
    model = priority_model(extra_examples)
    levels = _order(model.classes, order)
    folded = fold(text)
    kind = fault_kind(_NOT_URGENT.sub(" ", folded))  # "no rush at all" describes no fault
    impact = impact or impact_level(text)
    stops = (impact == "everyone" and bool(_STOPS_EVERYONE.search(folded))) or bool(
        _BUSINESS_STOPPED.search(folded)
    )
    if kind is not None and kind.priority in levels:
        best, conf = kind.priority, 0.85
    else:
        best, conf = model.rank(intent_features(text))[0]
        if best == levels[0] and conf < UNSURE and len(levels) > 1 and not stops:
            # The top level pages at night: an unsure guess never gets there, only a kind
            # of fault the table names, a confident classifier, or everyone affected.
            best = levels[1]
    rank = levels.index(best)
    # one machine dead ("nejde nahodit počítač na diagnostiku, auta stojí") waits, the rest
    # of the business goes on: only everyone stopped lifts it
    one_machine = kind is not None and kind.name in ONE_MACHINE_KINDS
    stopped = stops and not (one_machine and impact != "everyone")
    if rank == 1 and (stopped or _NOTHING_WORKS.search(folded)):
        return levels[0], max(conf, 0.8)
    everyone_slowed = impact == "everyone" and bool(_SLOW.search(folded))
    due_today = bool(_DEADLINE.search(folded))
    deadline_for_many = due_today and impact != "single"
    # It still prints: a queue or a deadline is no outage, only a stopped business is.
    slow = kind is not None and kind.name == "slow_printing"
    if rank == 2 and (stops or (not slow and (deadline_for_many or everyone_slowed))):
        # "only the MD, but he presents at 3"; "the internet crawls for everyone"
        return levels[1], float(conf)
    calm = bool(_NOT_URGENT.search(folded))
    deadline = due_today and not calm
    shared = kind is not None and kind.name in SHARED_KINDS and impact != "single"
    if rank == 1 and deadline and (impact == "everyone" or shared):
        # the main printer jams and the whole office must send 30 invoices by 4 today
        return levels[0], max(conf, 0.8)
    if rank == 3 and deadline:
        # a locked account, but the payroll must go to the bank by 2 today
        return levels[2], float(conf)
    if rank == 0 and len(levels) > 1 and _NOT_STOPPED.search(folded):
        # "il gestionale nuovo va, quindi non siamo fermi": an old archive server offline
        return levels[1], float(conf)
    if impact == "single" and rank == 0 and len(levels) > 1:
        return levels[1], max(conf, 0.7)
    if rank == 1 and _CONTAINED.search(folded) and impact != "everyone":
        # "the other rooms are fine, we plug in a cable meanwhile": one level down
        return levels[2], float(conf)
    # an outage while nobody works ("do pondělí máme zavřeno") stops no one yet
    outage = rank == 0 and kind is not None and not _CLOSED_NOW.search(folded)
    if calm and rank + 1 < len(levels) and impact != "everyone" and not outage:
        # "no stress, whenever you get a moment" lowers one person's fault, never an outage
        # (a server, the network or the VPN down, or anything that reaches everyone): the
        # calm words are politeness, the impact is evidence
        return levels[rank + 1], float(conf)
    return best, float(conf)
