"""Attribution rules, each on a small text written for khaldun (several outlets' styles)."""
import pytest


def attrs(extractor, text, published="2025-03-14"):
    return extractor.extract(text, published=published).attributions


def one(extractor, text, cue):
    found = [a for a in attrs(extractor, text) if a.cue_text == cue]
    assert len(found) == 1, [(a.cue_text, a.source_text) for a in attrs(extractor, text)]
    return found[0]


def sliced(text, span):
    return text[span.start : span.end]


def test_speaker_line_in_a_transcript(extractor):
    text = "HOST: Were the convoys stopped at the crossing last night?\n\nMARLOW: Yes, two of them were turned back by the guards."
    found = [a for a in attrs(extractor, text) if a.cue_text == ":"]
    assert [a.source_text for a in found] == ["HOST", "MARLOW"]
    assert sliced(text, found[1].content).startswith("Yes, two of them")


def test_section_label_over_a_dated_report_is_no_speaker(extractor):
    text = "Looting: On 6 May 2025, soldiers looted shops in Port Amari."
    assert not [a for a in attrs(extractor, text) if a.cue_text == ":"]


def test_quote_signed_with_a_dash(extractor):
    text = "“The shelling never stopped for three nights and we slept in the cellar.” ― Irena Kovalenko"
    a = one(extractor, text, "―")
    assert a.source_text == "Irena Kovalenko" and sliced(text, a.content).startswith("“The shelling")


@pytest.mark.parametrize("text, cue, expected", [
    ("The mayor of Tessin said:\n\n“We have no water and no power since the bridge was destroyed.”", "said", "no water"),
    # a "The mayor added:" line of its own is body text, not a subheading
    ("The council met on Tuesday.\n\nThe mayor added:\n\n“The water plant will reopen within a week.”", "added", "water plant"),
])
def test_said_colon_takes_the_following_paragraph(extractor, text, cue, expected):
    a = one(extractor, text, cue)
    assert expected in sliced(text, a.content)


def test_quote_before_the_speaker_sentence(extractor):
    text = "“Who will pay for the rebuilding of the port?” the harbour master asked."
    a = one(extractor, text, "asked")
    assert a.source_text == "the harbour master" and "rebuilding" in sliced(text, a.content)


def test_participle_and_conjunct_take_the_governing_subject(extractor):
    text = "The governor spoke to reporters on Monday, saying that the curfew would be lifted."
    a = one(extractor, text, "saying")
    assert a.source_text == "The governor"
    text = "The minister visited the camp and warned that supplies would run out within a week."
    assert one(extractor, text, "warned").source_text == "The minister"


def test_relative_pronoun_is_the_source_its_antecedent_the_claimant(extractor):
    text = "The brigade commander, who said the road had been mined, ordered a halt."
    a = one(extractor, text, "said")
    assert a.source_text == "who" and a.claimant == "brigade commander"


def test_passive_cue_names_its_agent(extractor):
    text = "The closure of the crossing was first reported by the Harbour Gazette on Sunday."
    assert one(extractor, text, "reported").source_text == "the Harbour Gazette"


def test_stance_verbs_are_relations_but_not_claims(extractor):
    text = "Senator Ruth Alder endorsed the ceasefire plan on Tuesday."
    a = one(extractor, text, "endorsed")
    assert a.source_text == "Senator Ruth Alder" and not a.reporting
    # a stance never becomes the claimant of an event in its content
    r = extractor.extract("The council endorsed the inquiry into the shelling of the market in Tessin that killed four people.", published="2025-03-14")
    assert all(e.claim.claimant is None for e in r.events)


def test_violent_attack_is_no_stance(extractor):
    text = "Gunmen attacked a village near Kalvor on Friday."
    assert not [a for a in attrs(extractor, text) if a.cue_text == "attacked"]


def test_nominal_claim_with_possessor(extractor):
    text = "The militia's claim that it downed two drones could not be verified."
    a = one(extractor, text, "claim")
    assert a.source_text == "The militia" and a.reporting and "downed two drones" in sliced(text, a.content)


@pytest.mark.parametrize("text, cue", [
    ("“We will rebuild,” he said. I think the town will recover, the mayor added.", "think"),
    ("It is worth noting that the bridge was rebuilt twice.", "noting"),
    ("Having said that, the talks went on.", "said"),
    ("(Reporting by Ana Silva; editing by Tom Reed)", "Reporting"),
])
def test_no_attribution_from_idioms_and_inner_states(extractor, text, cue):
    assert not [a for a in attrs(extractor, text) if a.cue_text == cue]


def test_title_case_headline_cue(extractor):
    text = "Harbour Union Vows To Keep The Port Open.\n\nThe union met on Monday."
    a = one(extractor, text, "Vows")
    assert a.source_text == "Harbour Union"


def test_negated_report_is_no_claim(extractor):
    text = "The army did not confirm that its drones struck the depot."
    a = one(extractor, text, "confirm")
    assert not a.reporting


def test_continued_with_a_comma_before_the_quote(extractor):
    text = "Nadia Haddad spoke first.\n\nShe continued, “We ask only that the bridge be repaired. Nobody listens.”"
    a = one(extractor, text, "continued")
    assert a.source_text == "She" and sliced(text, a.content).startswith("We ask")


def test_gerund_subject_is_no_cue(extractor):
    text = "Denying the farmers water is cruel, the engineer said."
    assert not [a for a in attrs(extractor, text) if a.cue_text == "Denying"]


def test_quotation_over_two_sentences_is_one_content(extractor):
    text = "“The road is closed. Nobody can reach the clinic,” said the nurse."
    a = one(extractor, text, "said")
    assert sliced(text, a.content).startswith("“The road is closed.")


def test_perfect_and_passive_stances(extractor):
    text = "The farmers' union has endorsed the plan. The plan was rejected by the regional council."
    endorsed = one(extractor, text, "endorsed")
    rejected = one(extractor, text, "rejected")
    assert endorsed.source_text == "The farmers' union" and not endorsed.reporting
    assert rejected.source_text == "the regional council" and sliced(text, rejected.content) == "The plan"
