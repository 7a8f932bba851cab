"""The pipeline: stages declared in a registry, checked for order, composed here and only here.

A stage is a small callable ``(works, services) -> works`` over a batch of ``Work`` records (batches
let the parser stream); it declares what it requires and provides, and ``Pipeline`` refuses an order
in which a stage would run before what it needs.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .resources.actors import ActorRegistry
from .stages.attribution import AntecedentMemory, find_attributions, find_paragraph_frames
from .stages.casing import readable_case, shouty
from .errors import OverBudget, PipelineError
from .stages.events import Coded, SentenceInfo, extract_from_sentences
from .stages.geocode import resolve_mentions
from .stages.places import dateline, find_places, gazetteer_phrases, gazetteer_phrases_in_text, mask_dateline
from .stages.segment import classify
from .stages.selection import FULL, PARSE, SKIP, choose, split_sentences
from .model import Article, Attribution, CostBudget, Event, Extraction, Paragraph, PlaceMention, Role, Sentence, Span, Toll, Rejection

YIELDING = (Role.BODY, Role.HEADLINE)


@dataclass
class Services:
    """What the stages use, handed in; nothing is loaded at import time."""

    registry: ActorRegistry
    nlp: Any = None  # a spaCy Language
    gazetteer: Any = None  # a khaldun.resources.gazetteer.Gazetteer; None: places are found but not resolved
    batch_size: int = 256  # docs per nlp.pipe batch: selective parsing sends many short sentence runs
    selective: bool = False  # parse only the sentences that can carry event and toll records (selection.py)
    budget: CostBudget = CostBudget()


@dataclass(frozen=True)
class ParsedSentence:
    """One sentence and what the stages read in it (each stage fills its own field)."""

    sentence: Sentence
    tokens: Any  # the spaCy Span of the sentence; None for a sentence selective parsing passed over
    base: int  # offset of the spaCy Doc within the article text
    attributions: tuple[Attribution, ...] = ()  # the attribute stage's
    places: tuple[PlaceMention, ...] = ()  # the places stage's


@dataclass(frozen=True)
class Work:
    """One article on its way through the stages."""

    article: Article
    paragraphs: tuple[Paragraph, ...] = ()
    parsed: tuple[ParsedSentence, ...] = ()
    events: tuple[Event, ...] = ()
    tolls: tuple[Toll, ...] = ()
    deadline: float | None = None  # time.monotonic() past which the article is over budget (large articles only)
    rejection: Rejection | None = None  # set by a stage that gives up on the article (over budget): stages pass it by

    def over_budget(self, why: str, stage: str = "parse") -> "Work":
        """The article rejected with ``why``; its parsed sentences dropped, so later stages pass it by."""
        err = OverBudget(why, origin=self.article.origin or self.article.id, stage=stage)
        return replace(self, parsed=(), rejection=Rejection(origin=err.origin, stage=err.stage, article_id=self.article.id,
                                                             reason=f"[{err.code}] {err.message}"))

    def result(self) -> Extraction | Rejection:
        if self.rejection is not None:
            return self.rejection
        return Extraction(
            article=self.article, paragraphs=self.paragraphs, sentences=tuple(p.sentence for p in self.parsed),
            attributions=tuple(a for ps in self.parsed for a in ps.attributions),
            places=tuple(p for ps in self.parsed for p in ps.places), events=self.events, tolls=self.tolls,
        )


StageFn = Callable[[list[Work], Services], list[Work]]


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


STAGES: dict[str, Stage] = {}


def stage(name: str, requires: tuple[str, ...] = (), provides: tuple[str, ...] = ()) -> Callable[[StageFn], StageFn]:
    def register(fn: StageFn) -> StageFn:
        STAGES[name] = Stage(name, fn, requires, provides)
        return fn

    return register


@stage("segment", provides=("paragraphs",))
def segment(works: list[Work], services: Services) -> list[Work]:
    return [replace(w, paragraphs=classify(w.article)) for w in works]


@dataclass(frozen=True)
class ParseJob:
    """One text for the parser: a run of sentences of one paragraph (or a piece of a run too long for one Doc)."""

    work: int  # index of the article's Work in the batch
    paragraph: int
    start: int  # offsets in the article's text
    end: int
    tier: int  # FULL or PARSE (selection.py)
    opens: bool = True  # the run's first piece: a dateline at its start is masked for the parser


@stage("parse", requires=("paragraphs",), provides=("sentences",))
def parse(works: list[Work], services: Services) -> list[Work]:
    """Body and headline paragraphs through spaCy; with ``services.selective``, only the runs of sentences that
    can carry records (selection.py), the others kept as unparsed sentences. Within ``services.budget``: an
    article that would send more characters than it allows, or runs past its deadline, is rejected."""
    works = list(works)
    budget = services.budget
    jobs: list[ParseJob] = []
    skipped: list[list[ParsedSentence]] = [[] for _ in works]
    for wi, w in enumerate(works):
        if w.rejection is not None:
            continue
        paragraphs = [(pi, p) for pi, p in enumerate(w.paragraphs) if p.role in YIELDING]
        mine: list[ParseJob] = []
        if not services.selective:
            mine = [ParseJob(wi, pi, p.span.start, p.span.end, FULL) for pi, p in paragraphs]
        else:
            sentences: list[tuple[int, int, int]] = []  # (paragraph index, start, end)
            for pi, p in paragraphs:
                text = w.article.text[p.span.start : p.span.end]
                sentences.extend((pi, p.span.start + a, p.span.start + b) for a, b in split_sentences(text))
            heads = {i for i, (pi, _, _) in enumerate(sentences) if w.paragraphs[pi].role is Role.HEADLINE}
            tiers = choose([(pi, w.article.text[a:b]) for pi, a, b in sentences], always=heads)
            run: list[tuple[int, int, int]] = []  # consecutive sentences of one paragraph and one tier: one Doc
            run_tier = SKIP
            for (pi, a, b), tier in zip(sentences, tiers):
                if run and (tier != run_tier or run[-1][0] != pi):
                    mine.append(ParseJob(wi, run[0][0], run[0][1], run[-1][2], run_tier))
                    run = []
                if tier == SKIP:
                    skipped[wi].append(ParsedSentence(Sentence(Span(a, b), pi, w.paragraphs[pi].role), None, a))
                else:
                    run.append((pi, a, b))
                    run_tier = tier
            if run:
                mine.append(ParseJob(wi, run[0][0], run[0][1], run[-1][2], run_tier))
        sent = sum(j.end - j.start for j in mine)
        if sent > budget.parse_chars:
            works[wi] = w.over_budget(f"the article would send {sent:,} characters to the parser, more than the budget of "
                                      f"{budget.parse_chars:,}; split it into several articles, or raise the budget "
                                      "(--max-parse-chars)")
            skipped[wi] = []
            continue
        jobs.extend(piece for job in mine for piece in _bounded(job, w.article.text, budget.doc_chars))
    late: set[int] = set()

    def is_late(wi: int) -> bool:
        deadline = works[wi].deadline
        if wi not in late and deadline is not None and time.monotonic() > deadline:
            late.add(wi)
        return wi in late

    def texts(chunk: list[ParseJob]) -> Iterator[str]:
        for j in chunk:  # a late article's remaining texts are not parsed: an empty Doc costs nothing
            text = works[j.work].article.text[j.start : j.end]
            if shouty(text):  # text in capitals: sentence case for the parser, offsets kept (stages/casing.py)
                text = readable_case(text, services.registry, services.gazetteer)
            yield "" if is_late(j.work) else mask_dateline(text) if j.opens else text

    per_work: list[list[ParsedSentence]] = [list(s) for s in skipped]
    for tier, disable in ((FULL, []), (PARSE, ["ner"])):
        for chunk in _char_batches([j for j in jobs if j.tier == tier], budget.batch_chars):
            for job, doc in zip(chunk, services.nlp.pipe(texts(chunk), batch_size=services.batch_size, disable=disable)):
                if is_late(job.work):
                    continue
                role = works[job.work].paragraphs[job.paragraph].role
                for sent in doc.sents:
                    if not sent.text.strip():
                        continue
                    span = Span(job.start + sent.start_char, job.start + sent.end_char)
                    per_work[job.work].append(ParsedSentence(Sentence(span, job.paragraph, role), sent, job.start))
    out = []
    for wi, (w, ps) in enumerate(zip(works, per_work)):
        if wi in late:
            out.append(w.over_budget(_late_reason(services.budget)))
        elif w.rejection is not None:
            out.append(w)
        else:
            out.append(replace(w, parsed=tuple(sorted(ps, key=lambda x: x.sentence.span.start))))
    return out


def _late_reason(budget: CostBudget) -> str:
    return (f"extraction took more than the budget of {budget.seconds:g} s for one article; split it into several "
            "articles, or raise the budget (--max-seconds)")


CLAUSE_BREAK = re.compile(r"[,;:]\s|\s")


def _bounded(job: ParseJob, text: str, limit: int) -> list[ParseJob]:
    """``job`` cut into pieces of at most ``limit`` characters for the parser: at sentence ends where it can, and
    a sentence longer than the limit at its last clause break (else space) before it. A job within the limit is
    itself (so ordinary articles parse exactly as before)."""
    if job.end - job.start <= limit:
        return [job]
    pieces: list[tuple[int, int]] = []
    for a, b in split_sentences(text[job.start : job.end]):
        a, b = job.start + a, job.start + b
        while b - a > limit:  # one sentence too long for one Doc
            window = text[a : a + limit]
            breaks = [m.end() for m in CLAUSE_BREAK.finditer(window) if m.end() > limit // 2]
            commas = [e for e in breaks if window[e - 2] in ",;:"]
            cut = a + (commas[-1] if commas else breaks[-1] if breaks else limit)
            pieces.append((a, cut))
            a = cut
        if pieces and b - pieces[-1][0] <= limit:
            pieces[-1] = (pieces[-1][0], b)  # sentences run together up to the limit
        else:
            pieces.append((a, b))
    return [ParseJob(job.work, job.paragraph, a, b, job.tier, opens=job.opens and a == job.start) for a, b in pieces]


def _char_batches(jobs: list[ParseJob], limit: int) -> Iterator[list[ParseJob]]:
    """Jobs in consecutive groups of at most ``limit`` characters (at least one job each): one nlp.pipe call each."""
    chunk: list[ParseJob] = []
    size = 0
    for j in jobs:
        if chunk and size + (j.end - j.start) > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(j)
        size += j.end - j.start
    if chunk:
        yield chunk


@stage("attribute", requires=("sentences",), provides=("attributions",))
def attribute(works: list[Work], services: Services) -> list[Work]:
    out = []
    for w in works:
        memory = AntecedentMemory.empty()
        per: list[tuple[Attribution, ...]] = []
        frames: list[Attribution] = []
        doc = None
        for i, ps in enumerate(w.parsed):
            if ps.tokens is None:  # passed over by selective parsing: its actors still feed the anaphora memory
                per.append(())
                memory.note_text(ps.sentence.span.of(w.article.text), services.registry)
                continue
            if ps.tokens.doc is not doc:  # a new paragraph (or run of parsed sentences): its speaker lines
                doc = ps.tokens.doc
                frames = find_paragraph_frames(doc, ps.base, services.registry, memory, headline=i == 0)
            found = find_attributions(ps.tokens.doc, ps.tokens, ps.base, services.registry, memory, _following(w, i))
            span = ps.sentence.span
            found += [f for f in frames if span.start <= f.cue.start < span.end and not any(a.cue.overlaps(f.cue) for a in found)]
            per.append(tuple(sorted(found, key=lambda a: a.cue.start)))
            memory.note_text(ps.tokens.text, services.registry)
        out.append(replace(w, parsed=tuple(replace(ps, attributions=found) for ps, found in zip(w.parsed, per))))
    return out


def _following(w: Work, i: int) -> Span | None:
    """The text a sentence ending in "said:" introduces: the rest of its paragraph, else the next paragraph."""
    ps = w.parsed[i]
    here = w.paragraphs[ps.sentence.paragraph].span
    if ps.sentence.span.end < here.end - 1:
        return Span(ps.sentence.span.end, here.end)
    if i + 1 < len(w.parsed):
        return w.paragraphs[w.parsed[i + 1].sentence.paragraph].span
    return None


def _dateline_start(w: Work, sentence: Sentence) -> int:
    """Where a paragraph's first sentence starts once its dateline ("HOBART, Okla. - ") is counted in: the parser saw
    the dateline blanked, so the sentence itself begins after it."""
    para = w.paragraphs[sentence.paragraph].span
    if para.start < sentence.span.start and not w.article.text[para.start:sentence.span.start].isspace():
        line = dateline(w.article.text[para.start:sentence.span.end])
        # only the sentence right after the dateline: the paragraph's later sentences start after other text
        if line is not None and para.start + line.end() <= sentence.span.start + 1 and (
                not w.article.text[para.start + line.end():sentence.span.start].strip()):
            return para.start
    return sentence.span.start


@stage("places", requires=("sentences",), provides=("places",))
def places(works: list[Work], services: Services) -> list[Work]:
    out = []
    gaz = services.gazetteer
    for w in works:
        per = []
        for ps in w.parsed:
            sent = ps.tokens
            start = _dateline_start(w, ps.sentence)  # a paragraph's dateline was blanked for the parser: read it here
            text = w.article.text[start:ps.sentence.span.end]
            if sent is None:  # not parsed: patterns and the gazetteer on the text alone
                found = find_places(text, start, [], services.registry, gaz.known if gaz else None, gaz.notable if gaz else None)
                if gaz is not None:
                    found += gazetteer_phrases_in_text(ps.sentence.span.of(w.article.text), ps.sentence.span.start, [p.span for p in found], gaz.notable)
                    found.sort(key=lambda p: p.span.start)
                per.append(tuple(found))
                continue
            shift = ps.sentence.span.start - start
            ents = [(e.start_char - sent.start_char + shift, e.end_char - sent.start_char + shift, e.label_) for e in sent.ents]
            # the article's own text: the parser saw it with the dateline blanked
            found = find_places(text, start, ents, services.registry, gaz.known if gaz else None, gaz.notable if gaz else None)
            if gaz is not None:
                found += gazetteer_phrases(sent, ps.sentence.span.start, [p.span for p in found], gaz.notable)
                found.sort(key=lambda p: p.span.start)
            per.append(tuple(found))
        # "Austin Tyler … forgiven Tyler": a single word that is a person's surname elsewhere in the article is that person
        people = {e[-1].text for ps in w.parsed if ps.tokens is not None for e in ps.tokens.ents if e.label_ == "PERSON" and len(e) > 1}
        if people:
            per = [tuple(p for p in found if not (p.feature == "place" and p.text in people and " " not in p.text)) for found in per]
        if gaz is not None:
            # resolution reads the whole article: its countries, actors and other places are the context
            flat = resolve_mentions([p for ps_places in per for p in ps_places], gaz, w.article.text, services.registry)
            it = iter(flat)
            per = [tuple(next(it) for _ in ps_places) for ps_places in per]
        out.append(replace(w, parsed=tuple(replace(ps, places=found) for ps, found in zip(w.parsed, per))))
    return out


@stage("code", requires=("sentences", "attributions", "places"), provides=("events", "tolls"))
def code(works: list[Work], services: Services) -> list[Work]:
    out = []
    for w in works:
        infos = [
            SentenceInfo(ps.sentence.span, ps.sentence.paragraph, ps.sentence.span.of(w.article.text),
                         tuple(a for a in ps.attributions if a.reporting), ps.places, ps.sentence.role is Role.HEADLINE,
                         ps.tokens, ps.base)
            for ps in w.parsed
        ]
        body = [s for s in infos if not s.headline]
        coded = extract_from_sentences(w.article.id, w.article.text, body, services.registry, w.article.published)
        if _wants_headline(coded.events, coded.tolls):
            heads = [s for s in infos if s.headline]
            kept = _headline_kept(coded.events, extract_from_sentences(w.article.id, w.article.text, heads, services.registry,
                                                                       w.article.published))
            coded = Coded(coded.events + kept.events, kept.tolls)
        out.append(replace(w, events=coded.events, tolls=coded.tolls))
    return out


def _has_figure(event: Event) -> bool:
    return event.killed is not None or event.wounded is not None


def _wants_headline(events, tolls) -> bool:
    """The headline restates the story: it speaks when the body yields nothing, gives its figures when the body
    gives none ("Four wounded in shooting at Pomona restaurant"), and its death when the body tells only the wound
    ("Female juvenile killed after accidental shooting" over "a female juvenile accidentally shot herself")."""
    return not tolls and not any(e.killed is not None for e in events)


def _headline_kept(body_events: tuple[Event, ...], head: Coded) -> Coded:
    """What of the headline's records stands beside a body that wants it: all of them beside a silent body, else
    the events that give a figure."""
    head_events = head.events
    if not body_events:
        return head
    # a headline states no day of its own: it tells the body's story, so it takes the body's first stated day
    story_day = next((e.event_date for e in body_events if e.date_stated), None)
    wanted = (lambda e: e.killed is not None) if any(_has_figure(e) for e in body_events) else _has_figure
    return Coded(tuple(e if e.date_stated or story_day is None else replace(e, event_date=story_day, date_stated=True)
                       for e in head_events if wanted(e)))


def _title_apart(article: Article) -> bool:
    """A title the text does not already carry as its headline."""
    title = " ".join((article.title or "").split())
    return bool(title) and title not in " ".join(article.text[: len(title) * 4 + 400].split())


DEFAULT_ORDER = ("segment", "parse", "attribute", "places", "code")


@dataclass
class Pipeline:
    services: Services
    order: tuple[str, ...] = DEFAULT_ORDER
    stages: list[Stage] = field(init=False)

    def __post_init__(self) -> None:
        have: set[str] = set()
        self.stages = []
        for name in self.order:
            if name not in STAGES:
                raise PipelineError(f"no stage named {name!r}; known: {', '.join(STAGES)}")
            st = STAGES[name]
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(f"stage {name!r} needs {', '.join(missing)} before it", stage=name)
            have.update(st.provides)
            self.stages.append(st)

    def run(self, articles: Iterable[Article], batch: int = 64) -> Iterator[Extraction | Rejection]:
        """Extractions in input order; an article the stages fail on comes back as a Rejection naming the stage.
        An article longer than the budget's ``solo_chars`` runs alone, under the budget's deadline."""
        chunk: list[Article] = []
        budget = self.services.budget
        for article in articles:
            if len(article.text) > budget.solo_chars:
                if chunk:
                    yield from self._run_batch(chunk)
                    chunk = []
                yield from self._run_batch([article], budget.seconds or None)
                continue
            chunk.append(article)
            if len(chunk) >= batch:
                yield from self._run_batch(chunk)
                chunk = []
        if chunk:
            yield from self._run_batch(chunk)

    def _run_batch(self, articles: list[Article], seconds: float | None = None) -> list[Extraction | Rejection]:
        try:
            return self._stages(articles, seconds)
        except Exception:  # noqa: BLE001 - one bad article must not cost the batch: run them one by one
            if len(articles) == 1:
                return [self._failed(articles[0])]
        out: list[Extraction | Rejection] = []
        for article in articles:
            try:
                out.extend(self._stages([article], seconds))
            except Exception:  # noqa: BLE001
                out.append(self._failed(article))
        return out

    def _stages(self, articles: list[Article], seconds: float | None = None) -> list[Extraction | Rejection]:
        deadline = time.monotonic() + seconds if seconds else None
        works = self._through_stages([Work(a, deadline=deadline) for a in articles])
        return [w.result() for w in self._headline_fallback(works)]

    def _through_stages(self, works: list[Work]) -> list[Work]:
        for st in self.stages:
            self._current = st.name
            works = st.fn(works, self.services)
            works = [w.over_budget(_late_reason(self.services.budget), st.name)
                     if w.rejection is None and w.deadline is not None and time.monotonic() > w.deadline else w for w in works]
        return works

    def _headline_fallback(self, works: list[Work]) -> list[Work]:
        """A page whose body yields no record (a paywall, a login prompt, a video page) may still tell its story
        in a title given apart from the text, and a body that gives no figure may have it in the title: the title
        goes through the same stages, and its records (all of them, or those with a figure) say
        ``evidence_in="title"`` (their offsets slice ``Article.title``)."""
        silent = [i for i, w in enumerate(works) if w.rejection is None and _wants_headline(w.events, w.tolls)
                  and _title_apart(w.article)]
        if not silent or "code" not in self.order:
            return works
        heads = self._through_stages([Work(replace(works[i].article, text=works[i].article.title or ""), deadline=works[i].deadline)
                                      for i in silent])
        works = list(works)
        for i, head in zip(silent, heads):
            kept = _headline_kept(works[i].events, Coded(head.events, head.tolls))
            works[i] = replace(works[i], events=tuple(replace(e, evidence_in="title") for e in kept.events) + works[i].events,
                               tolls=tuple(replace(t, evidence_in="title") for t in kept.tolls))
        return works

    def _failed(self, article: Article) -> Rejection:
        import sys
        import traceback

        err = sys.exc_info()[1]
        stage = getattr(self, "_current", "pipeline")
        where = traceback.extract_tb(err.__traceback__)[-1] if err and err.__traceback__ else None
        detail = f"{err.__class__.__name__}: {str(err)[:160]}" if err else "unknown error"
        place = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        return Rejection(origin=article.origin or article.id, stage=stage, article_id=article.id,
                         reason=f"[E-PIPE-002] extraction failed{place} ({detail}); please report it with this article")
