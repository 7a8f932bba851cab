"""Unit tests on small articles written for khaldun (several outlets' styles and conflicts)."""
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from khaldun import records

ROOT = Path(__file__).resolve().parents[1]


def ev(extractor, text, published="2025-03-14"):
    return extractor.extract(text, published=published).events


def first_figures(extractor, text, published="2014-05-06"):
    """(killed, wounded) of the first event a sentence written for a test yields; it must yield one."""
    events = ev(extractor, text, published=published)
    assert events, text
    return events[0].killed, events[0].wounded


def test_claim_cue_and_count(extractor):
    (e,) = ev(extractor, "The Northern Front militia said on Wednesday that its fighters ambushed an army convoy near Kalvor, killing seven soldiers.")
    assert e.claim.claimant == "Northern Front militia" and e.claim.verb == "said"
    assert e.sub_event_type == "Armed clash" and e.killed == 7 and e.casualty_group == "combatants"
    assert str(e.event_date) == "2025-03-12"


def test_alias_registry_neutral_names(extractor):
    (e,) = ev(extractor, "The occupation army said one of its soldiers was killed in fighting in Rafah.")
    assert e.claim.claimant == "Israeli military" and e.killed == 1


def test_two_incidents_in_one_sentence(extractor):
    es = ev(extractor, "The group said that it had fired rockets at an army post near Tessin, and that it had shot down a drone west of Tessin.")
    assert [e.sub_event_type for e in es] == ["Shelling/artillery/missile attack", "Disrupted weapons use"]


def test_rival_claimants_split(extractor):
    es = ev(extractor, "Local media reported that two rockets were fired at Dalsa, while the army confirmed that a house in Dalsa was hit by a rocket.")
    assert [e.claim.claimant for e in es] == ["Local media", "army"]


def test_modal_and_negated_give_no_event(extractor):
    assert ev(extractor, "The army said its troops may go back into the district if needed.") == ()
    assert ev(extractor, "The militia has demonstrated its ability to strike armoured vehicles.") == ()
    assert ev(extractor, "No group has claimed responsibility for the attack.") == ()


def test_hedge_is_outlet_claim(extractor):
    (e,) = ev(extractor, "Rebels also reportedly seized a drone west of Tessin.")
    assert e.claim.claimant is None and e.claim.verb == "reportedly"


def test_toll_is_not_event(extractor):
    r = extractor.extract("According to the regional health office, 412 people have been killed and 1,930 wounded in the province since January 1.", published="2025-03-14")
    assert r.events == () and len(r.tolls) == 1
    t = r.tolls[0]
    assert (t.killed, t.wounded, str(t.since)) == (412, 1930, "2025-01-01")


def test_update_of_an_incident_count(extractor):
    (e,) = ev(extractor, "The number of victims of the air strike on a school in Dalsa has risen to 43.")
    assert e.killed == 43 and e.event_date is None


def test_inseparable_killed_and_wounded(extractor):
    (e,) = ev(extractor, "The brigade confirmed its men killed and wounded an enemy soldier in a firefight on Mill Street.")
    assert e.killed is None and "killed and wounded" in e.number_text


@pytest.mark.xfail(reason="'speaking to Y' after 'according to a source in X' is not yet carried into via", strict=False)
def test_according_to_and_via(extractor):
    (e,) = ev(extractor, "Troops withdrew from the northern district, according to a source in the Northern Front, speaking to Example Radio.")
    assert e.claim.claimant == "Northern Front" and e.claim.via == ("Example Radio",)


def test_residue_yields_nothing():
    text = (ROOT / "samples" / "river_valley_clash.txt").read_text()
    from khaldun.io.readers import parse_text_file
    from khaldun.stages.segment import classify

    roles = {p.span.of(parse_text_file(text, "x").text)[:20]: p.role.value for p in classify(parse_text_file(text, "x"))}
    assert "caption" in roles.values() and "comment" in roles.values() and "notice" in roles.values()


def test_comments_never_yield(extractor):
    from khaldun.io.readers import parse_text_file

    art = parse_text_file((ROOT / "samples" / "river_valley_clash.txt").read_text(), "river")
    result = next(iter(extractor.run([art])))
    for e in result.events:
        assert "lying" not in e.evidence.of(art.text)
    assert all(e.evidence.of(art.text) == art.text[e.evidence.start : e.evidence.end] for e in result.events)


def test_pull_quote_counted_once(extractor):
    para = "The militia said its fighters clashed with soldiers near the Kalvor bridge."
    text = f"Clashes Near Kalvor\n\n{para}\n\nBy Staff\n\nThe militia issued a statement on Monday.\n\n{para}"
    assert len(extractor.extract(text, published="2025-01-10").events) == 1


def test_records_follow_format(extractor):
    r = extractor.extract("Police arrested three men near the harbour gate in Port Amari on Friday, a police spokesman said.", published="2025-08-02")
    (rec,) = list(records(r, ["event"]))
    assert rec["kind"] == "event" and rec["evidence"] == r.article.text[rec["evidence_start"] : rec["evidence_end"]]
    assert rec["sub_event_type"] == "Arrests" and rec["event_date"] == "2025-08-01"


def _cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "khaldun.cli", *args], capture_output=True, text=True, input=stdin)


def test_cli_samples_and_bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"id": "ok", "text": "Gunmen shot dead two farmers in Tessin on Monday, police said."}\nnot json\n{"id": "x"}\n')
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "fr.txt").write_text("Les forces ont bombardé la ville pendant la nuit et les habitants ont fui vers le sud du pays.")
    res = _cli("extract", str(tmp_path), "--published", "2025-06-10")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if "rejected at" in line]
    assert len(errors) == 5, res.stderr
    assert any("bad.jsonl:2" in line for line in errors)
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["sub_event_type"] for r in recs] == ["Attack"]
    ok = _cli("extract", str(ROOT / "samples"), "--format", "csv", "-q")
    assert ok.returncode == 0 and ok.stdout.startswith("kind,source_id,event_date")
    assert _cli("extract", "-", "--kinds", "nonsense", stdin="x").returncode == 1


def test_stdin_and_html(extractor):
    res = _cli("extract", "-", "--published", "2025-06-10", "--kinds", "event,place,attribution", stdin="A drone strike hit a depot in Port Amari on Monday, the port authority said.")
    kinds = {json.loads(line)["kind"] for line in res.stdout.splitlines()}
    assert kinds == {"event", "place", "attribution"}
    html = _cli("extract", str(ROOT / "samples" / "harbour_town_strike.html"), "-q")
    assert html.returncode == 0
    assert "should have been evacuated" not in html.stdout


@pytest.mark.parametrize("text, sub_event", [
    ("Rebel forces fired at army positions near Kalvor using 82-mm mortars, heavy machine guns and small arms.", "Armed clash"),
    ("Government troops, supported by artillery, clashed with rebels near Kalvor.", "Armed clash"),
    ("Militants targeted an army tank with an anti-tank missile east of Tessin.", "Armed clash"),
    ("Rebel forces shelled army positions near Kalvor with 120-mm mortars.", "Shelling/artillery/missile attack"),
    ("Soldiers looted shops in the market of Port Amari.", "Looting/property destruction"),
    # a craft that carries the wounded or watches is no air strike; one that fires is
    ("Two men were shot in Macon on Sunday and taken by Life Flight helicopter to the hospital.", "Attack"),
    ("An army helicopter fired on a convoy near Kalvor.", "Air/drone strike"),
])
def test_coding_ground_fire_and_looting(extractor, text, sub_event):
    (e,) = ev(extractor, text)
    assert e.sub_event_type == sub_event


def test_running_date_from_a_sentence_without_event(extractor):
    text = ("On 5 March 2025, government forces began an operation against the militia around Kalvor. "
            "The forces destroyed three houses used by the militia.")
    (e,) = ev(extractor, text, published="2025-03-06")
    assert str(e.event_date) == "2025-03-05"


def test_clan_militia_and_herders_are_counted(extractor):
    (e,) = ev(extractor, "A roadside bomb struck a patrol near Mabra, and 2 clan militia were killed.")
    assert e.killed == 2
    (e,) = ev(extractor, "Gunmen shot and killed a camel herder near Mabra on Sunday.")
    assert e.killed == 1


@pytest.mark.parametrize("text, killed, wounded", [
    ("A shooting in Elgin on Saturday left a 16-year-old boy dead and three others injured, police said.", 1, 3),
    ("On Sunday, Jon Smithers, 13, was shot dead in the 600 block of Maple Street in Memphis.", 1, None),
    ("Police are investigating the fatal shootings of four people in a home in Dayton on Monday.", 4, None),
    ("Seven people were shot outside a bar in Dayton on Saturday, police said.", None, 7),
    ("A gunman killed two people and sent three others to the hospital in Dayton on Friday.", 2, 3),
    ("Two men were shot and killed in Memphis on Friday, police said.", 2, None),
])
def test_single_victims_and_shot_as_wounded(extractor, text, killed, wounded):
    events = extractor.extract(text, published="2014-05-19").events
    assert events and (events[0].killed, events[0].wounded) == (killed, wounded)


def test_a_street_takes_the_point_of_its_town(extractor):
    text = ("Five people were injured in a shooting in Elgin early on Sunday, police said.\n\n"
            "The shooting happened in the 300 block of North Street, the Elgin police said.")
    events = extractor.extract(text, published="2014-01-12").events
    street = next(e for e in events if e.location and "North Street" in e.location.text)
    town = next(e for e in events if e.location and e.location.text == "Elgin")
    assert (street.location.latitude, street.location.longitude) == (town.location.latitude, town.location.longitude)
    assert street.location.relation == "in" and street.location.geonames_id is None


@pytest.mark.parametrize("text, killed, wounded", [
    ("A teenager accidentally shot and killed her brother on Friday night in Houston.", 1, None),
    ("Two are dead and two are in critical condition after a shooting on Saturday in Memphis.", 2, 2),
    ("A 9-month-old baby died on Thursday after he was shot in the head in Kokomo.", 1, None),
    ("Daniel, 5, was shot and killed in an apartment in Cincinnati on Sunday.", 1, None),
    ("Jon Smithers, a 33-year-old man, was shot and killed on Sunday in Dayton.", 1, None),
    ("Police said four male teenagers were shot, one fatally, in Dayton on Tuesday.", 1, 3),
    ("Lampkin was shot about 5:30 p.m. on Saturday in Pittsburgh, police said.", None, None),
])
def test_more_ways_of_counting_one_victim(extractor, text, killed, wounded):
    events = extractor.extract(text, published="2014-11-05").events
    assert events and (events[0].killed, events[0].wounded) == (killed, wounded)


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: shootings told the ways local news tells them
    ("A shootout between two groups left one man dead and six others injured at a club in Dayton on Sunday.", 1, 6),
    ("A man accused of opening fire outside a bar in Akron on Sunday, injuring five people, appeared in court.", None, 5),
    ("Shots were fired into the crowd at a fair in Toledo on Saturday, injuring four men and two women.", None, 6),
    ("Three people were shot to death and another was injured in Ocala on Friday night.", 3, 1),
    ("A 14-year-old boy is dead after a gun went off at his home in Reno on Monday.", 1, None),
    ("Police found two females and one male dead from gunshot wounds in Tyler on Monday.", 3, None),
    ("Police said the boy shot 19-year-old Sam Reed in the shoulder in Tyler on Friday.", None, None),
    ("A man pulled his gun and shot two times at a car in Tyler on Friday, police said.", None, None),
    ("After the shooting in Tyler on Friday, Nelson claimed that one of those two people had shot Fletcher.", None, None),
    ("Police said Kyle Cole shot and killed Regula inside a home in Tyler on Friday.", 1, None),
    ("He was with a 16-year-old friend in Tyler on Friday when the gun went off, firing a shot that killed Jacob.", 1, None),
    ("Gunmen killed Masalit men in a village near Tyler on Friday.", None, None),
    ("A boy is recovering after his father accidentally fired his gun in Tyler on Sunday, striking his son in the cheek.", None, 1),
    ("Police said two people are in custody after a shooting in Tyler on Friday which killed a 3-year-old girl.", 1, None),
    ("A man accused in the shooting deaths of a mother and her 8-year-old daughter in Tyler on Friday was arrested.", 2, None),
    ("Police said both Bass and the baby were dead after the shooting in Tyler on Friday.", 2, None),
    ("After the shooting in Tyler on Friday, a 21-year-old man was taken to a hospital with a gunshot wound to the leg.", None, 1),
])
def test_local_news_shooting_counts(extractor, text, killed, wounded):
    assert first_figures(extractor, text) == (killed, wounded)


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: a victim's death told after the wound, and deaths with adverbs
    ("Officers say 12-year-old Tom Reese, a Lakeview Middle School student, was accidentally shot and killed in Salem.", 1, None),
    ("The 19-year-old was accidentally shot in the chest in Eugene, and was later pronounced dead.", 1, None),
    ("A man was shot on Main Street in Atlanta on Monday night, police said. He later died at a hospital.", 1, None),
    ("Two men were shot outside a store in Macon on Sunday. One of them died at the scene.", 1, 1),
    ("Two men were wounded in a shooting in Macon on Sunday. Another man was killed nearby.", None, 2),
    ("Police said she and three others were shot outside a club in Salem on Friday.", None, 4),
    ("On Friday night, Ann Lee was slain and three others were wounded on Elm Street in Flint.", 1, 3),
])
def test_deaths_told_after_the_wound(extractor, text, killed, wounded):
    assert first_figures(extractor, text) == (killed, wounded)


def test_days_to_come_and_speakers_are_not_the_event():
    import datetime as dt

    from khaldun.stages.coding import code_clause
    from khaldun.stages.dates import find_dates

    published = dt.date(2014, 8, 5)  # a Tuesday
    assert find_dates("A vigil is planned for Thursday at the scene.", published) == []
    assert find_dates("He will appear in court on Monday.", published) == []
    assert [d.date for d in find_dates("He was shot on Thursday.", published)] == [dt.date(2014, 7, 31)]
    assert code_clause("A man was shot on Main Street on Monday night, police said.", False).sub_event_type == "Attack"
    assert code_clause("Gunmen shot two police officers at a checkpoint.", False).sub_event_type == "Armed clash"
    assert code_clause("Four are dead and one is fighting for her life after a shooting.", False).sub_event_type == "Attack"
    assert code_clause("He shot his friend with a 9mm handgun.", False).sub_event_type == "Attack"
    assert code_clause("Militants fired 82mm mortar rounds at the base.", False).sub_event_type == "Shelling/artillery/missile attack"


def test_statement_days_do_not_date_the_story(extractor):
    # written for this test: 2014-07-08 is a Tuesday
    text = ("A man was killed and four were wounded in a Monday shooting in Fresno.\n\n"
            "\"This place is bad,\" a neighbour said Tuesday.\n\n"
            "The shooting took place shortly after 11 p.m., police said.")
    events = ev(extractor, text, published="2014-07-08")
    assert [str(e.event_date) for e in events] == ["2014-07-07", "2014-07-07"]
    # with no other date, the day of the statement bounds the event better than the publication date
    (e,) = ev(extractor, "The militia said on Wednesday that its fighters ambushed a convoy near Kalvor.", published="2025-03-14")
    assert str(e.event_date) == "2025-03-12"


def test_a_lead_without_a_date_takes_the_storys_first_date(extractor):
    text = ("A man who police say shot three people at a tax office in Flint has been charged with attempted murder.\n\n"
            "Prosecutors say he got into an argument Friday with a clerk.")
    events = ev(extractor, text, published="2014-03-03")  # a Monday
    assert str(events[0].event_date) == "2014-02-28" and not events[0].date_stated


@pytest.mark.parametrize("text,killed,wounded", [
    ("Police said the boy found a handgun and accidentally shot himself in the leg in Mesa on Sunday.", None, 1),
    ("Police said the father shot his daughter and then turned the gun on himself in Mesa on Sunday.", None, None),
])
def test_self_inflicted_wounds_to_a_limb(extractor, text, killed, wounded):
    events = ev(extractor, text, published="2014-05-06")
    assert (events[0].killed, events[0].wounded) == (killed, wounded)


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: one person hit, told in the forms local news uses
    ("Deputies said a 9-year-old boy accidentally shot his 7-year-old brother in the arm in Mesa on Sunday.", None, 1),
    ("Officers determined the 10-year-old boy had been shot in his lower leg in Mesa on Sunday.", None, 1),
    ("His 3-year-old brother found the pistol and shot him in the foot in Mesa on Sunday.", None, 1),
    ("The officer fired at the dog, missed, and struck the child in the right leg in Mesa on Sunday.", None, 1),
    ("A 4-year-old girl is in stable condition after the shooting in Mesa on Sunday.", None, 1),
    ("A woman sitting on her porch was hit by a stray bullet in Mesa on Sunday night.", None, 1),
    ("A man will be charged after a boy was shot in the leg in Mesa on Sunday.", None, 1),
    # "shot at a home" were hit; "shot at by a gunman" were fired at
    ("Five people were shot at a home in Mesa late Sunday night, police said.", None, 5),
    ("Two officers were shot at by a gunman in Mesa on Sunday.", None, None),
    ("A woman was wounded in Mesa on Sunday night when a gun accidentally discharged in her apartment.", None, 1),
    ("Police said a 2 year old little boy was shot in Mesa on Sunday afternoon.", None, 1),
    ("A deputy was shot in the foot in Mesa on Sunday, the sheriff's office said.", None, 1),
    ("A stray bullet hit a 9-year-old girl in her bedroom in Mesa on Sunday.", None, 1),
    # no one hit: a negated outcome, a self-inflicted shot told without its outcome
    ("Two other children were in the Mesa home during the shooting on Sunday, but were not injured.", None, None),
    ("A Mesa toddler got hold of a gun in his uncle's home on Sunday and shot himself in the head.", None, None),
    ("Police said a 4-year-old boy accidentally shot and killed himself in Mesa on Sunday.", 1, None),
    ("A Mesa teen has been charged with fatally shooting a 16-year-old boy on Sunday.", 1, None),
    # the one hit is the one who died
    ("A Mesa mother has died after she was accidentally shot by her toddler son on Sunday.", 1, None),
    ("Police say an 11-year-old boy is dead after he found a pistol and accidentally shot himself in Mesa on Sunday.", 1, None),
    ("Police said the man was shot in the head and died at the scene in Mesa on Sunday.", 1, None),
    # a wound told in a clause of its own is another person's
    ("A man was killed when gunmen opened fire in Mesa on Sunday, and she was wounded.", 1, 1),
    ("A stray bullet hit the child in Mesa on Sunday, but he was pronounced dead at the hospital.", 1, None),
    ("A woman was shot in Mesa on Sunday and he was killed.", 1, 1),
    # deaths told in the forms local news uses
    ("Police say a Mesa man shot his 7-year-old daughter to death on Sunday.", 1, None),
    ("A 20-year-old man, Dale Moor of Mesa, was shot several times on Sunday and died at a hospital.", 1, None),
    ("Jon Vale, 16, suffered a gunshot wound to the face on Sunday and later died at a Mesa hospital.", 1, None),
    ("Vale was rushed to a Mesa hospital after the shooting, but died the next day.", 1, None),
    ("Kell and Lumm were shot and killed when someone burst into a home in Mesa on Sunday.", 2, None),
    ("Ron Dale, 33, and Kay Hill, 28, were killed, and Jon Kim and Lee Carr were injured in the shooting in Mesa.", 2, 2),
    ("An accidental shooting in Mesa on Sunday claimed the life of 4-year-old Sue Mill.", 1, None),
    ("Police said Friday's shooting death of 17-year-old Jane Dora Cruz in Mesa was an accident.", 1, None),
    ("The man suspected of shooting four men - one fatally - in Mesa on Sunday was arrested.", 1, 3),
    ("Deputies looking into a report of three men shot in Mesa on Sunday found a father and two sons dead.", 3, 0),
    ("Three people were shot in Mesa on Sunday and one man was killed.", 1, 2),
    ("Police said Dan Soch, 16, of Mesa, died Wednesday after the shooting on Monday.", 1, None),
    ("A death investigation is underway in Mesa after a 16-year old was shot and killed on Sunday.", 1, None),
    ("16-year-old Kris Piaz of Mesa was pronounced dead after the shooting on Sunday.", 1, None),
    ("After the shooting on Sunday police found McLean dead in his car in Mesa.", 1, None),
    # a list item's age is no count: "a 25-year-old man" is one person, not "2" and "5-year-old"
    ("Three teenagers and a 25-year-old man were shot in Mesa on Sunday night.", None, 4),
    # a surname with its wound, a possessed relative, a victim in hospital (not one who died there)
    ("Police in Mesa say Dorran was shot in the back on Sunday.", None, 1),
    ("Police in Mesa say Kell was accidentally shot in the neck on Sunday.", None, 1),
    ("Police said the woman's 23-year-old boyfriend was also shot in his leg in Mesa on Sunday.", None, 1),
    ("Police said Vina Moss was also shot in the chest in Mesa on Sunday but survived.", None, 1),
    ("A woman was taken to the hospital after an accidental shooting in Mesa on Sunday.", None, 1),
    ("A man was rushed to the hospital after the shooting in Mesa on Sunday, where he died.", 1, None),
    ("The victim, identified as Wes Rodd, remains in critical condition after the shooting in Mesa on Sunday.", None, 1),
    # "nearly killed" is hurt; a death from illness is no casualty
    ("A teen was nearly killed in a shooting in Mesa on Sunday night.", None, 1),
    ("His sister died of cancer a day before the shooting in Mesa on Sunday.", None, None),
    ("A boy was shot in Mesa on Sunday, and police say charges will follow if the boy dies.", None, 1),
    # the one hit died: "…, killing him"; a surname with an inner capital; "the death of the teen"
    ("Police in Mesa say he accidentally shot another teen on Sunday, killing him.", 1, 0),
    ("Bre McMillan, 16, died after she was shot in Mesa on Sunday.", 1, None),
    # a list of names is as many people; the one who shot is no victim
    ("Hospital staff said Ralph Robb, Sheka Thomas, Dem Doe, and Bryan Turner all suffered injuries from being shot in Mesa on Sunday.", None, 4),
    ("Dana Lott, 24, Mona Bates, 16, and Mal Wallace, 25, were shot inside a car in Mesa on Sunday.", None, 3),
    ("Police are looking for a man who shot and injured five people in Mesa on Sunday.", None, 5),
    ("Police in Mesa found a man suffering from a gunshot wound on Sunday.", None, 1),
    ("Two men were shot to death and a woman and a teenage girl injured in a Mesa alley on Sunday night.", 2, 2),
    ("A man who was shot in Mesa on Sunday has died, police said.", 1, None),
    # the count's parts are no rival count; a part "among" a count
    ("Police say four people, including an 11-year-old boy and a 13-year-old boy, were wounded in a shooting in Mesa on Friday.", None, 4),
    ("Two teens were among four people shot in Mesa on Sunday.", None, 4),
    ("In the shooting in Mesa on Sunday the victim, a 15-year-old boy, was hit in the head and pronounced dead at a hospital.", 1, None),
    ("A Mesa teenager playing with a gun on Sunday accidentally shot another teen in the chest, killing the youth.", 1, 0),
    ("A man who was shot in Mesa on Sunday is in stable condition.", None, 1),
    ("Police in Mesa found a man suffering from a fatal gunshot wound on Sunday.", None, None),  # no one left hurt
    ("The death of the teen in Mesa was confirmed on Monday by police, who say he was shot by a hunting rifle on Sunday.", 1, None),
    # struck in a part of the body; suffering from gunshot wounds
    ("A 5-year-old girl was struck in the right hand by a stray bullet in Mesa on Sunday.", None, 1),
    ("After the shooting in Mesa on Sunday deputies found another man suffering from gunshot wounds.", None, 1),
])
def test_one_person_hit_or_killed(extractor, text, killed, wounded):
    events = ev(extractor, text, published="2014-05-06")
    assert (events[0].killed, events[0].wounded) == (killed, wounded)


def test_a_headline_s_bare_count_of_people_shot():
    from khaldun.stages.casualties import find_casualties

    assert find_casualties("Five Shot During Party At Mesa Banquet Hall", headline=True).wounded.value == 5
    assert find_casualties("4 shot at bar, SWAT standoff ends", headline=True).wounded.value == 4
    assert find_casualties("Police fire one shot", headline=True).wounded is None
    assert find_casualties("Woman accidentally shot in hand in Mesa", headline=True).wounded.value == 1
    assert find_casualties("Man accidentally shoots himself in leg in Mesa", headline=True).wounded.value == 1
    assert find_casualties("Stray bullet hits 11-year-old girl in Mesa", headline=True).wounded.value == 1
    assert find_casualties("Juvenile shot on the Westside", headline=True).wounded.value == 1
    assert find_casualties("Boy stable after accidental shooting in Mesa", headline=True).wounded.value == 1
    assert find_casualties("Mesa boy, 7, hospitalized after accidental shooting", headline=True).wounded.value == 1
    assert find_casualties("16-year-old suffers accidental gunshot wound", headline=True).wounded.value == 1
    assert find_casualties("Mesa boy, 4, shoots self in groin with grandfather's handgun", headline=True).wounded.value == 1
    for died in ("Teen shot in southeast Mesa has died, police say", "Coroner: Mesa teen shot near the fair dies",
                 "Mesa boy, 4, fatally shoots himself with gun found in home", "Police: Mesa boy accidentally shoots, kills himself",
                 "Boy, 6, Fatally Shoots Brother, 3, in Mesa", "Man turns himself in after 2-year-old killed in Mesa shooting"):
        dead = find_casualties(died, headline=True)
        assert (dead.killed.value, dead.wounded) == (1, None), died
    dead = find_casualties("Deputies: 14-year-old accidentally shot, killed at Mesa motel", headline=True)
    assert (dead.killed.value, dead.wounded) == (1, None)
    assert find_casualties("Five Shot During Party At Mesa Banquet Hall").wounded is None  # headline grammar only


def test_one_time_is_no_count_of_people():
    from khaldun.stages.casualties import find_casualties

    hit = find_casualties("The Mesa coroner says the infant was shot at least one time on Sunday.")
    assert (hit.wounded.value, hit.wounded.text) == (1, "the infant was shot")  # one person told, not "one" counted


def test_a_city_roundup_is_a_toll_not_an_incident(extractor):
    result = extractor.extract("Five people were killed and at least 17 others wounded in separate shootings across Chicago since Friday evening.",
                               published="2014-06-01")
    assert not result.events and [(t.killed, t.wounded) for t in result.tolls] == [(5, 17)]
    # a count over several incidents, however the roundup words it
    for text in ("Two men and a boy were injured in Mesa on Sunday in three separate shootings.",
                 "Two boys were injured in Mesa on Sunday in separate accidental shootings.",
                 "Three people were killed and five others wounded in South Side shootings on Sunday.",
                 "At least 15 people were shot in shootings across Mesa between Sunday afternoon and Monday.",
                 "Nine people were killed in city shootings in Mesa on Sunday and 13 others were wounded.",
                 "Violence across Mesa left a man shot dead and seven other people wounded in four separate bloody scenes on Sunday."):
        result = extractor.extract(text, published="2014-06-01")
        assert not [e for e in result.events if e.killed or e.wounded] and result.tolls, text
    (e,) = ev(extractor, "Four people were shot in two bursts of gunfire at a party in Mesa on Sunday.", published="2014-06-01")
    assert e.wounded == 4  # one incident told in several shots


def test_a_perfect_of_another_verb_leaves_the_act_dated(extractor):
    text = "No arrests have been made in a shooting outside a nightclub near Tupelo on Sunday that left five people wounded."
    (e,) = ev(extractor, text, published="2014-03-31")
    assert str(e.event_date) == "2014-03-30" and e.wounded == 5
    (e,) = ev(extractor, "Four people have been fatally shot in Tupelo since the start of May.", published="2014-07-01") or [None]
    assert e is None or e.event_date is None  # a running count, not a dated incident


def test_a_figure_told_paragraphs_later_is_a_claim_about_the_lead_event(extractor):
    text = ("A toddler found a handgun in the family car in Eastlake on Wednesday and the gun went off, deputies said.\n\n"
            "Neighbors were stunned.\n\n"
            "Paramedics rushed him to a hospital, but the boy was pronounced dead.")
    events = ev(extractor, text, published="2015-01-22")
    assert [e.killed for e in events] == [None, 1]
    later = events[1]
    assert text[later.evidence.start:later.evidence.end].startswith("Paramedics")
    assert later.sub_event_type == events[0].sub_event_type and later.event_date == events[0].event_date
    assert later.claim.claimant is None  # the outlet tells it; the lead's claimant is not borrowed


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: figures told side by side, and a gunman's shots that hit no count
    ("Three dead, two wounded in a shooting at a party in Macon on Sunday, police said.", 3, 2),
    ("A shootout at a tavern in Macon on Sunday leaves 1 dead, injures five.", 1, 5),
    ("Five found dead after a shooting at a home in Macon on Sunday, police said.", 5, None),
    ("Police said a gunman shot at a dozen people in Macon on Sunday before killing himself.", None, None),
    ("Four people are dead and another is fighting for her life after a shooting in Macon on Sunday.", 4, 1),
    ("A shooting at a party in Macon on Sunday left one person hospitalized and three others winged.", None, 4),
    ("After a shooting at a party in Macon on Sunday, two of the shooting victims were in critical condition.", None, 2),
    ("A Macon man died Tuesday night after he and four others were shot in front of a home.", 1, 4),
    ("WMAC 13 News Two brothers, ages 11 and 16, were shot inside a Macon home on Sunday night.", None, 2),
])
def test_figures_side_by_side_and_shots_that_hit_no_count(extractor, text, killed, wounded):
    assert first_figures(extractor, text) == (killed, wounded)


@pytest.mark.parametrize("title,killed,wounded", [
    # written for this test: headlines drop the auxiliary ("Man killed" is passive there)
    ("Man killed, boy injured in drive-by shooting in Dayton", 1, 1),
    ("Boy, 3, wounded in accidental shooting in Dayton, police say", None, 1),
    ("12-Year-Old Ohio Girl Killed In Hunting Accident near Dayton", 1, None),
    ("Atlanta news: Three dead, two wounded in shooting", 3, 2),
    ("2 adults, 2 children killed in Dayton murder-suicide", 4, None),
])
def test_a_page_whose_body_yields_nothing_speaks_through_its_title(extractor, title, killed, wounded):
    result = extractor.extract("Already a subscriber? Log in to keep reading.", published="2014-10-13", title=title)
    recs = list(records(result))
    assert len(recs) == 1 and recs[0]["evidence_in"] == "title"
    assert title[recs[0]["evidence_start"]:recs[0]["evidence_end"]] == recs[0]["evidence"]
    assert (recs[0]["killed"], recs[0]["wounded"]) == (killed, wounded)


def test_a_headline_figure_beside_a_body_without_one_takes_the_body_day(extractor):
    result = extractor.extract("Bullets struck a car and a house during a shooting in Dayton early Sunday, police said.",
                               published="2014-10-17", title="Five wounded in East Side shooting")
    by_place = {r["evidence_in"]: r for r in records(result) if r["kind"] == "event"}
    assert by_place["title"]["wounded"] == 5
    # the headline names no day: it tells the body's Sunday, not the day the page was published
    assert by_place["title"]["event_date"] == by_place["text"]["event_date"] == "2014-10-12"


def test_a_headline_death_beside_a_body_that_tells_only_the_wound(extractor):
    result = extractor.extract("Police said a 4-year-old girl accidentally shot herself in the hand in Dayton on Sunday.",
                               published="2014-10-13", title="Dayton girl killed after accidental shooting")
    by_place = {r["evidence_in"]: r for r in records(result) if r["kind"] == "event"}
    assert (by_place["text"]["wounded"], by_place["title"]["killed"]) == (1, 1)
    # a body that tells no death keeps a title's wound count out: the body's figure stands
    result = extractor.extract("Police said a 4-year-old girl accidentally shot herself in the hand in Dayton on Sunday.",
                               published="2014-10-13", title="Two hurt in Dayton shootings")
    assert all(r["evidence_in"] == "text" for r in records(result))


def test_a_body_that_tells_the_story_keeps_the_title_silent(extractor):
    result = extractor.extract("A man was killed in a shooting in Dayton on Sunday, police said.", published="2014-10-13",
                               title="Man killed, boy injured in drive-by shooting in Dayton")
    recs = list(records(result))
    assert recs and all(r["evidence_in"] == "text" for r in recs)
    # "Man killed" in a body sentence is an active verb: no headline reading there
    events = ev(extractor, "Police said the man killed two people in Dayton on Sunday.", published="2014-10-13")
    assert events and events[0].killed == 2


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: lists of victims, a victim "dead on the scene", a death told after a time of day
    ("Deputies are investigating the shooting deaths of a husband, wife and their two children in a home in Macon on Sunday.", 4, None),
    ("Police said he killed his wife, daughter and son in Macon on Sunday before turning the gun on himself.", 3, None),
    ("A man and woman were shot on Elm Street in Macon on Sunday.", None, 2),
    ("Police said the gunman killed three people in Macon on Sunday and two others were wounded.", 3, 2),
    ("One man was wounded and two other people were injured in a shooting in Macon on Sunday.", None, 3),
    ("The girl was one of five children between the ages of 11 and 15 hospitalized after a shooting in Macon on Sunday.", None, 5),
    ("The 13-year-old was dead on the scene after the shooting in Macon on Sunday, police said.", 1, None),
    ("Lampkin, who friends say was his best friend, was shot about 5:30 p.m. Saturday at a home in Macon and died early Monday.", 1, None),
])
def test_lists_of_victims_and_deaths_told_late(extractor, text, killed, wounded):
    assert first_figures(extractor, text) == (killed, wounded)


def test_a_day_to_come_is_no_date_of_last_year():
    import datetime as dt

    from khaldun.stages.dates import find_dates

    published = dt.date(2014, 11, 18)
    # written for this test
    assert find_dates("He faces up to 21 years in prison when he is sentenced Dec. 2.", published) == []
    assert [d.date for d in find_dates("He was sentenced Nov. 2.", published)] == [dt.date(2014, 11, 2)]


def test_a_victims_state_and_a_briefing_do_not_date_the_story(extractor):
    # written for this test; published on a Saturday
    text = ("A 1-year-old boy remained hospitalized Friday, police said.\n\n"
            "Police held a news conference about 5:30 a.m. Friday to announce an arrest.\n\n"
            "The boy was shot while riding in a stroller in Oakland.")
    events = extractor.extract(text, published="2016-08-13").events
    shot = [e for e in events if "stroller" in e.evidence.of(text)]
    assert shot and shot[0].event_date != dt.date(2016, 8, 12) and not shot[0].date_stated


@pytest.mark.parametrize("text,killed,wounded", [
    # written for this test: deaths told through the act or the victim's state
    ("The couple pleaded not guilty in the shooting death of 5-year-old Ann Shaw in Macon on Sunday.", 1, None),
    ("He spoke of his role in the death of his 10-year-old nephew in a shooting in Macon last May.", 1, None),
    ("The young hunter was found dead after a shooting in the woods near Macon on Sunday.", 1, None),
])
def test_deaths_told_through_the_act_or_the_state(extractor, text, killed, wounded):
    assert first_figures(extractor, text) == (killed, wounded)


def test_where_the_wounded_were_taken_is_not_where_it_happened(extractor):
    # written for this test
    text = "A woman was shot on Elm Street in Macon on Sunday and medics rushed her to Grady Memorial Hospital."
    events = ev(extractor, text, published="2014-05-06")
    assert events and "Grady" not in (events[0].location.text if events[0].location else "")


def test_a_bare_day_beside_a_month_the_story_places_in_an_earlier_year():
    from khaldun.stages.dates import find_dates, stated_months

    # written for this test: a feature published in 2016 about a shooting in 2014
    text = "They came home in December 2014. On Nov. 26, ten days before the Dec. 6 shooting, they shopped. He was sentenced March 3."
    found = find_dates(text, dt.date(2016, 6, 28), stated_months(text))
    assert [d.date for d in found if d.precision == 1] == [dt.date(2014, 11, 26), dt.date(2014, 12, 6), dt.date(2016, 3, 3)]
    assert [(d.date, d.rule) for d in found if d.precision == 3] == [(dt.date(2014, 12, 15), "when.in_month.v1")]


def test_a_month_without_its_day_and_a_page_without_its_date():
    from khaldun.stages.dates import find_dates, latest_post_date

    # written for this test: "in August" in an October story is the August before, to the month (ACLED's precision 3)
    found = find_dates("Gunmen attacked Afgooye in August, the council said.", dt.date(2024, 10, 5))
    assert [(d.date, d.precision) for d in found] == [(dt.date(2024, 8, 15), 3)]
    found = find_dates("Survivors of last month's strike on Afgooye returned.", dt.date(2024, 1, 9))
    assert [(d.date, d.precision, d.rule) for d in found] == [(dt.date(2023, 12, 15), 3, "when.last_month.v1")]
    # a month not yet over when the story came out is left alone: its 15th may lie after publication
    assert find_dates("Gunmen attacked Afgooye in October.", dt.date(2024, 10, 5)) == []
    # a page of unknown date that quotes a post of September 2, 2024 came out no earlier: "August 20th" is 2024's
    text = "Gunmen attacked Afgooye on August 20th. — Benadir Monitor (@benadirmon) September 2, 2024"
    reference = latest_post_date(text)
    assert reference == dt.date(2024, 9, 2)
    assert [d.date for d in find_dates(text, None, (), reference)][0] == dt.date(2024, 8, 20)
    assert find_dates("Gunmen attacked Afgooye on August 20th.", None) == []
    # a background day with its year is no such bound
    assert latest_post_date("Fighting has gone on since Feb. 24, 2022. Gunmen attacked Afgooye on August 20th.") is None


@pytest.mark.parametrize("text,killed", [
    # written for this test: deaths told late or plainly, and a death denied
    ("A boy shot himself with his father's gun in Macon on Sunday. Paramedics rushed him to a hospital, but Kaleb didn't make it and was pronounced dead.", 1),
    ("Gunmen opened fire on a crowd in Macon on Sunday. Three died at the scene.", 3),
    ("A mother was accidentally shot by her child in Macon on Sunday. It is a blessing that no one died, police said.", None),
])
def test_deaths_told_plainly_late_or_denied(extractor, text, killed):
    events = ev(extractor, text, published="2014-05-06")
    assert events, text
    assert max((e.killed for e in events if e.killed is not None), default=None) == killed


def test_a_title_gives_its_figure_when_the_body_gives_none(extractor):
    # written for this test
    result = extractor.extract("Police are investigating a shooting at a restaurant drive-through in Pomona on Sunday.",
                               published="2014-10-05", title="Four wounded in shooting at Pomona restaurant")
    recs = list(records(result))
    assert {r["evidence_in"] for r in recs} == {"text", "title"}
    assert [r["wounded"] for r in recs if r["evidence_in"] == "title"] == [4]


def test_a_place_reused_by_later_sentences_keeps_its_name():
    from khaldun.stages.events import _located
    from khaldun.model import PlaceMention, Span

    east = PlaceMention(span=Span(0, 5), text="Rafah", name="Rafah", relation="east of")
    assert _located(_located(east)).text == "east of Rafah"  # told once, however often it is reused
    # "in" only marks a street placed at its town's point: no part of the street's name
    street = PlaceMention(span=Span(0, 12), text="Hamilton Avenue", name="Hamilton Avenue", relation="in")
    assert _located(street).text == "Hamilton Avenue"


def test_an_arrest_day_is_not_the_running_day_of_the_shooting(extractor):
    text = ("A man was shot and wounded on Elm Street in Macon on Friday night. "
            "Police arrested a suspect on Sunday. "
            "The victim was taken to a hospital with a gunshot wound to the leg.")
    events = ev(extractor, text, published="2014-10-14")
    days = {e.sub_event_type: str(e.event_date) for e in events}
    assert days["Arrests"] == "2014-10-12"
    assert [str(e.event_date) for e in events if e.sub_event_type == "Attack"] == ["2014-10-10", "2014-10-10"]


def test_of_two_days_in_a_clause_the_act_takes_the_nearest(extractor):
    text = "A father was arraigned Thursday after his 6-year-old son shot himself in the hand Wednesday night in Flint."
    events = [e for e in ev(extractor, text, published="2014-10-31") if e.sub_event_type == "Attack"]
    assert events and str(events[0].event_date) == "2014-10-29"


def test_a_street_takes_the_point_of_a_town_in_the_story_s_country(extractor):
    text = ("VIRGINIA BEACH, Va. - Police are investigating a shooting in Virginia Beach on Sunday. "
            "One person was killed and four others wounded in the shooting on Columbus Street near a sports store and Guadalajara.")
    street = [e.location for e in ev(extractor, text, published="2013-06-23") if e.location and e.location.text == "Columbus Street"]
    # "Guadalajara" here is a restaurant's name: the street lies in the story's Virginia Beach, not in Mexico
    assert street and street[0].country == "US"


def test_an_update_of_the_toll_of_one_act_is_that_acts_figure(extractor):
    # written for this test
    r = extractor.extract("The death toll of the drone strike on the town of Afgooye has risen to nine, the district "
                          "commissioner said.", published="2025-03-12")
    (e,) = r.events
    assert e.killed == 9 and "toll.of_an_act.v1" in e.rules and not r.tolls
    war = extractor.extract("The death toll of the war has risen to 40,000, the health ministry said.", published="2025-03-12")
    assert not war.events and war.tolls and war.tolls[0].killed == 40000
    now = extractor.extract("The death toll from the shelling of the market rises to 14 so far, the mayor said.",
                            published="2025-03-12")
    assert [e.killed for e in now.events] == [14] and not now.tolls  # "so far" after one act's figure: as of now
    period = extractor.extract("The death toll from the shelling has risen to 90 since January, officials said.",
                               published="2025-03-12")
    assert period.tolls and not any(e.killed == 90 for e in period.events)
