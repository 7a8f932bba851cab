"""Page residue: classify every paragraph of captured page text.

Captured web text carries, besides the story, its headline, byline, photo captions, subheadings,
teasers for other stories, promos, donation and legal notices, and the comment section. Only BODY
paragraphs (and the headline, as a restatement) may yield records; reader comments never do.
"""
from __future__ import annotations

import re

from ..model import Article, Paragraph, Role, Span

LINE = re.compile(r"[^\n]+")
BYLINE = re.compile(r"^\s*(?:By|BY|Written by|Reporting by|Words by)\s+[A-Z][\w.'’\- ]{1,80}$|^\s*By\s+\S.{0,60}(?:Staff|Correspondent|Reporter|Writer|Editor)s?\s*$")
CAPTION = re.compile(r"\((?:Photo|Photograph|Image|Picture|Video|File photo|Illustration)s?[:\s][^)]*\)\s*$|^\s*(?:Photo|Image|Picture|Caption|File photo)\s*:|\b(?:Getty Images|AFP via Getty|Reuters/|/AFP|AP Photo|EPA-EFE)\b", re.I)
COMMENT_MARKER = re.compile(
    r"^\s*(?:\d+\s+Comments?|Comments?(?:\s*\(\d+\))?|Leave a (?:Reply|Comment)|Comments are closed\.?|"
    r"Add (?:a|your) comment|Join the (?:conversation|discussion)|Reader comments|Show comments|"
    r"Your email address will not be published\.?.*|Required fields are marked.*|Post comment|Reply|Log in to (?:comment|reply).*)\s*$",
    re.I,
)
NOTICE = re.compile(
    r"\b(?:donat(?:e|ion|ions)|tax[- ]deductible|501\s*\(c\)\s*\(?3|subscribe|newsletter|sign up|all rights reserved|"
    r"copyright|©|cookie|privacy policy|terms of (?:use|service)|support (?:our|independent) (?:work|journalism)|"
    r"follow us on|share this|click here|advertisement|sponsored)\b",
    re.I,
)
TEASER = re.compile(r"\blist \d{1,2} of \d{1,2}|\b(?:LIVE BLOG|LIVE UPDATES|READ MORE|Read more|Related|RELATED|Also read|ALSO READ|Watch|WATCH|Recommended|MORE:|SEE ALSO|Listen)\b|\s\|\s")
# a photo's credit, "(Outlet/Photographer Name)", closes a caption (a short paragraph; a story may end on its author's)
CREDIT = re.compile(r"\((?:[A-Z][\w.&' -]{1,30})/(?:[A-Z][\w.'’ -]{1,40})\)\s*$")
DATELINE = re.compile(r"^\s*(?:Published|Updated|Posted|Last updated)\b.{0,60}$|^\s*\w+ \d{1,2},? \d{4}(?:\s+\d{1,2}:\d\d.*)?$", re.I)
SIGNOFF = re.compile(r"^\s*\((?:[A-Z][\w.&' -]{1,60})\)\s*$|^\s*[-–—]\s*[A-Z][\w.&' ]{1,40}\s*$")
LIST_ITEM = re.compile(r"^\s*\d{1,3}[.)]\s+\S")
END_PUNCT = re.compile(r"[.!?…\"”’)]\s*$")
# "He said:" / "The governor added:" introduce the next paragraph; "Key facts:" is a subheading
INTRODUCES = re.compile(r"\b[a-z]+:\s*$")


def _words(s: str) -> list[str]:
    return re.findall(r"[\w'’-]+", s)


def _is_title_like(s: str) -> bool:
    """A line without closing punctuation whose words are mostly capitalised: a heading."""
    words = [w for w in _words(s) if w.isalpha()]
    if not words or END_PUNCT.search(s):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.6 * len(words) or len(words) <= 4


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _unwrapped(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hard-wrapped text (wire copy broken at about 70 characters, paragraphs apart by blank lines) as its
    paragraphs: a run of three or more lines with no blank line between, most of them 40 to 90 characters long and
    most of them broken mid-sentence (the next line goes on in lower case; in text set in capitals, the line ends
    unpunctuated), is one paragraph. Web text (a paragraph a line) is left as it is."""
    out: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []

    def close() -> None:
        inner = [text[a:b].strip() for a, b in block[:-1]]
        # broken mid-sentence: the next line goes on in lower case, or (text in capitals) the line ends unpunctuated
        shouted = all(x.upper() == x for x in inner)
        goes_on = sum(text[b:].lstrip()[:1].islower() or (shouted and not END_PUNCT.search(text[a:b].strip()))
                      for a, b in block[:-1])
        wrapped = (len(block) >= 3 and sum(40 <= len(x) <= 90 for x in inner) >= 0.7 * len(inner)
                   and goes_on >= 0.5 * len(inner))
        out.extend([(block[0][0], block[-1][1])] if wrapped else block)
        block.clear()

    for start, end in lines:
        if block and text[block[-1][1] : start].count("\n") > 1:
            close()
        block.append((start, end))
    if block:
        close()
    return out


def classify(article: Article) -> tuple[Paragraph, ...]:
    """Every non-blank line of the text becomes a Paragraph with its role (hard-wrapped lines: their paragraph)."""
    text = article.text
    lines = _unwrapped(text, [(m.start(), m.end()) for m in LINE.finditer(text) if m.group().strip()])
    # trim surrounding whitespace so that spans hold the words only
    spans = []
    for start, end in lines:
        seg = text[start:end]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        spans.append(Span(start + lead, end - trail))
    roles: list[Role] = []
    in_comments = False
    seen_body = False
    title_norm = _norm(article.title) if article.title else None
    for i, span in enumerate(spans):
        s = span.of(text)
        words = _words(s)
        role = Role.BODY
        if in_comments:
            role = Role.COMMENT_MARKER if COMMENT_MARKER.match(s) else Role.COMMENT
        elif COMMENT_MARKER.match(s) and len(words) <= 12:
            role = Role.COMMENT_MARKER
            in_comments = True
        elif i == 0 and (_is_title_like(s) or len(words) <= 25 and not END_PUNCT.search(s)):
            role = Role.HEADLINE
        elif title_norm and _norm(s) == title_norm:
            role = Role.HEADLINE
        elif BYLINE.match(s) and len(words) <= 12:
            role = Role.BYLINE
        elif DATELINE.match(s):
            role = Role.DATELINE
        elif CAPTION.search(s) or (CREDIT.search(s) and len(words) <= 40):
            role = Role.CAPTION
        elif SIGNOFF.match(s) and len(words) <= 8:
            role = Role.SIGNOFF
        elif NOTICE.search(s) and (len(words) <= 40 or (s.lstrip().startswith("(") and len(words) <= 120)):
            role = Role.NOTICE
        elif TEASER.search(s) and not END_PUNCT.search(s):
            role = Role.TEASER
        elif not END_PUNCT.search(s) and not INTRODUCES.search(s) and len(words) <= 14:
            # a short unpunctuated line: a subheading inside the story, a promo once the story is over
            role = Role.SUBHEADING if _is_title_like(s) else Role.PROMO
        elif LIST_ITEM.match(s) and i > 0 and roles[-1] in (Role.COMMENT_MARKER, Role.COMMENT):
            role = Role.COMMENT
        if role is Role.BODY:
            seen_body = True
        elif role is Role.SUBHEADING and not seen_body:
            role = Role.PROMO
        roles.append(role)
    # promos and teasers after the story ends (notices, signoff) stay residue; subheadings after the last
    # body paragraph are promos for other stories
    last_body = max((i for i, r in enumerate(roles) if r is Role.BODY), default=-1)
    for i in range(last_body + 1, len(roles)):
        if roles[i] is Role.SUBHEADING:
            roles[i] = Role.PROMO
    _mark_pull_quotes(text, spans, roles)
    return tuple(Paragraph(span, role) for span, role in zip(spans, roles))


def _mark_pull_quotes(text: str, spans: list[Span], roles: list[Role]) -> None:
    """A paragraph repeated verbatim is a pull quote: keep the copy told in context, mark the others.

    The copy in context is the one that follows another body paragraph; failing that, the last one."""
    groups: dict[str, list[int]] = {}
    for i, (span, role) in enumerate(zip(spans, roles)):
        if role is Role.BODY:
            key = _norm(span.of(text))
            if len(key) >= 30:
                groups.setdefault(key, []).append(i)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        in_context = [i for i in indexes if i > 0 and roles[i - 1] is Role.BODY and (i - 1) not in indexes]
        keep = in_context[-1] if in_context else indexes[-1]
        for i in indexes:
            if i != keep:
                roles[i] = Role.PULL_QUOTE
