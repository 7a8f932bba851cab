"""From parsed body sentences to claim-level events and tolls.

One record per (claim, incident): a sentence is split into clauses at the joints where news writing
stacks incidents ("…, and that it had …", "…, while Maariv confirmed that …", "…; …"), each clause
is coded on its own, and each takes the claim whose content covers it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..resources.actors import ActorMatch, ActorRegistry
from .coding import CODING, CUE_PATTERNS, MEANS, code_clause, find_weapon
from ..rules.engine import load_pack
from .cuescan import CueScan
from .dates import MONTH_ONLY, POST_DATE, DateMention, find_dates, find_since, latest_post_date, stated_months
from .casualties import CASUALTIES, KILL, MISSING, WOUND, find_casualties
from ..resources.countries import country_name
from .frames import INTER, EventFrame, FrameContext, agent_of_other_act, named_actors, place_as_actor, can_act, inter_code, read_frame, unsided_forces, victims_actor
from .places import specificity
from ..model import AREA_FEATURES, Attribution, Claim, Event, PlaceMention, Span, Toll

# the words of this stage are declared in rules/packs/events.toml (ids, patterns, examples); this module is the engine
EVENTS = load_pack("events")
CLAUSE_JOINT = EVENTS.by_id("clause.joint.v1").regex
# what blocks a trigger: each a declared check with its examples
MODAL = EVENTS.by_id("chk.modal.v1").regex
NEGATION = EVENTS.by_id("chk.negation.v1").regex
DEPICTION = EVENTS.by_id("chk.depiction.v1").regex
RESPONSIBILITY = EVENTS.by_id("chk.responsibility.v1").regex
ABOUT_ACTS = EVENTS.by_id("chk.about_acts.v1").regex
# talk about a definite act told before ("condemned the attack", "the attack took place while…")
TALK_BEFORE = EVENTS.by_id("chk.talk_before_act.v1").regex
TALK_AFTER = EVENTS.by_id("chk.talk_after_act.v1").regex
DEFINITE_ACT = EVENTS.by_id("chk.definite_act.v1").regex
OUTCOME_AFTER = EVENTS.by_id("chk.outcome_after_act.v1").regex
ACT_DETAIL_AFTER = EVENTS.by_id("chk.act_detail_after.v1").regex
ATTRIBUTIVE_PLACE = EVENTS.by_id("place.attributive.v1").regex  # "Iran-backed", "London-based": no event's place
TOLD_AFTER = EVENTS.by_id("clause.told_after.v1").regex
PERFECT = EVENTS.by_id("chk.perfect.v1").regex
PAST_PERFECT = EVENTS.by_id("chk.past_perfect.v1").regex
CUE_PERFECT = EVENTS.by_id("chk.cue_perfect.v1").regex
TOLL_RISEN = EVENTS.by_id("chk.toll_risen.v1").regex
YEAR_OF_ACT = EVENTS.by_id("chk.earlier_year.v1").regex


def _earlier_year(clause: str, day: dt.date) -> bool:
    """The clause places its act in a year before the day it would be given."""
    return any(int(m.group("year")) < day.year for m in YEAR_OF_ACT.finditer(clause))


CASUALTY_RULES = frozenset(r.id for r in CASUALTIES.rules)
# what makes figures a running total, not one incident's: declared in rules/packs/tolls.toml
TOLLS = load_pack("tolls")
TOLL_CUE = TOLLS.by_id("toll.running_total.v1").regex
PERIOD_WORDS = TOLLS.by_id("chk.period_words.v1").regex
WAR_SCOPE = TOLLS.by_id("chk.war_scope.v1").regex
UPDATE_CUE = TOLLS.by_id("toll.update_words.v1").regex
ACT_TOLL = TOLLS.by_id("toll.of_an_act.v1").regex
AS_OF_NOW = TOLLS.by_id("toll.as_of_now.v1").regex
STORY_SO_FAR_RULE = TOLLS.by_id("toll.story_so_far.v1")
STORY_SO_FAR, STORY_SO_FAR_MAX = STORY_SO_FAR_RULE.regex, int(STORY_SO_FAR_RULE.sets["max"])
ROUNDUP_WORDS = TOLLS.by_id("chk.roundup_words.v1").regex
TOLL_CONTINUED = TOLLS.by_id("toll.continued.v1")
SUPERLATIVE_SINCE = TOLLS.by_id("chk.superlative_since.v1").regex
# Every word without which a clause can have no event cue and no casualty figure: the coder's cues, the
# outcomes, and the other figure patterns' anchors ("in critical condition", "sent five to hospital", "has risen
# to"). A sentence without any is read only for its dates and its claim; the rest of the coding is skipped.
CAN_CODE = CueScan(CUE_PATTERNS + [
                   rf"\b(?:{KILL}|{WOUND}|{MISSING}|condition|li(?:fe|ves)|risen|rose|climbed|increased|jumped|reached|"
                   r"grown|grew|stands|stood|sent|sending|sends|fatally|bodies|toll)\b"])
ANAPHORIC_PLACE = EVENTS.by_id("clause.anaphoric_place.v1").regex
ACT_TOLD_BEFORE = EVENTS.by_id("clause.act_told_before.v1").regex
# the generic act words ("attack", "clash") and the types that name a means (coding.toml): a generic word for an act
# told before by its means takes that act's type (type.act_told_before.v1)
GENERIC_ACTS = frozenset({"attack", "clash"})
MEANS_TYPES = frozenset(cue.sub_event_type for cue in MEANS)
TYPE_TOLD_BEFORE = "type.act_told_before.v1"
CASUALTY_TRIGGER = CODING.by_id("chk.casualty_trigger.v1").regex
STATE_WORDS = EVENTS.by_id("actor.state_words.v1").regex
STATE_TYPES = {"military", "government", "police"}
TERRITORY_TYPES = {True: "Government regains territory", False: "Non-state actor overtakes territory"}
TERRITORY_SUBTYPES = frozenset(TERRITORY_TYPES.values())
AGENT_DECIDES = "type.territory_by_agent.v1"
NON_STATE_HEADS = frozenset(CODING.by_id(AGENT_DECIDES).sets["non_state_heads"].split())
ACTING = {"military", "armed_group", "militia", "police"}
CROWD_ACTORS = {"Protests": "Protesters", "Riots": "Rioters"}  # who protests or riots, unless a known actor does  # actor types that fight (the others report or govern)
EXPLICIT_DATES = load_pack("dates").group("explicit")  # a day named in the clause (resolved or not)
TOLL_MIN = int(TOLLS.by_id("toll.large_figure.v1").sets["min"])  # counts this large are totals, not one incident's


@dataclass(frozen=True)
class SentenceInfo:
    """One body sentence, parsed, with what earlier stages found in it."""

    span: Span
    paragraph: int
    text: str
    attributions: tuple[Attribution, ...]
    places: tuple[PlaceMention, ...]
    headline: bool = False
    tokens: Any = None  # the spaCy Span of the sentence (None where selective parsing passed it over)
    base: int = 0  # where the spaCy Doc of ``tokens`` starts in the article


BACKGROUND_DAYS = 30  # an event dated this much before the story's first dated event is told as its background


@dataclass
class ArticleState:
    """What later sentences inherit from earlier ones in the same article."""

    context_date: dt.date | None
    context_precision: int = 1  # 1 a day, 2 a week ("last week")
    last_claim: Claim | None = None
    last_claim_paragraph: int = -1
    last_location: PlaceMention | None = None
    last_location_paragraph: int = -1
    last_actor: str | None = None  # the last acting actor an event's frame named, for "the group", "they"
    lead_date: dt.date | None = None  # the date the article's first dated event states: its story's


def split_clauses(text: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in CLAUSE_JOINT.finditer(text):
        if m.start() - cuts[-1] >= 15 and len(text) - m.end() >= 15:
            cuts.append(m.start())
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


@dataclass(frozen=True)
class ClaimChoice:
    """The claim governing a stretch of text, the attribution it came from, and the rule that chose it
    (rules/packs/provenance.toml)."""

    claim: Claim
    attribution: Attribution | None
    denied: bool
    rule: str


def _claim_for(sent: SentenceInfo, pos: int, clause: Span, state: ArticleState, continues: bool) -> ClaimChoice:
    """The claim governing the text at absolute offset ``pos``: the covering attribution, or one carried over."""
    covering = [a for a in sent.attributions if a.content.start <= pos < a.content.end or (a.hedge and sent.span.start <= pos < sent.span.end)]
    said = [a for a in covering if not a.hedge]
    rule = "claimant.attributed.v1"
    if not said:
        # the trigger may sit in a side clause ("As clashes continued, the army acknowledged…"): the cue of the clause governs
        said = [a for a in sent.attributions if not a.hedge and clause.start <= a.cue.start < clause.end and a.content.overlaps(clause)]
        rule = "claimant.side_clause.v1"
    if said:
        attr = min(said, key=lambda a: abs(a.cue.start - pos))
        if attr.cue_text.lower() in ("denied", "denies", "deny"):
            return ClaimChoice(Claim(attr.claimant, attr.cue_text, attr.via), attr, True, rule)
        verb = None if attr.carried and attr.cue_text.lower() in ("adding", "added") else attr.cue_text
        if attr.cue_text.lower() == "adding":
            verb = "said"
        return ClaimChoice(Claim(attr.claimant, verb.lower() if verb and verb != "according to" else verb, attr.via), attr, False, rule)
    hedges = [a for a in covering if a.hedge]
    if hedges:
        return ClaimChoice(Claim(None, hedges[0].cue_text.lower()), hedges[0], False, "claimant.hedged.v1")
    if continues and state.last_claim and state.last_claim.claimant:
        return ClaimChoice(Claim(state.last_claim.claimant, None, state.last_claim.via), None, False, "claimant.carried_forward.v1")
    return ClaimChoice(Claim(None, None), None, False, "claimant.outlet.v1")


# where fire came from, where the wounded were taken, where a victim lives: not where the event happened
ORIGIN = EVENTS.by_id("chk.origin.v1").regex
CONTINUATION = EVENTS.by_id("clause.continuation.v1").regex


def _pick_location(places: list[PlaceMention], trigger: int, avoid: Span | None) -> PlaceMention | None:
    usable = [p for p in places if p.locative and not (avoid and avoid.contains(p.span))]
    if not usable:
        return None
    # the most specific place; among equals the one nearest after the trigger
    def rank(p: PlaceMention) -> tuple[int, int]:
        return (specificity(p), abs(p.span.start - trigger) + (0 if p.span.start >= trigger else 1000))

    return min(usable, key=rank)


def _located(place: PlaceMention) -> PlaceMention:
    # "east of Rafah" names the event's place; "in" (set by _within) only marks a town's point, not a name
    if place.relation and place.relation not in ("near", "in") and not place.text.startswith(f"{place.relation} "):
        return replace(place, text=f"{place.relation} {place.text}")
    return place


def _resolved_town(p: PlaceMention) -> bool:
    return p.locative and p.latitude is not None and p.feature not in AREA_FEATURES and p.feature != "demonym"


def acting_places(sent: SentenceInfo, text: str) -> frozenset[Span]:
    """The spans of the sentence's places named for who acts or speaks ("Washington's campaign"): never where."""
    if sent.tokens is None:
        return frozenset()
    return frozenset(p.span for p in sent.places if p.locative and place_as_actor(sent.tokens, sent.base, p.span, text))


def article_focus(sentences: list[SentenceInfo], acting: Sequence[frozenset[Span]]) -> PlaceMention | None:
    """The town the article is about: its only resolved town, or the one named most often (at least twice and
    more than any other); ``acting``: each sentence's places named for who acts (see ``acting_places``)."""
    # where fire came from, where the wounded were taken or where a victim lives is not where the story is
    towns = [p for s, who in zip(sentences, acting) for p in s.places if _resolved_town(p) and p.span not in who
             and not ORIGIN.search(s.text[max(0, p.span.start - s.span.start - 30) : p.span.start - s.span.start])]
    counts = Counter((p.latitude, p.longitude) for p in towns)
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) == 1 or (ranked[0][1] >= 2 and ranked[0][1] > ranked[1][1]):
        return next(p for p in towns if (p.latitude, p.longitude) == ranked[0][0])
    return None


def _within(place: PlaceMention, sentence_places: Sequence[PlaceMention], focus: PlaceMention | None) -> PlaceMention:
    """A street, venue or other place the gazetteer lacks takes the point of the town it lies in (the sentence's
    resolved town, else the article's), at geo_precision 2: near the place, not the place itself."""
    if place.latitude is not None:
        return place
    towns = [p for p in sentence_places if _resolved_town(p)]
    if focus is not None and focus.country:
        # a foreign town named beside it ("near Dick's and Guadalajara", a restaurant) is not where the story is
        towns = [p for p in towns if p.country == focus.country]
    town = min(towns, key=lambda p: abs(p.span.start - place.span.start)) if towns else focus
    if town is None:
        return place
    return replace(place, latitude=town.latitude, longitude=town.longitude, country=town.country, admin1=town.admin1,
                   geonames_id=None, relation=place.relation or "in")


# the checks on a date: a period's start ("since Monday"), the day someone spoke ("he said Tuesday", "in a Friday
# statement", "held a news conference … Thursday"), the day of a victim's state ("remained hospitalized Friday")
PERIOD_START = EVENTS.by_id("chk.period_start.v1").regex
SPOKEN_ON = EVENTS.by_id("chk.spoken_on.v1").regex
STATUS_ON = EVENTS.by_id("chk.status_on.v1").regex
HELD_BRIEFING = EVENTS.by_id("chk.held_briefing.v1").regex
STATEMENT_AFTER = EVENTS.by_id("chk.statement_after.v1").regex
# what may stand between a perfect and the act it governs: "have been [fatally] shot", "has [reportedly] killed"
GOVERNED_GAP = EVENTS.by_id("chk.governed_gap.v1").regex


def _perfect_near(pattern: re.Pattern, before: str, trigger_at: int) -> bool:
    """A perfect tense that governs the trigger ("have been killed", "has shelled the town"), not one of another
    verb further back ("No arrests have been made in a shooting that…")."""
    return any(m.end() > trigger_at or GOVERNED_GAP.match(before, m.end(), max(m.end(), trigger_at)) for m in pattern.finditer(before))


@dataclass(frozen=True)
class SentenceDates:
    """The dates a sentence states, and apart those of statements and of a victim's state."""

    told: tuple[DateMention, ...]
    spoken: tuple[DateMention, ...]


def _dates_of(sent: SentenceInfo, published: dt.date | None, stated: tuple[tuple[int, int], ...] = (),
              reference: dt.date | None = None) -> SentenceDates:
    """The dates a sentence states, less the starts of periods ("since Monday"); and apart, the days of statements
    and of a victim's state ("remained hospitalized Friday")."""
    told, spoken = [], []
    for d in find_dates(sent.text, published, stated, reference):
        before, wider = sent.text[max(0, d.start - 25) : d.start], sent.text[max(0, d.start - 60) : d.start]
        if PERIOD_START.search(before):
            continue
        if POST_DATE.search(before):
            spoken.append(d)  # "— Agency (@agency) September 2, 2024": the day a quoted post was sent
        elif SPOKEN_ON.search(before) and (not before.rstrip().endswith(("a", "an")) or STATEMENT_AFTER.match(sent.text[d.start:])):
            spoken.append(d)
        elif HELD_BRIEFING.search(wider) or STATUS_ON.search(wider):
            spoken.append(d)  # like a statement's day: it may bound its own clause's event, never the running date
        else:
            told.append(d)
    return SentenceDates(tuple(told), tuple(spoken))


@dataclass(frozen=True)
class Coded:
    """What the code stage reads in a run of sentences: events and tolls, in text order."""

    events: tuple[Event, ...] = ()
    tolls: tuple[Toll, ...] = ()


def extract_from_sentences(article_id: str, text: str, sentences: list[SentenceInfo], registry: ActorRegistry, published: dt.date | None) -> Coded:
    state = ArticleState(context_date=None)
    acting_by_sentence = [acting_places(sent, text) for sent in sentences]
    focus = article_focus(sentences, acting_by_sentence)
    events: list[Event] = []
    tolls: list[Toll] = []
    prev_paragraph = -1
    stated = stated_months(text)
    reference = None if published else latest_post_date(text)
    dated = [_dates_of(sent, published, stated, reference) for sent in sentences]
    # a lead that tells the event before any date ("A man who shot three people has been charged") is dated by the
    # story's first date further on ("…an argument Friday"), not by the publication date (still marked assumed)
    story_day = next((d for ds in dated for d in ds.told if d.precision < MONTH_ONLY), None)
    story_date = story_day.date if story_day else None
    named: list[ActorMatch] = []  # acting actors named so far: what "the group", "its fighters" may stand for
    for sent, sentence_dates, acting_here in zip(sentences, dated, acting_by_sentence):
        dates_in_sentence, spoken_dates = sentence_dates.told, sentence_dates.spoken
        new_paragraph = sent.paragraph != prev_paragraph
        prev_paragraph = sent.paragraph
        # a month without its day ("in August", "a truce in March 2021") dates its own clause only
        days_in_sentence = [d for d in dates_in_sentence if d.precision < MONTH_ONLY]
        if days_in_sentence and state.context_date is None:
            # the story's running date, even when this sentence reports no event ("On 5 April, forces began…")
            state.context_date, state.context_precision = days_in_sentence[0].date, days_in_sentence[0].precision
        continues = not new_paragraph or bool(CONTINUATION.search(sent.text))
        if new_paragraph and state.last_claim_paragraph != sent.paragraph - 1:
            continues = continues and not new_paragraph
        quiet = not CAN_CODE.search(sent.text)
        named += named_actors(sent.text, sent.span.start, registry)
        for c0, c1 in split_clauses(sent.text):
            clause = sent.text[c0:c1]
            abs0 = sent.span.start + c0
            if quiet:  # no cue and no figure can be here: only the claim it carries forward
                claim = _claim_for(sent, abs0, Span(abs0, sent.span.start + c1), state, continues).claim
                if claim.claimant:
                    state.last_claim, state.last_claim_paragraph = claim, sent.paragraph
                continue
            cas = find_casualties(clause, headline=sent.headline)
            actor_matches = registry.find(clause)
            state_actor = any(m.actor.type in STATE_TYPES for m in actor_matches) or bool(STATE_WORDS.search(clause))
            coding = code_clause(clause, state_actor)
            trigger_pos = abs0 + (coding.trigger_start if coding else (cas.start or 0))
            choice = _claim_for(sent, trigger_pos, Span(abs0, sent.span.start + c1), state, continues)
            claim, attr, denied = choice.claim, choice.attribution, choice.denied
            speaker_only_state = False  # the clause's only state's force is who speaks ("the army did not mention…")
            if coding is not None and state_actor and attr is not None and attr.source is not None:
                src0, src1 = attr.source.start - abs0, attr.source.end - abs0
                speaker_only_state = not (any(m.actor.type in STATE_TYPES and not src0 <= m.start < src1 for m in actor_matches)
                                          or any(not src0 <= w.start() < src1 for w in STATE_WORDS.finditer(clause)))
            if claim.claimant:
                state.last_claim, state.last_claim_paragraph = claim, sent.paragraph
            clause_dates = [d for d in dates_in_sentence if c0 <= d.start < c1] or days_in_sentence
            if not clause_dates and state.context_date is None:
                # "the militia said on Wednesday that its fighters ambushed…": with no other date, the day it was said
                # bounds the event better than the publication date (it never becomes the story's running date)
                clause_dates = [d for d in spoken_dates if c0 <= d.start < c1]
            evidence = _trim_span(text, Span(abs0, sent.span.start + c1))
            at_site = any(abs0 <= p.span.start < sent.span.start + c1 and p.locative and p.feature not in AREA_FEATURES
                          and p.feature not in ("demonym", "origin", "in_name") for p in sent.places)
            toll_rule = _toll_rule(clause, cas, coding, at_site)
            if toll_rule is None and coding is not None and _largest(cas) >= TOLL_MIN:
                coding = replace(coding, rules=(*coding.rules, "chk.one_act_at_a_site.v1"))
            if toll_rule == "toll.running_total.v1" and _incident_update(events, sent, cas, clause, abs0, c1, choice, evidence, text):
                continue  # "the death toll in Kalvor had risen to 18": the incident told before, updated
            if toll_rule == "toll.running_total.v1" and _story_so_far(events, sent, cas, clause, abs0, c1, choice, evidence):
                continue  # "So far, 14 people have been hurt and three killed": the story's act, as of now
            if toll_rule == "toll.running_total.v1" and coding is not None and _act_update(cas, clause):
                # "the death toll of the rocket attack on the town has risen to 12": the act's own figure
                toll_rule, coding = None, replace(coding, rules=(*coding.rules, "toll.of_an_act.v1"))
            if toll_rule and tolls and _toll_continued(tolls, sent, cas, clause, text):
                continue  # "Additionally, 2,100 were wounded during this period": the toll before, completed
            if toll_rule:
                since = find_since(sent.text, published)
                as_of = next((d.date for d in clause_dates if d.date != since), None) or published
                scope = next((p.text for p in sent.places if p.locative and p.span.start >= abs0), None)
                tolls.append(Toll(
                    article_id=article_id, evidence=evidence, claim=claim,
                    killed=cas.killed.value if cas.killed else None, wounded=cas.wounded.value if cas.wounded else None,
                    missing=cas.missing.value if cas.missing else None, as_of=as_of, since=since, scope=scope,
                    number_text=cas.text, rules=_chain((toll_rule,), cas.rules, _claimant_rules(choice)),
                ))
                continue
            if coding is None:
                if cas.killed or cas.wounded:
                    _attach_casualties(events, sent, cas, text, choice, evidence)
                continue
            if not denied and _blocked(clause, coding.trigger_start):
                continue  # (a denial is a claim of its own: "Hezbollah denied any role in the rocket attack")
            # dates: the clause's own, else the article's running date; perfect aspect leaves it unknown
            said = attr if attr is not None and not attr.hedge else None
            reported = said is not None
            # the verb governing the act lies between the cue (when it comes first) and the trigger
            window_start = said.cue.end - abs0 if said is not None and abs0 <= said.cue.end - 1 < trigger_pos else 0
            before_trigger = clause[max(0, window_start) : coding.trigger_start + 12]
            trigger_at = coding.trigger_start - max(0, window_start)
            cue_perfect = said is not None and CUE_PERFECT.search(text[max(0, said.cue.start - 30) : said.cue.start])
            date_stated = True
            precision = 1
            date_rule: str | None = None
            date_read: str | None = None  # the date expression's own rule (rules/packs/dates.toml)
            if clause_dates:
                # of several days in one clause, the act's own is the one nearest its trigger ("was arraigned Thursday
                # after his son shot himself Wednesday night"), and a day comes before a month ("On 17 April 2025, …
                # the second such raid since it began in January")
                own_day = min(clause_dates, key=lambda d: (d.precision >= MONTH_ONLY, abs(sent.span.start + d.start - trigger_pos)))
                event_date, precision = own_day.date, own_day.precision
                date_rule = "date.spoken.v1" if own_day in spoken_dates else "date.in_clause.v1"
                date_read = own_day.rule or None
                # an arrest's or a hearing's day is its own: the story's violence keeps the day it was told on
                if own_day not in spoken_dates and own_day.precision < MONTH_ONLY and not (
                        coding.event_type == "Strategic developments" and state.context_date):
                    state.context_date, state.context_precision = event_date, precision
            elif any(rule.regex.search(clause) for rule in EXPLICIT_DATES):
                # "on the morning of July 8" in an article that gives no year: its own day, unknown, never another's
                event_date, date_stated, date_rule = None, False, "date.unresolved.v1"
            elif _perfect_near(PERFECT, before_trigger, trigger_at) or TOLL_RISEN.search(clause) or (_perfect_near(PAST_PERFECT, before_trigger, trigger_at) and not reported) or cue_perfect:
                event_date, date_rule = None, "date.perfect.v1"
            else:
                event_date = state.context_date or story_date or published
                precision = (state.context_precision if state.context_date else story_day.precision if story_day else 1)
                date_stated = state.context_date is not None
                date_rule = ("date.running.v1" if state.context_date else "date.story.v1" if story_date
                             else "date.publication.v1" if published else None)
                if event_date is not None and _earlier_year(clause, event_date):
                    # "pleaded guilty in a 2014 shooting": not the day assumed
                    event_date, date_stated, date_rule = None, False, "date.earlier_year.v1"
            # who did it to whom, from the parse (stages/frames.py); a sentence left unparsed names no actor
            frame = EventFrame()
            if sent.tokens is not None:
                trigger = Span(abs0 + coding.trigger_start, abs0 + coding.trigger_end)
                frame_ctx = FrameContext(registry, claim.claimant, state.last_actor, tuple(p.span for p in sent.places), tuple(named[-12:]))
                frame = read_frame(sent.tokens, sent.base, trigger, frame_ctx)
                if frame.agent is None:
                    clause_span = Span(abs0, sent.span.start + c1)
                    frame = replace(frame, agent=agent_of_other_act(sent.tokens, sent.base, clause_span, trigger, frame_ctx))
            places = [p for p in sent.places if abs0 <= p.span.start < sent.span.start + c1
                      and not ORIGIN.search(text[max(0, p.span.start - 30):p.span.start])
                      and not ATTRIBUTIVE_PLACE.match(text[p.span.end : p.span.end + 20])]
            acting = [p for p in places if p.span in acting_here]
            places = [p for p in places if p.span not in acting_here]  # "Washington's campaign", "the Kremlin said": who, not where
            source_span = attr.source if attr else None
            location = _pick_location(places, trigger_pos, source_span)
            place_rule = "place.in_clause.v1" if location else None
            if location is None and (ANAPHORIC_PLACE.search(clause) or (state.last_location_paragraph == sent.paragraph)) and state.last_location:
                location = state.last_location
                place_rule = "place.anaphoric.v1" if ANAPHORIC_PLACE.search(clause) else "place.same_paragraph.v1"
            elif location is None and state.last_location and continues and claim.claimant and state.last_claim_paragraph >= sent.paragraph - 1:
                location, place_rule = state.last_location, "place.carried_forward.v1"
            elif location is None and frame.told_before and state.last_location:
                location, place_rule = state.last_location, "place.act_told_before.v1"  # "killed in the attack"
            elif location is None and focus is not None:
                location, place_rule = focus, "place.article_focus.v1"
            if location is not None:
                location = _within(_located(location), sent.places, focus)
                state.last_location, state.last_location_paragraph = location, sent.paragraph
            # an act the article told before: one the parse reads so, or any definite one ("condemned the rebel
            # attack"), though a definite act said to have "taken place" somewhere is told on, not talked about
            after = clause[coding.trigger_end:]
            told_before = frame.told_before or bool(events and DEFINITE_ACT.search(clause[: coding.trigger_start])
                                                    and not ACT_DETAIL_AFTER.match(after))
            if told_before and not (cas.killed or cas.wounded) and not OUTCOME_AFTER.search(after) and (
                    TALK_BEFORE.search(clause[: coding.trigger_start]) or TALK_AFTER.match(after)):
                continue  # talk about an act already told, with nothing new: no incident
            if coding.cue in GENERIC_ACTS and (told_before or ACT_TOLD_BEFORE.search(clause)
                                                or CASUALTY_TRIGGER.match(clause[coding.trigger_start : coding.trigger_end].lower())):
                # "nine others were wounded in the attack": the act told before by its means keeps its type
                means = next((e for e in reversed(events) if e.sub_event_type in MEANS_TYPES), None)
                if means is not None:
                    coding = replace(coding, event_type=means.event_type, sub_event_type=means.sub_event_type,
                                     rules=(*coding.rules, TYPE_TOLD_BEFORE))
            actor1 = frame.agent.actor if frame.agent else None
            actor2 = frame.patient.actor if frame.patient else None
            agent_state = _state_agent(actor1, registry, speaker_only_state)
            if state_actor and agent_state is False:
                # a state's word that is not the actor ("the rebels seized an army outpost", "the army did not mention
                # another attack"): the clause coded as no state's act
                recoded = code_clause(clause, False)
                if recoded is not None and recoded.sub_event_type != coding.sub_event_type:
                    coding = replace(recoded, rules=(*recoded.rules, AGENT_DECIDES))
            if coding.sub_event_type in TERRITORY_SUBTYPES and agent_state is not None:
                taken = TERRITORY_TYPES[agent_state]  # who took it, as the parse reads the agent
                if taken != coding.sub_event_type:
                    coding = replace(coding, sub_event_type=taken, rules=(*coding.rules, AGENT_DECIDES))
            if denied:
                actor1 = None  # the denier claims that it did not act: no one is named as the actor
            if frame.patient and frame.patient.rule == "frame.patient_settlement.v1" and coding.event_type in ("Battles", "Strategic developments"):
                actor2 = None  # "captured the village", "fighting reached the town": a place fought over, not people hit
            victims_rule: tuple[str, ...] = ()
            assoc1: str | None = None
            if actor2 is None and (cas.killed or cas.wounded):
                # "targeted Gaza City, killing four people": whom the count names
                actor2 = victims_actor(cas.text, cas.group, registry)
                victims_rule = ("frame.patient_victims.v1",) if actor2 else ()
            if coding.event_type in CROWD_ACTORS and (actor1 is None or registry.canonical(actor1) is None or frame.patient):
                # "residents staged a protest", "youths rioted": the crowd, as ACLED names it; "police dispersed the
                # protesters": the crowd is the patient and the force that intervened the second actor
                if actor1 is not None and frame.acted_on:
                    actor2 = actor1
                elif actor1 is not None:
                    assoc1 = actor1  # who the crowd was ("Egyptian demonstrators"): ACLED's associated actor
                actor1, victims_rule = CROWD_ACTORS[coding.event_type], victims_rule + ("frame.agent_crowd.v1",)
            if actor2 is None and actor1 is not None and coding.event_type == "Battles":
                # a battle has two sides: the other force the clause names ("…, and were repelled by Ukrainian forces")
                other = [m.actor.name for m in actor_matches if m.actor.type in ACTING and m.actor.name != actor1
                         and not (source_span and source_span.start <= abs0 + m.start < source_span.end)]
                if other:
                    actor2, victims_rule = other[0], ("frame.patient_other_side.v1",)
            host = registry.state_force(location.country) if location is not None else None
            if host is not None and host != actor1 and coding.event_type not in CROWD_ACTORS and (
                    actor2 is None or registry.named(actor2) is None and actor2 not in INTER.sets):
                # "killed 15 soldiers", "stormed an army base": forces of no named state are the country's own
                phrases = [t for t in ((frame.patient.text if frame.patient else None), cas.text) if t]
                if any(unsided_forces(t) for t in phrases):
                    actor2, victims_rule = host, victims_rule + ("frame.patient_state_force.v1",)
                elif actor2 is None and actor1 is not None and coding.event_type == "Battles" and can_act(actor1, registry):
                    # "Russian assault groups tried to breach the lines near Kupiansk": the other side is the country's
                    actor2, victims_rule = host, victims_rule + ("frame.battle_host_force.v1",)
            if actor1 is not None:
                state.last_actor = actor1
            # an event told as context: dated by its own words well before the story's first dated event ("In
            # December 2012, a gunman killed 26 people"), or to an earlier month ("Last month, …"), or in an earlier
            # year than the story's
            background = date_rule == "date.earlier_year.v1" or bool(
                date_stated and event_date and state.lead_date and ((state.lead_date - event_date).days > BACKGROUND_DAYS or (
                    precision >= MONTH_ONLY and (event_date.year, event_date.month) < (state.lead_date.year, state.lead_date.month))))
            if date_stated and event_date and state.lead_date is None:
                state.lead_date = event_date
            country = country_name(location.country) if location is not None else None
            inter1, inter2 = inter_code(actor1, registry, country), inter_code(actor2, registry, country)
            if inter1 or inter2:
                victims_rule += ("frame.inter_codes.v1",)
            weapon = find_weapon(clause)
            events.append(Event(
                article_id=article_id, evidence=evidence, claim=claim, event_type=coding.event_type,
                sub_event_type=coding.sub_event_type, event_date=event_date, time_precision=precision if event_date else None,
                date_stated=date_stated and event_date is not None,
                actor1=actor1, actor2=actor2, location=location,
                killed=cas.killed.value if cas.killed and not denied else None,
                wounded=cas.wounded.value if cas.wounded and not denied else None,
                casualty_group=cas.group if (cas.killed or cas.wounded) and not denied else None, number_text=cas.text, counts=cas.counts,
                weapon=weapon.text if weapon else None, weapon_kind=weapon.kind if weapon else None,
                hedged=bool(attr and attr.hedge), inter1=inter1, inter2=inter2, assoc_actor1=assoc1,
                background=background,
                rules=_chain(coding.rules, cas.rules, _claimant_rules(choice), (place_rule, *(location.rules if location else ()), "place.metonym.v1" if acting else None, date_rule, date_read,
                                                                               "date.background.v1" if background else None,
                                                                               "claimant.denial.v1" if denied else None),
                             (weapon.rule_id if weapon else None,),
                             tuple(r for r in frame.rules if not (denied and r.startswith("frame.agent"))) + victims_rule),
            ))
    return Coded(tuple(_dedupe(events)), tuple(tolls))


def _blocked(clause: str, trigger: int) -> bool:
    """Negated, future, conditional, capability and depiction statements report no incident."""
    window = clause[max(0, trigger - 60) : trigger]
    # "will be charged after a boy was shot": a clause told after "after" is past, whatever comes before it
    since = list(TOLD_AFTER.finditer(window))
    if since:
        window = window[since[-1].end():]
    if RESPONSIBILITY.search(clause):
        return True  # a statement about responsibility for an act, not the act
    return bool(MODAL.search(window) or NEGATION.search(window[-30:]) or DEPICTION.search(clause[: trigger]) or ABOUT_ACTS.search(clause))


def _trim_span(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " ,;":
        start += 1
    while end > start and text[end - 1] in " ,;":
        end -= 1
    return Span(start, end)


# the subject of a later death that can be one of the wounded already counted (not "Another man was killed")
FOLLOW_UP = EVENTS.by_id("chk.follow_up.v1").regex


def _figure_claim(lead: Event, evidence: Span, choice: ClaimChoice, cas, rule: str | None = None) -> Event:
    """A claim of the incident ``lead`` tells, with the clause's own figures and claimant and the rule that read it so;
    its type, actors, place and date stay the lead's."""
    return replace(
        lead, evidence=evidence, claim=choice.claim, killed=cas.killed.value if cas.killed else None,
        wounded=cas.wounded.value if cas.wounded else None, casualty_group=cas.group, number_text=cas.text,
        counts=cas.counts, weapon=None, weapon_kind=None, hedged=bool(choice.attribution and choice.attribution.hedge),
        rules=_chain((r for r in lead.rules if _slot(r) not in (1, 2, 5)), (rule,), cas.rules, _claimant_rules(choice)))


def _named_in_clause(sent: SentenceInfo, abs0: int, c1: int) -> list[PlaceMention]:
    """The places the clause (from ``abs0``, to the sentence offset ``c1``) names as where something is."""
    return [p for p in sent.places if abs0 <= p.span.start < sent.span.start + c1 and p.locative]


def _incident_update(events: list[Event], sent: SentenceInfo, cas, clause: str, abs0: int, c1: int, choice: ClaimChoice,
                     evidence: Span, text: str) -> bool:
    """"The death toll in Kalvor had risen to 18", "the toll from the strike rose to 80": an incident the article told
    before, its toll updated (toll.incident_update.v1): a claim of that incident with the new figure, not a running
    total. Not where the clause counts over a period ("since", "so far"), over an area (a region, a country), or a
    figure of TOLL_MIN or more; the incident is the latest told at a town the clause names, else the article's first."""
    if not events or not UPDATE_CUE.search(clause) or _largest(cas) >= TOLL_MIN:
        return False
    if TOLL_CUE.search(UPDATE_CUE.sub(" ", clause)):
        return False  # besides the update, words of a period or a total: "since January", "so far", "in total"
    named = _named_in_clause(sent, abs0, c1)
    if any(p.feature in AREA_FEATURES for p in named):
        return False
    names = {p.name for p in named} | {p.text for p in named}
    at = [e for e in events if e.location is not None and (e.location.name in names or e.location.text in names)]
    if named and not at:
        return False  # a town the article told no incident at
    lead = at[-1] if at else events[0]
    events.append(_figure_claim(lead, evidence, choice, cas, "toll.incident_update.v1"))
    return True


def _state_agent(actor: str | None, registry: ActorRegistry, speaker_only_state: bool) -> bool | None:
    """Whether the act's agent is a state's forces (their own or abroad), as its ACLED category says: True, False,
    or None when unknown; with no agent, a clause whose only state's force speaks has no state's act."""
    if actor is None:
        return False if speaker_only_state else None
    code = inter_code(actor, registry)
    if code is None and actor.lower().split()[-1] in NON_STATE_HEADS:
        return False
    return None if code is None else code in (1, 8)


def _story_so_far(events: list[Event], sent: SentenceInfo, cas, clause: str, abs0: int, c1: int, choice: ClaimChoice,
                  evidence: Span) -> bool:
    """"So far, 14 people have been hurt and three killed", told after the act (toll.story_so_far.v1): the figure of
    the article's lead act as of now, a claim of its incident. Not where other words of a period or a total remain,
    where an area is named, in a roundup (chk.roundup_words.v1), nor a figure of STORY_SO_FAR_MAX or more."""
    if not events or _largest(cas) >= STORY_SO_FAR_MAX or not STORY_SO_FAR.search(clause) or ROUNDUP_WORDS.search(clause):
        return False
    if TOLL_CUE.search(STORY_SO_FAR.sub(" ", clause)):
        return False
    if any(p.feature in AREA_FEATURES for p in _named_in_clause(sent, abs0, c1)):
        return False
    events.append(_figure_claim(events[0], evidence, choice, cas, STORY_SO_FAR_RULE.id))
    return True


def _toll_continued(tolls: list[Toll], sent: SentenceInfo, cas, clause: str, text: str) -> bool:
    """A toll that goes on from the one told just before ("…has risen to 380. Additionally, some 1,100 have been
    wounded during this period", toll.continued.v1) completes it: the figure it lacked, its evidence through this
    sentence. Only into a figure the toll before did not give, and within one paragraph or the next."""
    last = tolls[-1]
    if not TOLL_CONTINUED.regex.search(clause) or last.evidence.end > sent.span.start:
        return False
    if text[last.evidence.end : sent.span.start].count("\n\n") > 1:
        return False
    given = {"killed": cas.killed, "wounded": cas.wounded, "missing": cas.missing}
    if not any(given.values()) or any(c and getattr(last, f) is not None for f, c in given.items()):
        return False
    tolls[-1] = replace(last, evidence=Span(last.evidence.start, sent.span.end), number_text=f"{last.number_text} ... {cas.text}",
                        rules=_chain(last.rules, (TOLL_CONTINUED.id,), cas.rules),
                        **{f: c.value for f, c in given.items() if c})
    return True


def _act_update(cas, clause: str) -> bool:
    """An update of the toll of one act the clause names ("the death toll of the rocket attack on the town has risen
    to 12", toll.of_an_act.v1): the act's figure, not a running total. Not counted over a period or in total, nor a
    figure of TOLL_MIN or more."""
    if not ACT_TOLL.search(clause) or _largest(cas) >= TOLL_MIN:
        return False
    # besides the update, words of a period or a total ("since January", "so far", "in total"); an area named is
    # where the act was ("the attack on the Lower Shabelle town of …"), not what is counted over
    rest = list(clause)
    for found in (*ACT_TOLL.finditer(clause), *AS_OF_NOW.finditer(clause)):  # both read on the clause as written
        rest[found.start():found.end()] = " " * (found.end() - found.start())
    return not TOLL_CUE.search("".join(rest))


def _attach_casualties(events: list[Event], sent: SentenceInfo, cas, text: str, choice: ClaimChoice, evidence: Span) -> None:
    """A sentence that only counts the dead ("The soldier was killed.") completes the event before it; told
    paragraphs later, when no event of the story has given such a figure, it is a claim of its own about the
    story's lead event ("Kaleb didn't make it and was pronounced dead.")."""
    if not events:
        return
    last = events[-1]
    if last.evidence.end > sent.span.start:
        return
    if _rival_figure_claim(events, cas, text, choice, evidence):
        return
    if _own_figure_claim(events, sent, cas, text, choice, evidence):
        return
    between = text[last.evidence.end : sent.span.start]
    if last.killed is None and last.wounded and cas.killed and cas.killed.value and not cas.wounded \
            and cas.killed.value <= last.wounded and FOLLOW_UP.match(cas.killed.text) and between.count("\n\n") <= 1:
        # "A man was shot on Main Street. He later died.": the wounded it counted are now dead
        events[-1] = replace(
            last, evidence=Span(last.evidence.start, sent.span.end), killed=cas.killed.value,
            wounded=(last.wounded - cas.killed.value) or None, number_text=f"{last.number_text} ... {cas.text}",
            counts=last.counts + cas.counts, rules=_chain(last.rules, cas.rules))
        return
    if last.killed is not None or last.wounded is not None:
        return
    if "\n" in between:
        return  # another paragraph: another story
    events[-1] = replace(
        last, evidence=Span(last.evidence.start, sent.span.end),
        killed=cas.killed.value if cas.killed else None, wounded=cas.wounded.value if cas.wounded else None,
        casualty_group=cas.group, number_text=cas.text, counts=cas.counts, rules=_chain(last.rules, cas.rules),
    )


# a chain's order: the trigger and its type (and a toll's rule) first, then how its actors were read (frame.*), then the counts, the claimant, the place, the
# date and the weapon; the claimant's slot holds how its attribution was read, the place's how it was found and placed
CHAIN_SLOTS = (("claimant.", "attr."), ("place.", "mention.", "geo."), ("date.", "when."), ("weapon.",))


def _slot(rule: str) -> int:
    if rule in CASUALTY_RULES:
        return 1
    return next((i for i, prefixes in enumerate(CHAIN_SLOTS, start=2) if rule.startswith(prefixes)), 0)


def _claimant_rules(choice: ClaimChoice) -> tuple[str, ...]:
    return (choice.rule, *(choice.attribution.rules if choice.attribution else ()))


def _chain(*parts: Iterable[str | None]) -> tuple[str, ...]:
    """A record's rule chain from its parts, each id once, in the chain's order (stable within a slot)."""
    return tuple(sorted(dict.fromkeys(r for part in parts for r in part if r), key=_slot))


def _largest(cas) -> int:
    return max(((c.value or 0) for c in (cas.killed, cas.wounded, cas.missing) if c), default=0)


def _toll_rule(clause: str, cas, coding, at_site: bool = False) -> str | None:
    """The id of the rule that makes the clause's figures a toll (tolls.toml), or None: words of a running total
    (unless a strike or shell the clause codes is told without any "since", "so far"…), a figure of TOLL_MIN or more
    (unless the clause codes one act at one town or village: "gunmen killed as many as 600 villagers in a raid on the town
    of Kalvor"), or people missing with no event coded."""
    if not (cas.killed or cas.wounded or cas.missing):
        return None
    clause = SUPERLATIVE_SINCE.sub(" ", clause)  # "the deadliest attack since the war began" counts over no period
    struck = coding and coding.cue in ("air", "shelling", "ied", "suicide", "grenade")
    if TOLL_CUE.search(clause) and not (struck and not PERIOD_WORDS.search(clause)):
        return "toll.running_total.v1"
    if _largest(cas) >= TOLL_MIN and not (coding and at_site and not WAR_SCOPE.search(clause)):
        return "toll.large_figure.v1"
    if cas.missing and not coding:
        return "toll.missing_only.v1"
    return None


def _rival_figure_claim(events: list[Event], cas, text: str, choice: ClaimChoice, evidence: Span) -> bool:
    """"The head of the hospital said it had received ten dead bodies from the incident": a claimant other than those
    who gave the article's figures tells its own of the act told before (claim.rival_figure.v1): a claim of the latest
    incident with a figure, beside theirs."""
    claimant = choice.claim.claimant
    figured = [e for e in events if e.killed is not None or e.wounded is not None]
    if not claimant or not figured or not ACT_TOLD_BEFORE.search(text[evidence.start:evidence.end]):
        return False
    if claimant in {e.claim.claimant for e in figured}:
        return False  # the same claimant: a detail or a part of its own figure
    lead = figured[-1]
    events.append(_figure_claim(lead, evidence, choice, cas, "claim.rival_figure.v1"))
    return True


def _own_figure_claim(events: list[Event], sent: SentenceInfo, cas, text: str, choice: ClaimChoice, evidence: Span) -> bool:
    if "\n" not in text[events[-1].evidence.end : sent.span.start]:
        return False  # the same paragraph: completing the event before it is the rule below
    lead = events[0]
    killed = cas.killed.value if cas.killed and not any(e.killed for e in events) else None
    wounded = cas.wounded.value if cas.wounded and not any(e.wounded for e in events) else None
    if not killed and not wounded:
        return False
    events.append(replace(_figure_claim(lead, evidence, choice, cas), killed=killed, wounded=wounded, hedged=False))
    return True


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for e in events:
        key = (e.evidence.start, e.evidence.end, e.sub_event_type)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
