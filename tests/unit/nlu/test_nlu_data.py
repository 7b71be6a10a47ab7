"""The training files must stay loadable by ``rasa train nlu`` and rich enough to learn from."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import yaml

from nlu.heldout import load_heldout
from nlu.priority import load_examples
from nlu.rasa_data import DATA_DIR, data_files, load_training_data, parse_annotated

NLU_DIR = DATA_DIR.parent
INTENTS = {
    "report_problem",
    "give_details",
    "ask_status",
    "add_information",
    "escalate",
    "cancel",
    "affirm",
    "deny",
    "greet",
    "thanks",
    "talk_to_person",
    "help",
    "opt_out",
    "opt_in",
}
ENTITIES = {"company", "person", "phone", "email", "ticket_ref", "onsite"}
RASA_KEYS = {"intent", "synonym", "regex", "lookup"}


def test_every_data_file_is_rasa_3_nlu_yaml() -> None:
    files = data_files()
    assert {p.name for p in files} >= {"nlu_en.yml", "nlu_cs.yml", "nlu_it.yml", "synonyms.yml"}
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(doc) == {"version", "nlu"}, path  # Rasa rejects unknown top-level keys
        assert doc["version"] == "3.1", path
        for item in doc["nlu"]:
            kinds = RASA_KEYS & set(item)
            assert len(kinds) == 1 and set(item) <= RASA_KEYS | {"examples"}, (path, item)
            assert isinstance(item["examples"], str), (path, item)  # a `|` block
            for line in item["examples"].strip().splitlines():
                assert line.startswith("- "), (path, line)


def test_annotation_parsing_keeps_offsets() -> None:
    text, spans = parse_annotated(
        'hi [Sipho](person) from [Acme](company), [come out]{"entity": "onsite", '
        '"value": "onsite"} pls'
    )
    assert text == "hi Sipho from Acme, come out pls"
    assert [(s.entity, text[s.start : s.end], s.value) for s in spans] == [
        ("person", "Sipho", "Sipho"),
        ("company", "Acme", "Acme"),
        ("onsite", "come out", "onsite"),
    ]


def test_all_intents_in_all_languages_with_enough_examples() -> None:
    data = load_training_data()
    counts = Counter((e.language, e.intent) for e in data.examples)
    for lang in ("en", "cs", "it"):
        for intent in INTENTS:
            assert counts[(lang, intent)] >= 10, (lang, intent)
        for intent in ("report_problem", "give_details", "ask_status", "add_information"):
            assert counts[(lang, intent)] >= 25, (lang, intent)
    used = {s.entity for e in data.examples for s in e.entities}
    assert used == ENTITIES


def test_no_example_is_labelled_with_two_intents() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for ex in load_training_data().examples:
        seen[ex.text.lower()].add(ex.intent)
    assert {t: i for t, i in seen.items() if len(i) > 1} == {}


def test_rasa_config_is_a_valid_nlu_pipeline() -> None:
    config = yaml.safe_load((NLU_DIR / "config.yml").read_text())
    assert config["recipe"] == "default.v1" and config["assistant_id"]
    names = [step["name"] for step in config["pipeline"]]
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names
    assert "EntitySynonymMapper" in names


def test_priority_examples_outside_rasa_data() -> None:
    path = NLU_DIR / "priority" / "examples.yml"
    assert DATA_DIR not in path.parents
    examples = load_examples(path)
    assert list(examples)[:4] == ["critical", "high", "medium", "low"]
    assert all(len(v) >= 40 for v in examples.values())


def test_heldout_is_disjoint_from_training() -> None:
    messages = load_heldout()
    assert len(messages) >= 150
    assert Counter(m["language"] for m in messages).most_common()[-1][1] >= 45
    train = {e.text.lower() for e in load_training_data().examples}
    assert not [m["text"] for m in messages if m["text"].lower() in train]
    for m in messages:
        assert {"company", "person", "phone", "phone_e164", "email", "priority", "onsite"} <= set(m)


def test_data_dir_is_inside_package() -> None:
    assert Path(DATA_DIR).is_dir()
