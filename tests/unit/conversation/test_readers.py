"""Reading answers as customers write them, in English, Czech and Italian."""

from __future__ import annotations

import pytest

from bot.conversation.czech_names import nominative
from bot.conversation.readers.answers import read_impact
from bot.conversation.readers.context import ReadContext
from bot.conversation.readers.firms import read_company, reads_as_person, says_no_company
from bot.conversation.readers.names import complete_name, read_name, signed_name
from bot.conversation.readers.phones import read_phone, spoken_digits
from bot.conversation.understanding import match_company, problem_text
from bot.core import vocab

CZ = ReadContext("+420608331927", language="cs", desk_region="ZA")
ZA = ReadContext("+27765550123", language="en", desk_region="ZA")
IT = ReadContext("+393351237788", language="it", desk_region="ZA")
UK_CZECH = ReadContext("+447911203558", language="cs", desk_region="ZA")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Veronika Kubíčková, recepce", "Veronika Kubíčková"),
        ("Karin le Roux, I'm the owner", "Karin le Roux"),
        ("Dott.ssa Elena Rota", "Elena Rota"),
        ("its mark", "Mark"),
        ("Duty manager, Andile", "Andile"),
        ("ptejte se na paní Moravcovou, Jitku", "Jitka Moravcová"),
        ("volejte vrchní sestře Renatě Novotné", "Renata Novotná"),
        ("na mě, Radima Staňka", "Radim Staněk"),
        ("sorry thought you asked for the number. Hennie", "Hennie"),
        ("Turi Lo Presti", "Turi Lo Presti"),  # a particle inside the surname
        ("Zeptejte se po Lukáši Černém, to je mistr v dílně", "Lukáš Černý"),
        ("Já jsem v Praze, volejte bratrovi, Karlovi Machovi, ten je v Plzni", "Karel Mach"),
        ("Volejte prosím mamince, paní Haně Malé, je tam v kanceláři", "Hana Malá"),
        ("Call Ruth directly", "Ruth"),
        ("chiamate mio fratello, Marco Rossi", "Marco Rossi"),
        # a name after "panu" inside a sentence; the number after it is not a name
        ("Technik ať volá panu Dvořákovi, našemu sládkovi, na 737 221 904.", "Dvořák"),
        ("Please ask for Priya, Priya Govender, she's on site", "Priya Govender"),
        ("Vedoucí směny Kamil, volejte mi radši na 776 543 210", "Kamil"),
        ("jsem paní Jana Nováková", "Jana Nováková"),  # already in the nominative
        # the name first, then words about the person without punctuation
        ("Nokuthula Dlamini but everyone calls me Nox", "Nokuthula Dlamini"),
        ("Marco Bertoli sono il geometra dell'ufficio tecnico", "Marco Bertoli"),
        ("Jess van der Merwe here", "Jess van der Merwe"),
        # the customer corrects themselves
        ("Sizwe Ndlovu no sorry Sizwe Khoza I just work here", "Sizwe Khoza"),
        ("Gino... cioè Luigi Ferrario, ma tutti mi chiamano Gino", "Luigi Ferrario"),
        ("Lojza Beneš, teda Alois", "Alois Beneš"),
        ("its me Lerato. Lerato Molefe im the owner", "Lerato Molefe"),
        ("Mrs Seretse, Kelebogile. Branch administrator", "Kelebogile Seretse"),
        ("Mr Zulu. Themba Zulu", "Themba Zulu"),
        ("Mme Dineo Mofokeng", "Dineo Mofokeng"),
        ("Mandla Zungu frm Siyanqoba", "Mandla Zungu"),
        ("sono l'infermiera, Patrizia De Luca", "Patrizia De Luca"),
        ("Volejte mně, Simona Jelínková, on je teď na cestě", "Simona Jelínková"),
        ("johan steyn i am the manager", "Johan Steyn"),  # voice-to-text, all lower case
        ("my name is mister sandile ntuli", "Sandile Ntuli"),
        ("Themba Nkosi, IT admin. Jane Doe is my boss but she is away", "Themba Nkosi"),
    ],
)
def test_names_in_their_own_words(text: str, name: str) -> None:
    assert read_name(text, CZ) == name


@pytest.mark.parametrize(
    "text",
    [
        "the printer is broken since this morning",
        "cela ordinace, nejde system",
        "???",
        "I've tried new batteries!!!",
    ],
)
def test_a_problem_or_noise_is_not_a_name(text: str) -> None:
    assert read_name(text, ZA) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Bay Dental Studio in Claremont", "Bay Dental Studio"),
        ("jsme z Pekárny U Dvořáků v Táboře", "Pekárna U Dvořáků"),
        ("Autosalone Ricci, concessionaria a Brescia", "Autosalone Ricci"),
        ("Jobik s.r.o. personalka", "Jobik s.r.o."),
        ("Oh sorry 🙈 Greenpoint Physio", "Greenpoint Physio"),
        ("účetní kancelář Benešová", "účetní kancelář Benešová"),
        ("Azienda Agricola Le Querce", "Azienda Agricola Le Querce"),
        ("de villiers transport", "De Villiers Transport"),
        ("Swift Parcel Couriers (Germiston depot)", "Swift Parcel Couriers"),
        ("Cantina Zanin (sede de Treviso", "Cantina Zanin"),
    ],
)
def test_companies_with_extra_words_around_them(text: str, company: str) -> None:
    assert read_company(text, CZ) == company


def test_a_place_after_the_kind_of_business_only_in_english() -> None:
    # English puts the kind of business last, so a word after it is where the branch is;
    # Czech and Italian put it first, so the word after it is the name.
    assert read_company("Motion Physio Fourways", ZA) == "Motion Physio"
    assert read_company("Jazyková škola Babylon", CZ) == "Jazyková škola Babylon"
    assert read_company("Hotel Bellavista", IT) == "Hotel Bellavista"
    # Italian: "di" and one capitalised word after the business is its town
    assert read_company("Ottica Conti di Lecco", IT) == "Ottica Conti"
    assert read_company("Studio di Architettura Longoni", IT) == "Studio di Architettura Longoni"
    assert read_company("Scuola di Musica", IT) == "Scuola di Musica"


@pytest.mark.parametrize(
    "text",
    [
        "nejde nam internet",
        "Can you guys sort this out urgently please",
        "Started yesterday afternoon",
        "She starts Monday",  # a sentence with its subject, answering another question
        "tereza svobodova",  # a person, answering another question
    ],
)
def test_a_sentence_or_a_person_is_not_a_company(text: str) -> None:
    assert read_company(text, CZ) is None


def test_local_numbers_are_read_in_the_senders_country_first() -> None:
    assert read_phone("082 555 1234", ZA) == "+27825551234"
    assert read_phone("603 123 456", CZ) == "+420603123456"
    # a Czech customer on a UK number: the UK first, then the language's country
    assert read_phone("724 330 871", UK_CZECH) == "+420724330871"
    assert read_phone("ano, to je moje číslo", CZ) == CZ.sender


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("this number is fine", ZA),
        ("Please use my cell, the one I'm writing from. The office line is busy.", ZA),
        ("Ja, hierdie nommer is reg", ZA),
        ("yip", ZA),
        ("jo tohle cislo", CZ),
        ("ja, na tento", CZ),
        ("Raději na mobil, ze kterého píšu", CZ),
        ("questo cellulare, alla scrivania non mi trovate", IT),
        ("stu nummaru, sì", IT),
        ("Yes please, or the school office 021 555 9034", ZA),
        ("ano, případně 567 555 136", CZ),
    ],
)
def test_the_number_written_from_said_in_words(text: str, context: ReadContext) -> None:
    assert read_phone(text, context) == context.sender


@pytest.mark.parametrize(
    ("text", "context", "number"),
    [
        ("not this one, call 082 555 1234", ZA, "+27825551234"),
        ("my office number 021 555 9034", ZA, "+27215559034"),
        ("Best on the office landline please, 020 7946 0321", UK_CZECH, "+442079460321"),
        # a brand-new or reserved range, written with its country code, is still a number
        ("This UK number is fine for now, +44 7700 900456", ZA, "+447700900456"),
        (
            "chiamate a lui 328 660 4117... no scusate quello e il mio. Il suo e 347 880 1263",
            IT,
            "+393478801263",
        ),
        ("082 555 1234, sorry I mean 082 555 9876", ZA, "+27825559876"),
    ],
)
def test_another_number_wins_over_this_one(text: str, context: ReadContext, number: str) -> None:
    assert read_phone(text, context) == number


def test_a_sender_outside_the_allocated_ranges_still_has_a_country() -> None:
    reserved_uk = ReadContext("+447700900631", language="en", desk_region="ZA")
    assert read_phone("Use the practice line please, 0117 496 0123", reserved_uk) == (
        "+441174960123"
    )


def test_numbers_spoken_by_voice_to_text() -> None:
    assert spoken_digits("call oh eight two five five five one two three four") == (
        "call 0825551234"
    )
    assert read_phone("radsi sest nula tri ctyri ctyri sedm dva devet nula", CZ) == (
        "+420603447290"
    )
    assert read_phone("zero tre nove sei zero cinque quattro tre due uno", IT) == ("+390396054321")


@pytest.mark.parametrize(
    ("text", "impact"),
    [
        ("two of us in dispatch", "several"),
        ("jen mě", "single"),
        ("only the boss, but he presents at 3", "single"),
        ("the people on the road, the office is fine", "several"),
        ("tutto l'ufficio", "everyone"),
        ("celá kancelář", "everyone"),
        ("all 12 of us", "everyone"),
        ("no rush", None),
    ],
)
def test_who_is_affected(text: str, impact: str | None) -> None:
    assert read_impact(text, ZA) == impact


@pytest.mark.parametrize("text", ["ys", "yep", "jj", "ano", "sì grazie", "ok go ahead", "👍"])
def test_yes_in_many_forms(text: str) -> None:
    assert vocab.is_yes(text) and not vocab.is_no(text)


@pytest.mark.parametrize("text", ["nope", "ne", "no grazie", "that's wrong", "👎"])
def test_no_in_many_forms(text: str) -> None:
    assert vocab.is_no(text) and not vocab.is_yes(text)


def test_nominative_leaves_nominatives_alone_only_when_asked() -> None:
    assert nominative(["Jitku", "Moravcovou"]) == ["Jitka", "Moravcová"]
    assert nominative(["Pavla", "Nováka"]) == ["Pavel", "Novák"]
    assert read_name("Jana Nováková", CZ) == "Jana Nováková"  # no governing word: untouched


def test_a_legal_form_does_not_split_the_problem_text() -> None:
    text = "Dobrý den, tady Mach, Stavby Mach s.r.o. Na pobočce od rána nejede síť."
    company = text.index("Stavby")
    entities = [
        {"entity": "person", "start": 16, "end": 20},
        {"entity": "company", "start": company, "end": company + len("Stavby Mach s.r.o.")},
    ]
    assert problem_text(text, entities) == "Na pobočce od rána nejede síť."


@pytest.mark.parametrize(
    ("name", "matched"),
    [
        ("mokolodi lodge", "Mokolodi Lodge"),
        ("Mokolodi", "Mokolodi Lodge"),
        ("Novak sro", "Novák s.r.o."),
        ("Acme HR", "Acme Ltd"),
        ("Bianchi S.r.l.", "Bianchi Srl"),
        # another firm that shares a word with a directory company is another customer
        ("Ferramenta Bianchi", "Ferramenta Bianchi"),
        ("Acme Plumbing", "Acme Plumbing"),
        ("Lodi", "Lodi"),
        ("Nováková", "Nováková"),
    ],
)
def test_the_directory_matches_whole_names_only(name, matched):
    directory = ["Acme Ltd", "Mokolodi Lodge", "Bianchi Srl", "Novák s.r.o."]
    assert match_company(name, directory) == matched


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Karoo Kitchen. the bakery in Graaff-Reinet", "Karoo Kitchen"),
        ("its Lindo from Zama Events", "Zama Events"),
        ("oh sorry - Ridgeway Property Management", "Ridgeway Property Management"),
        ("Call the office line 021 555 0100, ask for Sam. Botha Bookkeeping", "Botha Bookkeeping"),
        ("Studio Dentistico Dott. Ferraro", "Studio Dentistico Dott. Ferraro"),
    ],
)
def test_company_answers_with_words_around_them(text, company):
    assert read_company(text, ZA) == company


def test_the_person_before_the_firm_is_not_the_firm():
    assert read_company("Marco Sartori – Studio Legale Rinaldi", IT) == "Studio Legale Rinaldi"
    assert read_company("Pavel Novák, Novák s.r.o.", CZ) == "Novák s.r.o."
    assert read_company("Zama Events, Durban", ZA) == "Zama Events"


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Trattoria da Gino, a Varenna sul lago", "Trattoria da Gino"),  # "da" is the name
        ("Carrozzeria Fumagalli di Fumagalli Ernesto & C. snc, a Seregno", "Carrozzeria Fumagalli"),
        ("Ottica Marchetti S.a.s. di Marchetti Laura & C.", "Ottica Marchetti S.a.s."),
        ("Coastal Living Properties Ballito branch", "Coastal Living Properties"),
        ("Rossi Impianti Srl filiale di Monza", "Rossi Impianti Srl"),
        ("Lékárna Na Náměstí", "Lékárna Na Náměstí"),  # a capitalised "Na" is the name
        ("Jenna Botha Photography - it's just me, I work from home", "Jenna Botha Photography"),
        ("Managing Director, Tlokweng Engineering (Pty) Ltd", "Tlokweng Engineering (Pty) Ltd"),
        ("Pekárna Horák na Smíchově", "Pekárna Horák"),  # a lower-case one is the place
    ],
)
def test_partners_branches_and_names_with_da(text: str, company: str) -> None:
    assert read_company(text, IT) == company


def test_the_company_said_outright_inside_a_longer_answer() -> None:
    text = "To je pro kolegu Richtera, obchodáka. Firma je Kovo Richter s.r.o. z Liberce."
    assert read_company(text, CZ) == "Kovo Richter s.r.o"


@pytest.mark.parametrize(
    "text",
    [
        "Non ho una ditta, lavoro da solo come libero professionista: Andrea Sartori",
        "Žádnou firmu nemám, jsem OSVČ – Ing. Marek Sýkora.",
        "I'm a sole trader, just me",
    ],
)
def test_a_sole_trader_says_there_is_no_company(text: str) -> None:
    assert says_no_company(text)


def test_a_firm_is_not_no_company() -> None:
    assert not says_no_company("termoidraulica pellegrini, ditta individuale")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Mgr. Ivo Šebesta, zástupce ředitele", True),
        ("tereza svobodova", True),
        ("MŠ Sluníčko, Beroun", False),  # a nursery school's initials, not "Ms"
        ("Ricardo here btw", True),
        ("Dr Smith Dental", False),
    ],
)
def test_a_person_given_for_the_company(text: str, person: bool) -> None:
    assert reads_as_person(text) is person


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sono il geom. Sartori. AutoCAD si blocca al 60%", "AutoCAD si blocca al 60%"),
        (
            "tady recepční z Hotelu Pod Sněžkou v Peci. Hostům nejde wifi.",
            "Hostům nejde wifi.",
        ),
        ("its Thabo. The printer in the office is jammed", "The printer in the office is jammed"),
    ],
)
def test_who_is_writing_is_not_part_of_the_problem(text: str, problem: str) -> None:
    business = "Hotelu Pod Sněžkou"
    at = text.find(business)
    entities = [{"entity": "company", "start": at, "end": at + len(business)}] if at >= 0 else []
    assert problem_text(text, entities) == problem


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("nelle camere del secondo e terzo piano, al primo sì", IT),
        ("tak co s tym, chlapi stoja", CZ),
    ],
)
def test_an_answer_opening_with_a_function_word_names_no_firm(
    text: str, context: ReadContext
) -> None:
    assert read_company(text, context) is None


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("U Kohouta, hospoda", CZ, "U Kohouta"),
        ("La Genzianella", IT, "La Genzianella"),
        ("Al Vecchio Mulino", IT, "Al Vecchio Mulino"),
    ],
)
def test_firm_names_may_open_with_an_article_or_a_place_word(
    text: str, context: ReadContext, company: str
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("Lukas, Stavitelstvi Reznicek Olomouc", CZ, "Stavitelstvi Reznicek"),
        ("Jiří Holub, kancelář, STAVOS Kroměříž s.r.o.", CZ, "STAVOS Kroměříž s.r.o."),
        ("Marca, kvetinarstvi Lilie", CZ, "kvetinarstvi Lilie"),
        ("Bester, Bester Engineering", ZA, "Bester Engineering"),
        # a firm whose name is one word keeps it: the rest describes it
        ("Acme, head office", ZA, "Acme"),
        ("Acme, the accountants in Paarl", ZA, "Acme"),
        ("Spar, Hilton. The one in the village centre", ZA, "Spar"),
    ],
)
def test_a_name_then_the_firm(text: str, context: ReadContext, company: str) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    "text", ["Its for the two drafting PCs upstairs", "other laptops fine", "c'ho er locale pieno"]
)
def test_an_answer_about_something_else_names_no_firm(text: str) -> None:
    context = IT if "c'ho" in text else ZA
    assert read_company(text, context) is None


def test_home_comforts_is_a_firm_though_home_is_a_common_word() -> None:
    assert read_company("Home Comforts", ZA) == "Home Comforts"


@pytest.mark.parametrize(
    ("name", "earlier", "company", "whole"),
    [
        ("Hošek", "zrušení účtu. Děkuji.\nIng. Radek Hošek, tajemník", "", "Radek Hošek"),
        ("Sibusiso", "our new candidate attorney, Mr Sibusiso Zulu. He needs", "", "Sibusiso Zulu"),
        # a town on the line before, the firm's own name, or nothing more: as answered
        ("Gerhard", "Boland Hardware & Timber, Paarl\nGerhard", "", "Gerhard"),
        ("Brož", "Dobrý den, tady Geodezie Brož", "Geodezie Brož", "Brož"),
        ("Davide", "Sono Davide, il portiere", "", "Davide"),
    ],
)
def test_a_one_word_name_is_completed_from_what_was_written(
    name: str, earlier: str, company: str, whole: str
) -> None:
    assert complete_name(name, earlier, company) == whole


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please ask for Mr Zulu (Sibusiso), it is his laptop.", "Sibusiso Zulu"),
        ("Sono Davide, il portiere di notte. Davide Semprini", "Davide Semprini"),
    ],
)
def test_the_whole_name_given_in_the_same_answer(text: str, name: str) -> None:
    assert read_name(text, ZA) == name


@pytest.mark.parametrize(
    ("text", "context", "name"),
    [
        ("Its me Nomsa Dlamini", ZA, "Nomsa Dlamini"),
        ("sister Gugu Zulu the practice nurse", ZA, "Gugu Zulu"),
        ("doctor Jaco Meyer", ZA, "Jaco Meyer"),
        ("its me Lerato. Lerato Molefe im the owner", ZA, "Lerato Molefe"),
        ("Lo Presti Salvatore, ma tutti mi chiamanu Totò", IT, "Lo Presti Salvatore"),
    ],
)
def test_names_with_intros_titles_and_particles(text: str, context: ReadContext, name: str) -> None:
    assert read_name(text, context) == name


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Recepce Hotel Avion Brno", "Hotel Avion"),
        ("tzn. Elektro Mráz s.r.o. 🙂", "Elektro Mráz s.r.o."),
        ("TJ Sokol Libčice", "TJ Sokol Libčice"),
    ],
)
def test_a_department_or_a_that_is_before_the_firm(text: str, company: str) -> None:
    assert read_company(text, CZ) == company


def test_lower_case_words_about_the_person_before_the_name() -> None:
    assert read_name("noční recepční Marek Sedlák", CZ) == "Marek Sedlák"
    assert read_name("sono alla reception dell'Albergo La Genzianella, a Cortina", IT) is None


@pytest.mark.parametrize("text", ["", "   ", " , "])
def test_an_empty_answer_names_nothing(text: str) -> None:
    assert read_company(text, ZA) is None
    assert read_name(text, ZA) is None


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("Van Wyk Plumbing & Drainage CC here in Boksburg", ZA, "Van Wyk Plumbing & Drainage CC"),
        ("Mooi River medical centre on Lawrence road", ZA, "Mooi River medical centre"),
        ("Dan @ Bramble Lane Bakery", ZA, "Bramble Lane Bakery"),
        ("Ottica Rossi in via Roma 12", IT, "Ottica Rossi"),
        ("Hair Style di Jessica a Cagliari", IT, "Hair Style di Jessica"),
    ],
)
def test_streets_towns_and_people_around_the_firm(
    text: str, context: ReadContext, company: str
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("sobota, plno lidí, markujeme na papír", CZ, None),
        ("Pekárna Sobota", CZ, "Pekárna Sobota"),
        ("Gennaro del ristorante Da Gino a Fuorigrotta", IT, "ristorante Da Gino"),
        ("Studio del Notaio Caputo", IT, "Studio del Notaio Caputo"),
        ("Bar dello Sport", IT, "Bar dello Sport"),
        # A kind of business with only its town: the shop bears the person's name.
        ("Gallo della carrozzeria a Fossano", IT, "Carrozzeria Gallo"),
        ("Gennaro del ristorante", IT, "Ristorante"),
    ],
)
def test_a_day_or_a_person_of_the_firm_is_not_the_firm(
    text: str, context: ReadContext, company: str | None
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    ("text", "context", "name"),
    [
        (
            "I'm Piet, the owner, but I'm out all day. Ask for Bongani Dlamini, he's the manager",
            ZA,
            "Bongani Dlamini",
        ),
        (
            "Please deal with Lerato Sithole, our administrator. I'm Johan Roux",
            ZA,
            "Lerato Sithole",
        ),
        ("Priya Govender, please call me back", ZA, "Priya Govender"),
        ("Lerato Nkosi, she's at her desk. I'm Carol, but rather speak to her", ZA, "Lerato Nkosi"),
        ("Colombo Giuseppe ma chiedete di Beppe tutti mi chiamano cosi", IT, "Colombo Giuseppe"),
    ],
)
def test_the_person_to_ask_for_is_the_one_named_after_ask_for(
    text: str, context: ReadContext, name: str
) -> None:
    assert read_name(text, context) == name


@pytest.mark.parametrize(
    ("text", "context", "name"),
    [
        ("Nomsa Zulu, I'm the estimator, it's my laptop", ZA, "Nomsa Zulu"),
        ("werner du plessis i'm the night manager", ZA, "Werner du Plessis"),
        ("MVDr. Tichý, Roman", CZ, "Roman Tichý"),
        ("Salvatore, il figlio di Gino", IT, "Salvatore"),
        ("Ing. Prochazka, konstrukce", CZ, "Prochazka"),
    ],
)
def test_names_first_then_words_about_the_person(
    text: str, context: ReadContext, name: str
) -> None:
    assert read_name(text, context) == name


def test_a_name_that_turns_to_someone_else_is_not_taken() -> None:
    assert (
        read_name("Dave Naidoo, but the bookkeeper is Ruth, she's at the PC", ZA) != "Dave Naidoo"
    )


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("Firma je MEDISVO s.r.o., to je naše ordinace", CZ, "MEDISVO s.r.o."),
        ("restaurace u dvou koček es er o", CZ, "Restaurace U Dvou Koček s.r.o."),
        ("bratři kadlecové vé o es", CZ, "Bratři Kadlecové v.o.s."),
        ("ferramenta gallo esse erre elle", IT, "Ferramenta Gallo S.r.l."),
        ("blue crane boutique hotel on dorp street stellenbosch", ZA, "Blue Crane Boutique Hotel"),
    ],
)
def test_legal_forms_said_aloud_and_streets_with_the_town(
    text: str, context: ReadContext, company: str
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    ("text", "context", "number"),
    [
        (
            "volejte mi radši na druhý číslo sedm sedm šest tři dva jedna nula osm devět "
            "tohle je manželky",
            CZ,
            "+420776321089",
        ),
        (
            "you can phone me on this number or the school number zero four four eight seven "
            "four one one two three but this one is better",
            ZA,
            ZA.sender,
        ),
    ],
)
def test_a_spoken_number_beside_this_one(text: str, context: ReadContext, number: str) -> None:
    assert read_phone(text, context) == number


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chiedete della mia segretaria, la sig.ra Anna Longo, è lei che usa il pc", "Anna Longo"),
        ("io sono Sabrina ma per il pc chiedete a Debora, la mia collega", "Debora"),
        (
            "Per i dettagli sentite la mia collega Elena Rinaldi dell'amministrazione",
            "Elena Rinaldi",
        ),
        ("Ale... Alessio Marchi", "Alessio Marchi"),
    ],
)
def test_italian_whom_to_ask_and_a_short_form_first(text: str, name: str) -> None:
    assert read_name(text, IT) == name


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("i clienti si lamentano tutti, anche alla reception si blocca", IT, None),
        ("la trattoria da gino", IT, "La Trattoria Da Gino"),
        ("ASD Polisportiva Aurora", IT, "ASD Polisportiva Aurora"),
        ("curl up and dye in rosebank", ZA, "Curl Up And Dye"),
    ],
)
def test_a_lower_case_sentence_opening_with_an_article_is_no_firm(
    text: str, context: ReadContext, company: str | None
) -> None:
    assert read_company(text, context) == company


def test_a_firm_first_and_sentences_about_it_after() -> None:
    assert read_company("Fotoateliér Hejna, to je moje firma, jsem tam sama", CZ) == (
        "Fotoateliér Hejna"
    )


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("píšu z Účetní kanceláře Hejduková", CZ, "Účetní kancelář Hejduková"),
        ("Učím v Jazykové škole Lingua Plus", CZ, "Jazyková škola Lingua Plus"),
        ("píšu za Cestovní kancelář Kompas Tour", CZ, "Cestovní kancelář Kompas Tour"),
        ("Hotel Bellavista a Riva del Garda", IT, "Hotel Bellavista"),
        ("píšu z Bytového družstva Pokrok", CZ, "Bytové družstvo Pokrok"),
    ],
)
def test_who_writes_from_where_is_not_the_firm(
    text: str, context: ReadContext, company: str
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize(
    ("text", "context", "name"),
    [
        ("Può chiedere di me, Laura Benassi, sono alla reception.", IT, "Laura Benassi"),
        ("ptejte se na mě, Jana Nová", CZ, "Jana Nová"),
        ("chieda di agata russo la mia collaboratrice lei sa tutto", IT, "Agata Russo"),
        ("Pierluigi D'Angelo", IT, "Pierluigi D'Angelo"),
        ("l'infermiera Anna Rota", IT, "Anna Rota"),
        ("Chiamate me, arch. Chiara Zecchini, il portatile ce l'ho qui io", IT, "Chiara Zecchini"),
        ("Monika Bartosova, volejte mne, Klara je v terenu", CZ, "Monika Bartosova"),
        ("Sono Valentina, l'assistente. Il tecnico chieda pure di me.", IT, "Valentina"),
    ],
)
def test_ask_for_me_then_my_name_and_elided_surnames(
    text: str, context: ReadContext, name: str
) -> None:
    assert read_name(text, context) == name


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("swift freight here", ZA, "Swift Freight"),
        ("It's a Hikvision recorder in the storeroom", ZA, None),
        ("The Hungry Hippo Bistro", ZA, "The Hungry Hippo Bistro"),
        ("Azienda Agricola Le Querce", IT, "Azienda Agricola Le Querce"),
        ("azienda Rossi", IT, "Rossi"),
    ],
)
def test_here_articles_and_azienda_agricola(
    text: str, context: ReadContext, company: str | None
) -> None:
    assert read_company(text, context) == company


def test_capitalised_words_in_a_firms_name_are_names_not_a_sentence() -> None:
    assert read_company("Liceo Scientifico Statale E. Fermi - Ancona", IT) == (
        "Liceo Scientifico Statale E. Fermi"
    )
    assert read_company("da stamattina siamo fermi", IT) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("vi scrivo per conto del B&B Il Glicine, a Spello", "B&B Il Glicine"),
        ("vi scrivo dall'Agenzia Casa Bella", "Agenzia Casa Bella"),
    ],
)
def test_on_whose_behalf_said_first(text: str, company: str) -> None:
    assert read_company(text, IT) == company


def test_a_titled_person_given_for_the_company() -> None:
    assert reads_as_person("Sono il geom. Alberto Pagani")
    assert not reads_as_person("Studio Tecnico Pagani")


def test_the_municipal_office_after_the_municipality_is_no_part_of_its_name() -> None:
    assert read_company("obec Kostice obecní úřad", CZ) == "obec Kostice"
    assert read_company("Obecní úřad Dolní Lhota", CZ) == "Obecní úřad Dolní Lhota"


def test_an_apology_before_the_answer_is_no_name_and_no_firm() -> None:
    assert read_company("scusate, Caseificio Valtellina Srl", IT) == "Caseificio Valtellina Srl"
    assert read_name("scusate, Caseificio Valtellina Srl", IT) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("soutpansberg pharmacy makhado", "Soutpansberg Pharmacy"),
        ("vdm plumbing cc", "Vdm Plumbing Cc"),
        ("the hungry hippo bistro", "The Hungry Hippo Bistro"),
    ],
)
def test_a_town_after_the_kind_typed_in_lower_case(text: str, company: str) -> None:
    assert read_company(text, ZA) == company


@pytest.fixture(scope="module")
def understood(tmp_path_factory):
    """``understood(text, language)``: what the intake reads in a first message."""
    from bot.app import build_runtime
    from bot.conversation.understanding import understand
    from bot.core.settings import Settings
    from storage.db import make_engine
    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('understood')}/read.db"
    upgrade(make_engine(url))
    rt = build_runtime(Settings(database_url=url, api_token="t", transport="console"))
    yield lambda text, language: understand(
        rt, text, sender="+27765550123", language=language, awaiting=None
    )
    rt.close()


def test_a_shouted_message_names_no_firm_by_its_capitals(understood) -> None:
    """ "WE ARE OPEN TILL 1" is no firm called Open Till; the problem is kept as written."""
    text = "ALL OUR TILLS LOST NETWORK THIS MORNING. WE ARE OPEN TILL 1 ON SATURDAYS."
    read = understood(text, "en")
    assert "company" not in read.fields
    assert read.problem is not None and "TILLS" in read.problem


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i pazienti aspettano", "it"),
        ("sala piena sabato sera stiamo scrivendo a mano", "it"),
        ("i pushed the button nothing 😢", "en"),
        ("vdala jsem se a změnilo se mi příjmení z Novotná na Sýkorová", "cs"),
    ],
)
def test_sentences_and_name_changes_name_no_firm(understood, text: str, language: str) -> None:
    assert "company" not in understood(text, language).fields


def test_a_firm_introduced_in_lower_case_still_stands(understood) -> None:
    read = understood("hi this is naledi from ubuntu early learning centre, pc wont boot", "en")
    assert read.fields.get("company", "").startswith("Ubuntu Early Learning")


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        (
            "meglio o fisso do negozio: zero ottantuno ottocentoottantadue quarantacinque "
            "diciassette",
            "+390818824517",
        ),
        (
            "chiamatemi sull'altro cellulare: tre tre tre, quarantotto diciannove, zero ventisette",
            "+393334819027",
        ),
        (
            "il numero di Sandro e trecentoquarantasette ventuno sessanta novecentotrentacinque",
            "+393472160935",
        ),
    ],
)
def test_numbers_said_in_grouped_italian_words(text: str, phone: str) -> None:
    assert read_phone(text, IT) == phone


def test_a_surname_with_particles_then_the_given_name() -> None:
    assert read_name("Van der Merwe, Annelie. Ek is die skoolsekretaresse", ZA) == (
        "Annelie van der Merwe"
    )
    assert read_name("Du Plessis, Karin", ZA) == "Karin du Plessis"


def test_public_bodies_keep_their_town_and_an_intro_is_no_clause() -> None:
    assert read_company("Městská knihovna Rokycany, pobočka Nádražní", CZ) == (
        "Městská knihovna Rokycany"
    )
    assert read_company("jsme ze Stavebnin Doubrava, prodejna v Sokolove", CZ) == (
        "Stavebniny Doubrava"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Monica Bartolini la titolare", "Monica Bartolini"),
        ("Sono la segretaria dell'avv. Ricci, Valentina Serra", "Valentina Serra"),
        ("il geom. Valli, Riccardo", "Riccardo Valli"),
    ],
)
def test_italian_titles_articles_and_owners_around_a_name(text: str, name: str) -> None:
    assert read_name(text, IT) == name


def test_english_firm_tails_and_bodies_known_by_their_town() -> None:
    assert read_company("Tshwane Security Systems", ZA) == "Tshwane Security Systems"
    assert read_company("Motion Physio Fourways", ZA) == "Motion Physio"
    assert read_company("Pro Loco Bormio", IT) == "Pro Loco Bormio"
    assert read_company("IC Don Milani", IT) == "IC Don Milani"
    assert read_company("jsme eshop s hračkama, Hračky Bubu", CZ) == "Hračky Bubu"


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # the name a firm trades under is the one its people use
        (
            "DebtAssist SA - company is Sithole Collections CC t/a DebtAssist SA, 2nd floor",
            "DebtAssist SA",
        ),
        ("Venter Staalwerke BK trading as Venter Engineering Works", "Venter Engineering Works"),
        # brackets beside a name say what it is, a legal form in brackets is part of it
        (
            "Kruger & Kie Boekhouers BK (Kruger & Co Bookkeepers CC in English)",
            "Kruger & Kie Boekhouers BK",
        ),
        ("Khumalo Logistics (Pty) Ltd", "Khumalo Logistics (Pty) Ltd"),
        # who is affected, answered first; a practice named after its profession
        ("Just me - Craig Ferreira Photography, I'm a sole prop", "Craig Ferreira Photography"),
        (
            "Venter Louw Architects - we're the ones in Parkhurst, 4th Avenue",
            "Venter Louw Architects",
        ),
        # a legal form after a comma, the registered name after a sentence about something else
        (
            "Hi, above from our admin lady. Sentinel Brokers (Pty) Ltd, Bloemfontein office.",
            "Sentinel Brokers (Pty) Ltd",
        ),
    ],
)
def test_trading_names_asides_and_firms_after_other_words(text: str, company: str) -> None:
    assert read_company(text, ZA) == company


def test_czech_and_italian_firms_after_commas_branches_and_articles() -> None:
    assert read_company("TJ Sokol Bystřice, z.s.", CZ) == "TJ Sokol Bystřice z.s."
    assert read_company("no padá to pokaždý když otevřu tu tabulku. Elektro Procházka", CZ) == (
        "Elektro Procházka"
    )
    assert read_company("istituto comprensivo don milani caserta plesso di via roma", IT) == (
        "Istituto Comprensivo Don Milani"
    )
    assert read_company("Siamo la Pro Loco di Alberobello", IT) == "Pro Loco Alberobello"
    assert read_company("Comune di San Martino in Rio (RE)", IT) == "Comune di San Martino in Rio"


@pytest.mark.parametrize("text", ["pls hurry", "URGENT asap", "rychle prosím", "aiuto subito"])
def test_urgency_where_the_firm_was_asked_is_no_firm(text: str) -> None:
    assert read_company(text, ZA) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a role in brackets goes; a name in brackets stays
        ("Sibusiso Cele (branch manager)", "Sibusiso Cele"),
        ("Mrs Dube (Precious)", "Precious Dube"),
        # declined Czech names, whatever word governs them
        ("domluvte se s Martinem Sustrem, vedouci expedice", "Martin Sustr"),
        ("volejte pavlovi dvořáčkovi nebo synovi ale radši mně pavlovi", "Pavel Dvořáček"),
        (
            "Domluvte se prosím s kolegyní Evou Staňkovou, já budu od středy na dovolené",
            "Eva Staňková",
        ),
        ("Obraťte se prosím na Ivetu Šebestovou, jsem tu office manažerka", "Iveta Šebestová"),
        ("mluvte s michalem kocourkem to jsem já hospodskej", "Michal Kocourek"),
        ("Mně, Radce Holubové. Paní doktorka je u pacienta a nemůže k telefonu", "Radka Holubová"),
        ("ptejte se prosím paní ředitelky Mgr. Procházkové (Ivana)", "Ivana Procházková"),
        ("Jane Sedlackove", "Jana Sedlackova"),
        # a nickname, then the full name; the name given again with "I said so"
        ("Ptejte se po Tondovi, Antonín Bartoš. Já budu celý den na stavbě", "Antonín Bartoš"),
        ("Pokorná, už jsem to psala", "Pokorná"),
    ],
)
def test_names_beside_asides_in_other_cases_and_said_again(text: str, name: str) -> None:
    context = ZA if text.startswith(("Sibusiso", "Mrs")) else CZ
    assert read_name(text, context) == name


def test_a_vowelless_czech_surname_keeps_its_stem() -> None:
    assert read_name("s Markem Vlkem", CZ) == "Marek Vlk"


def test_a_municipality_keeps_all_of_its_name_but_its_district() -> None:
    assert read_company("Obecní úřad Kostelec na Hané", CZ) == "Obecní úřad Kostelec na Hané"
    assert read_company("obec Dolní Lhota okres Opava", CZ) == "obec Dolní Lhota"


def test_her_and_him_after_whom_to_ask_is_the_person_named_before() -> None:
    text = "Io sono Alessandro Zorzi, ma in ufficio c'è Marta Righetti, chiedete di lei"
    assert read_name(text, IT) == "Marta Righetti"
    assert read_name("Thandi Zulu is at reception, ask for her", ZA) == "Thandi Zulu"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ci serve x mandare le bolle al commercialista. Gianni Russo", "Gianni Russo"),
        (
            "Il computer non si accende da stamattina. Marta Innocenti, segreteria",
            "Marta Innocenti",
        ),
        ("The printer is jammed. Ask Peter Smith about it", None),  # no sign-off
        ("Marta Innocenti", None),  # one sentence: no sign-off after a message
    ],
)
def test_a_message_signed_off_with_a_full_name(text: str, name: str | None) -> None:
    assert signed_name(text) == name


def test_whose_computer_and_where_from_are_no_firm_and_a_sign_off_names_the_writer(
    understood,
) -> None:
    text = (
        "Buongiorno, Studio Notarile Galli, Firenze. Il computer della Dott.ssa Neri non si "
        "accende da stamattina. Marta Innocenti, segreteria"
    )
    read = understood(text, "it")
    assert read.fields["company"] == "Studio Notarile Galli"
    assert read.fields["contact_name"] == "Marta Innocenti"
    assert read.problem is not None and "Innocenti" not in read.problem
    text = "Dobrý večer. Píše farář z Velkého Meziříčí. Na faře máme dva pomalé počítače."
    assert "company" not in understood(text, "cs").fields


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        # words about the person first, then the firm in a sentence of its own
        (
            "It's me, Karabo, I own the place, just me and two staff. "
            "Mosia Tax and Accounting in Centurion",
            ZA,
            "Mosia Tax and Accounting",
        ),
        # a title's or an abbreviation's dot ends no sentence
        ("MUDr. Jan Kopecký s.r.o., praktický lékař, Rakovník", CZ, "MUDr. Jan Kopecký s.r.o."),
        ("Il Girasole Soc. Coop. Sociale ONLUS", IT, "Il Girasole Soc. Coop. Sociale ONLUS"),
        ("Geodezie Vrána, spol. s r.o.", CZ, "Geodezie Vrána spol. s r.o."),
        # quotes around a name, and a town after the Venetian "de"
        ("Istituto Comprensivo «Don Milani»", IT, "Istituto Comprensivo Don Milani"),
        ("Studio Zanon de Treviso", IT, "Studio Zanon"),
    ],
)
def test_firms_after_words_about_the_writer_and_in_quotes(
    text: str, context: ReadContext, company: str
) -> None:
    assert read_company(text, context) == company


@pytest.mark.parametrize("text", ["router bliká oranžově", "It's the printer again"])
def test_a_device_and_what_it_does_or_a_contraction_is_no_firm(text: str) -> None:
    assert read_company(text, CZ if "router" in text else ZA) is None


def test_an_initial_is_spelled_out_by_the_first_name_given_later() -> None:
    assert read_name("Ms N. Zulu, secretary to Mr Mahlangu. Nomvula.", ZA) == "Nomvula Zulu"
    assert read_name("Mrs T. Venter", ZA) == "Venter"


def test_the_shop_something_was_bought_from_is_no_firm(understood) -> None:
    text = "Howzit. Bought 2 new laptops from Incredible Connection, need them set up. No rush"
    assert "company" not in understood(text, "en").fields


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sono io mirco gozzi", "Mirco Gozzi"),  # "it's me" typed in lower case
        ("jsem to já, Petr Malý", "Petr Malý"),
        ("Luca aka coach Luca 😄 Luca Brambilla", "Luca Brambilla"),  # an emoji ends a clause
        # no first name among the words read first: the full name after them
        ("Čekárna plná, prosím co nejdřív. Markéta Zemanová, recepce", "Markéta Zemanová"),
    ],
)
def test_its_me_and_an_emoji_between_names(text: str, name: str) -> None:
    assert read_name(text, IT) == name


def test_a_dative_name_with_a_mobile_e_goes_back_to_the_nominative() -> None:
    assert read_name("Volejte Pavlu Horákovi, 602 111 222", CZ) == "Pavel Horák"
    text = "Ptejte se na Antonína Bláhu, vedoucího skladu"
    assert read_name(text, CZ) == "Antonín Bláha"  # an "-a" surname in the accusative


@pytest.mark.parametrize(
    ("text", "company"),
    [
        # the farm is an "azienda agricola"; the "contrada" is where it is
        ("azienda agricola li santi contrada santa lucia ostuni", "Azienda Agricola Li Santi"),
        ("ferraro impianti idraulici ditta individuale di Nichelino", "Ferraro Impianti Idraulici"),
    ],
)
def test_italian_farms_localities_and_sole_traders(text: str, company: str) -> None:
    assert read_company(text, IT) == company


def test_an_elided_article_ends_a_name_typed_in_lower_case(understood) -> None:
    text = "buongiorno sono donato carparelli dell'azienda agricola li santi di ostuni il pc"
    u = understood(text, "it")
    assert u.fields["contact_name"] == "Donato Carparelli"
    assert u.correction is None  # "azienda agricola" is the kind of firm, not "the company is"


def test_the_owner_named_in_the_firms_name_is_not_the_contact(understood) -> None:
    u = understood("Jsme advokátní kancelář Mgr. Tomáše Řezníčka, Brno, Kounicova", "cs")
    assert u.fields["company"] == "Advokátní kancelář Mgr. Tomáš Řezníček"
    assert "contact_name" not in u.fields


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        # a surname with its particle opens the firm; a square and the town after it go
        ("Di Martino Autoriparazioni srl, Pontecagnano", IT, "Di Martino Autoriparazioni srl"),
        ("kavárna u zlatého kohouta olomouc horní náměstí", CZ, "Kavárna U Zlatého Kohouta"),
        ("Lékárna Na Náměstí", CZ, "Lékárna Na Náměstí"),  # named after the square
    ],
)
def test_particles_squares_and_towns(text: str, context: ReadContext, company: str) -> None:
    assert read_company(text, context) == company


def test_a_registered_name_opening_a_clause_is_the_firm(understood) -> None:
    text = (
        "Morning. Golden Harvest Agri CC, farm outside Bothaville. A check-up on the 3 office PCs"
    )
    assert understood(text, "en").fields["company"] == "Golden Harvest Agri CC"
    italian = understood("sono don Giuseppe parroco di San Lorenzo Martire a Seriate", "it")
    assert italian.fields["company"] == "San Lorenzo Martire"  # the town after "a" goes
    czech = understood("tady Pospíšil z geodetický kanceláře Pospíšil v Hranicích", "cs")
    assert czech.fields["company"] == "Geodetická kancelář Pospíšil"


def test_a_one_word_item_of_a_list_stays_in_the_problem() -> None:
    text = "A check-up on the 3 office PCs - updates, antivirus, and check the backup."
    assert "antivirus" in (problem_text(text, []) or "")


def test_the_new_starter_and_a_quoted_sign_off_are_not_the_writer(understood) -> None:
    u = understood("pls create email & login 4 new bookkeeper starting 1st. Name Zanele Dube", "en")
    assert "contact_name" not in u.fields
    assert "Zanele Dube" in (u.problem or "")  # whom the account is for stays in the request
    quoted = "Forwarded:\n\n> Thabo, please log a call for MS Project. Thanks, Mr Mabaso"
    assert "contact_name" not in understood(quoted, "en").fields
    assert (
        understood("Hi, this is Zanele Dube, our printer is broken", "en").fields["contact_name"]
        == "Zanele Dube"
    )


def test_the_colleague_to_call_after_but_is_the_contact() -> None:
    text = "Io sono Elena Montanari, ma per la parte tecnica chiamate il mio collega Davide Rinaldi"
    assert read_name(text, IT) == "Davide Rinaldi"


@pytest.mark.parametrize(
    ("text", "context", "company"),
    [
        ("Sorry, it's Ashley speaking, from Seaside Realty in J-Bay", ZA, "Seaside Realty"),
        ("Its the Kyocera that the whole school uses", ZA, None),  # a thing described
        ("farma Šindelář já sem soukromě zemědělec", CZ, "farma Šindelář"),
        ("strojírna hlinsko akciová společnost", CZ, "Strojírna Hlinsko a.s."),
        (
            "cantina sociale colline del belbo società cooperativa agricola di nizza monferrato",
            IT,
            "Cantina Sociale Colline Del Belbo Società Cooperativa Agricola",
        ),
        ("pekarna Kubickovi Hodonin", CZ, "pekarna Kubicek"),  # the Kubíčeks' bakery
    ],
)
def test_the_writer_and_the_town_around_the_firm(
    text: str, context: ReadContext, company: str | None
) -> None:
    assert read_company(text, context) == company


def test_a_pro_loco_is_named_after_its_town_and_is_no_name_without_it(understood) -> None:
    assert read_company("Pro Loco di Castel del Piano", IT) == "Pro Loco Castel del Piano"
    text = "sono il presidente della Pro Loco di Bormio. Cambiano i volontari"
    assert understood(text, "it").fields["company"] == "Pro Loco Bormio"
    bare = understood("sono Carla della Pro Loco, l'antivirus scade", "it")
    assert "company" not in bare.fields  # which one? the bot asks
