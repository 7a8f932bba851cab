"""The declared rules: every pack reads, every rule's examples and counterexamples hold, the packs lint clean, and the
engine compiles what a pack declares (boundaries on every alternative, shared ${vars}). Sentences written here."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from khaldun.cli import app
from khaldun.stages.coding import code_clause, find_weapon
from khaldun.rules.engine import PACKS, RuleError, all_rules, lint, load_pack, parse_pack

RULES = all_rules()


def test_the_packs_lint_clean():
    assert len(RULES) >= 36 and set(PACKS) == {r.pack for r in RULES}
    assert lint(RULES) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_holds_to_its_examples(rule):
    assert rule.examples, rule.id
    assert rule.failures() == []


def test_every_coding_rule_is_what_codes_its_example():
    """A type rule's first example, as a clause, is coded with that rule's own ACLED sub-event type, unless the
    coder's reading of the clause's means or targets says otherwise (those are the counterexamples of later rules)."""
    pack = load_pack("coding")
    for rule in pack.group("means") + pack.group("disrupt"):
        coding = code_clause(rule.examples[0].text, actor_is_state=bool(rule.sets.get("state_only")))
        assert coding is not None and coding.sub_event_type == rule.sets["sub_event_type"], (rule.id, coding)


def test_the_engine_puts_the_boundary_on_every_alternative():
    pack = parse_pack("""
[pack]
id = 'demo'
[vars]
CRAFT = 'drones?|jets?'
[[rule]]
id = 'demo.craft.v1'
boundary = 'word'
pattern = ['${CRAFT}', 'IEDs?']
examples = [{ text = 'A drone fell.', match = 'drone' }]
counterexamples = [{ text = 'He died; they tried.' }, { text = 'Rejets.' }]
""", "demo")
    rule = pack.rules[0]
    assert rule.pattern.pattern == r"\b(?:drones?|jets?|IEDs?)\b" and rule.failures() == []
    with pytest.raises(RuleError, match="unknown"):
        parse_pack("[[rule]]\nid = 'demo.x.v1'\npattern = '${NOPE}'\n", "demo")
    with pytest.raises(RuleError, match="family.name.vN"):
        parse_pack("[[rule]]\nid = 'Bad Id'\npattern = 'x'\n", "demo")


def test_no_weapon_inside_other_words():
    """Weapon rules v1 had a word boundary on their first and last alternatives only: 'ied' matched inside 'died'."""
    for text in ["Witnesses said the boy was shot and died on Tuesday.", "The bodies were identified and carried home.",
                 "The news came as a bombshell.", "Upgrades were delayed in Belgrade.", "He opened it with a penknife."]:
        assert find_weapon(text) is None, text
    found = find_weapon("Militants planted an IED, and a drone struck the car later.")
    assert (found.text, found.kind, found.rule_id) == ("IED", "explosive device", "weapon.explosive_device.v2")


def test_the_weapon_sentence_extracted_has_no_weapon(extractor):
    result = extractor.extract("Witnesses said the boy was shot and died on Tuesday.", published="2025-01-08")
    assert result.events and all(e.weapon is None and e.weapon_kind is None for e in result.events)


def test_rules_commands():
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "list"])
    assert listed.exit_code == 0
    ids = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert ids == [r.id for r in RULES] and "weapon.explosive_device.v2" in ids
    tested = runner.invoke(app, ["rules", "test"])
    assert tested.exit_code == 0 and "all hold" in tested.stderr


def test_docs_rules_md_is_current():
    from pathlib import Path

    from khaldun.rules.engine import markdown

    committed = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert committed.read_text(encoding="utf-8") == markdown(RULES), "run: khaldun rules doc > docs/rules.md"


def test_decision_rules_hold_through_the_pipeline(extractor):
    from khaldun.api import records
    from khaldun.rules.engine import decision_failures

    decisions = [r for r in RULES if r.kind == "decision"]
    assert len(decisions) >= 3 and all(r.examples and r.pattern is None for r in decisions)
    kinds = ("event", "toll", "place", "attribution")
    assert decision_failures(RULES, lambda text: list(records(extractor.extract(text, published="2025-01-08"), kinds))) == []


def test_every_event_and_toll_names_its_rules(extractor):
    """Each event, toll, place and attribution record carries a non-empty chain of ids that `khaldun rules list`
    prints."""
    from pathlib import Path

    from khaldun.api import records
    from khaldun.io.readers import read_path

    known = {r.id for r in RULES}
    seen = 0
    for article in read_path(Path(__file__).resolve().parents[1] / "samples"):
        for rec in records(next(iter(extractor.run([article]))), ("event", "toll", "place", "attribution")):
            assert rec["rules"] and set(rec["rules"]) <= known, rec
            if rec.get("killed") is not None or rec.get("wounded") is not None:
                assert any(r.startswith("count.") for r in rec["rules"]), rec  # a figure names the rule that read it
            seen += 1
    assert seen >= 5


def test_every_figure_rule_reads_its_first_example_as_a_figure():
    """A figure rule's first example, read as a clause, gives a count that names the rule (in headline grammar for
    the headline rules)."""
    from khaldun.stages.casualties import CASUALTIES, find_casualties

    for rule in CASUALTIES.group("figure") + CASUALTIES.group("headline") + CASUALTIES.group("none"):
        cas = find_casualties(rule.examples[0].text, headline=rule.group == "headline")
        assert rule.id in cas.rules, (rule.id, cas)


def test_a_count_keeps_its_rule_through_sums_and_shares():
    from khaldun.stages.casualties import find_casualties

    cas = find_casualties("Four teenagers were shot, one fatally.")
    assert (cas.killed.value, cas.wounded.value) == (1, 3)
    assert cas.killed.rules == ("count.fatally.v1",) and cas.wounded.rules == ("count.count_then.v1",)
    assert cas.rules == ("count.fatally.v1", "count.count_then.v1")
    cas = find_casualties("Two are in critical condition, four others hurt.")
    assert cas.wounded.value == 6 and cas.rules == ("count.bare_verb.v1", "count.count_then.v1")
    assert find_casualties("The strike hit an empty depot; no casualties were reported.").rules == ("count.none_killed.v1",)


def test_vars_expand_inside_vars_and_a_long_pattern_is_written_in_pieces():
    pack = parse_pack("""
[vars]
A = 'x${B}'
B = '(?:y|z)'
[[rule]]
id = 'demo.seq.v1'
boundary = 'none'
sequence = ['${A}', '|w']
examples = [{ text = 'xz', match = 'xz' }]
""", "demo")
    assert pack.vars["A"] == "x(?:y|z)" and pack.rules[0].regex.pattern == "x(?:y|z)|w"
    with pytest.raises(RuleError):
        parse_pack("[vars]\nA = '${A}'\n", "loop")


def test_the_chain_is_stored_exported_and_shown(tmp_path, extractor):
    import datetime as dt

    from fastapi.testclient import TestClient

    from khaldun.io.exports import export
    from khaldun.ledger import Ledger
    from khaldun.model import Article
    from khaldun.web.app import WebSettings, create_app

    text = ("An FPV drone struck a car in Kherson on Tuesday, killing two people, regional officials said. "
            "The ministry said 1,200 people have been killed in the region since the invasion began.")
    with Ledger(str(tmp_path / "r.db"), extractor=extractor) as ledger:
        ledger.ingest([Article(id="chain", text=text, published=dt.date(2025, 1, 8), origin="chain")])
        claim = ledger.claim_records()[0]
        assert claim["rules"] == ["type.air.v1", "frame.patient_governing.v1", "count.then_count.v1", "claimant.attributed.v1", "attr.verb.v1", "place.in_clause.v1", "mention.entity.v1", "geo.gazetteer.v1", "date.in_clause.v1", "when.weekday.v1", "weapon.drone.v2"]
        incident = ledger.incident_list()[0]
        assert incident.claims[0].rules == ("type.air.v1", "frame.patient_governing.v1", "count.then_count.v1", "claimant.attributed.v1", "attr.verb.v1", "place.in_clause.v1", "mention.entity.v1", "geo.gazetteer.v1", "date.in_clause.v1", "when.weekday.v1", "weapon.drone.v2")
        export(ledger.incident_list(), "jsonl", tmp_path / "i.jsonl")
        assert '"rules": ["type.air.v1", "frame.patient_governing.v1", "count.then_count.v1", "claimant.attributed.v1", "attr.verb.v1", "place.in_clause.v1", "mention.entity.v1", "geo.gazetteer.v1", "date.in_clause.v1", "when.weekday.v1", "weapon.drone.v2"]' in (tmp_path / "i.jsonl").read_text()
        client = TestClient(create_app(WebSettings(db=ledger.store.url), ledger=ledger))
        page = client.get("/articles/chain").text
        assert ('title="rules: type.air.v1, frame.patient_governing.v1, count.then_count.v1, claimant.attributed.v1, attr.verb.v1, place.in_clause.v1, '
                'mention.entity.v1, geo.gazetteer.v1, date.in_clause.v1, when.weekday.v1, weapon.drone.v2" tabindex="0"') in page
        assert 'title="rules: toll.running_total.v1, count.count_then.v1, claimant.attributed.v1, attr.verb.v1"' in page
        assert "<code>type.air.v1</code>" in client.get(f"/incidents/{incident.id}").text


def test_explain_names_the_rules_the_vetoes_and_the_records():
    import json

    runner = CliRunner()
    text = "Witnesses said the boy was shot and died on Tuesday. Their destroyed vehicles were towed away after the withdrawal."
    result = runner.invoke(app, ["explain", "--no-gazetteer", "--json", "--published", "2025-01-08", text])
    assert result.exit_code == 0, result.output
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert {m["rule"] for m in first["matches"]} >= {"type.attack.v1", "cas.casualty_only.v1", "count.named.v1"}
    assert [r["rules"] for r in first["records"]] == [["type.attack.v1", "frame.patient_passive_subject.v1", "frame.inter_codes.v1", "count.named.v1", "claimant.attributed.v1", "attr.verb.v1", "date.in_clause.v1", "when.weekday.v1"]] and first["records"][0]["weapon"] is None
    assert first["records"][0]["actor2"] == "Civilians"  # "the boy" is a civilian
    vetoes = {m["rule"]: m["vetoed_by"] for m in second["matches"]}
    assert vetoes == {"type.property.v1": ["chk.adjectival.v1"], "type.withdrawal.v1": ["chk.back_reference.v1"]}
    assert second["records"] == []
    shown = runner.invoke(app, ["explain", "--no-gazetteer", text])
    assert shown.exit_code == 0 and "type.attack.v1" in shown.stdout and "chk.adjectival.v1" in shown.stdout
    assert runner.invoke(app, ["explain"]).exit_code == 1


@pytest.mark.parametrize("text, kind, besides, all_hit, ages", [
    ("A 21-year-old man was shot.", "person", False, True, (21,)),
    ("Three of them had gunshot wounds.", "share", False, True, ()),
    ("Four other people were wounded.", "others", False, False, ()),
    ("Rami Saleh and Yusuf Amin were killed.", "list", False, False, ()),
    ("Another man was also shot.", "person", True, True, ()),
    ("Four people were shot.", "count", False, True, ()),
    ("He accidentally shot another teen.", "person", False, True, ()),
    ("She and three others were shot.", "count", False, True, ()),
])
def test_a_count_says_whom_it_denotes(text, kind, besides, all_hit, ages):
    """Merging weighs figures by whom they denote, as the rule that read them says (no re-reading of the words)."""
    from khaldun.stages.casualties import find_casualties

    (count,) = find_casualties(text).counts
    assert (count.victims.kind, count.victims.besides, count.victims.all_hit, count.victims.ages) == (kind, besides, all_hit, ages)


def test_the_ledger_stores_whom_each_figure_denotes(tmp_path, extractor):
    import datetime as dt
    import json

    from khaldun.ledger import Ledger
    from khaldun.model import Article

    text = "A gunman opened fire at a bus stop in Dalsa on Monday. A 21-year-old man was shot in the leg."
    with Ledger(str(tmp_path / "v.db"), extractor=extractor) as ledger:
        ledger.ingest([Article(id="victims", text=text, published=dt.date(2025, 1, 8), origin="victims")])
        with ledger.store.engine.connect() as conn:
            from sqlalchemy import text as sql
            stored = [json.loads(r[0]) for r in conn.execute(sql("SELECT counts FROM claims"))]
    assert [[c["victims"] for c in counts] for counts in stored if counts] == [["person"]]


def test_lexicons_are_word_lists_and_two_that_exclude_each_other_share_no_word():
    import re

    from khaldun.rules.engine import Example, Rule

    pack = load_pack("casualties")
    combatants, civilians = pack.by_id("count.group_combatants.v1"), pack.by_id("count.group_civilians.v1")
    assert combatants.lexicon == "combatants" and "soldier" in combatants.terms and "gunmen" in combatants.terms
    assert civilians.exclusive_with == ("count.group_combatants.v1",) and lint([combatants, civilians]) == []
    clash = Rule(id="demo.guards.v1", pack="demo", kind="regex", priority=0, group="", pattern=re.compile("guard", re.I),
                 terms=("guard",), exclusive_with=("demo.people.v1",), examples=(Example("a guard", "guard"),))
    people = Rule(id="demo.people.v1", pack="demo", kind="regex", priority=0, group="", pattern=re.compile("guard|farmer", re.I),
                  examples=(Example("a farmer", "farmer"),))
    assert lint([clash, people]) == ["demo.guards.v1: the word 'guard' is also demo.people.v1's"]


def test_every_rule_fires_on_the_fixture_corpus():
    """The lint's last clause: no declared rule that never fires where the pipeline runs it, on the bundled samples
    and tests/fixtures/rules_corpus/ (articles written for khaldun). A new rule comes with a fixture sentence."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "khaldun.rules.coverage", "--json", str(root / "samples"),
                           str(root / "tests" / "fixtures" / "rules_corpus")], capture_output=True, text=True, timeout=600)
    result = json.loads(done.stdout)
    assert result["articles"] >= 15
    assert result["never"] == [], f"rules that fire nowhere in the fixture corpus: {result['never']}"
    assert len(result["fired"]) == len(RULES)


def test_tracing_is_off_unless_asked():
    """Extraction pays nothing for the coverage lint: packs read without KHALDUN_TRACE_RULES hold plain patterns."""
    import re

    assert all(isinstance(r.pattern, re.Pattern) for r in RULES if r.pattern is not None)
