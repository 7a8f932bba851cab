"""Event frames: who did it to whom, read from the dependency parse around an event's trigger.

For a verbal trigger ("struck", "shelled", "ambushed") the agent is its active subject, the "by" phrase of a passive,
or the subject of the verb that governs it ("its fighters ambushed a convoy, killing seven"); the patient its object,
its passive subject, or an "on", "against", "targeting" phrase. For a nominal trigger ("an airstrike", "the shelling
of", "clashes") the agent is its possessor or modifier ("Israeli strike", "RSF drones", "Russia's shelling") or a
"by" phrase, and the patient an "on" or "of" phrase, or what the verb it attaches to did ("killed in a strike": the
killed; "the strike hit a school": the school). A weapon or aircraft as subject ("Ukrainian drones struck…") gives
its modifiers as the agent. A pronoun or a description ("it", "its fighters", "the group") stands for the claimant
when the claim is of its own act, else for the actor named before in the article; an agent the text leaves implicit
stays empty. Reporting sources never act by speaking: only what the parse attaches to the trigger counts.

Every choice is a declared decision rule (``rules/packs/frames.toml``), named in the event's chain; the word lists
(agent heads, instruments, light verbs) are the pack's lexicons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Span
from ..resources.actors import ANAPHORS, ActorMatch, ActorRegistry
from ..resources.countries import country_code
from ..rules.engine import load_pack
from .attribution import CUE_FORMS, word_forms

FRAMES = load_pack("frames")


def _forms(rule_id: str) -> frozenset[str]:
    """Every regular form of a lexicon's lemmas (attribution's word_forms; "gunman": gunmen), the lexicon named by
    its rule."""
    out: set[str] = set()
    for term in FRAMES.by_id(rule_id).terms:
        out |= word_forms(term)
        if term.endswith("man"):
            out.add(term[:-3] + "men")
    return frozenset(out)


# heads of noun phrases that name who acts ("gunmen", "troops", "a man"): other subjects (a fire, the toll) name none
AGENT_HEADS = _forms("frame.agent_heads.v1")
# verbs whose subject undergoes the act ("died from", "suffered in"): never its agent
UNDERGO = _forms("frame.undergo_verbs.v1")
# heads of names of bodies that can act by force: a claimant the registry lacks may tell of its own act
ARMED_BODIES = set(FRAMES.by_id("frame.armed_bodies.v1").terms)
# what an actor acts with: as a subject ("drones struck"), its modifiers name the actor ("Ukrainian drones")
INSTRUMENTS = _forms("frame.instruments.v1")
# verbs that carry a nominal act ("carried out a strike", "launched an attack"): their subject is its agent
LIGHT_VERBS = _forms("frame.light_verbs.v1")
# nominal acts whose "of" phrase is the patient ("the killing of", "the shelling of")
OF_PATIENT = _forms("frame.of_patient_nouns.v1")
# objects that name no target ("took place", "an attempt", "opened fire")
NOT_PATIENTS = set(FRAMES.by_id("frame.not_patients.v1").terms)
# descriptions and pronouns that stand for an actor named before
STAND_INS = set(FRAMES.by_id("frame.stand_ins.v1").terms)
STATE_FORCES = FRAMES.by_id("frame.state_forces.v1")
# forces that name no state ("15 soldiers", "an army base", "police officers"): whose, the event's country says
UNSIDED_FORCES = FRAMES.by_id("frame.unsided_forces.v1").regex
# forces, acts and national offices a place name can stand before for who acts ("US strikes", "Washington's envoy")
METONYM_HEADS = _forms("frame.metonym_heads.v1")
# what is taken, not whom ("seized a cache of weapons from the army"): the patient is whom it was taken from
MATERIEL = _forms("frame.materiel.v1")
# places people live in ("shelled a village", "struck the camp"): hit by a strike, they are coded Civilians
SETTLEMENTS = _forms("frame.settlements.v1")
# civilians, and what only civilians use (homes, tents, schools): a patient that names them is coded Civilians
CIVILIAN_WORDS = load_pack("coding").by_id("cond.civilian_target.v1").regex
# people a count calls civilians by what they are ("a driver", "two teachers", "herdsmen"): as written, in lower case
CIVILIAN_PEOPLE = re.compile(r"(?<![\w-])(?:" + "|".join(
    re.escape(t) for t in sorted(load_pack("casualties").by_id("count.group_civilians.v1").terms, key=len, reverse=True)) + r")(?:s|es|en|an|y|ies|ren)?(?![\w-])")
# actor types that act; the others (outlets, health ministries, civil defence, monitors) report
ACTING_TYPES = {"military", "armed_group", "militia", "police", "government", "rebels"}
PLACE_HEADS = {"east", "west", "north", "south", "parts", "part", "area", "areas", "vicinity", "outskirts", "city", "town",
               "village", "region", "district", "province", "neighbourhood", "neighborhood", "strip"}
PATIENT_PREPS = {"on", "against", "at", "targeting", "into", "upon"}
SUBJECTS = {"nsubj", "csubj"}
SPEECH_FORMS = set(CUE_FORMS)  # verbs of saying and reporting: their subject speaks (stance verbs include "attack")
RELATIVE_PRONOUNS = {"who", "which", "that"}
CUT = {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "parataxis", "mark", "dep"}
MAX_WORDS = 8
POSSESSIVE_PRONOUNS = {"its": "it", "their": "they"}
NEAR_CHARS = 300  # how far back an actor named before can be what "the group", "its fighters" stand for


@dataclass(frozen=True)
class Argument:
    """One argument of an event: the phrase as written, where it is, the actor it names (or None), and the rule that
    read it."""

    text: str
    span: Span
    actor: str | None
    rule: str


@dataclass(frozen=True)
class EventFrame:
    agent: Argument | None = None
    patient: Argument | None = None
    told_before: bool = False  # the act is one told before ("the attack", "killed in the strikes")
    acted_on: bool = False  # the trigger is what another verb acts on ("dispersed the protesters"): its agent intervened

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(a.rule for a in (self.agent, self.patient) if a is not None)


@dataclass(frozen=True)
class FrameContext:
    """What reading a frame needs besides the parse: the registry, the claim's claimant, and the actor the article
    named last (for "the group", "it")."""

    registry: ActorRegistry
    claimant: str | None
    last_actor: str | None
    places: tuple[Span, ...] = ()  # the sentence's place mentions (article offsets): a patient there is a where
    named: tuple[ActorMatch, ...] = ()  # acting actors the article named so far (article offsets), in text order


def _is(tok: Any, forms: frozenset[str]) -> bool:
    """Whether the token is one of a lexicon's words in any regular form (``forms``: see ``_forms``)."""
    return tok.lower_ in forms or tok.lemma_.lower() in forms


def _head_token(tokens: Any, base: int, trigger: Span) -> Any:
    """The token that heads the words at ``trigger`` (article offsets) in the parsed sentence, or None."""
    inside = [t for t in tokens if trigger.start < base + t.idx + len(t) and base + t.idx < trigger.end]
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
    return heads[-1] if heads else inside[-1]


def _phrase(head: Any) -> tuple[int, int, str]:
    """The noun phrase a head stands for, without its relative clauses, appositions and coordinated siblings; at most
    MAX_WORDS words around the head."""
    keep = [head]
    for child in head.children:
        if child.dep_ in CUT or (child.dep_ == "prep" and child.lower_ != "of"):
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    # a contiguous run around the head
    first = last = head.i
    idx = {t.i for t in keep}
    while first - 1 in idx and head.i - (first - 1) < MAX_WORDS:
        first -= 1
    while last + 1 in idx and (last + 1) - first < MAX_WORDS:
        last += 1
    doc = head.doc
    span = doc[first : last + 1]
    while len(span) > 1 and span[0].pos_ in ("DET", "PUNCT", "CCONJ"):
        span = span[1:]
    while len(span) > 1 and span[-1].pos_ in ("PUNCT", "CCONJ", "ADP"):
        span = span[:-1]
    return span.start_char, span.end_char, span.text


def _actor_of(text: str, ctx: FrameContext, as_agent: bool) -> str | None:
    """The actor a phrase names: a registry actor (an agent only of a type that acts), a state's forces, Civilians
    (patients only); None otherwise (a stand-in is resolved by the caller)."""
    actor = ctx.registry.canonical(text)
    if actor is not None:
        if as_agent and actor.type not in ACTING_TYPES:
            return None
        return actor.name
    m = STATE_FORCES.regex.search(text)
    if m:
        return STATE_FORCES.sets[m.group(1).lower()]
    if not as_agent and (CIVILIAN_WORDS.search(text) or CIVILIAN_PEOPLE.search(text)):
        return "Civilians"
    return None


def _stand_in(text: str, span: Span, ctx: FrameContext, words: str | None = None) -> Argument | None:
    """"its fighters", "it", "the group": the claimant when it speaks of its own act (it can act), else the nearest
    actor named before of a kind the words can stand for, else the actor the article's frames named last; None when
    there is none. ``words``: the phrase as the caller read it ("the group"), where ``text`` lost its article."""
    if ctx.claimant and can_act(ctx.claimant, ctx.registry):
        return Argument(text, span, ctx.claimant, "frame.agent_own_act.v1")
    # the nearest actor named before that the words can stand for ("the militants": an armed group, not the army)
    key = (words or text).lower()
    first = key.split(maxsplit=1)[0] if key.strip() else key
    first = POSSESSIVE_PRONOUNS.get(first, first)  # "its fighters" stands for what "it" can
    kinds = next((ANAPHORS[k] for k in (key, first) if k in ANAPHORS), None) or tuple(ACTING_TYPES)
    near = [m for m in ctx.named if m.end <= span.start and span.start - m.start <= NEAR_CHARS and m.actor.type in kinds]
    if near:
        return Argument(text, span, near[-1].actor.name, "frame.agent_named_before.v1")
    if ctx.last_actor is None:
        return None
    return Argument(text, span, ctx.last_actor, "frame.agent_antecedent.v1")


def _argument(head: Any, base: int, rule: str, ctx: FrameContext, as_agent: bool) -> Argument | None:
    if not as_agent and (head.ent_type_ in ("DATE", "TIME") or head.lower_ in NOT_PATIENTS
                         or (_is(head.head, LIGHT_VERBS) and any(_is(t, INSTRUMENTS) for t in head.subtree))):
        return None  # a day, "took place", "fired missiles", "launched a series of airstrikes": no target
    start, end, text = _phrase(head)
    low = text.lower()
    det = _child(head, ("det",))
    if det is not None and det.lower_ == "the":
        low = f"the {low}"  # "the group": the phrase lost its article
    own = low in STAND_INS or low.startswith(("its ", "their ", "our ")) or head.lower_ in ("it", "they", "we", "us")
    if own and as_agent:
        return _stand_in(text, Span(base + start, base + end), ctx, low)
    if not as_agent:
        # "five of its members", "30 of our fighters": the speaking group's own people (frame.patient_own_group.v1);
        # "their homes" is no group's own people
        people = _child(_child(head, ("prep",)) or head, ("pobj",)) if head.pos_ == "NUM" else head
        poss = _child(people, ("poss",)) if people is not None else None
        if people is not None and (_is(people, AGENT_HEADS) or people.lower_ == "members") and (
                (poss is not None and poss.lower_ in ("its", "their", "our")) or people.lower_ in ("we", "us")):
            found = _stand_in(text, Span(base + start, base + end), ctx)
            return replace(found, rule="frame.patient_own_group.v1") if found is not None else None
        if own and head.lower_ in ("it", "them", "us"):
            return _stand_in(text, Span(base + start, base + end), ctx)
        if _is(head, MATERIEL):
            # "took a stock of rifles from government forces": whom it was taken from, else no one
            source = _prep_object(head, {"from"}) or (_prep_object(head.head, {"from"}) if head.dep_ == "dobj" else None)
            return _argument(source, base, "frame.patient_materiel.v1", ctx, False) if source is not None else None
    if _is(head, INSTRUMENTS):
        # "Ukrainian drones struck": the instrument's modifiers name the actor; "the strikes killed": the act told before
        if as_agent:
            return _modifier_actor(head, base, ctx) or _event_anaphor(head, base, ctx)
        # "shot down two Ukrainian drones": whose they were; a weapon of no one named is no one hit
        owner = _modifier_actor(head, base, ctx)
        return replace(owner, rule="frame.patient_instrument.v1") if owner is not None else None
    return _plain(head, start, end, text, base, rule, ctx, as_agent)


def _plain(head: Any, start: int, end: int, text: str, base: int, rule: str, ctx: FrameContext, as_agent: bool) -> Argument | None:
    actor = _actor_of(text, ctx, as_agent)
    if actor is None:
        # a name in apposition or brackets: "government security forces (SNA)", "the group, Al Shabaab"
        named = [c for c in head.children if c.dep_ == "appos"]
        for c in named:
            actor = _actor_of(_phrase(c)[2], ctx, as_agent)
            if actor is not None:
                break
    if as_agent and actor is None:
        if ctx.registry.canonical(text) is not None:
            return None  # an outlet, a ministry, a monitor: it reports, it does not act
        if not _is(head, AGENT_HEADS) and head.ent_type_ not in ("NORP", "ORG"):
            return None  # a subject that names no one who acts ("the fire", "the toll")
        actor = text
    head_at = base + head.idx
    if not as_agent and actor is None and _is(head, SETTLEMENTS):
        return Argument(text, Span(base + start, base + end), "Civilians", "frame.patient_settlement.v1")
    if not as_agent and actor is None and not _place_like(head) \
            and not any(p.start <= head_at < p.end for p in ctx.places):
        actor = text  # a thing hit (a base, a convoy, a fuel port) named as written; a place hit is where, not whom
    return Argument(text, Span(base + start, base + end), actor, rule)


def _place_like(head: Any) -> bool:
    """A patient that is a place ("targeted Gaza City", "struck east of the town"): where, not whom."""
    # a bare proper name no registry knows ("shelled Huliaipole") is a town far more often than a group
    bare_name = head.pos_ == "PROPN" and _child(head, ("det",)) is None
    return head.ent_type_ in ("GPE", "LOC") or head.lower_ in PLACE_HEADS or bare_name


def can_act(name: str, registry: ActorRegistry) -> bool:
    """Whether an actor named so can act: a registry actor of an acting type, or a name the registry lacks whose
    head names an armed body ("the Northern Front militia"); outlets, ministries and monitors report."""
    actor = registry.named(name) or registry.canonical(name)
    if actor is not None:
        return actor.type in ACTING_TYPES
    words = name.lower().split()
    return bool(words) and (words[-1] in ARMED_BODIES or words[-1].rstrip("s") in ARMED_BODIES)


def _modifier_actor(noun: Any, base: int, ctx: FrameContext) -> Argument | None:
    """The actor a noun's possessor, compound or adjective names ("Israeli strike", "RSF drones", "Russia's
    shelling"), or its "by" phrase ("an attack by gunmen")."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
            start, end, text = _phrase(child)
            actor = _actor_of(text, ctx, True)
            if actor is None and child.lower_ in ("its", "their", "our"):
                found = _stand_in(text, Span(base + start, base + end), ctx)
                if found is not None:
                    return found
            if actor is not None:
                return Argument(text, Span(base + start, base + end), actor, "frame.agent_modifier.v1")
    for child in noun.children:
        if child.dep_ == "prep" and (child.lower_ == "by" or (child.lower_ == "from" and _is(noun, INSTRUMENTS))):
            # "an attack by gunmen", "fighter jets from the Myanmar military"
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                found = _argument(obj, base, "frame.agent_by.v1", ctx, True)
                if found is not None and (child.lower_ == "by" or ctx.registry.canonical(found.text) is not None):
                    return found
        if child.dep_ == "acl":  # "an IED planted by Al Shabaab", "a rocket fired by Hezbollah"
            by = _child(child, ("agent",))
            obj = _child(by, ("pobj",)) if by is not None else None
            if obj is not None:
                return _argument(obj, base, "frame.agent_by.v1", ctx, True)
    # the parse may not attach a modifier ("due to Israeli shelling" parsed as a verb): the words right before it
    doc, i = noun.doc, noun.i - 1
    while i >= max(0, noun.i - 5) and doc[i].pos_ in ("ADJ", "PROPN", "NOUN", "PUNCT") and doc[i].text not in (",", ";", ":", "—", "-"):
        i -= 1
    if i + 1 < noun.i:
        left = doc[i + 1 : noun.i]
        actor = _actor_of(left.text, ctx, True)
        if actor is not None:
            return Argument(left.text, Span(base + left.start_char, base + left.end_char), actor, "frame.agent_modifier.v1")
    return None


def _child(tok: Any, deps: set[str] | tuple[str, ...]) -> Any:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _subject(verb: Any) -> Any:
    """The verb's subject: of several (a misparse), the nearest before it."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    before = [c for c in subjects if c.i < verb.i]
    return max(before, key=lambda c: c.i) if before else (subjects[0] if subjects else None)


def _prep_object(tok: Any, preps: set[str]) -> Any:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = _child(child, ("pobj",))
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return obj  # "on 16 March … at the village": the day is no target
        if child.dep_ in ("advcl", "xcomp", "acl") and child.lower_ == "targeting":
            obj = _child(child, ("dobj",))
            if obj is not None:
                return obj
    return None


def _verbal(verb: Any, base: int, ctx: FrameContext) -> EventFrame:
    agent = patient = None
    subj = _subject(verb)
    passive = _child(verb, ("nsubjpass",))
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        agent = _argument(verb.head, base, "frame.agent_relative.v1", ctx, True)  # "gunmen who stormed"
    elif subj is not None:
        agent = _argument(subj, base, "frame.agent_subject.v1", ctx, True)
    if agent is None:
        by = _child(verb, ("agent",))
        obj = _child(by, ("pobj",)) if by is not None else None
        if obj is not None:
            agent = _argument(obj, base, "frame.agent_by.v1", ctx, True)
    if agent is None and subj is None and passive is None:
        agent = _governing_agent(verb, base, ctx)
    if agent is None:
        # "were killed in an Israeli strike", "killed and seven wounded in US strikes": the act a phrase names
        for v in (verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")):
            act = _prep_object(v, {"in", "during", "by", "after", "following", "from"})
            if act is not None and _is(act, INSTRUMENTS):
                agent = _modifier_actor(act, base, ctx) or _event_anaphor(act, base, ctx)
                break
    if agent is None and subj is None and (verb.tag_ == "VBG" or any(c.dep_ in ("compound", "amod", "poss") for c in verb.children)):
        # "U.S. strikes on a port killed…", "died in army shelling on a school" read as verbs: their modifier
        agent = _modifier_actor(verb, base, ctx)
    obj = _child(verb, ("dobj",))
    if obj is not None:
        patient = _argument(obj, base, "frame.patient_object.v1", ctx, False)
    if patient is None and passive is not None:
        patient = _argument(passive, base, "frame.patient_passive_subject.v1", ctx, False)
    if patient is None:
        # "fired at the crowd", "opened fire on people"
        target = _prep_object(verb, PATIENT_PREPS) or (_prep_object(obj, PATIENT_PREPS) if obj is not None else None)
        if target is not None:
            patient = _argument(target, base, "frame.patient_prep.v1", ctx, False)
    return EventFrame(agent, patient)


def _governing_agent(verb: Any, base: int, ctx: FrameContext) -> Argument | None:
    """The subject of the verb that governs this one ("its fighters ambushed a convoy, killing seven"; "troops
    entered and shelled"), or the noun a relative clause or participle modifies ("gunmen who stormed", "drones
    targeting")."""
    hops = 0
    tok = verb
    # up through participles, infinitives and coordination, never out of a reported clause into its reporting verb
    while hops < 3 and tok.dep_ in ("advcl", "xcomp", "conj", "pcomp") and tok.head is not tok:
        tok = tok.head
        hops += 1
        if _child(tok, ("nsubjpass",)) is not None or tok.lower_ in SPEECH_FORMS:
            return None
        subj = _subject(tok)
        if subj is not None:
            return _argument(subj, base, "frame.agent_governing.v1", ctx, True)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _argument(verb.head, base, "frame.agent_relative.v1", ctx, True)
    return None


def _event_anaphor(noun: Any, base: int, ctx: FrameContext) -> Argument | None:
    """"the attack", "the strikes", "these raids": an act told before; its agent is the last the frames named."""
    det = _child(noun, ("det",))
    if ctx.last_actor is None or det is None or det.lower_ not in ("the", "these", "this", "those", "that"):
        return None
    if any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in noun.children):
        return None
    return Argument(det.text + " " + noun.text, Span(base + det.idx, base + noun.idx + len(noun.text)), ctx.last_actor,
                    "frame.agent_event_anaphor.v1")


def _definite(noun: Any) -> bool:
    """"the attack", "these strikes": a definite act without a modifier of its own, so one told before."""
    det = _child(noun, ("det",))
    poss = _child(noun, ("poss",))
    dated = poss is not None and poss.ent_type_ in ("DATE", "TIME")  # "Monday's attack"
    return ((det is not None and det.lower_ in ("the", "these", "this", "those", "that")) or dated) and not any(
        c.dep_ in ("compound", "amod", "nmod", "nummod") or (c.dep_ == "poss" and not dated) for c in noun.children)


def _nominal(noun: Any, base: int, ctx: FrameContext) -> EventFrame:
    agent = _modifier_actor(noun, base, ctx)
    patient = None
    target = _prep_object(noun, PATIENT_PREPS)
    if target is not None:
        patient = _argument(target, base, "frame.patient_prep.v1", ctx, False)
    elif _is(noun, OF_PATIENT):
        of = _prep_object(noun, {"of"})
        if of is not None:
            patient = _argument(of, base, "frame.patient_of.v1", ctx, False)
    # "fired bullets, tear gas and grenades": a later conjunct has the role of the first
    # "fired bullets, tear gas and grenades": a later conjunct has the role of the first; "two rounds of mortars",
    # "a series of airstrikes": the quantity has the act's role
    while noun.head is not noun and noun.head.pos_ in ("NOUN", "PROPN", "NUM") and (
            noun.dep_ == "conj" or (noun.dep_ == "pobj" and noun.head.lower_ == "of")) or (
            noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "NUM")):
        noun = noun.head if noun.dep_ == "conj" else noun.head.head
        if agent is None:
            agent = _modifier_actor(noun, base, ctx)
        if patient is None:
            target = _prep_object(noun, PATIENT_PREPS)
            if target is not None:
                patient = _argument(target, base, "frame.patient_prep.v1", ctx, False)
    head = noun.head
    if noun.dep_ in ("dobj",) and _is(head, LIGHT_VERBS) and agent is None:
        # "the army carried out a strike", "gunmen launched an attack"
        subj = _subject(head)
        if subj is not None:
            agent = _argument(subj, base, "frame.agent_governing.v1", ctx, True)
        elif _child(head, ("nsubjpass",)) is None:
            agent = _governing_agent(head, base, ctx)
    if patient is None and noun.dep_ == "dobj" and _is(head, LIGHT_VERBS):
        target = _prep_object(head, PATIENT_PREPS)  # "fired mortars on the KIA's post"
        if target is not None:
            patient = _argument(target, base, "frame.patient_prep.v1", ctx, False)
    if patient is None and noun.dep_ in SUBJECTS and head.pos_ in ("VERB", "AUX"):
        # "the strike hit a school", "the shelling killed five"
        obj = _child(head, ("dobj",))
        if obj is not None:
            patient = _argument(obj, base, "frame.patient_governing.v1", ctx, False)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "during", "by", "after", "following", "with") and head.head.pos_ in ("VERB", "AUX"):
        # "four guards died in a militia drone strike": the strike's victims
        verb = head.head
        victims = _child(verb, ("nsubjpass",))
        if patient is None and victims is not None:
            patient = _argument(victims, base, "frame.patient_governing.v1", ctx, False)
        if agent is None and _child(verb, ("nsubjpass",)) is None and verb.lower_ not in SPEECH_FORMS:
            subj = _subject(verb)
            if subj is not None:
                agent = _argument(subj, base, "frame.agent_governing.v1", ctx, True)
            else:
                agent = _governing_agent(verb, base, ctx)
    if agent is None and noun.dep_ == "appos" and noun.head.pos_ in ("NOUN", "PROPN"):
        agent = _argument(noun.head, base, "frame.agent_subject.v1", ctx, True)  # "Israeli forces, likely warplanes, …"
    if agent is None and noun.dep_ in SUBJECTS | {"appos"}:
        # "drones struck the town": what the verb did is the patient
        verb = noun.head if noun.dep_ in SUBJECTS else noun.head.head
        obj = _child(verb, ("dobj",)) if verb.pos_ in ("VERB", "AUX") else None
        if patient is None and obj is not None:
            patient = _argument(obj, base, "frame.patient_governing.v1", ctx, False)
    if agent is None and _is(noun, INSTRUMENTS):
        agent = _event_anaphor(noun, base, ctx)
    if agent is None and noun.dep_ not in SUBJECTS:
        agent = _ancestor_subject(noun, base, ctx)
    return EventFrame(agent, patient)


def _ancestor_subject(noun: Any, base: int, ctx: FrameContext) -> Argument | None:
    """The active subject of the nearest verb the act noun hangs from, within its clause ("Israeli forces destroyed
    buildings in controlled explosions"): never across a reported clause or a relative clause."""
    tok = noun
    for _ in range(4):
        if tok is not noun and tok.dep_ in ("ccomp", "relcl", "acl", "parataxis"):
            return None  # the act's noun sits in a reported or relative clause of its own
        head = tok.head
        if head is tok:
            return None
        if head.pos_ in ("VERB", "AUX"):
            if _is(head, UNDERGO):
                return None  # "two men died from the explosion": the subject underwent the act
            if head.lower_ in SPEECH_FORMS:
                # "Hezbollah announced the launching of an attack": an armed actor telling of its own act; but
                # "the army acknowledged deaths during clashes": a speaker, not the act's agent
                subj = _subject(head)
                if tok.dep_ == "dobj" and subj is not None:
                    found = _argument(subj, base, "frame.agent_own_act.v1", ctx, True)
                    if found is not None and found.actor is not None and can_act(found.actor, ctx.registry):
                        return replace(found, rule="frame.agent_own_act.v1")
                return None
            if _child(head, ("nsubjpass",)) is not None:
                return None
            subj = _subject(head)
            return _argument(subj, base, "frame.agent_governing.v1", ctx, True) if subj is not None else None
        tok = head
    return None


INTER = FRAMES.by_id("frame.inter_codes.v1")
STATE_WORDS = frozenset(INTER.sets["state_words"].split())  # a description's head that makes it a state force


def inter_code(name: str | None, registry: ActorRegistry, country: str | None = None) -> int | None:
    """ACLED's category of an actor named so (frame.inter_codes.v1): from its registry type, or Civilians,
    Protesters and Rioters by name; a state's forces outside their country (``country``: a name, as the registry
    gives it) are external/other. None for a name the registry does not know."""
    if not name:
        return None
    if name in INTER.sets:
        return int(INTER.sets[name])
    actor = registry.named(name) or registry.canonical(name)
    if actor is None:
        words = name.lower().split()
        return int(INTER.sets["military"]) if words and (words[-1] in STATE_WORDS or words[-1].rstrip("s") in STATE_WORDS) else None
    if actor.type not in INTER.sets:
        return None
    code = int(INTER.sets[actor.type])
    if code == 1 and country and actor.country and country_code(actor.country) != country_code(country):
        return int(INTER.sets["external"])
    return code


def inter_label(code: int | None) -> str:
    return INTER.sets.get(f"label_{code}", "") if code else ""


def unsided_forces(text: str) -> bool:
    """Whether a phrase names forces and no one's name ("15 soldiers", "an army base"; not "TNLA troops")."""
    if not UNSIDED_FORCES.search(text):
        return False
    words = text.split()
    return not any(w[:1].isupper() and (i > 0 or (w.isupper() and len(w) > 1)) for i, w in enumerate(words))


def victims_actor(count_text: str | None, group: str | None, registry: ActorRegistry) -> str | None:
    """Whom an event's count names, as an actor: a force named in it ("seven SAF soldiers"), or Civilians (civilians
    counted, or people with no side named); None for combatants of no named side."""
    if not count_text:
        return None
    actor = registry.canonical(count_text)
    if actor is not None and actor.type in ACTING_TYPES:
        return actor.name
    m = STATE_FORCES.regex.search(count_text)
    if m and group == "combatants":
        return STATE_FORCES.sets[m.group(1).lower()]
    if group == "civilians" or (group != "combatants" and CIVILIAN_WORDS.search(count_text)):
        return "Civilians"
    return None


def place_as_actor(tokens: Any, base: int, span: Span, text: str) -> bool:  # text: the article
    """A place named for who acts or speaks there, not where the event was (place.metonym.v1): the possessor or
    modifier of a force, an act or a national office ("Washington's campaign", "US strikes"; a local office, "Detroit
    police", names where), the possessor of a speaker ("Israel's emergency services said"), the subject of a verb of
    saying ("the Kremlin said"), or "London-based"."""
    if text[span.end : span.end + 6].lower() == "-based":
        return True
    head = _head_token(tokens, base, span)
    if head is None:
        return False
    if head.dep_ in ("poss", "compound", "amod", "nmod") and _is(head.head, METONYM_HEADS):
        return True  # "Washington's campaign", "US strikes"; not "Israel's missile shield", "Detroit police"
    if head.dep_ == "poss" and head.head.dep_ in SUBJECTS and head.head.head.lower_ in SPEECH_FORMS:
        return True  # "Israel's emergency services said": whose services speak, not where
    return head.dep_ in SUBJECTS and head.head.lower_ in SPEECH_FORMS


def named_actors(text: str, start: int, registry: ActorRegistry) -> list[ActorMatch]:
    """The registry actors that can act named in ``text`` (at article offset ``start``), in text order."""
    return [ActorMatch(start + m.start, start + m.end, m.actor) for m in registry.find(text)
            if m.actor.type in ACTING_TYPES and m.actor.type != "government"]


def agent_of_other_act(tokens: Any, base: int, clause: Span, trigger: Span, ctx: FrameContext) -> Argument | None:
    """The agent another word of the same act in the clause names ("killed in a Russian attack … which involved
    guided bombs": the attack's), nearest the trigger first (frame.agent_other_act.v1); None when none names one."""
    # a noun, or one the parse misreads as a verb but gives a modifier ("U.S. strikes on a port killed…")
    words = [t for t in tokens if (t.pos_ == "NOUN" or any(c.dep_ in ("compound", "poss") for c in t.children))
             and _is(t, INSTRUMENTS) and clause.start <= base + t.idx < clause.end
             and not (trigger.start <= base + t.idx < trigger.end)]
    for tok in sorted(words, key=lambda t: abs(base + t.idx - trigger.start)):
        found = read_frame(tokens, base, Span(base + tok.idx, base + tok.idx + len(tok)), ctx).agent
        if found is not None and found.actor is not None:
            return replace(found, rule="frame.agent_other_act.v1")
    return None


def read_frame(tokens: Any, base: int, trigger: Span, ctx: FrameContext) -> EventFrame:
    """The agent and patient of the event whose trigger is at ``trigger`` (article offsets) in the parsed sentence
    ``tokens`` (a spaCy Span of a Doc that starts at ``base``)."""
    tok = _head_token(tokens, base, trigger)
    if tok is None:
        return EventFrame()
    while tok.dep_ in ("compound", "nmod", "amod", "conj") and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
        tok = tok.head  # "a drone and mortar attack": the act is the noun the cue modifies
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in SUBJECTS and tok.head.pos_ == "VERB" and _is(tok, AGENT_HEADS):
        tok = tok.head  # a cue that names the actors ("Gunmen attacked"): the act is their verb
    gerund = tok.tag_ == "VBG" and _subject(tok) is None and tok.dep_ in ("pcomp", "pobj", "nsubj", "dobj", "compound")
    if tok.pos_ in ("NOUN", "PROPN") or gerund or tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj") and tok.pos_ != "VERB":
        frame = _nominal(tok, base, ctx)
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and not _is(tok.head, LIGHT_VERBS):
            frame = replace(frame, acted_on=True)
        told = _is(tok, INSTRUMENTS) and _definite(tok)
    else:
        frame = _verbal(tok, base, ctx)
        act = _prep_object(tok, {"in", "during", "after", "following"})
        told = act is not None and _is(act, INSTRUMENTS) and _definite(act)
    return replace(frame, told_before=told) if told else frame
