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


# Software said to go on a machine: an install word and a program named anywhere in the text
# ("need Sage Pastel installed on it", "na něj dát Office", "ho nainstalovat", the package).
_SOFTWARE_GOES_ON = (
    r"(?=.*\b(?:install\w*|nainstal\w*|instalac\w*|installa\w*|licen[cs]\w*|"
    r"na (?:nej|nem|ne) dat|nahrat|mettere)\b)"
    # (the office suite, not "the farm office")
    r"(?=.*\b(?:(?:ms |microsoft |m365 )office|office ?365|office (?:suite|package|licen\w*)|"
    r"(?:dat|nahrat|install\w*|nainstal\w*|installa\w*|need|want) (?:\w+ )?office|"
    r"word|excel|sage|pastel|software|program\w*|antivir\w*|quickbooks|"
    r"autocad|adobe|acrobat|gestionale|balicek|balicku|pacchetto|package|aplikac\w*|"
    r"applicazion\w*|app)\b)"
)


def _kind(name: str, priority: str, *alternatives: str) -> FaultKind:
    return FaultKind(name, priority, re.compile("|".join(f"(?:{a})" for a in alternatives)))


# Words for "not working" in the three languages, folded.
_DOWN = (
    # "down" as a place: "down the hall", "a black line down every page"
    r"(?:down(?! (?:the|to|a|from|by|and up|every|each|one|its|his|her)\b)|offline|off line|"
    r"dead|died|crashed|"
    r"not (?:working|responding|reachable|available|"
    r"starting|coming up)|isnt working|is not working|stopped working|unreachable|gone|out|"
    r"nejde|nefunguje|nefunguji|spadl[ao]?|padl[ao]?|nebezi|neodpovida|je mrtv\w*|lezi|"
    r"vypadl[ao]?|nejede|"
    r"nepripoj\w*|nedostupn\w*|non (?:va|funziona|risponde|parte|si avvia|e raggiungibile)|"
    r"e giu|giu|spent[oaie]|interrott[aoie]|prerusen\w*|mort[oa]|bloccat[oa]|irraggiungibile|"
    r"fuori uso|ko\b|zhasnut\w*|"
    r"non risulta (?:piu )?(?:raggiungibile|visibile|accessibile)|non si vede piu|"
    r"nesviti|(?:isn ?t|is not|not) (?:showing|visible)|won ?t connect|not connecting|"
    r"isn ?t connecting|aren ?t connecting|"
    r"can ?t connect|froze|frozen|hung|"
    r"prestal\w* (?:fungovat|jet|tisknout|odpovidat|se pripojovat)|netiskne|"
    r"nejde (?:se )?pripojit|zamrz\w*|kleknul\w*|klekl\w*|"
    r"(?:non|nn|un) si (?:colleg|conne)\w*|non (?:stampa|si apre|riparte)|un riparte|"
    r"(?:non|nn|nessun\w*) (?:\w+ ){0,5}riesc\w* a (?:colleg|conne|entra|acced)\w*|"
    r"(?:e |si e )?cadut[oa]|ha(?:nno)? smesso di (?:funzionare|andare|stampare|rispondere)|"
    r"stopped (?:printing|responding|connecting)|"
    r"(?:s ?e|si e) (?:piantat|bloccat|fermat|spent)\w*|piantat\w*|"
    r"can ?t get (?:onto|on to|into|on)|(?:not|never|hasn ?t|has not|won ?t) come back (?:on|up)|"
    r"nun se collega|(?:un|non) s ?e piu acces\w*|non si e piu acces\w*|non si accende piu|"
    r"won ?t boot|doesn ?t boot|non si e (?:piu )?riacces\w*|non va oltre|nenabehne|nenabehl\w*)"
)
_ALL = (
    r"(?:everyone|everybody|all (?:of us|staff|users|our|the (?:pcs|computers|tills|users))|"
    r"whole (?:office|company|building|business|firm|team|shop|store|practice|school|hotel)|"
    r"entire (?:office|company|building)|nobody|no one|noone|none of us|"
    r"vsichni|vsem|nikdo|nikomu|cel[aeyou] (?:firm|kancelar|budov|prodejn|ordinac|skol|hotel)\w*|"
    r"tutti|tutto l ?ufficio|tutta l ?azienda|nessuno|intero ufficio|tutta la (?:ditta|sede))"
)

_STOPPED = (
    r"(?:can ?t|cannot|unable to) (?:work|sell|trade|dispense|invoice|do anything|check anyone|"
    r"take payments?|ring)|nobody can|no one can|nemuzeme (?:pracovat|prodavat|nic|fakturovat)|"
    r"nikdo nemuze|stojime|non possiamo (?:lavorare|vendere|fare niente|incassare)|"
    r"siamo (?:fermi|bloccati)|nessuno (?:riesce|puo)"
)

# "collegare la stampante nuova al wifi", "připojit na wifi": a set-up, not a Wi-Fi fault.
_SETUP_ON_WIFI = (
    r"(?!.*\b(?:collegar\w*|collegast\w*|collegate|pripojit|zprovoznit|"
    r"connect (?:it|them|the \w+) to|connected to|hooked up to|collegat[ie] al|set ?up)\b.{0,40}"
    r"\b(?:wi-?fi|wifi)\b)"
)

KINDS: tuple[FaultKind, ...] = (
    # -- requests, not faults: low
    _kind(
        "account_change",
        "low",
        # someone new starts and needs a mailbox or a login: "mame noveho instruktora,
        # potreboval by email a prihlaseni", "arriva una ragazza nuova, ci servirebbe una
        # casella email per lei"
        r"\b(?:(?:new|novy|noveho|novou|nova|nove|nuov[oa]) (?:\w+ ){0,2}(?:colleague|employee|"
        r"staff member|starter|instructor|intern|teacher|instruktor\w*|zamestnan\w*|koleg\w*|"
        r"pracovni\w*|ucitel\w*|collaborat\w*|dipendent\w*|collega|ragazz[ao]|segretari\w*|"
        r"girl|guy|lady|person|hire|praticante|istruttric\w*|istruttor\w*|impiegat\w*|"
        r"apprendist\w*|tirocinant\w*)|"
        r"(?:ragazz[ao]|collega|dipendente|collaborat\w*|segretari\w*) nuov[ao])\b"
        r"(?:(?!won\W?t|can\W?t|cannot|doesn\W?t|isn\W?t|nejde|nefung|nemuze|non (?:va|funziona|"
        r"si|riesce|parte)).){0,120}"
        r"\b(?:e-?mail|login|account|prihlaseni|ucet|pristup|accesso|casella|utente)|"
        r"\b(?:pw|password|heslo)\w* (?:\w+ ){0,2}(?:scadut\w*|expired|vyprsel\w*)|"
        # someone starting soon needs a mailbox or a login
        r"\b(?:starting|starts|nastupuj\w*|inizia|entra|arriva)\b"
        r"(?:(?!won\W?t|can\W?t|cannot|doesn\W?t|nejde|nefung|non (?:va|funziona)).){0,100}"
        r"\b(?:e-?mail|login|account|prihlaseni|ucet|accesso|utente|casella)\b|"
        r"spolecn\w* schrank\w*|"
        r"\badd (?:\w+ ){1,4}to (?:the |our )?(?:\S+ )?(?:mailbox|group|distribution list|"
        r"shared (?:mailbox|folder|drive))|"
        r"\b(?:new user|(?:create|set ?up|add|open) (?:an? )?(?:new )?(?:user|account|login|"
        r"e-?mail|mailbox)|(?:e-?mail|login|account) (?:and \w+ )?for (?:our |the |a )?new|"
        r"disattiv\w* (?:il |l ?|lo )?(?:suo |relativo )?(?:account|utente|casella)|"
        r"(?:resigned|has resigned|left us|odesel|odesla|skoncil\w*|si e dimess\w*|"
        r"(?:e )?andat[oa] in pensione)\b.{0,80}(?:disable|remove|block|close|zrusit|zablokovat|"
        r"disattiv\w*|chiudere|bloccare)|"
        r"(?:disable|remove|block|close) (?:his|her|their) (?:e-?mail|login|account|access)|"
        r"nema (?:vubec |zadne )?(?:prihlaseni|ucet|login|pristup)|"
        r"(?:remove|disable|delete|close|revoke) (?:the )?(?:access|account|user|"
        r"login|mailbox)|(?:left|leaving) the company|rename (?:a |the )?(?:user|mailbox)|"
        r"change (?:the |his |her |my |our )?(?:email|e-mail) (?:address|name)|"
        r"add (?:him|her|them) to|remove \w+ from the|out of office|"
        r"(?:change|reset) (?:the |my |our )?(?:\w+ )?password|"
        r"(?:e-?mail )?signatures?\b(?! (?:is |are )?(?:not|missing|gone))|"
        r"firm[ae] (?:nuov[ae] )?(?:nelle|delle|della|in) (?:e-?)?mail|"
        r"podpis\w* (?:v |do |pod )?(?:e-?)?mail\w*|"
        r"novy uzivatel|zalozeni (?:\w+ )?(?:uctu|uzivatel\w*|e-?mail\w*)|creazione "
        r"(?:dell ?|di un )?(?:utente|account)|"
        r"zalozit (?:\w+ )?(?:ucet|uzivatel|e-?mail|schranku|pristup)|"
        r"zrusit (?:\w+ )?(?:ucet|pristup)|odebrat (?:\w+ )?pristup|"
        r"zmenit (?:\w+ )?(?:e-?mail|heslo|jmeno|prijmeni)|cambiare (?:il )?(?:nome|cognome)|"
        r"nuovo utente|creare (?:un |l )?(?:utente|account|casella|indirizzo)|"
        r"crear\w* (?:\w+ )?(?:la |una |un |l )?(?:casella|utenza|utente|account)|"
        r"aggiunger\w* (?:una |un )?(?:casella|utente|utenza|account)|"
        r"cambiare (?:la )?(?:pw|psw|password)|"
        r"(?:disattivare|eliminare|togliere|chiudere) (?:l ?|il |la )?(?:accesso|account|utente|"
        r"mail|casella)|ha lasciato (?:l ?azienda|la ditta)|"
        r"(?<!corrente )(?<!luce )e andat[oa] via(?! la (?:corrente|luce))|"
        r"cambiare (?:la )?password|nuovo indirizzo|new (?:email )?address|zablokovat|"
        r"presmerovat|redirect (?:his|her) mail|"
        r"(?<=^ )(?!.*(?:install|instal|nainstal|microsoft office|put \w+ (?:\w+ )?on))"
        r".*?\b(?:new|nov\w*|nuov\w*) (?:receptionist|"
        r"secretary|assistant|admin lady|bookkeeper|"
        r"segretari\w*|recepcni|asistentk\w*|colleague|hire|"
        r"starter|employee|intern|kolega|kolegyn\w*|maklere?\w*|obchodnik\w*|zamestnan\w*|"
        r"collega|dipendente|operaio|magazziniere|stagista)(?!.*(?:install|instal|nainstal))|"
        r"badge (?:per|for) (?:il |the |un )?nuov\w*|"
        r"(?:set ?up|add|give|access|nastavit|pridat|pridani|aggiunger\w*|configurar\w*|accesso) "
        r".{0,60}(?:shared (?:mailbox|calendar)|sdilen\w* (?:kalendar|schrank)\w*|"
        r"casella condivisa|calendario condiviso)|"
        r"access to (?:the |our )?\S+ ?mailbox|(?:forgot|forgotten) (?:my |the )?password|"
        r"zapomnel\w* (?:\w+ )?heslo|"
        r"locked out|account (?:is |has been |was )?(?:disabled|locked|blocked)|"
        r"(?:cut off|block|remove) (?:\w+ ){0,3}(?:access|email|e-mail)|"
        r"change (?:my |her |his |the )?(?:email|e-mail|display name|surname|name)\b|"
        r"zablokoval\w* (?:se )?(?:mi |jí |mu )?ucet|ucet (?:je |se )?zablokov\w*|"
        r"account (?:e |è )?(?:bloccat|disabilitat)\w*|"
        r"dimenticato (?:la )?password|"
        # a name changed, credentials withdrawn, the name a mail shows: "ha cambiato cognome",
        # "disattivazione delle sue credenziali", "my email shows the wrong name"
        r"(?:ha cambiato|changed (?:her|his|my)|zmenil\w* (?:si )?) ?(?:cognome|surname|"
        r"name|prijmeni)|disattivazion\w* (?:\w+ ){0,4}(?:credenziali|account|utent\w*|"
        r"casell\w*)|(?:shows|displays) the wrong name|wrong (?:display |sender )?name)",
    ),
    _kind(
        "planned_work",
        "low",
        r"\b(?:routine|maintenance|service (?:visit|check)|come (?:and )?service|"
        r"(?:do|run|schedule|install) (?:the |our |their )?windows updates?|"
        r"(?:plan|schedule|book) (?:\w+ ){0,3}(?:upgrade|update|migrat)\w*|"
        r"nothing ?s broken|nothing is broken|nic neni rozbit\w*|non (?:e|si e) rotto niente|"
        r"controllo generale|prohlednout|prohlidnout|vycistit|vycisteni|procistit|procisteni|"
        r"pulizia (?:dei|del) "
        r"(?:pc|computer)|(?:proper |general )?service on (?:our |the )?(?:\d+ |three |two )?"
        r"(?:pcs|computers|laptops)|prodlouz\w*|hernu\w*|"
        r"windows updates? (?:done|installed)|annual check|check ?up|"
        r"update (?:the )?firmware|cable management|moving offices?|office move|we re moving|"
        r"new (?:office|branch)|quote for|a quote|recommend (?:a|an)|"
        r"udrzb\w*|servisn\w* prohlidk\w*|prohlidk\w*|stehovani|stehujeme|nov\w* pobock\w*|"
        r"(?:poslat|poslete|chci|chteli bychom|potreb\w*|cenov\w*|prosim o|"
        r"prosime o) (?:\w+ ){0,3}nabidk\w*|doporucit|manutenzione|controllo periodico|trasloco|"
        r"traslochiamo|"
        r"nuova filiale|preventivo|consigliate|ci consigliate|renewal|renew|rinnov\w*|"
        # a licence about to run out, updates left waiting: "the licence expires in 2 weeks"
        r"licen[cs]\w* (?:\w+ ){0,2}(?:expires|runs out|will expire|scade|vyprsi) (?:in|tra|za|"
        r"at|on|alla|a fine|end)|(?:haven ?t|have not) had updates|"
        r"prodlouzeni|obnov\w*|spostiamo|presunout|prestehovat|"
        r"spostare (?:il|i|la|le|lo|un|una|tutt\w*) (?:\w+ )?(?:pc|computer|postazion\w*|"
        r"stampant\w*|ufficio|uffici|scrivani\w*|telefon\w*)|"
        r"(?:move|moving|relocat\w*) (?:the |her |his |our |a |two |2 )?(?:\w+ )?(?:desk|computer|"
        r"pc|pcs|printer|phone)s?\b|network point|"
        r"aktualizac\w*.{0,160}(?:naplan\w*|vecer|po zaviracce|po praci)|"
        r"naplan\w*.{0,60}aktualizac\w*|aggiornament\w*.{0,80}(?:pianific\w*|dopo la "
        r"chiusura)|pianific\w*.{0,60}aggiornament\w*|"
        r"(?:\d+|six|twelve) ?monthly service|book (?:in )?(?:our |the )?\w* ?service|"
        r"kontrol\w* (?:zaloh|pocitac|serveru)\w*|aktualizac\w* (?:na )?pocitac\w*|"
        r"solito controllo|controllo (?:dei|del) (?:pc|computer|server|backup)|"
        r"(?:ci )?trasferiamo|moving to (?:a |the |our )?new office|"
        # a service booked: "the lab computers serviced while the children are away",
        # "un tagliando al computer dell ufficio"
        r"(?:computers?|pcs?|laptops?|machines?) (?:\w+ ){0,2}serviced\b|\bservicing\b|"
        r"tagliando|checking the antivirus|cleaning (?:them )?out)",
    ),
    _kind(
        "consumables",  # toner, ink or paper run out: a delivery, not a fault
        "low",
        r"\b(?:toner\w*|ink|inkoust\w*|inchiostro|cartuccia|kazet\w*|cartridge)\b.{0,30}"
        # "needs replacing" asks for a delivery; "the toner was replaced last week" is history
        r"(?:empty|low|out|esaurit\w*|finit\w*|dosel|dosl\w*|prazdn\w*|replace\b|replacing|"
        r"needs? (?:to be )?replac\w*)|"
        r"(?:replace|vymen\w*|sostituir\w*|cambiare) (?:the |il |la |i )?(?:toner|cartridge|"
        r"cartuccia|kazet\w*|inkoust\w*)|out of (?:toner|ink)",
    ),
    _kind(  # it prints, but faint, pale or streaked: a fault to fix, not an outage
        "print_quality",
        "medium",
        r"\b(?:print\w*|tisk\w*|stamp\w*)\b.{0,80}\b(?:faint\w*|pale|streak\w*|smudg\w*|"
        r"blede|bledy|vybled\w*|sbiadit\w*|sbiadi\w*|chiarissim\w*|righe|pruh\w*|"
        r"fleky|macchi(?:e|at[oaie])\b)|\b(?:faint\w*|blede|sbiadit\w*)\b.{0,40}\b(?:print\w*|tisk\w*|"
        r"stamp\w*)",
    ),
    _kind(  # a projector or a screen bought and to be put up: new equipment
        "equipment_purchase",
        "low",
        r"\b(?:comprato|bought|koupili|acquistato|purchased)\b.{0,60}(?:videoproiettore|"
        r"proiettore|projector|projektor|beamer|televisor\w*|tv)\b|"
        # equipment on its way, to be set up: "we ordered three Dell monitors, they arrive Thursday"
        r"\b(?!\w+\b.*\b(?:install|instal|nainstal|installa|software|program))"
        r"(?:ordered|bought|purchased|objednal\w*|koupil\w*|ordinat\w*|comprat\w*)\b"
        r".{0,40}\b(?:monitors?|screens?|laptops?|docking|pcs?|computers?|printers?|monitor\w*|"
        r"notebook\w*|pocitac\w*|portatil\w*|stampant\w*)\b(?!.{0,60}\b(?:broken|dead|faulty|"
        r"won ?t|doesn ?t|not working|nefung\w*|nejde|non (?:va|funziona)))",
    ),
    # -- warnings while everything works, and devices over the network
    _kind(
        "backup_warning",  # a failed backup job while everything works: today, not tonight
        "medium",
        r"\b(?:backup|zaloh\w*|zaloha|záloh\w*)\w*.{0,40}(?:fail\w*|error|nepovedl\w*|"
        r"selhal\w*|non (?:completat\w*|parte|riuscit\w*)|errore|chyb\w*)|"
        r"(?:fail\w*|error|errore) .{0,20}backup",
    ),
    _kind(
        "device_over_network",  # "the scanner does not scan over the network": the device
        "medium",
        # (not when the whole network or the internet is down: "jsme tiskárna, spadla nám
        # celá síť" is a printing house without its network, nor when the whole site or
        # half of it is cut off: "nejede celý sklad, ani jeden skener …, půlka kanclu taky")
        r"^(?!.*\b(?:cel[aeou] sit\w*|whole network|entire network|tutta la rete|internet|"
        r"cel[yaeou] (?:sklad|kancl|kancelar|firm|budov)\w*|ani jeden|none of|nessun[oa]? |"
        r"pulk\w*|polovin\w*|half|meta)\b)"
        r".*?\b(?:scanner|skener|sken\w*|stampante|tiskarn\w*|printer)\w* .{0,40}"
        r"(?:network|sit|site|siti|rete)\b",
    ),
    _kind(
        "wifi_only",  # Wi-Fi down while the cabled network and the internet work: high
        "high",
        r"^(?!.*(?:internet|router|modem|fibre|fiber|adsl|switch|celou sit|whole network|mouse|"
        r"keyboard|mys|klavesnic|tastiera))"
        # a new printer or laptop to connect to the Wi-Fi is a set-up, not a fault
        rf"{_SETUP_ON_WIFI}"
        r".*\b(?:wi-?fi|wfi|wireless(?! (?:set|mouse|keyboard|headset|charger|combo))|wlan|wifina|"
        r"wifinu|access point)",
    ),
    # -- critical: server offline, network failure for many, VPN down, tills and phones
    _kind(
        "server_down",
        "critical",
        rf"\b(?:(?:main |file |mail |email |e-mail |database |terminal |rdp |sql |erp |our |the )?"
        rf"serve?r\w* (?:\w+ ){{0,4}}(?:is |has |went |je |e |si e |a )?{_DOWN}|"
        rf"{_DOWN} (?:the |nam |il |tady )?(?:\w+ )?serve?r\b|"
        r"server\w* (?:\w+ ){0,2}(?:won\W?t|wont|will not|doesn\W?t) (?:start|boot|come on|"
        r"switch on|turn on|power on)|server\w* (?:\w+ ){0,3}non si (?:ri)?accende|"
        # "il server dove gira il programma delle prenotazioni è spento": what runs on it, then
        rf"server\w* (?:dove|che|where|which|that|kde|na kterem) (?:\w+ ){{0,6}}"
        rf"(?:e |is |je |has |si e )?{_DOWN}|"
        r"server (?:crash|died|failure|unavailable|not found|is off|went off|switched off|"
        r"(?:seems|appears) to be (?:off|down|dead))|"
        r"server\w* (?:\w+ ){1,4}(?:seems|appears) to be (?:off|down|dead)|"
        # a server in a boot loop or on a blue screen serves nobody
        r"server\w* (?:\w+ ){0,4}(?:blue screen|bsod|keeps (?:restarting|rebooting)|"
        r"(?:restart|reboot)\w* (?:by itself|itself|on its own|over and over))|"
        r"\.locked|bitcoin\w*|vykupn\w*|riscatto|server\w* .{0,100}(?:non risulta "
        r"(?:piu )?raggiungibile|irraggiungibile|unreachable|not reachable|nedostupn\w*)|"
        r"can ?t (?:reach|access|connect to|find) "
        r"the server|non trova (?:piu )?il server|nenajde server|nevidi (?:na )?server|"
        r"ransomware|encrypted|zasifrovan\w*|crittografat\w*|"
        # a NAS said so ("the NAS is down", "Synology nejde"), not the Czech "u nás nejde"
        r"(?:the |our |a )nas (?:is )?(?:down|dead|offline)|nas (?:box |drive )?is (?:down|dead|"
        r"offline)|(?:synology|qnap)\w* (?:\w+ ){0,2}(?:je )?(?:down|dead|nejde|offline|non va|"
        r"nefunguje)|"
        r"\b(?:server|synology|qnap)\b.{0,80}\b(?:non risponde|not responding|neodpovida|nereaguje|"
        r"non si vede (?:piu )?da nessun\w*)|"
        r"(?:percorso di rete non trovato|network path (?:was )?not found|"
        r"sitov\w* cest\w* (?:nebyla )?(?:nenalezen|nalezen)\w*)|"
        r"(?:shared (?:drive|folders?)|network (?:drive|folders?)|sdilen\w* (?:disk|slozk)\w*|"
        r"cartelle condivise)\w* .{0,40}"
        r"\b(?:all|every(?:one|body)?|any(?:one)?|vsech\w*|tutti|nessun\w*)\b|"
        r"(?:cannot|can ?t|unable to|couldn ?t) connect to (?:the )?(?:database|server|sql)|"
        r"nemuze (?:se )?pripojit k (?:serveru|databazi)|nepripoj\w* (?:se )?k serveru|"
        r"nedari (?:se )?(?:nam |mi )?pripojit (?:se )?k (?:serveru|databazi)|"
        r"non (?:riesco|riusciamo|riesce|riescono) (?:piu )?a (?:collegar|connetter|accedere)\w* "
        r"(?:al|sul) (?:server|database|gestionale)|"
        r"databaze (?:neni|je ne)dostupn\w*|non (?:riesce a )?(?:si )?conn?ett\w* "
        r"al (?:server|database)|"
        r"database (?:is )?(?:down|unavailable|offline))",
    ),
    _kind(  # a UPS asking for a new battery while everything works: maintenance
        "ups_warning",
        "low",
        r"^(?!.*\b(?:off|down|offline|nobody|no one|nikdo|nessuno|nejde|nefunguje|non va|"
        r"won ?t|can ?t|cannot)\b).*(?:\b(?:ups|apc|zalozni zdroj\w*|gruppo di continuita)\b"
        r".{0,80}(?:batter\w*|pip\w*|beep\w*)|(?:pip\w*|beep\w*).{0,120}\b(?:ups|apc|"
        r"zalozni zdroj\w*)\b)",
    ),
    _kind(
        "storage_degraded",  # a failing disk while everything still works: act today, not tonight
        "high",
        r"\b(?:raid|degraded|degradovan\w*|degradat\w*|disk \d+ (?:failed|selhal|guasto)|"
        r"disk (?:failed|selhal)|disco (?:\d+ )?(?:guasto|rotto))",
    ),
    _kind(
        "network_down",
        "critical",
        # Wi-Fi trouble and nothing said of the cables, the whole site or its systems is the
        # table's wireless issue, not a network failure
        r"^(?:(?=.*\b(?:cable\w*|cablat\w*|wired|kabel\w*|cavo|all (?:the )?(?:pcs|computers)|"
        r"whole|entire|tutt[oa]|cel[aeyou]\w*|vsechny|tutti i pc|pos|card machines?|till\w*|"
        r"pokladn\w*|front desk|reception|recepce|registro|gestionale|system\w*)\b)|"
        r"(?!.*\b(?:wi-?fi|wifi|wireless|wlan)\b))"
        rf".*?\b(?:(?:internet|network|connection|line(?!s\b)|fibre|fiber|net\b|sit\b|pripojeni|"
        rf"rete\b|linea|"
        rf"connessione|adsl)\w* (?:is |je |e |nam |ci )?{_DOWN}|{_DOWN} (?:\w+ ){{0,3}}"
        r"(?:internet|net|sit|rete|connessione)\b|no (?:internet|network|connection)|"
        r"(?:bez|zadny) (?:internet|site|pripojeni)\w*|(?:senza|niente) (?:internet|rete)|"
        r"nem[ae]\w* (?:zadny )?(?:internet|net|sit|pripojeni)|"
        r"non (?:abbiamo|ho|c ?e) (?:piu )?(?:internet|rete|connessione)|"
        r"(?:have|has|got) no (?:internet|network)|(?:internet|network) (?:is )?gone|"
        r"lost (?:the |our |all )?(?:network|internet|connection)|"
        r"(?:dropped|fallen|fell|knocked|kicked|cut) off (?:the |our )?(?:network|internet)|"
        r"(?:whole|entire) (?:office|company|building) (?:is )?(?:offline|without internet)|"
        r"(?:half|pulka|polovina|meta)\w* .{0,50}(?:network|internet|sit|site|rete|offline|"
        r"connection|pripojeni|connessione))",
    ),
    _kind(
        "online_shop_down",  # the shop is the business: when it is down, nobody can buy
        "critical",
        rf"\b(?:e-?shop|webshop|online shop|web shop|negozio online|e-?commerce)\w*"
        rf".{{0,40}}\b(?:{_DOWN}|error|chyb\w*|errore)",
    ),
    _kind(
        "vpn_down",
        "critical",
        rf"\bvpn\w*.{{0,90}}\b(?:{_DOWN}|fail\w*|error|chyb\w*|errore|for (?:anyone|everyone|all)|"
        rf"{_ALL})|(?:{_ALL}|{_DOWN}).{{0,60}}vpn",
    ),
    _kind(
        "tills_down",
        "critical",
        r"\b(?:zadn\w* pokladn\w*|nessuna cassa|(?:all|every|both|vsechny|obe|tutte|tutti)"
        r"(?: (?:the|our|e|le|nase|i))? "
        r"(?:tills|pos\b|cash registers|pokladn\w*|casse|registratori)|"
        r"(?:tills|pos\b|pokladn\w*|casse|cassa)\w* .{0,30}\b(?:all|both|vsechny|tutte|e due|"
        r"froze|frozen|bloccat\w*)\b|can ?t (?:sell|trade|take payments?|ring)|"
        r"nemuzeme prodavat|non possiamo (?:vendere|incassare))",
    ),
    _kind(
        "till_down",  # one till or POS terminal: the shop still sells on another, or slowly
        "high",
        rf"\b(?:till|pos|pokladn\w*|cassa|registratore)\b.{{0,40}}\b(?:{_DOWN}|frozen|froze|"
        r"zamrz\w*|bloccat\w*|not connecting|nepripoj\w*|non si colleg\w*)",
    ),
    _kind(
        "phones_down",
        "critical",
        r"\b(?:centralino|phone system|pbx|ustredn\w*|(?:all|vsechny|tutti) (?:the |our |i )?"
        r"(?:phones|telefony|telefoni)).{0,40}(?:dead|down|morto|nefunguj\w*|nejde|not working|"
        r"no service|mut[ie]|"
        r"non funziona|non va)|no (?:incoming |outgoing )?calls|non entrano|nejdou hovory|"
        r"nejdou (?:nam )?(?:vubec )?telefony|nikdo se (?:k nam )?nedovola|nobody can call us|"
        r"(?:all (?:our |the )?(?:desk )?phones|zadny telefon|tutti i telefoni)\w* .{0,30}"
        r"(?:no service|nefunguj\w*|mut[ie]|dead|down|non funzionan\w*)",
    ),
    # -- high: desktop not powering on, main printer failure, wireless issues, access
    _kind(
        "machine_dead",
        "high",
        r"^(?!.*\b(?:webcam|camera|kamer\w*|telecamer\w*|projector|proiettore|videoproiettore|"
        r"projektor)\b).*?"
        r"\b(?:(?:pc|computer|desktop|laptop|notebook|workstation|mac|macbook|tower|pocitac|"
        r"notas|ntb|portatile|fisso)\w* (?:\w+ ){0,4}(?:won ?t|doesn ?t|does not|will not|wont|"
        r"dont|cannot|can ?t|nejde|se ne|se vubec ne|neni|non si|non|nn si|nn|prestal)\s?"
        r"(?:turn on|power on|"
        r"switch on|start|boot|come on|charge|charging|zapn\w*|spust\w*|nabehn\w*|naskoc\w*|"
        r"nabij\w*|accende|avvia|parte|carica)|(?:blue screen|bsod|modra obrazovka|"
        r"schermata blu|black screen|cerna obrazovka|schermo nero|no power|"
        r"nejde (?:vubec |uplne |ani )?(?:zapnout|nahodit)|"
        r"nechce (?:se )?(?:zapnout|nahodit|naskocit)|"
        r"(?:nezapne|nezapina|nenabehne|nenaskoci|nejde (?:mi |nam )?(?:zapnout|spustit|nahodit)) "
        r"(?:se )?"
        r"(?:mi |nam )?(?:\w+ )?(?:pocitac|notebook|ntb|pc|computer)|"
        r"non si accende|(?:nun|un|non|nn) s\W?(?:appiccia|addruma|adduma)\w*|"
        r"nejde (?:mi |nam )?zapnut\w*|won ?t boot|boot loop|swollen battery|battery has swollen|"
        r"beeps? \d|"
        r"\d (?:beeps|pipnuti)|screen (?:\w+ ){0,3}(?:black|blak)|(?:black|blak) screen|"
        r"monitor (?:\w+ ){0,3}(?:black|cern\w*|nero|dead|won ?t (?:switch|turn) on)|"
        r"displej (?:\w+ ){0,2}cern\w*|schermo (?:\w+ ){0,2}nero))",
    ),
    _kind(
        "shared_folder_server_up",  # a shared folder gone while the server runs: not offline
        "high",
        r"\b(?:shared folder|shared drive|sdilen\w* slozk\w*|sdilen\w* disk\w*|cartell\w* "
        r"condivis\w*).{0,160}(?:server (?:is (?:on|up|running)|runs|works|bezi|jede|funguje|"
        r"e acceso|e su|funziona|va))",
    ),
    _kind(
        "scanning_fails",  # scanning fails, printing works: the table's scanning issue
        "medium",
        r"\bscan(?:s|ning)? (?:\w+ ){0,2}(?:failed|fails|error)|not sending (?:the )?scans|"
        r"scan\w* (?:\w+ ){0,3}(?:not working|isn ?t working|doesn ?t work|stopped working)|"
        r"(?:scanner|scansion\w*) .{0,40}non (?:manda|invia|funziona|va)\b|"
        r"non manda (?:piu )?le scansion\w*|"
        r"scanner (?:\w+ ){0,3}(?:not working|isn ?t working|doesn ?t work|won ?t scan)|"
        # "the scanner on the office printer won't send to email anymore"
        r"scanner .{0,40}(?:won ?t|doesn ?t|does not|will not|can ?t) (?:send|save|email)|"
        r"(?:skenovani|skener|sken) (?:\w+ ){0,3}(?:nejde|nefunguje)|"
        r"nejde (?:nam |mi )?(?:\w+ )?(?:skenovani|skenovat|skener)|"
        r"scansion\w* (?:\w+ ){0,3}non (?:va|funziona)|"
        r"non (?:va|funziona) (?:piu )?(?:la |lo )?(?:scansion\w*|scanner)",
    ),
    _kind(
        "main_printer_down",
        "high",
        r"\bhoofdrukker\w*|\b(?:(?:main|only|big|groot|office|shared|reception|hlavni|velk\w*|"
        r"jedin\w*|"
        r"principale|grande|dell ?ufficio)\s(?:\w+\s){0,2}(?:printer|copier|plotter|plotr|"
        r"tiskarn\w*|multifunk\w*|stampante|fotocopiatric\w*)\w*.{0,60}\b(?:down|dead|dood|jam|"
        r"won ?t|"
        r"not|nejde|nefunguj|zasekl|non|nn|incepp|error|chyb|errore|offline)|"
        r"(?:stampante|fotocopiatric\w*|multifunzione|tiskarn\w*) (?:\w+ ){0,2}"
        r"(?:principale|grande|dell ?ufficio|hlavni)\b.{0,80}(?:non|nejde|nefung\w*|chyb\w*|"
        r"errore|incepp\w*|ferm\w*|smess\w*|si blocca)|"
        r"(?:grande|principale|big|main|hlavni|velk\w*) (?:\w+ ){0,2}(?:non|nn) stampa|"
        r"(?:prestal\w* tisknout|netiskne|nejde tisknout|non stampa).{0,20}(?:hlavni|"
        r"principale|velk\w*)|"
        r"(?:printer|plotter|plotr|tiskarn\w*|stampante)\w* .{0,30}(?:completely|vubec|"
        r"totalmente|(?:n ?t|not)\b[^.]{0,20}\bat all|dead|mrtv|morta|jam(?:med)?|incepp\w*|"
        r"zasekl\w*|service|c\d{4}))",
    ),
    _kind(
        "security_and_access",
        "high",
        r"\b(?:cctv|nvr|dvr|rekorder\w*|videoregistrator\w*|key ?card|card encoder|encoder|"
        r"fingerprint|otisk\w*|impronta|card reader|ctecka karet|lettore badge|"
        r"turnstile|turniket\w*|tornell\w*|badge|door access|access control|alarm system)"
        r".{0,60}(?:record\w*|nahrav\w*|registr\w*|signal|signalu|segnale|not|won ?t|stopped|"
        r"nebere|nefunguj\w*|nejde|non)|(?:stopped|not) recording|nenahrava\w*|"
        r"non registran\w*|cameras? .{0,30}(?:all|vsechny|tutte) ",
    ),
    _kind(
        "security_alert",  # a virus warning or a break-in: act today, before it spreads
        "high",
        r"\b(?:virus|malware|ransom\w*|hacked|hackl\w*|phishing|trojan|tech support scam|"
        r"call microsoft|volat microsoft|chiamare microsoft)",
    ),
    _kind(
        "wireless",
        "high",
        r"^(?!.*\b(?:mouse|keyboard|mys|klavesnic\w*|tastiera)\b)"
        rf"{_SETUP_ON_WIFI}"
        r".*\b(?:wi-?fi|wfi|wireless|wlan|wifina|wifinu|bezdrat\w*|access point)"
        r"(?!\w* (?:password|heslo|mys|klavesnic\w*|mouse|keyboard|tastiera|set|combo|charger)|"
        r" (?:ospiti|guest) password)",
    ),
    _kind(  # no mail in or out for anyone: the mail server is as good as offline
        "email_dead_for_all",
        "critical",
        rf"(?=.*{_ALL}).*(?:send\w* (?:or|and|nor) receiv\w*|receiv\w* (?:or|and|nor) send\w*|"
        r"bounc\w*|(?:outlook|mail\w*) (?:\w+ ){0,2}disconnected|"
        r"nechod\w* ani (?:ne)?odchaz\w*|neodchaz\w* ani (?:ne)?chod\w*|"
        r"ani (?:ne)?prij\w* ani (?:ne)?odes\w*|"
        r"ne (?:ricev\w*|arriv\w*) ne (?:invi\w*|part\w*)|ne (?:invi\w*|part\w*) ne "
        r"(?:ricev\w*|arriv\w*)|(?:inviare|ricevere) (?:ne|o|e) (?:ricevere|inviare))",
    ),
    _kind(
        "email_down_for_all",
        "high",
        rf"\b(?:e-?mail\w*|mail\w*|posta|maily)\b.{{0,50}}{_ALL}|{_ALL}.{{0,50}}"
        r"(?:e-?mail\w*|mail\w*|posta|maily)\b",
    ),
    # -- medium: installing software (even on a new laptop); low: new equipment
    _kind(
        "hardware_setup",  # installing what was bought (a printer, the new laptops): equipment
        "low",
        # (not when named software goes on it: "need Sage Pastel installed on it", "Office on
        # all four, we have the licences" is a software installation)
        rf"^(?!{_SOFTWARE_GOES_ON}).*?(?:"
        r"\b(?:koupili|bought|purchased|comprato|acquistato|arrivat[oi]|got) .{0,120}"
        r"(?:nainstal\w*|install\w*|zapojit|pripojit|nastavit|collega\w*|configura\w*|"
        r"set ?up|connect)\w* (?:(?:\w+ ){0,2}(?:tiskarn\w*|printer|stampant\w*|monitor\w*)|"
        r"(?:je|ho|them|it|li|la|lo)(?! \w+ (?:software|program))|al (?:pc|computer|portatile))\b|"
        r"\b(?:je|ho|them) (?:nainstalovat|install)\w*|"
        r"\b(?:nainstalovat|install|installare) (?:\w+ )?(?:tiskarnu|the printer|la stampante)\b|"
        r"\b(?:comprarne|buy|koupit) (?:una |a |novou )?(?:nuova|new|novou)\b|"
        # buying a computer and having it set up: "koupit a nastavit novy PC a monitor"
        r"\b(?:koupit|buy|comprare|acquistare)\b.{0,30}\b(?:nov\w*|new|nuov\w*) "
        r"(?:pc|pocitac\w*|notebook\w*|laptop\w*|computer\w*|portatil\w*)|"
        # a computer just bought, to be set up: "go comprato un portatile novo x l ufficio"
        r"\b(?:comprato|acquistato|bought|koupili|koupil\w*|donated|darovan\w*|regalato) "
        r"(?:(?:un|una|a|two|2|dva|due|\d+) )?"
        r"(?:(?:nuov\w*|novo|new|nov\w*) )?(?:pc|portatil\w*|computer|laptop\w*|notebook\w*|"
        r"pocitac\w*)s?\b(?! (?:\w+ ){0,6}(?:won ?t|doesn ?t|nejde|non (?:va|si))))",
    ),
    _kind(
        "software_install",
        "medium",
        r"\b(?:install\w*|nainstal\w*|instal\w*|aktualizac\w*|upgrade|update (?:the |our )?"
        r"(?:software|program|app)|licen[cs]\w*|trial|expired|vyprsel\w*|scadut\w*|"
        r"aggiorna\w*|attivare la licenza|senza licenza|"
        # "na něj dát Office", "nahrát tam program", "metterci l'antivirus"
        r"(?:dat|nahrat|mettere|metterci|put) (?:tam |na (?:nej|nem|ne) |on it )?(?:\w+ )?"
        r"(?:office|program\w*|software|antivir\w*)|na (?:nej|nem|ne) dat\b)",
    ),
    _kind(
        "new_equipment",
        "low",
        rf"^(?!{_SOFTWARE_GOES_ON}).*?"  # "dostali jsme darem notebook, na něj dát Office"
        r"\b(?:(?:new|nuwe) (?:laptop|pc|computer|printer|monitor|screen|phone|docking|equipment|"
        r"hardware|tablet|notebook)s?|(?:\d+|two|three|five|ten) new|set ?up (?:the |a |our |two "
        r"|2 |\d+ )?new|(?:need\w*|want\w*|would like) (?:a |an |another |a second )"
        r"(?:printer|laptop|"
        r"pc|monitor|screen|phone)|"
        r"nov(?:y|ej|ou|e|ych|ymi|eho|emu|ym|a)? (?:notebook|pocitac|pc|monitor|tiskarn|telefon|"
        r"mobil|sluzebn|tablet)\w*|(?:darem|dar) (?:\w+ )?(?:notebook|pocitac|tablet)\w*|"
        r"zapojit nov\w*|nuov[oia] (?:pc|portatil\w*|computer|monitor|stampant\w*|telefon\w*)|"
        r"configurare (?:il|i|un) nuov|una seconda stampante|"
        r"nov(?:ou|y|a|e)? (?:mys|klavesnic)\w*|druh(?:y|ej|ou) (?:monitor|obrazovk)\w*|"
        r"(?:second|another|extra) (?:monitor|screen)|second[oa] (?:monitor|schermo)|new (?:mouse|"
        r"keyboard|headset|webcam)|"
        r"(?:send|need) a replacement|quote (?:us |me )?(?:for|on) (?:a )?new|"
        r"replacement (?:monitor|mouse|keyboard|screen)|"
        r"(?:monitor|pc|computer|portatil\w*|tastier\w*|mouse|telefon\w*) (?:\w+ )?nuov\w*|"
        r"nuov[oia] (?:mouse|tastiera)|mi e arrivat[oa] (?:il|la|un|una) (?:\w+ )?nuov\w*)",
    ),
    # -- medium: slow printing, scanning issues, one application or device
    _kind(
        "slow_printing",
        "medium",
        r"\b(?:(?:print|tisk|stamp)\w* .{0,30}(?:slow|pomal\w*|lent\w*|forever|4ever|ages|"
        r"minut|\d+ ?mins?\b|blank|"
        r"faded|prazdn\w*|sbiadit\w*|bianc\w*|lines|streaks|righe|pruhy|car(?:y|a|ou|ami)\b)|"
        r"(?:slow|pomal\w*|lent\w*) .{0,20}(?:print|tisk|"
        r"stamp)\w*|label\w* blank|(?:tiskarn|kopirk)\w* (?:\w+ ){0,5}(?:snek|hlemyzd)\w*)",
    ),
    _kind(
        "scanning",
        "medium",
        r"\b(?:scan\w*|sken\w*|scansion\w*|scanner|barcode|carov\w* kod\w*|ctecka|lettore)",
    ),
    _kind(
        "peripheral",  # a mouse or a keyboard for one desk: a replacement, not a repair
        "low",
        r"\b(?:mouse|mys|mysi|myska|keyboard|klavesnic\w*|tastiera|headset|sluchatk\w*|"
        r"cuffi\w*|webcam)\b|\b(?:keys|klavesy|tasti) (?:\w+ )?(?:on|of|na|del|sul) (?:my |the |"
        r"mem |muj |mio |il )?(?:laptop|notebook|ntb|portatile|pc|computer)",
    ),
    _kind(
        "one_app_or_device",
        "medium",
        r"\b(?:outlook|calendar|kalendar|calendario|teams|zoom|onedrive|sharepoint|sync\w*|"
        r"signature|podpis|firma e-?mail|pec|mailbox|casella|schrank\w*|bounce\w*|vraceji|"
        r"monitor|screen|display|displej|obrazovk\w*|schermo|webcam|camera|kamer\w*|"
        r"telecamer\w*|mouse|mys|keyboard|klavesnic\w*|tastiera|headset|sluchatk\w*|cuffi\w*|"
        r"excel|word|pdf|acrobat|indesign|phone|telefon\w*|voip|echo|ozven\w*|intercom|"
        r"videotelefon|videocitofono|citofono|smart ?card|website|web|sito|stranky|dns|domain|"
        r"dominio|crash\w*|freez\w*|pada|spadne|si blocca|si chiude|si kiude|slow|pomal\w*|"
        r"lent\w*|projector|proiettore|projektor|beamer|no signal|nessun segnale|zadny signal)",
    ),
    # -- a printer that does not print at all is the table's "printer failure": high
    _kind(
        "printer_down",
        "high",
        rf"\b(?:printer|copier|plotter|plotr|tiskarn\w*|kopirk\w*|multifunk\w*|stampant\w*|"
        rf"fotocopiatric\w*)\w*.{{0,60}}(?:{_DOWN}|won ?t print|doesn ?t print|not printing|"
        rf"netiskne|nejde tisknout|non stampa|jam\w*|zasekl\w*|incepp\w*|offline)|"
        r"(?:nejde|nefunguje|netiskne|nejede|spadla) (?:nam |mi )?(?:\w+ )?(?:tiskarn|kopirk|"
        r"multifunk)\w*|(?:non|nn) stampa (?:piu |\+ )?(?:piu|niente|nulla|\+)(?:\s|$)|"
        r"(?:stampant\w*|printer) .{0,60}carta incastrat\w*|"
        r"non (?:va|funziona|stampa) (?:piu )?(?:la |il )?(?:stampante|"
        r"fotocopiatrice|multifunzione)",
    ),
    # -- anything else broken or showing an error is a fault: medium, not a request
    _kind(
        "other_fault",
        "medium",
        r"\b(?:error|errore|chyb\w*|nefunguje|nefunguji|non funziona|not working|doesn ?t work|"
        r"broken|rott\w*|rozbit\w*|crash\w*|nejde|non va)\b",
    ),
)


def fault_kind(folded: str) -> FaultKind | None:
    """The first kind of fault of the table recognised in ``folded`` text, or None."""
    text = " " + re.sub(r"[^\w@.+-]+", " ", folded) + " "
    for kind in KINDS:
        if kind.pattern.search(text):
            return kind
    return None
