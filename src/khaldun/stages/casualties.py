"""Casualty figures: killed / wounded / missing from digits and words, with bounds kept as written.

"three" → 3, "a soldier" → 1, "dozens" → None (the words kept in number_text), "at least 5" → 5 with
the bound in number_text, "killed and wounded 7" → None when the two cannot be separated,
"has risen to 43" → 43.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..rules.engine import Rule, load_pack
from ..model import Count, Victims

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "both": 2, "another": 1,
}
# the patterns, the checks that veto or change a reading and the group words are declared in
# rules/packs/casualties.toml; this module is their engine
CASUALTIES = load_pack("casualties")
_VARS = CASUALTIES.vars
VAGUE, NUM_WORD, DIGITS, BOUND, NUMBER, PEOPLE = (_VARS[v] for v in ("VAGUE", "NUM_WORD", "DIGITS", "BOUND", "NUMBER", "PEOPLE"))
KILL, WOUND, MISSING, MOD, RELATIVE, ONE_NAME = (_VARS[v] for v in ("KILL", "WOUND", "MISSING", "MOD", "RELATIVE", "ONE_NAME"))


def _rule(name: str) -> re.Pattern[str]:
    return CASUALTIES.by_id(f"count.{name}.v1").regex


def _check(name: str) -> re.Pattern[str]:
    return next(r for r in CASUALTIES.group("check") if r.name == name).regex


COMBATANT, CIVILIAN = _rule("group_combatants"), _rule("group_civilians")
# the figure rules, in the order they are tried (count_then last, one match per start: see _overlapping)
FIGURES = [r for r in CASUALTIES.group("figure") if r.name != "count_then"]
COUNT_THEN_RULE = CASUALTIES.by_id("count.count_then.v1")
HEADLINE = CASUALTIES.group("headline")  # read in headline grammar only
NONE_KILLED_RULE = CASUALTIES.by_id("count.none_killed.v1")
COUNT_THEN, THEN_COUNT, NAMED_LIST, RISEN, TOLL_REACHED = (_rule(n) for n in ("count_then", "then_count", "named_list", "risen", "toll_reached"))
ONE_VICTIM, ONE_TO_DEATH, NONE_KILLED = _rule("one_victim"), _rule("one_to_death"), NONE_KILLED_RULE.regex
PARTS_TOLD, AMONG_GAP, AGENT_WHO, ACTIVE_OBJECT = (_check(n) for n in ("parts_told", "among_gap", "agent_who", "active_object"))
AGE_OR_TIMES, A_SHOT, INNER_VICTIM, TIME_AFTER = (_check(n) for n in ("age_or_times", "a_shot", "inner_victim", "time_after"))
CONDITIONAL, NEARLY, ILLNESS, DIED_AFTER, GAP_COUNT = (_check(n) for n in ("conditional", "nearly", "illness_after", "died_after", "gap_count"))
NAME_IN_LIST = re.compile(ONE_NAME)
# "she and three others were shot": the named one besides the others
AND_OTHERS = re.compile(r"\b(?:he|she|(?<!\bin )(?<!\bon )(?<!\bat )(?<!\bnear )(?<!\bof )(?<!\bfrom )"
                        r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+)\s+and\s+$")  # not "on Sunday and"
OTHERS = re.compile(r"others\b", re.I)
OTHER_PEOPLE = re.compile(r"\bothers?\b", re.I)


FEMALE = re.compile(r"\b(?:she|her|woman|girl|mother|daughter|wife|sister|grandmother|aunt|niece|girlfriend|female)\b", re.I)
MALE = re.compile(r"\b(?:he|his|him|man|boy|father|son|husband|brother|grandfather|uncle|nephew|boyfriend|male)\b", re.I)


def _same_sex(one: str, other: str) -> bool:
    """Whether two mentions can be one person: not "a woman" and "he"."""
    return not ((FEMALE.search(one) and MALE.search(other) and not FEMALE.search(other))
                or (MALE.search(one) and FEMALE.search(other) and not MALE.search(other)))


def _told_after_death(text: str, wound: str) -> bool:
    """The wound is told inside the clause that says how the dead one died ("is dead after he shot himself"), not in
    a clause of its own ("…, and she was wounded")."""
    died = DIED_AFTER.search(text)
    if died is None:
        return False
    where = text.find(wound, died.end())
    return where >= 0 and not re.search(r"[,;]\s+(?:and|but|while)\b", text[died.end():where])


def _hit_is_the_dead(text: str, killed: Count, wounded: Count) -> bool:
    """One person killed and one hit in a clause that tells one victim: "A Tulsa mother has died after she was
    accidentally shot", "a boy is dead after [he] accidentally shot himself", "the death of a man who accidentally shot
    himself", "the bullet hit the child, but he was pronounced dead" (the dead one told back)."""
    dead_at, hit_at = text.find(killed.text), text.find(wounded.text)
    if re.match(r"killing\s+(?:him|her|the\s+\w+)$", killed.text, re.I) and dead_at > hit_at >= 0:
        return True
    if re.match(r"the (?:shooting )?death of\s", killed.text, re.I) and re.match(r"(?:he|she)\s", wounded.text, re.I) and 0 <= dead_at < hit_at:
        return True  # "The death of the teen was confirmed … he was shot by a hunting rifle"
    if re.search(r"^(?:he|she)\s|\b(?:himself|herself)$", wounded.text, re.I) and _told_after_death(text, wounded.text):
        return True
    if re.search(r"\b(?:himself|herself)$", wounded.text, re.I) and dead_at < hit_at:
        return True
    return bool(re.match(r"(?:he|she)\s", killed.text, re.I) and dead_at > hit_at >= 0
                and not OTHER_PEOPLE.search(wounded.text) and _same_sex(wounded.text, killed.text))


@dataclass(frozen=True)
class Casualties:
    killed: Count | None = None
    wounded: Count | None = None
    missing: Count | None = None
    group: str | None = None
    text: str | None = None  # the words of all counts as written
    start: int | None = None  # where the first figure starts in the searched text
    counts: tuple[Count, ...] = ()  # every figure read, in the order told (text joins their words)

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that read the figures (killed, then wounded, then missing), each once."""
        return tuple(dict.fromkeys(r for c in (self.killed, self.wounded, self.missing) if c for r in c.rules))


def to_int(num: str) -> int | None:
    s = num.lower().strip()
    if re.fullmatch(DIGITS, s):
        mult = 1
        if s.endswith("million"):
            mult, s = 1_000_000, s[:-7].strip()
        elif s.endswith("thousand"):
            mult, s = 1000, s[:-8].strip()
        try:
            return int(float(s.replace(",", "")) * mult)
        except ValueError:
            return None
    if s in UNITS:
        return UNITS[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in UNITS and parts[1] in UNITS:
        return UNITS[parts[0]] + UNITS[parts[1]]
    return None


def _group(who: str) -> str | None:
    if COMBATANT.search(who or ""):
        return "combatants"
    if CIVILIAN.search(who or ""):
        return "civilians"
    return "unspecified" if who else None


def _count(m: re.Match) -> Count:
    num = m.group("num")
    value = to_int(num)
    if num.lower() in ("a", "an", "another"):
        value = 1
    bound = (m.groupdict().get("bound") or "").lower() or None
    low = m.groupdict().get("low")
    if low and to_int(low) is not None:
        value, bound = to_int(low), "between"  # a range counts its low end, as ACLED codes one
    return Count(value=value, text=m.group(0).strip(), bound=bound)


def _kind(what: str) -> str:
    w = what.lower()
    if re.search(r"kill", w) and re.search(r"wound|injur", w):
        return "both"
    if re.fullmatch(KILL, w, re.I) or w.endswith((" dead", " dies", " died")) or w.startswith(("the death", "the killing", "the martyrdom", "claimed", "kill", "dead", "death", "fatal",
                                                     "the fatal", "the shooting death", "shot and killed", "shot, killed", "shot dead", "took the li")) or w.endswith("death of"):
        return "killed"
    if re.fullmatch(MISSING, w, re.I):
        return "missing"
    if w == "casualties":
        return "both"
    return "wounded"


# "injuring four men and two women": a second group of the same outcome adds to the first
# one more item of a list of victims: "and two women", ", wife", "and their two children" (a bare noun only if singular)
LIST_ITEM = re.compile(
    r"(?P<sep>\s*,(?:\s*and)?|\s+and)\s+(?:(?P<one>husband|wife|son|daughter|mother|father|brother|sister|man|woman|boy|girl|"
    # the article's space is left to the modifiers: "and a teenage girl"
    rf"child|baby|grandmother|grandfather)\b|(?:(?P<det>an?|his|her|their)(?=\s))?(?:\s*(?P<num>{DIGITS}|{NUM_WORD})\b)?{MOD}\s*{PEOPLE}\b)", re.I)
# "killed three people and two others were wounded": the list's last item starts a clause of its own
OWN_VERB = re.compile(r"\s+(?:were|was|are|is|have|has|had)\b", re.I)


def _more_people(text: str, pos: int) -> tuple[int, int] | None:
    """The list that follows a first count ("a husband, wife and their two children"): where it ends and how many
    people it adds, or None. Comma items count only when an "and" item closes the list ("a man, police said" adds
    no one); an item without a number or article ("and police") adds no one."""
    items: list[tuple[int, int, bool]] = []  # (end, people, closes)
    while (m := LIST_ITEM.match(text, items[-1][0] if items else pos)) is not None:
        if m.group("one"):
            people = 1
        elif m.group("num"):
            people = to_int(m.group("num")) or 0
        elif m.group("det"):
            people = 1
        else:
            break
        if not people:
            break
        items.append((m.end(), people, "and" in m.group("sep").lower()))
    if items and not items[-1][2] and OUTCOME_NEXT.match(text, items[-1][0]):
        items[-1] = (items[-1][0], items[-1][1], True)  # "2 adults, 2 children killed": a headline's list without "and"
    while items and not items[-1][2]:
        items.pop()
    return (items[-1][0], sum(p for _e, p, _c in items)) if items else None


OUTCOME_NEXT = re.compile(r"\s+(?:were\s+|are\s+|have\s+been\s+)?(?:killed|dead|wounded|injured|hurt|shot)\b", re.I)


def _overlapping(pattern: re.Pattern, text: str):
    """Matches that may overlap, one per start: a count rejected for its gap leaves the nearer count inside it."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


# "a man accused in the shooting deaths of…": the act named, not an outcome of the man
NAMED_ACT = re.compile(r"\b(?:the|in|of)\s+(?:\w+\s+)?$", re.I)
PASSIVE = re.compile(r"\b(?:was|were|been|being|got|is|are)\b", re.I)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|got|get|gets|getting|is|are)\s+(?:(?:\w+ly|also|later|reportedly|then)\s+)?$", re.I)


def _outcome_of_the_count(m: re.Match, text: str, num: str, who: str, what: str, more: tuple[int, int] | None) -> bool:
    """Whether a "N people … killed" match tells the count's own outcome, not another noun's or clause's."""
    if num in ("a", "an") and re.search(r"\b(?:number|group|family|house|home)\b", who, re.I):
        return False
    if who.strip().lower() == "dead":
        return False  # "1 dead, injures five": the figure is already an outcome (BARE reads it)
    if who.strip():
        if INNER_VICTIM.search(text, m.end("who"), m.start("what")):
            return False
        # "a woman and a child were shot" is one count (added below); a nearer count or clause after it is not, save
        # the count's own parts ("four people, including an 11-year-old boy and a 13-year-old boy, were wounded")
        gap_from = more[0] if more else m.end("who")
        if not PARTS_TOLD.match(text[gap_from:m.start("what")]) and GAP_COUNT.search(text, gap_from, m.start("what")):
            return False
        if AMONG_GAP.search(text, gap_from, m.start("what")):
            return False  # "2 teens among 4 shot": a part of the count that follows
    if what.lower() in ("death", "deaths", "injuries", "injury", "wounds") and NAMED_ACT.search(text[max(0, m.start("what") - 25):m.start("what")]):
        return False
    if what.lower() == "shot" and A_SHOT.search(text, 0, m.start("what")):
        return False  # "a friend when the gun went off, firing a shot": the noun, no one hit
    if re.match(r"\s+(?:himself|herself|themselves)\b", text[m.end():]) and _kind(what) != "killed":
        return False  # "got his hands on a gun and shot himself": most often his death, told apart ("shot and killed himself" is one)
    if re.search(r"\b(?:not|never|n['’]t)\s+(?:\w+\s+){0,2}$", text[m.end("who"):m.start("what")], re.I):
        return False  # "Three other children were in the home, but were not injured"
    if what.lower() == "shot" and not PASSIVE.search(m.group(0)) and re.match(r"\s+at\b", text[m.end("what"):]):
        return False  # "a gunman shot at a dozen people": fired at them (passive "were shot at a home" were hit)
    if (what.lower() in ("shot", "killed", "wounded", "injured", "hurt") and not PASSIVE.search(m.group(0))
            and re.search(r"\b(?:had|have|has)\s+$", text[:m.start("what")], re.I)):
        return False  # "one of those two people had shot Fletcher": the count's act, not what befell it
    if AGENT_WHO.search(text, m.end("who"), m.start("what")) and not PASSIVE_BEFORE.search(text, 0, m.start("what")):
        return False  # "a man who shot and injured five people": the one who acted
    # "A gunman killed two people": the count is the agent's, not the victims' (the auxiliary just before the verb
    # tells a passive: "got his hands on a gun and shot himself" is active)
    return not (ACTIVE_OBJECT.match(text, m.end()) and not PASSIVE_BEFORE.search(text, 0, m.start("what")))


ONE_DETERMINER = ("a", "an", "another", "the", "his", "her", "their")
COUNTED_AS_PEOPLE = re.compile(r"\b(?:persons?|people|victims|others?)$", re.I)  # "a person", "the victims": a count
OTHERS_WORDS = re.compile(r"\b(?:others?|more)\b", re.I)
SHOT_WORDS = re.compile(r"^shot$|^(?:with|for)\b.*\bgunshot wounds?$|^gunshot wounds?$", re.I)  # a wound told of all hit
VICTIM_AGE, BESIDES = CASUALTIES.by_id("count.victim_age.v1").regex, CASUALTIES.by_id("count.besides.v1").regex


def _victims(rule: Rule, m: re.Match[str], count: Count, num: str, who: str, what: str, named_too: bool) -> Victims:
    """Whom a figure denotes, from the rule that read it and its parts: one person, a list, a share of a count told
    before, others besides, or a count; whether it counts everyone hit; the ages it tells."""
    kind = rule.sets.get("victims", "count")
    # the words that name the people, modifiers included ("six [other people]")
    people = m.string[m.end("num"):m.end("who")] if m.groupdict().get("who") is not None and m.groupdict().get("num") is not None else who
    if rule.name == "bare_verb" and m.group("share"):
        kind = "share"  # "Three of them had gunshot wounds"
    elif kind == "count" and num in ONE_DETERMINER and count.value == 1 and who.strip() and not COUNTED_AS_PEOPLE.search(who.strip()):
        kind = "person"  # "a 21-year-old man was shot", "the shooting of a young girl" (not "a guard and two women")
    elif kind == "count" and OTHERS_WORDS.search(people) and not named_too:
        kind = "others"  # "four others were hurt", "six other people were shot" (not "she and four others": all five)
    # "accidentally shot another teen": another than the one who fired, not someone besides those told before
    another_victim = num == "another" and rule.name in ("then_count", "self_limb") and re.match(r"(?:accidentally\s+)?shoot|shot", what, re.I)
    ages = tuple(int(a.group("age") or a.group("age2")) for a in VICTIM_AGE.finditer(count.text))
    return Victims(kind=kind, besides=bool(BESIDES.search(count.text)) and not another_victim,
                   all_hit=bool(SHOT_WORDS.search(what.strip())), ages=ages)


def find_casualties(text: str, headline: bool = False) -> Casualties:
    """The casualty figures of one clause; ``headline``: read it in headline grammar as well."""
    killed = wounded = missing = None
    group = None
    told: list[Count] = []  # every figure read, in the order told
    first: int | None = None
    candidates = [(m, r) for r in FIGURES for m in r.regex.finditer(text)]
    candidates += [(m, COUNT_THEN_RULE) for m in _overlapping(COUNT_THEN, text)]
    if headline:
        candidates += [(m, r) for r in HEADLINE for m in r.regex.finditer(text)]
    # where figures overlap, the one that starts first wins ("the death of 4 villagers and the injury of 9")
    candidates.sort(key=lambda mr: (mr[0].start(), -(mr[0].end() - mr[0].start())))
    hits: list[tuple[int, int, str, Count, str]] = []
    for m, rule in candidates:
        pattern = rule.regex
        read_by: tuple[str, ...] = (rule.id,)
        if any(h[0] < m.end() and m.start() < h[1] for h in hits):
            continue
        what = m.groupdict().get("what") or m.groupdict().get("what2") or m.groupdict().get("what3") or ("killed" if pattern in (RISEN, TOLL_REACHED) or m.groupdict().get("died") else "")
        if _kind(what) == "killed":
            if m.groupdict().get("what") and NEARLY.search(text, 0, m.start("what")):
                what = "wounded"  # "A teen was nearly killed": hurt, not dead
                read_by += ("chk.nearly.v1",)
            elif ILLNESS.match(text, m.end()):
                continue  # "died from cancer": no casualty of violence
            elif CONDITIONAL.search(text, 0, m.start()):
                continue  # "charges will follow if the boy dies": no death yet
        who = m.groupdict().get("who") or ""
        num = (m.group("num") or m.groupdict().get("num2") or m.groupdict().get("num3") or "").lower()
        if num in ("a", "an") and not who.strip():
            continue
        more = _more_people(text, m.end("who")) if pattern in (COUNT_THEN, THEN_COUNT, ONE_VICTIM) and who.strip() else None
        if more is not None and pattern is not COUNT_THEN and OWN_VERB.match(text, more[0]):
            more = None
        if pattern is COUNT_THEN and not _outcome_of_the_count(m, text, num, who, what, more):
            continue

        one_person = rule.sets.get("victims") == "person"  # the rule's match is one person, not a count
        count = Count(1, m.group(0).strip()) if one_person else Count(len(NAME_IN_LIST.findall(m.group("num"))), m.group(0).strip()) if pattern is NAMED_LIST else _count(m)
        if pattern is ONE_TO_DEATH:
            what = "killed"
        named_too = AND_OTHERS.search(text[max(0, m.start() - 30):m.start()]) if OTHERS.match(who.strip()) else None
        if named_too and count.value is not None:
            # "she and three others": four, and the words say so
            count = replace(count, value=count.value + 1, text=f"{named_too.group(0)}{count.text}")
        if not one_person and (TIME_AFTER.match(text, m.end("num")) or AGE_OR_TIMES.match(text, m.end("num"))):
            continue  # "was shot about 5:30 p.m.", "shot 19-year-old James", "shot two times": no count of people
        end = m.end()
        if more is not None and count.value is not None:
            more_end, extra = more
            if not (pattern is COUNT_THEN and more_end > m.end()):
                count = replace(count, value=count.value + extra, text=text[m.start():max(end, more_end)].strip())
                end = max(end, more_end)
        victims = _victims(rule, m, count, num, who, what, named_too is not None)
        hits.append((m.start(), end, what, replace(count, rules=read_by, victims=victims), who))
    hits.sort()
    for start, _end, what, count, who in hits:
        kind = _kind(what)
        first = start if first is None else first
        told.append(count)
        group = group or _group(who)
        if kind == "killed" and killed is None:
            killed = count
        elif kind == "wounded" and wounded is None:
            wounded = count
        elif kind == "wounded" and wounded is not None and OTHER_PEOPLE.search(count.text) and wounded.value is not None and count.value is not None:
            # "two people are in critical condition, four others hurt": the others add to the first
            wounded = replace(wounded, value=wounded.value + count.value, text=f"{wounded.text} ... {count.text}",
                              rules=wounded.rules + count.rules)
        elif kind == "missing" and missing is None:
            missing = count
        elif kind == "both" and killed is None:
            killed = replace(count, value=None)
    fatal_share = next((c for _s, _e, what, c, _w in hits if what.lower() == "fatally"), None)
    shot = next((c for _s, _e, what, c, _w in hits if what.lower() in ("shot", "shooting")), None)
    if fatal_share is not None and shot is not None and wounded is shot and killed is fatal_share \
            and shot.value is not None and fatal_share.value is not None and shot.value > fatal_share.value:
        # "four were shot, one fatally": three wounded, one killed
        wounded = replace(shot, value=shot.value - fatal_share.value)
    elif (shot is not None and wounded is shot and killed is not None and shot.value and killed.value is not None
            and 0 < killed.value <= shot.value and text.find(killed.text) > text.find(shot.text) >= 0
            and not re.search(r"\bothers?\b|\bmore\b", shot.text, re.I)
            and not re.match(r"(?:he|she|the (?:gunman|suspect|shooter))\b", killed.text, re.I)):
        # "three men shot ... found a father and two sons dead", "five people were shot and two of them died": the
        # dead are among those shot
        wounded = replace(shot, value=shot.value - killed.value)
    if (killed is not None and killed.value == 1 and wounded is not None and wounded.value
            and re.match(r"(?:he|she)\s+and\s", wounded.text, re.I) and killed.text != wounded.text):
        # "A man died after he and four others were shot": he is the dead one, the four are the wounded
        wounded = replace(wounded, value=wounded.value - 1)
    elif killed is not None and killed.value == 1 and wounded is not None and wounded.value == 1 and _hit_is_the_dead(text, killed, wounded):
        told = [c for c in told if c.text != wounded.text]
        wounded = None
    none_killed = NONE_KILLED.search(text) if killed is None else None
    if none_killed is not None:
        killed = Count(0, none_killed.group(0), rules=(NONE_KILLED_RULE.id,))
        first = none_killed.start() if first is None else first
        told.append(killed)
    return Casualties(killed, wounded, missing, group, " ... ".join(c.text for c in told) or None, first, tuple(told))
