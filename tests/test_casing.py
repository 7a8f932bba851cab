"""Text set in capitals and hard-wrapped wire copy (stages/casing.py, stages/segment.py). Sentences written here."""
from __future__ import annotations

from khaldun.api import records
from khaldun.model import Article
from khaldun.stages.casing import readable_case, shouty
from khaldun.stages.segment import classify

WIRE = ("THE ARMY SAID TODAY THAT GUERRILLAS OF THE NORTHERN FRONT ATTACKED A\n"
        "POLICE POST IN THE TOWN OF SANTA ROSA ON 2 FEBRUARY, KILLING FOUR\n"
        "POLICEMEN AND WOUNDING TWO CIVILIANS WHO WERE PASSING BY AT THE TIME\n"
        "OF THE ATTACK.\n\n"
        "   COLONEL RAMON ORTEGA SAID THAT THE ATTACKERS FLED TOWARD THE HILLS.\n")


def test_capitals_are_read_in_sentence_case_offsets_kept(extractor):
    assert shouty(WIRE) and not shouty("The army said guerrillas attacked a police post.")
    cased = readable_case(WIRE, extractor.services.registry, extractor.services.gazetteer)
    assert len(cased) == len(WIRE) and cased.lower() == WIRE.lower()
    assert cased.startswith("The army said today that guerrillas") and "February" in cased and "Colonel Ramon" in cased


def test_hard_wrapped_lines_are_one_paragraph():
    paragraphs = classify(Article(id="w", text=WIRE))
    assert len(paragraphs) == 2 and paragraphs[0].span.of(WIRE).endswith("OF THE ATTACK.")
    web = "Strike hits market\nBy A. Reporter\nA drone struck the market on Monday, officials said.\n"
    assert len(classify(Article(id="web", text=web))) == 3  # a paragraph a line: left as it is


def test_wire_copy_in_capitals_names_who_did_it(extractor):
    result = extractor.extract(WIRE, published="1990-02-03")
    first = next(r for r in records(result) if r["kind"] == "event")
    assert first["actor1"] and first["actor1"].lower().startswith("guerrillas")
    assert WIRE[first["evidence_start"]:first["evidence_end"]] == first["evidence"]
