"""Attribution: who says what. For every sentence, SOURCE – CUE – CONTENT relations with offsets.

Rules, on spaCy's parse with surface fallbacks where the small model's parse is wrong:
"X said/announced/claimed… (that) …", "…, X said", "according to X", "X told Y" (Y is an
intermediary), "a source in X, speaking to Y", "X's spokesman NAME reported", "Y quoted X",
hedges ("reportedly", "allegedly"), and "the group"/"it"/"the army"/"the source" resolved to the
actor the article named before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..resources.actors import ANAPHORS, ActorRegistry
from ..model import Attribution, Span
from ..rules.engine import load_pack


def word_forms(lemma: str, irregular: tuple[str, ...] = ()) -> set[str]:
    """A lemma's regular forms: the lemma, +s/+es, the past, +ing ("launch": launches, launched, launching)."""
    if irregular:
        return {lemma, *irregular}
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    return {lemma, third, past, stem + "ing"}


# the word lists are declared lexicons (rules/lexicons/*.tsv, named by rules in rules/packs/attribution.toml);
# this module makes their forms and reads them on the parse
ATTRIBUTION = load_pack("attribution")
SAY_VERBS = list(ATTRIBUTION.by_id("attr.say_verbs.v1").terms)
# cues that take a noun phrase as content ("called for a ceasefire", "criticized the plan")
NOMINAL_OK = set(ATTRIBUTION.by_id("attr.nominal_cues.v1").terms)
IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "show": ("show", "shows", "showed", "shown"),
    "find": ("find", "finds", "found"),
    "learn": ("learn", "learns", "learned", "learnt"),
    "stress": ("stress", "stresses", "stressed"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "post": ("post", "posts", "posted"),
}
# Stance verbs: the subject takes a position on the content ("endorsed Clinton", "rejected the offer",
# "spoke of the legacy"). They are attribution relations, but their content is not a factual claim of the
# source, so events never take their claimant from them.
STANCE_VERBS = list(ATTRIBUTION.by_id("attr.stance_verbs.v1").terms)
STANCE_IRREGULAR = {
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "see": ("see", "sees", "saw", "seen", "seeing"),
    "sing": ("sing", "sings", "sang", "sung", "singing"),
    "seek": ("seek", "seeks", "sought", "seeking"),
    "rule": ("rule", "rules", "ruled", "ruling"),
    "refer": ("refer", "refers", "referred", "referring"),
    "rail": ("rail", "rails", "railed", "railing"),
    "brag": ("brag", "brags", "bragged", "bragging"),
}
# "Trump attacked Clinton" is a stance; "gunmen attacked a village" is an event: only a person attacked by a person
PERSON_ONLY = {"attack"}
STANCE_FORMS: dict[str, str] = {}
for _lemma in STANCE_VERBS:
    for _f in STANCE_IRREGULAR.get(_lemma, ()) or word_forms(_lemma):
        STANCE_FORMS.setdefault(_f, _lemma)
CUE_FORMS: dict[str, str] = {}
for _lemma in SAY_VERBS:
    for _f in word_forms(_lemma):
        CUE_FORMS.setdefault(_f, _lemma)
for _lemma, _irr in IRREGULAR.items():
    for _f in _irr:
        CUE_FORMS[_f] = _lemma
# verbs that are cues only with a clause or a quote after them (not "found a body", "showed a tank")
NEEDS_CLAUSE = set(ATTRIBUTION.by_id("attr.clause_cues.v1").terms)
INNER_STATES = set(ATTRIBUTION.by_id("attr.inner_states.v1").terms)
HEDGES = set(ATTRIBUTION.by_id("attr.hedges.v1").terms)
DENY = {"deny"}
DISCOURSE = ATTRIBUTION.by_id("source.discourse.v1").regex
SOURCE_OF = ATTRIBUTION.by_id("source.of_org.v1").regex
ROLE_AFTER = ATTRIBUTION.by_id("source.role_after.v1").regex
DOCUMENT_ONLY = ATTRIBUTION.by_id("source.document_only.v1").regex
VIA_SPEAKING = ATTRIBUTION.by_id("source.via_speaking.v1").regex
BAD_SOURCE = {"that", "which", "who", "this", "there", "what"}


@dataclass
class AntecedentMemory:
    """Actors the article named before, so "the group", "it", "the source" can be resolved."""

    last_by_type: dict[str, str]
    last_source_claimant: str | None = None
    last_claimant: str | None = None
    last_person: str | None = None  # the last source that was a person, for "he said", "she told"

    @classmethod
    def empty(cls) -> "AntecedentMemory":
        return cls({})

    def note_text(self, text: str, registry: ActorRegistry) -> None:
        for m in registry.find(text):
            self.last_by_type[m.actor.type] = m.actor.name

    def resolve(self, phrase: str) -> str | None:
        key = phrase.lower().strip()
        if key in ("he", "she"):
            return self.last_person  # "He said attackers killed 15 soldiers": the person quoted before
        key = re.sub(r"^(?:the\s+)?(?:unnamed\s+|same\s+)?['‘’\"“”]*(?:leading\s+)?source['‘’\"“”]*$", "the source", key)
        if key in ("the source", "the sources", "sources"):
            return self.last_source_claimant
        types = ANAPHORS.get(key)
        if types is None:
            return None
        if key in ("it", "they") and self.last_claimant:
            return self.last_claimant
        for t in types:
            if t in self.last_by_type:
                return self.last_by_type[t]
        if key in ("the group", "the movement", "the militants", "the organisation", "the organization"):
            return self.last_claimant
        return None


def claimant_of(source_text: str, registry: ActorRegistry, memory: AntecedentMemory) -> str | None:
    """The canonical claimant a source phrase stands for."""
    s = DISCOURSE.sub("", source_text.strip()).strip(" ,")
    if not s:
        return None
    if DOCUMENT_ONLY.match(s):
        return None
    resolved = memory.resolve(s)
    if resolved:
        return resolved
    m = SOURCE_OF.match(s)
    if m:
        inner = m.group("org")
        actor = registry.canonical(inner)
        if actor:
            return actor.name
        resolved = memory.resolve("the " + inner.split()[-1]) if inner.split() else None
        return resolved or inner.strip(" ,")
    actor = registry.canonical(s)
    if actor:
        return actor.name
    m = ROLE_AFTER.match(s)
    if m and re.search(r"['’]s$", s[: m.end("org") + 2].strip()) and m.group("org").lower() not in ("a", "an", "the"):
        return re.sub(r"^(?:an?|the)\s+", "", m.group("org"), flags=re.I)
    return re.sub(r"^(?:an?|the)\s+", "", s, flags=re.I)


def _tok_span(tokens, base: int) -> Span:
    return Span(base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text))


def _cut_at_comma(doc, start: int, end: int, head: int) -> int:
    """The end of a source phrase: stop before an appositive or relative clause after its head."""
    for i in range(head + 1, end + 1):
        if doc[i].text in (",", "(", "—", "–") or doc[i].dep_ in ("relcl", "acl") and doc[i].tag_.startswith("VB") and doc[i].text not in ("issued",):
            return i - 1
    return end


def _phrase(doc, head, whole: bool = True) -> tuple[int, int]:
    """The token range of the phrase headed by ``head`` (its subtree, or up to the head), appositives cut off."""
    end = _cut_at_comma(doc, head.left_edge.i, head.right_edge.i if whole else head.i, head.i)
    return _trim(doc, head.left_edge.i, end)


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    while start <= end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("and", "but", "while")):
        start += 1
    while end >= start and (doc[end].is_punct or doc[end].is_space) and doc[end].text not in (")", "”", "’", "'"):
        end -= 1
    return start, end


def _content_span(doc, cue, sent, src_range) -> tuple[int, int] | None:
    """The content of a cue: its clausal complement, else the sentence on the side away from the source."""
    ccomp = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and c.i > cue.i]
    if ccomp:
        c = ccomp[0]
        lo, hi = c.left_edge.i, sent.end - 1
        return _trim(doc, lo, hi)
    after_start = cue.i + 1
    # skip "that", the source if it follows the cue ("said the ministry")
    if src_range and src_range[0] > cue.i:
        after_start = src_range[1] + 1
    while after_start < sent.end and doc[after_start].lower_ in ("that", ",", ":", "to", "on"):
        after_start += 1
    if after_start < sent.end - 1 and (sent.end - after_start) >= 3:
        return _trim(doc, after_start, sent.end - 1)
    # content before the cue: "…, X said."
    before_end = (src_range[0] if src_range and src_range[0] < cue.i else cue.i) - 1
    if before_end - sent.start >= 2:
        lo, hi = _trim(doc, sent.start, before_end)
        if doc[hi].text in CLOSING and not any(t.text in OPENING for t in doc[lo:hi]):
            # "“… weight. They are wrong,” said X": the quotation opened in an earlier sentence
            opened = _quote_before(doc, hi + 1)
            if opened:
                lo = min(lo, opened[0])
        return lo, hi
    return _quote_before(doc, sent.start)


CLOSING = {"”", '"', "''", "’"}
OPENING = {"“": "”", '"': '"', "``": "''", "‘": "’"}


def _quote_before(doc, start: int) -> tuple[int, int] | None:
    """"“Neither do I.” Graham asked.": the quotation that closes just before the sentence starts."""
    i = start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text not in CLOSING:
        return None
    close = doc[i]
    for j in range(i - 1, max(-1, i - 400), -1):
        if OPENING.get(doc[j].text) == close.text or (close.text == '"' and doc[j].text == '"'):
            return j, i
    return None


def find_attributions(doc, sent, base: int, registry: ActorRegistry, memory: AntecedentMemory, following: Span | None = None) -> list[Attribution]:
    """Attributions of one sentence (a spaCy Span), offsets shifted by ``base``."""
    found: list[Attribution] = []
    text = sent.text
    used: set[int] = set()
    # "according to X"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            end = objs[0].right_edge.i if objs else min(to.i + 4, sent.end - 1)
            end = _cut_at_comma(doc, to.i + 1, end, objs[0].i if objs else to.i + 1)
            s0, s1 = _trim(doc, to.i + 1, end)
            if s0 > s1:
                continue
            src_tokens = doc[s0 : s1 + 1]
            tail = doc[s1 + 1 : min(sent.end, s1 + 16)].text
            # content: the rest of the sentence without the "according to X" phrase
            if tok.i - sent.start <= 1:
                c0 = objs[0].right_edge.i + 1 if objs else s1 + 1
                c1 = sent.end - 1
            else:
                c0, c1 = sent.start, tok.i - 1
            c0, c1 = _trim(doc, c0, c1)
            if c0 > c1:
                continue
            via: tuple[str, ...] = _via_from(tail, registry)
            src_text = src_tokens.text
            claimant = claimant_of(src_text, registry, memory)
            found.append(Attribution(
                cue=_tok_span(doc[tok.i : to.i + 1], base), cue_text="according to",
                content=_tok_span(doc[c0 : c1 + 1], base), source=_tok_span(src_tokens, base),
                source_text=src_text, claimant=claimant, via=via, rules=("attr.according_to.v1",),
            ))
            used.update(range(tok.i, to.i + 1))
    for tok in sent:
        if tok.i in used:
            continue
        low = tok.lower_
        if tok.pos_ == "NOUN" and low in NOUN_CUES:
            _add(found, _nominal(doc, tok, base, registry, memory))
            continue
        if low in HEDGES:
            found.append(Attribution(
                cue=_tok_span([tok], base), cue_text=tok.text, content=_tok_span(sent, base), hedge=True,
                rules=("attr.hedge.v1",),
            ))
            continue
        if _idiom(doc, sent, tok):
            continue
        lemma = CUE_FORMS.get(low)
        do_support = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ in ("did", "does", "do") for c in tok.children)
        if lemma is None or not tok.tag_.startswith("VB") or tok.tag_ == "VB" and not do_support:
            # base forms ("to say", "don't know") report nothing yet
            if tok.tag_.startswith("VB") and tok.tag_ != "VB" and (tok.tag_ != "VBN" or _finite_participle(tok)) and low in STANCE_FORMS:
                _add(found, _stance(doc, sent, tok, STANCE_FORMS[low], base, registry, memory))
            continue
        if tok.tag_ == "VBG" and tok.dep_ in ("csubj", "csubjpass"):
            continue  # "Denying us justice is un-American": a gerund subject reports nothing
        if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children) and lemma not in ("report", "quote") and not _agent(tok):
            continue  # "it was announced": a passive cue without "by X" names no source
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if lemma in INNER_STATES and subj and subj[0].lower_ in ("i", "we", "you"):
            continue  # "I think", "we know" inside a quote: the speaker's own hedge, already attributed
        if lemma == "call" and (tok.dep_ == "acl" or doc[tok.i - 1].lower_ in ("so", "-") and tok.i - 2 >= 0 and doc[tok.i - 2].lower_ == "so"
                                or tok.i + 1 < sent.end and doc[tok.i + 1].lower_ in ("into", "in", "up", "off", "back")):
            continue  # "a group called X", "so-called", "called into a show": naming or phoning, not saying
        quoted = _beside_quote(doc, sent, tok, subj[0] if subj else None)
        has_clause = quoted or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or (
            tok.i + 1 < sent.end and doc[tok.i + 1].lower_ in ("that", ":", "“", '"')
        )
        if (lemma in ("continue", "underline", "joke") and not (
            quoted or tok.i + 1 < sent.end and doc[tok.i + 1].text in (":", "“", '"', "that")
            or tok.i + 2 < sent.end and doc[tok.i + 1].text == "," and doc[tok.i + 2].text in ("“", '"')
        )) or (lemma in NEEDS_CLAUSE and lemma not in NOMINAL_OK and not has_clause):
            if low in STANCE_FORMS or lemma in ("note", "show", "propose", "detail", "document", "add"):
                _add(found, _stance(doc, sent, tok, STANCE_FORMS.get(low, lemma), base, registry, memory))
            continue
        src_range, antecedent = _source_range(doc, tok, subj)
        if src_range and src_range[0] > src_range[1]:
            src_range = None
        # "X quoted Y as saying": Y is the claimant, X the intermediary
        via = ()
        src_text = doc[src_range[0] : src_range[1] + 1].text if src_range else None
        if src_text and src_range:
            src_text = DISCOURSE.sub("", src_text).strip(" ,") or src_text
            lead = len(doc[src_range[0] : src_range[1] + 1].text) - len(src_text)
            s_start = base + doc[src_range[0]].idx + lead
            source = Span(s_start, s_start + len(src_text))
        else:
            source = None
        claimant = claimant_of(antecedent or src_text, registry, memory) if src_text else None
        if lemma == "tell":
            objs = [c for c in tok.children if c.dep_ in ("dative", "dobj", "iobj")]
            if objs:
                obj = doc[objs[0].left_edge.i : objs[0].right_edge.i + 1].text
                actor = registry.canonical(obj)
                via = (actor.name if actor else obj,)
        if lemma == "quote":
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if objs:
                quoted = doc[objs[0].left_edge.i : objs[0].right_edge.i + 1].text
                via = (claimant,) if claimant else ()
                claimant = claimant_of(quoted, registry, memory)
        if src_text and not via:
            via = _via_from(text[text.find(src_text) + len(src_text) :][:80] if src_text in text else "", registry)
        passive_subj = [c for c in subj if c.dep_ == "nsubjpass"] if _agent(tok) is not None else []
        content = _phrase(doc, passive_subj[0]) if passive_subj else _content_span(doc, tok, sent, src_range)
        if content is None or content[0] > content[1]:
            after = (src_range[1] if src_range and src_range[0] > tok.i else tok.i) + 1
            if not (following and after < sent.end and doc[after].text == ":" and following.end - following.start > 8):
                continue
            content_span = following  # "He said:" and the quote that follows
        else:
            content_span = _tok_span(doc[content[0] : content[1] + 1], base)
        negated = any(c.dep_ == "neg" for c in tok.children)
        found.append(Attribution(
            cue=_tok_span([tok], base), cue_text=tok.text, content=content_span, reporting=not negated,
            source=source, source_text=src_text, claimant=claimant, via=via, rules=("attr.verb.v1",),
        ))
    found.sort(key=lambda a: a.cue.start)
    # "…, adding that …" and other sourceless cues inherit the source of the cue before them
    out: list[Attribution] = []
    for attr in found:
        if attr.source is None and not attr.hedge and attr.cue_text.lower() not in NOUN_CUES and out and not out[-1].hedge:
            prev = out[-1]
            attr = replace(attr, claimant=prev.claimant, via=prev.via, carried=True, rules=(*attr.rules, "attr.carried.v1"))
        out.append(attr)
    persons = [(base + e.start_char, base + e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    for attr in out:
        if attr.claimant and attr.source is not None and any(s < attr.source.end and attr.source.start < e for s, e in persons):
            memory.last_person = attr.claimant
        if attr.claimant and attr.source_text:
            memory.last_claimant = attr.claimant
            if re.search(r"\bsources?\b", attr.source_text, re.I):
                memory.last_source_claimant = attr.claimant
    return out


def _add(found: list[Attribution], attr: Attribution | None) -> None:
    if attr is not None:
        found.append(attr)


def _agent(tok):
    """The noun of a passive's "by X" phrase, or None."""
    for agent in (c for c in tok.children if c.dep_ == "agent"):
        for obj in agent.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def _finite_participle(tok) -> bool:
    """"has endorsed", "was endorsed by X": a past participle that reports; not "the proposed plan"."""
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had", "'s", "'ve", "’s", "’ve") for c in tok.children) or (
        any(c.dep_ == "auxpass" for c in tok.children) and _agent(tok) is not None
    )


def _stance(doc, sent, tok, lemma: str, base: int, registry: ActorRegistry, memory: AntecedentMemory) -> Attribution | None:
    """A stance verb with a named subject and an object or topic: "X endorsed Y", "X spoke of Y"."""
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
    agent = _agent(tok) if passive else None
    if agent is not None:
        # "Clinton has been endorsed by dozens of papers": the papers take the stance, on Clinton
        s0, s1 = _phrase(doc, agent)
        c0, c1 = _phrase(doc, passive[0])
        if s0 > s1 or c0 > c1:
            return None
        return _stance_record(doc, tok, (s0, s1), (c0, c1), None, base, registry, memory)
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    if subj and subj[0].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    objs = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp", "attr")]
    if lemma in ("talk", "speak", "refer", "point", "rail", "weigh"):
        objs = objs or [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "to", "on", "against", "out")]
    if lemma == "see" and not (any(c.dep_ == "ccomp" for c in tok.children) or any(c.lower_ == "as" for c in tok.subtree if c.head.i in (tok.i, objs[0].i if objs else -1))):
        return None  # "saw the rally" is perception; "sees the plan as a threat" is a stance
    if not objs:
        return None
    src_range, antecedent = _source_range(doc, tok, subj)
    if src_range is None or src_range[0] > src_range[1]:
        return None
    head = doc[src_range[1]]
    if lemma in PERSON_ONLY and not ((head.ent_type_ == "PERSON" or head.lower_ in ("he", "she")) and objs[0].ent_type_ == "PERSON"):
        return None
    s0, s1 = src_range
    c0, c1 = _trim(doc, objs[0].left_edge.i, sent.end - 1)
    if c0 > c1:
        return None
    return _stance_record(doc, tok, (s0, s1), (c0, c1), antecedent, base, registry, memory)


def _stance_record(doc, tok, source: tuple[int, int], content: tuple[int, int], antecedent: str | None, base: int,
                   registry: ActorRegistry, memory: AntecedentMemory) -> Attribution:
    src = doc[source[0] : source[1] + 1].text
    return Attribution(
        cue=_tok_span([tok], base), cue_text=tok.text, content=_tok_span(doc[content[0] : content[1] + 1], base),
        source=_tok_span(doc[source[0] : source[1] + 1], base), source_text=src,
        claimant=claimant_of(antecedent or src, registry, memory), reporting=False, rules=("attr.stance.v1",),
    )


# Nouns that carry an attribution: "the army's claim that…", "a statement from the ministry", "Trump's plan for…"
STATEMENT_NOUNS = list(ATTRIBUTION.by_id("attr.statement_nouns.v1").terms)
STANCE_NOUNS = list(ATTRIBUTION.by_id("attr.stance_nouns.v1").terms)
NOUN_CUES: dict[str, bool] = {}
for _n in STATEMENT_NOUNS + STANCE_NOUNS:
    for _f in (_n, _n + ("es" if _n.endswith(("s", "sh", "ch")) else "s")):
        NOUN_CUES[_f] = _n in STATEMENT_NOUNS


def _nominal(doc, noun, base: int, registry: ActorRegistry, memory: AntecedentMemory) -> Attribution | None:
    """A cue noun with its source (possessor, "from/by X") and its content ("that…" clause, "of/about/for…")."""
    src = None
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        p = poss[0]
        s0, s1 = _trim(doc, p.left_edge.i, p.i)
        src = (s0, s1) if s0 <= s1 else None
    for c in noun.children:
        if src is None and c.dep_ == "prep" and c.lower_ in ("from", "by"):
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                s0, s1 = _phrase(doc, objs[0])
                src = (s0, s1) if s0 <= s1 else None
    clause = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and any(k.lower_ == "that" and k.dep_ == "mark" for k in c.children)]
    topic = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "on", "for", "against", "to") and c.i == noun.i + 1]
    if clause:
        c0, c1 = clause[0].left_edge.i, clause[0].right_edge.i
    elif topic and src:
        c0, c1 = topic[0].i + 1, topic[0].right_edge.i
    else:
        return None
    c0, c1 = _trim(doc, c0, c1)
    if c0 > c1:
        return None
    reporting = NOUN_CUES[noun.lower_] and bool(clause)
    source = source_text = claimant = None
    if src:
        text = doc[src[0] : src[1] + 1].text
        source_text = re.sub(r"['’]s?$", "", text).strip() or text
        source = Span(base + doc[src[0]].idx, base + doc[src[0]].idx + len(source_text))
        claimant = claimant_of(source_text, registry, memory)
    return Attribution(
        cue=_tok_span([noun], base), cue_text=noun.text, content=_tok_span(doc[c0 : c1 + 1], base),
        source=source, source_text=source_text, claimant=claimant, reporting=reporting, rules=("attr.noun.v1",),
    )


def _idiom(doc, sent, tok) -> bool:
    """Cue words in set phrases that attribute nothing: "it is worth noting", "needless to say",
    "having said that", "goes without saying", "(Reporting by NAME)" credit lines."""
    prev = doc[tok.i - 1].lower_ if tok.i > sent.start else ""
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < sent.end else ""
    return (
        (prev == "worth" and tok.tag_ == "VBG")
        or (prev == "without" and tok.lower_ == "saying")
        or (prev == "having" and tok.lower_ == "said" and nxt == "that")
        or (tok.lower_ in ("reporting", "writing", "editing") and nxt == "by")
        or (tok.lower_ == "say" and prev == "to" and tok.i - 2 >= sent.start and doc[tok.i - 2].lower_ == "needless")
    )


RELATIVES = {"who", "which", "that"}


def _source_range(doc, cue, subj) -> tuple[tuple[int, int] | None, str | None]:
    """Token range of the source of a cue, and the antecedent text when the source is "who"/"which"."""
    if subj and subj[0].lower_ in RELATIVES and cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        a0, a1 = _phrase(doc, cue.head, whole=False)
        return (subj[0].i, subj[0].i), doc[a0 : a1 + 1].text if a0 <= a1 else None
    if subj and subj[0].lower_ not in BAD_SOURCE:
        head = subj[0]
        if head.dep_ == "nsubjpass":
            agents = [c for c in cue.children if c.dep_ == "agent"]
            objs = [c for c in agents[0].children if c.dep_ == "pobj"] if agents else []
            if not objs:
                return None, None
            head = objs[0]  # "was first reported by The Washington Post"
        return _phrase(doc, head), None
    if cue.dep_ in ("acl", "relcl") and cue.head.i < cue.i and cue.head.pos_ in ("PROPN", "NOUN"):
        return _phrase(doc, cue.head, whole=False), None
    # "…, adding that …", "… and warned …", "tried to argue …": the subject of the governing verb
    cur = cue
    for _ in range(4):
        if cur.dep_ not in ("advcl", "conj", "xcomp") or cur.head is cur:
            break
        cur = cur.head
        heads = [c for c in cur.children if c.dep_ == "nsubj"]
        if heads:
            if heads[0].lower_ in BAD_SOURCE and heads[0].lower_ not in RELATIVES:
                break
            return _phrase(doc, heads[0]), None
    return None, None


QUOTE_MARKS = set(OPENING) | CLOSING | {"'"}


def _beside_quote(doc, sent, cue, subj) -> bool:
    """"“…,” she continued." or "“That,” he added, “…”": a quote closes just before the source and cue."""
    first = min(cue.i, subj.left_edge.i if subj is not None else cue.i)
    before = [t for t in doc[max(0, first - 2) : first] if not t.is_space]  # the quote may end the sentence before
    after = [t for t in doc[cue.i + 1 : min(sent.end, cue.i + 3)] if not t.is_space]
    return any(t.text in QUOTE_MARKS for t in before) or (
        bool(before) and before[-1].text == "," and any(t.text in QUOTE_MARKS for t in after)
    )


def _via_from(tail: str, registry: ActorRegistry) -> tuple[str, ...]:
    m = VIA_SPEAKING.search(tail)
    if not m:
        return ()
    actor = registry.canonical(m.group("via"))
    return (actor.name if actor else m.group("via").strip(),)


# Paragraph-level frames the sentence parse cannot see: "Speaker: words" (headlines, transcripts) and
# "“quote” ― Name" (sign-offs under quotes, as in collected reader voices).
SPEAKER_LINE = ATTRIBUTION.by_id("source.speaker_line.v1").regex
NOT_SPEAKERS = set(ATTRIBUTION.by_id("chk.not_speakers.v1").terms)
# "Looting: On 6 May, soldiers…": a section label over a dated report, not a speaker
DATED_START = ATTRIBUTION.by_id("chk.dated_start.v1").regex
EVIDENCE_SOURCES = set(ATTRIBUTION.by_id("source.evidence_sources.v1").terms)
PLACE_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "WORK_OF_ART", "LAW"}
SIGN_OFF = ATTRIBUTION.by_id("source.sign_off.v1").regex


def find_paragraph_frames(doc, base: int, registry: ActorRegistry, memory: AntecedentMemory, headline: bool = False) -> list[Attribution]:
    """Speaker lines and quote sign-offs of one paragraph (a spaCy Doc), offsets shifted by ``base``."""
    text = doc.text
    found: list[Attribution] = []
    m = SPEAKER_LINE.match(text)
    if m and m.group("src").lower().strip(" .") not in NOT_SPEAKERS and not m.group("src")[:1].isdigit():
        s0, s1 = m.span("src")
        labels = {e.label_ for e in doc.ents if e.start_char < s1 and e.end_char > s0}
        src_words = m.group("src").split()
        last = doc.char_span(s0, s1, alignment_mode="expand")
        speaker_like = (
            labels & {"PERSON", "ORG", "NORP"} or all(w.isupper() and len(w) > 1 for w in src_words)
            or (last is not None and last[-1].pos_ in ("PROPN", "NOUN") and all(w[:1].isupper() for w in src_words)
                and not DATED_START.match(m.group("content")))
            or registry.canonical(m.group("src")) is not None or src_words[-1].lower() in EVIDENCE_SOURCES
        )
        if speaker_like and not labels & PLACE_LABELS:
            content_end = len(text.rstrip())
            src = m.group("src")
            found.append(Attribution(
                cue=Span(base + m.start("cue"), base + m.end("cue")), cue_text=":",
                content=Span(base + m.start("content"), base + content_end),
                source=Span(base + s0, base + s1), source_text=src,
                claimant=claimant_of(src, registry, memory), rules=("attr.speaker_line.v1",),
            ))
    if headline and not found:
        found += _headline_says(doc, base, registry, memory)
    for m in SIGN_OFF.finditer(text):
        close = m.start("close")
        opener = "“" if m.group("close") == "”" else '"'
        start = 0 if text[:1] in "“”\"" else text.rfind(opener, 0, close)
        if start < 0 or close - start < 12:
            continue
        src = m.group("src")
        found.append(Attribution(
            cue=Span(base + m.start("cue"), base + m.end("cue")), cue_text=m.group("cue"),
            content=Span(base + start, base + close + 1), source=Span(base + m.start("src"), base + m.end("src")),
            source_text=src, claimant=claimant_of(src, registry, memory), rules=("attr.sign_off.v1",),
        ))
    return found


HEADLINE_SAYS = ATTRIBUTION.by_id("source.headline_says.v1").regex


def _headline_says(doc, base: int, registry: ActorRegistry, memory: AntecedentMemory) -> list[Attribution]:
    """Title-case headlines defeat the tagger: "Sanders Vows To End Tax Breaks", "Obama Sees 'Personal Insult'"."""
    m = HEADLINE_SAYS.match(doc.text)
    if not m:
        return []
    word = m.group("cue").lower()
    lemma = CUE_FORMS.get(word) or STANCE_FORMS.get(word)
    if lemma is None or lemma in ("show", "find", "learn", "know", "feel", "want", "post", "publish"):
        return []
    src = m.group("src").strip()
    content_start = m.start("content") + len(m.group("content")) - len(m.group("content").lstrip())
    end = len(doc.text.rstrip(" .\n"))
    return [Attribution(
        cue=Span(base + m.start("cue"), base + m.end("cue")), cue_text=m.group("cue"),
        content=Span(base + content_start, base + end), source=Span(base + m.start("src"), base + m.start("src") + len(src)),
        source_text=src, claimant=claimant_of(src, registry, memory), reporting=word in CUE_FORMS,
        rules=("attr.headline.v1",),
    )]
