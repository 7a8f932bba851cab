"""Who did what to whom (stages/frames.py): agents and patients from the parse, never a source because it speaks;
ACLED's actor categories in records and the CSV export. Sentences written here."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from khaldun.api import records


def events(extractor, text, published="2025-06-10"):
    return [r for r in records(extractor.extract(text, published=published)) if r["kind"] == "event"]


@pytest.mark.parametrize("text, actor1, actor2", [
    # the active subject, and the object
    ("Al Shabaab fighters ambushed a Somali army convoy near Afgooye on Monday, officials said.", "Al Shabaab", "Somali military"),
    # the by-phrase of a passive
    ("A convoy was ambushed by Al Shabaab fighters near Afgooye on Monday, officials said.", "Al Shabaab", "convoy"),
    # a nominal act's modifier; whom the count names
    ("An Israeli airstrike hit Rafah on Monday, killing four people, medics said.", "Israeli military", "Civilians"),
    # a place hit is where, not whom: whom the count names
    ("RSF fighters stormed the village on Monday, killing six farmers, residents said.", "Rapid Support Forces", "Civilians"),
    # the subject of the verb that governs the act
    ("Gunmen attacked the convoy on Monday, killing two drivers, officials said.", "Gunmen", "convoy"),
    # an armed claimant telling of its own act
    ("The Northern Front militia said its fighters shelled an army post near the river on Monday.", "Northern Front militia", "army post"),
])
def test_agent_and_patient_from_the_parse(extractor, text, actor1, actor2):
    first = events(extractor, text)[0]
    assert (first["actor1"], first["actor2"]) == (actor1, actor2), first["rules"]
    assert any(r.startswith("frame.") for r in first["rules"])


@pytest.mark.parametrize("text", [
    "Police said a roadside bomb killed three people near the market on Tuesday.",
    "The port authority said a drone struck a warehouse on Friday.",
    "Local residents told reporters that artillery shells fell on the district overnight.",
    "Reuters reported that an explosion hit the depot on Monday.",
])
def test_a_source_never_acts_by_speaking(extractor, text):
    for event in events(extractor, text):
        assert event["actor1"] is None, (text, event["actor1"])


def test_the_acting_force_and_the_crowd(extractor):
    first = events(extractor, "Police dispersed the protesters with tear gas near the parliament on Saturday, witnesses said.")[0]
    assert (first["actor1"], first["actor2"]) == ("Protesters", "Police")
    assert (first["inter1"], first["inter2"], first["interaction"]) == (6, 1, 16)
    first = events(extractor, "Police arrested three men near the harbour gate on Friday.")[0]
    assert first["actor1"] == "Police" and first["inter1"] == 1 and first["interaction"] == 10


def test_battles_name_both_sides(extractor):
    first = events(extractor, "Russian forces engaged in an offensive near Andriivka on Monday and were repelled by "
                              "Ukrainian forces, officials said.")[0]
    assert (first["actor1"], first["actor2"]) == ("Russian military", "Ukrainian military")
    assert "frame.patient_other_side.v1" in first["rules"]


def test_acled_csv_names_the_actor_categories(extractor, tmp_path):
    from khaldun.io.exports import write_acled_csv
    from khaldun.ledger import Ledger
    from khaldun.model import Article

    text = "Al Shabaab fighters ambushed a Somali army convoy near Afgooye on Monday, killing four soldiers, officials said."
    with Ledger(str(tmp_path / "a.db"), extractor=extractor) as ledger:
        ledger.ingest([Article(id="amb", text=text, published=dt.date(2025, 6, 10), origin="amb")])
        incidents = ledger.incident_list()
        assert incidents[0].actors[:2] == ("Al Shabaab", "Somali military")
        assert (incidents[0].claims[0].actor1, incidents[0].claims[0].actor2) == ("Al Shabaab", "Somali military")
        out = io.StringIO()
        write_acled_csv(incidents, out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "Al Shabaab", "Rebel group", "Somali military", "State forces", "Rebel group-State forces")


def test_an_undated_event_asserts_no_day(extractor):
    first = events(extractor, "Drones struck a fuel depot near the river, officials said.", published="2025-06-10")[0]
    assert first["event_date"] is None and first["date_assumed"] == "2025-06-10" and first["time_precision"] is None
    first = events(extractor, "Drones struck a fuel depot near the river on Sunday, officials said.", published="2025-06-10")[0]
    assert first["event_date"] == "2025-06-08" and first["date_assumed"] is None
