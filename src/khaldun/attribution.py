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

from .actors import ANAPHORS, ActorRegistry
from .types import Attribution, Span


def _forms(lemma: str, irregular: tuple[str, ...] = ()) -> set[str]:
    if irregular:
        return {lemma, *irregular}
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    return {lemma, third, past, stem + "ing"}


SAY_VERBS = [
    "announce", "claim", "confirm", "acknowledge", "deny", "report", "state", "add", "reveal", "note",
    "warn", "insist", "explain", "declare", "assert", "allege", "admit", "argue", "disclose", "indicate",
    "mention", "stress", "emphasize", "emphasise", "affirm", "maintain", "describe", "tweet", "post",
    "suggest", "estimate", "believe", "predict", "expect", "hope", "fear", "urge", "ask", "promise",
    "vow", "pledge", "threaten", "agree", "recall", "quote", "cite", "blame", "accuse", "condemn",
    "concede", "contend", "counter", "respond", "reply", "doubt", "observe", "remark", "testify",
    "publish", "acknowledge", "charge", "assure", "caution", "complain", "conclude", "boast", "recount",
    "signal", "demand", "propose", "predict", "calculate", "assess", "want", "worry", "suspect", "wonder",
    "question", "show", "find", "learn", "notice", "add", "announce", "specify", "detail", "document",
    "call", "criticize", "criticise", "decline", "refuse", "blast", "praise", "oppose", "echo", "liken",
    "point", "continue", "decide", "discuss", "offer", "encourage", "plan", "support", "slam", "dismiss",
    "defend", "challenge", "joke", "recommend", "acknowledge", "highlight", "underline", "lament",
]
# cues that take a noun phrase as content ("called for a ceasefire", "criticized the plan")
NOMINAL_OK = {"call", "criticize", "criticise", "describe", "cite", "decline", "refuse", "blast", "praise", "oppose",
              "demand", "urge", "slam", "dismiss", "defend", "challenge", "recommend", "lament", "condemn", "accuse", "blame"}
IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "think": ("think", "thinks", "thought", "thinking"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "know": ("know", "knows", "knew", "known"),
    "hear": ("hear", "hears", "heard"),
    "show": ("show", "shows", "showed", "shown"),
    "feel": ("feel", "feels", "felt"),
    "find": ("find", "finds", "found"),
    "learn": ("learn", "learns", "learned", "learnt"),
    "stress": ("stress", "stresses", "stressed"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "post": ("post", "posts", "posted"),
}
CUE_FORMS: dict[str, str] = {}
for _lemma in SAY_VERBS:
    for _f in _forms(_lemma):
        CUE_FORMS.setdefault(_f, _lemma)
for _lemma, _irr in IRREGULAR.items():
    for _f in _irr:
        CUE_FORMS[_f] = _lemma
# verbs that are cues only with a clause or a quote after them (not "found a body", "showed a tank")
NEEDS_CLAUSE = {"show", "find", "learn", "know", "feel", "think", "hear", "want", "hope", "fear", "expect",
                "believe", "note", "add", "observe", "notice", "question", "wonder", "doubt", "agree",
                "post", "publish", "promise", "threaten", "vow", "pledge", "document", "detail", "describe",
                "quote", "cite", "ask", "urge", "demand", "propose", "maintain", "worry", "suspect", "signal",
                "calculate", "assess", "estimate", "charge", "accuse", "blame", "condemn", "counter", "specify"}
HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently"}
DENY = {"deny"}
DISCOURSE = re.compile(r"^(?:moreover|meanwhile|furthermore|additionally|however|also|in addition|for (?:its|his|her|their) part|in turn|later|earlier|separately|in a statement|in a separate statement)\b[\s,]*", re.I)
SOURCE_OF = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:unnamed|senior|leading|military|security|informed|local|medical|official|well-informed)\s+|['‘’\"“”]+)*"
    r"(?:sources?|spokes(?:man|woman|person)|official|officer|commander|member|leader|correspondent|reporter|statement|report|communiqué)['‘’\"“”]*\s+"
    r"(?:in|from|of|for|within|at|close to|with)\s+(?:the\s+)?(?P<org>.+)$",
    re.I,
)
ROLE_AFTER = re.compile(r"^(?P<org>.+?)(?:['’]s)?\s+(?:spokes(?:man|woman|person)|correspondent|reporter|official|commander|sources?|chief|head|director|minister|statement|report)\b.*$", re.I)
VIA_SPEAKING = re.compile(r"\b(?:speaking|talking|speaking exclusively|told|in remarks|in an interview)\s+(?:to|with)?\s*(?P<via>[A-Z][\w'’.-]*(?:[\s-]+[A-Z][\w'’.-]*){0,4}(?:\s+(?:Arabic\s+)?(?:channel|newspaper|TV|television|radio|news agency|agency))?)")
BAD_SOURCE = {"that", "which", "who", "this", "there", "what"}


@dataclass
class AntecedentMemory:
    """Actors the article named before, so "the group", "it", "the source" can be resolved."""

    last_by_type: dict[str, str]
    last_source_claimant: str | None = None
    last_claimant: str | None = None

    @classmethod
    def empty(cls) -> "AntecedentMemory":
        return cls({})

    def note_text(self, text: str, registry: ActorRegistry) -> None:
        for m in registry.find(text):
            self.last_by_type[m.actor.type] = m.actor.name

    def resolve(self, phrase: str) -> str | None:
        key = phrase.lower().strip()
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
        return _trim(doc, sent.start, before_end)
    return None


def find_attributions(doc, sent, base: int, registry: ActorRegistry, memory: AntecedentMemory) -> list[Attribution]:
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
            via = _via_from(tail, registry)
            src_text = src_tokens.text
            claimant = claimant_of(src_text, registry, memory)
            found.append(Attribution(
                cue=_tok_span(doc[tok.i : to.i + 1], base), cue_text="according to",
                content=_tok_span(doc[c0 : c1 + 1], base), source=_tok_span(src_tokens, base),
                source_text=src_text, claimant=claimant, via=via,
            ))
            used.update(range(tok.i, to.i + 1))
    for tok in sent:
        if tok.i in used:
            continue
        low = tok.lower_
        if low in HEDGES:
            found.append(Attribution(
                cue=_tok_span([tok], base), cue_text=tok.text, content=_tok_span(sent, base), hedge=True,
            ))
            continue
        lemma = CUE_FORMS.get(low)
        if lemma is None or not tok.tag_.startswith("VB") or tok.tag_ == "VB":
            continue  # base forms ("to say", "don't know") report nothing yet
        if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children) and lemma not in ("report", "quote"):
            continue  # "was killed… it was announced" forms are rare; a passive cue names no source
        has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or (
            tok.i + 1 < sent.end and doc[tok.i + 1].lower_ in ("that", ":", "“", '"')
        )
        if lemma in ("continue", "point", "decide", "discuss", "offer", "encourage", "plan", "support", "highlight", "underline", "joke", "echo", "liken") and not (
            tok.i + 1 < sent.end and doc[tok.i + 1].text in (":", "“", '"', "that")
        ):
            continue
        if lemma in NEEDS_CLAUSE and lemma not in NOMINAL_OK and not has_clause:
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        src_range = None
        if subj and subj[0].lower_ not in BAD_SOURCE:
            head = subj[0]
            end = _cut_at_comma(doc, head.left_edge.i, head.right_edge.i, head.i)
            src_range = _trim(doc, head.left_edge.i, end)
        elif tok.dep_ in ("acl", "relcl") and tok.head.i < tok.i and tok.head.pos_ in ("PROPN", "NOUN"):
            head = tok.head
            end = _cut_at_comma(doc, head.left_edge.i, head.i, head.i)
            src_range = _trim(doc, head.left_edge.i, end)
        elif tok.dep_ in ("advcl", "conj", "xcomp") and lemma in ("add", "say", "note", "stress", "claim", "confirm"):
            # "…, adding that …": the source of the governing cue
            src_range = None
        if src_range and src_range[0] > src_range[1]:
            src_range = None
        # "X quoted Y as saying": Y is the claimant, X the intermediary
        via: tuple[str, ...] = ()
        src_text = doc[src_range[0] : src_range[1] + 1].text if src_range else None
        if src_text:
            src_text = DISCOURSE.sub("", src_text).strip(" ,") or src_text
            lead = len(doc[src_range[0] : src_range[1] + 1].text) - len(src_text)
            s_start = base + doc[src_range[0]].idx + lead
            source = Span(s_start, s_start + len(src_text))
        else:
            source = None
        claimant = claimant_of(src_text, registry, memory) if src_text else None
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
        content = _content_span(doc, tok, sent, src_range)
        if content is None or content[0] > content[1]:
            continue
        found.append(Attribution(
            cue=_tok_span([tok], base), cue_text=tok.text, content=_tok_span(doc[content[0] : content[1] + 1], base),
            source=source, source_text=src_text, claimant=claimant, via=via,
        ))
    found.sort(key=lambda a: a.cue.start)
    # "…, adding that …" and other sourceless cues inherit the source of the cue before them
    out: list[Attribution] = []
    for attr in found:
        if attr.source is None and not attr.hedge and out and not out[-1].hedge:
            prev = out[-1]
            attr = replace(attr, claimant=prev.claimant, via=prev.via, carried=True)
        out.append(attr)
    for attr in out:
        if attr.claimant and attr.source_text:
            memory.last_claimant = attr.claimant
            if re.search(r"\bsources?\b", attr.source_text, re.I):
                memory.last_source_claimant = attr.claimant
    return out


def _via_from(tail: str, registry: ActorRegistry) -> tuple[str, ...]:
    m = VIA_SPEAKING.search(tail)
    if not m:
        return ()
    actor = registry.canonical(m.group("via"))
    return (actor.name if actor else m.group("via").strip(),)
