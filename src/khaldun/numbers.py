"""Casualty figures: killed / wounded / missing from digits and words, with bounds kept as written.

"three" → 3, "a soldier" → 1, "dozens" → None (the words kept in number_text), "at least 5" → 5 with
the bound in number_text, "killed and wounded 7" → None when the two cannot be separated,
"has risen to 43" → 43.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .types import Count

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "both": 2, "another": 1,
}
VAGUE = r"(?:dozens|scores|hundreds|thousands|several|many|some|numerous|a number|a few|few|multiple|unspecified number|unknown number|a large number|large numbers|a group|countless)"
NUM_WORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred|single|both|another)"
DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s*(?:million|thousand))?"
BOUND = r"(?:at least|more than|over|nearly|almost|around|about|up to|some|roughly|approximately|at most|fewer than|less than|as many as|an estimated|a total of|a further|another)"
NUMBER = rf"(?:(?P<bound>{BOUND})\s+)?(?P<num>{DIGITS}|{NUM_WORD}|{VAGUE}(?:\s+of)?|an?|no)"
PEOPLE = (
    r"(?:people|persons?|civilians?|residents?|children|child|kids?|boys?|girls?|women|woman|men|man|m[ae]n|"
    r"soldiers?|troops?|fighters?|militants?|combatants?|insurgents?|rebels?|gunmen|gunman|terrorists?|members?|"
    r"officers?|policem[ae]n|police officers?|deput(?:y|ies)|troopers?|servicem[ae]n|personnel|guards?|recruits?|mercenaries|"
    r"hunters?|clerks?|cashiers?|employees?|patrons?|partygoers?|motorists?|occupants?|"
    r"Palestinians?|Israelis?|Ukrainians?|Russians?|Somalis?|Sudanese|villagers?|farmers?|students?|"
    r"journalists?|paramedics?|medics?|doctors?|workers?|staff|family members?|relatives?|victims?|others?|"
    r"individuals?|passengers?|pedestrians?|teenagers?|infants?|babies|baby|displaced people|"
    r"protesters?|demonstrators?|worshippers?|teachers?|pupils?|citizens?|detainees?|prisoners?|adults?|"
    r"youths?|young m[ae]n|elderly|residents|persons|security forces|police|bystanders?|shoppers?|customers?|dead|bodies|"
    r"militia(?:men|man)?|(?:camel |cattle |goat )?(?:herders?|herdsm[ae]n)|shepherds?|fisherm[ae]n|nomads?|pastoralists?|"
    r"traders?|drivers?|elders?|teens?|toddlers?|sons?|daughters?|mothers?|fathers?|wives|wife|husbands?|brothers?|"
    r"sisters?|friends?|neighbou?rs?|girlfriends?|boyfriends?|relatives?|cousins?|uncles?|aunts?|grandmothers?|grandfathers?|"
    r"females?|males?|(?:\d{1,3}|[a-z]+)-(?:year|month)-olds?|\d{1,3}[- ](?:year|month)s?[- ]olds?)"
)
COMBATANT = re.compile(r"militia|soldier|troop|fighter|militant|combatant|insurgent|rebel|gunm[ae]n|terrorist|officer|police|servicem|personnel|guard|recruit|mercenar|security forces|commander|member", re.I)
CIVILIAN = re.compile(r"herder|herdsm|shepherd|fisherm|nomad|pastoralist|trader|driver|elder|civilian|resident|child|kid|boy|girl|wom[ae]n|villager|farmer|student|journalist|paramedic|medic|doctor|worker|staff|family|relative|passenger|pedestrian|teen|infant|bab|displaced|protester|demonstrator|worshipper|teacher|pupil|citizen|bystander|shopper|customer", re.I)

KILL = r"(?:shot and killed|shot to death|shot dead|fatally shot|killed|killing|kills|kill|dead|died|dies|die|death|deaths|fatalit(?:y|ies)|martyred|martyrs?|slain|lost (?:their|his|her) li(?:fe|ves)|perished|lives were lost)"
# "shot" alone is a wound (GVA's and ACLED's reading); "shot dead/and killed/to death" is a death (above)
# "were shot at by a gunman", "shot at him": fired at, not hit ("were shot at a home", "shot at about 2 a.m." were hit)
SHOT_AT_NOT_HIT = r"(?!\s+at(?:\s+(?:by|but|and|or|him|her|them|us|me|it|police|officers?|deputies|troopers)\b|\s*[,.;:!?)]|\s*$))"
DEATH = r"(?:died|pronounced dead|passed away|succumbed)"
AND_THEN = r",?\s+(?:and|but)\s+(?:was\s+)?(?:later\s+)?"  # "…, but (was) (later) died": a clause going on to the death
# "was shot several times and died": the shot one is the dead one (a clause's count, read on to its death)
NOT_THEN_DEAD = rf"(?![^.;:]{{0,100}}?{AND_THEN}{DEATH})"
LIMB = r"(?:leg|hand|foot|arm|thigh|knee|finger|hip|shoulder|ankle|wrist|calf|buttocks?|toe|elbow|shin|neck|groin|abdomen|stomach|side|back|jaw)"
# where a bullet strikes one person: a limb, or the head and trunk ("was shot in the chest")
BODY = rf"(?:{LIMB}|head|chest|face|torso|forehead|eye|mouth|pelvis|lower body|upper body)"
WOUND = (rf"(?:wounded|wounding|wounds|injured|injuring|injuries|injury|injures|hurt|wounded|maimed|hospitali[sz]ed|winged|fighting for (?:his|her|their) li(?:fe|ves)|shot(?!\s+(?:and\s+killed|dead|to\s+death|down)\b){SHOT_AT_NOT_HIT}{NOT_THEN_DEAD}|"
         # (not "suffered a fatal gunshot wound", "…gunshot wounds, which appear to be the cause of death")
         r"suffer(?:ed|ing|s)\s+(?:from\s+)?(?:an?\s+)?(?:(?!fatal|deadly|mortal)[\w-]+\s+){0,2}gunshot wounds?(?![^.;:]{0,60}\b(?:dead|died|death|killed)\b)|"
         # "was struck by a stray bullet", "hit by gunfire", "was struck in the right hand", "was grazed in his face"
         r"(?:struck|hit|grazed)(?=\s+by\s+(?:[\w\"'“”]+\s+){0,4}?(?:bullets?|gunfire|rounds?|shots?|a\s+bullet)\b)|"
         rf"(?:struck|hit|grazed)(?=\s+in\s+(?:the\s+|his\s+|her\s+)?(?:(?:left|right|upper|lower)\s+)?{BODY}\b){NOT_THEN_DEAD}|"
         # "was taken to a hospital with a gunshot wound", "treated for gunshot wounds"
         r"(?:with|for)\s+(?:an?\s+|multiple\s+|several\s+)?(?:[\w-]+\s+){0,2}gunshot wounds?(?![^.;:]{0,40}\b(?:dead|died|killed)\b))")
MISSING = r"(?:missing|unaccounted for|disappeared)"
MOD = r"(?:\s+(?:male|female|teenage|adult|younger|older|little|eldest|oldest|youngest|unidentified|unnamed|former|clan|enemy|Israeli|Palestinian|Russian|Ukrainian|Somali|Sudanese|Myanmar|Burmese|government|army|military|security|police|civilian|other|more|further|additional|armed|unarmed|young|elderly|local|innocent|displaced|\d{1,3}-(?:year|month|week|day)-old|\d{1,3}[- ](?:year|month|week|day)s?[- ]old|(?!(?-i:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b)(?-i:[A-Z][a-z]+)|(?-i:[a-z]+-[a-z]+))){0,3}"

# a person named by kin: "his 7-year-old brother"
RELATIVE = (r"(?:son|daughter|brother|sister|mother|father|wife|husband|friend|cousin|nephew|niece|uncle|aunt|grandson|granddaughter|"
            r"grandmother|grandfather|girlfriend|boyfriend|neighbou?r|stepfather|stepson|child|baby|roommate|sibling)")
# a count followed by people and an outcome: "10 people were killed", "two soldiers died"
COUNT_THEN = re.compile(
    rf"\b{NUMBER}{MOD}\s+(?P<who>{PEOPLE})\b(?:[^.;:]{{0,60}}?)\b(?:were|was|have been|has been|had been|are|is|got|getting|being)?\s*(?:reportedly\s+|also\s+|later\s+|accidentally\s+|critically\s+|seriously\s+|badly\s+)?(?P<what>(?:killed and (?:wounded|injured))|(?:(?:wounded|injured) and killed)|{KILL}|{WOUND}|{MISSING})\b",
    re.I,
)
# an outcome followed by a count: "killing 36 people", "the death of 5 people", "injuring 8 civilians"
THEN_COUNT = re.compile(
    rf"\b(?P<what>(?:kill(?:ed|ing)? and (?:wound|injur)(?:ed|ing))|shot dead|shot and killed|shot and (?:injured|wounded)|fatally shot(?:ing)?|fatally shooting|shot to death|(?:(?:wound|injur)(?:ed|ing) and kill(?:ed|ing))|killing|killed|kills|the death of|the deaths of|the killing of|the fatal shootings? of|the shooting deaths? of|took the li(?:fe|ves) of|the martyrdom of|claimed the li(?:fe|ves) of|wounding|injuring|injures|injured|wounded|the injury of|the injuries of|the wounding of|shot|shooting)\s+(?:of\s+)?{NUMBER}(?P<who>{MOD}(?:\s+{PEOPLE})?)",
    re.I,
)
# the parts of a count told between it and its outcome: ", including two teens and a boy, were"
PARTS_TOLD = re.compile(r"\s*,\s+(?:including|among them)\b[^.;:]*?,\s*(?:(?:were|was|are|have been|had been)\s+)?(?:\w+ly\s+)?$", re.I)
# "11-year-old, 2 teens among 4 shot": the count is the whole the parts are among (AMONG_GAP: told after the parts' own count)
_AMONG = rf"\bamong\s+(?:the\s+)?(?P<num>{DIGITS}|{NUM_WORD})\s+(?:(?:people|victims|others|persons)\s+)?"
AMONG = re.compile(rf"{_AMONG}(?P<what>shot|killed|wounded|injured|hurt|dead)\b", re.I)
AMONG_GAP = re.compile(rf"{_AMONG}$", re.I)
# "a man who shot …": a relative clause whose subject acted
AGENT_WHO = re.compile(r"\b(?:who|that)\s+(?:\w+ly\s+)?$", re.I)
# what follows an active verb whose object is named: "killed [two people]", "shot [the victims]"
ACTIVE_OBJECT = re.compile(rf"\s+(?:{NUMBER}\s|the\b|his\b|her\b|their\b|its\b|(?-i:[A-Z][a-z]+ [A-Z][a-z]+))", re.I)
AGE_OR_TIMES = re.compile(r"(?:-|\s+)(?:years?|months?|weeks?|days?)[- ]olds?\b|\s+(?:times?|rounds|shots|bullets)\b|(?-i:[KkM])\b|\s*(?:%|percent|dollars)", re.I)
A_SHOT = re.compile(r"\b(?:a|the|one|single|warning|fatal|another|first|second|final)\s+$", re.I)
# "about 10 friends, including the boy who was killed": the outcome is the inner person's, not the count's
INNER_VICTIM = re.compile(r"\b(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:who|that)\s+(?:was|were|had been|has been)\s+(?:\w+ly\s+)?$", re.I)
TIME_AFTER = re.compile(r"(?::\d\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock))", re.I)
# "sent three others to the hospital"
SENT = re.compile(rf"\b(?P<what>sent|sending|sends)\s+{NUMBER}(?P<who>{MOD}(?:\s+{PEOPLE})?)\s+to (?:the |a |area |local )?hospitals?\b", re.I)
# bare figures: "5 killed", "12 dead", "13 wounded", "Five found dead"
BARE = re.compile(rf"(?<!\bno )(?<!\bNo )\b(?:(?P<bound>{BOUND})\s+)?(?P<num>{DIGITS}|{NUM_WORD})\s+(?:(?:found|left|now|reported|confirmed)\s+)?(?P<what>killed|dead|died|wounded|injured|deaths|fatalities|injuries|casualties|missing)\b", re.I)
RISEN = re.compile(rf"\b(?:has|have|had)?\s*(?:risen|rose|climbed|increased|jumped|reached|grown|grew|stands at|stood at|now stands at)\s+to\s+(?:(?P<bound>{BOUND})\s+)?(?P<num>{DIGITS}|{NUM_WORD})", re.I)
# a character of one clause, times of day included ("shot about 5:30 p.m. Saturday … and died")
IN_CLAUSE = r"(?:[^.;:]|:(?=\d\d)|(?<=\b[ap])\.(?=m\.)|(?<=\b[ap]\.m)\.)"
# capitalised words that begin a sentence but name no one
NO_ONE = r"Nobody|Someone|Somebody|Everyone|Everybody|It|This|That|What|Who"
# what befell one person before their death, told in one clause: "was shot several times and died", "suffered a gunshot
# wound to the face and later died", "was rushed to a hospital, but died the next day", "was taken off life support and passed away"
HURT_THEN = (rf"(?:(?:was\s+(?:\w+ly\s+)?(?:shot|struck|hit|wounded|taken|rushed|transported|airlifted|flown)|suffered|sustained)\b"
             rf"{IN_CLAUSE}{{0,100}}?{AND_THEN})")
# one named person: "Cartrail Robertson, 13, was shot dead", "John Smith was killed"
NAMED = re.compile(
    r"\b(?-i:(?P<num>(?:\d{1,3}-year-old\s+)?[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z]+(?:[A-Z][a-z]+)?)+(?:, \d{1,3},|, an? [^,.;]{3,60},)?(?:,? of [A-Z][a-z]+(?: [A-Z][a-z]+)?,?)?|"
    r"[A-Z][a-z]+, \d{1,3},|[Hh]e|[Ss]he|"
    r"[Tt]he (?:(?:\d{1,3}-year-old|young|elderly|wounded|injured)\s+)?(?:victim|man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|"
    r"hunter|student|driver|clerk|homeowner|shooter|gunman|suspect|\d{1,3}-year-old)"
    rf"|(?!(?:{NO_ONE}|There|None|Many|Most|Some|Several|Few|All|Both|Others|"
    r"One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Police|Officers|Authorities|Deputies|Troops|Soldiers)\b)"
    r"[A-Z][a-z]+(?= was (?:later )?(?:pronounced |found )?dead| (?:did not|didn['’]t) (?:make it|survive)| (?:later )?(?:died|succumbed|passed away))"
    # "Lampkin, who friends say was his best friend, was shot about 5:30 p.m. Saturday and died early Monday"
    rf"|(?!(?:{NO_ONE}|Police)\b)[A-Z][a-z]+(?:, (?:who|a|an|the) [^,.;]{{3,80}},)?"
    rf"(?= {HURT_THEN}{DEATH})"
    r"|[Oo]ne of (?:them|the (?:victims|men|women|wounded|injured|teens|teenagers|boys|girls|people|children))"
    # "Craven was shot in the back", "Deemer was accidentally shot in the neck": a surname told with a wound
    rf"|(?!(?:{NO_ONE}|There|Police|Officers|Authorities|Deputies|Troopers|Investigators|Officials|Troops|Soldiers)\b)[A-Z][a-z]+"
    rf"(?= was (?:\w+ly |also )?(?:shot|struck|hit) in (?:the |his |her )?(?:(?:left|right|upper|lower) )?{BODY}s?\b)"
    # "the woman's 23-year-old boyfriend was also shot"
    rf"|[Tt]he [a-z]+['’]s (?:(?:\d{{1,3}}-year-old|young|infant|baby|teenage|little)\s+)?{RELATIVE}"
    # "his daughter was struck in the upper body"
    rf"|(?:[Hh]is|[Hh]er|[Tt]heir) (?:(?:\d{{1,3}}-year-old|young|infant|baby|teenage|little)\s+)?{RELATIVE}))\s+"
    r"(?:(?:was|is|has been|had been)\s+(?:(?:accidentally|unintentionally|reportedly|allegedly|apparently|later|also|critically|seriously|badly)\s+)?"
    r"(?P<what>fatally shot|shot (?:and killed|dead)|killed|slain|shot and (?:wounded|injured)|wounded|injured|(?:found\s+)?dead|struck(?=\s+(?:in|by)\b)"
    # "the 10-year-old boy had been shot in his lower leg": one person hit (not "was shot … and died", read below)
    rf"|shot(?!\s+(?:and\s+killed|dead|to\s+death|down)\b){SHOT_AT_NOT_HIT}(?!{IN_CLAUSE}{{0,100}}?{AND_THEN}{DEATH}))"
    # "was shot in the forehead, and was later pronounced dead": the outcome after the wound
    rf"|(?P<died>{HURT_THEN}?"
    r"(?:(?:later|eventually|subsequently)\s+)?(?:(?:has|have|had)\s+)?(?:died|dies|(?:was\s+)?(?:later\s+)?pronounced dead|succumbed|passed away|"
    # "Kaleb didn't make it and was pronounced dead", "the boy did not survive"
    r"(?:did not|didn['’]t) (?:make it|survive)(?:\s+and\s+was\s+pronounced\s+dead)?)))\b", re.I)
# "four teenagers were shot, one fatally": the fatal share of a count
FATALLY = re.compile(rf"(?:,|\s+[-–—])\s+(?P<num>{DIGITS}|{NUM_WORD})\s+(?:of them\s+)?(?P<what>fatally)\b", re.I)
# a figure with no noun: "Two are dead and two are in critical condition"
# and a share of those told before: "Three of them had non-life-threatening gunshot wounds"
BARE_VERB = re.compile(rf"(?<!\bno )(?<!\bNo )\b(?P<num>{DIGITS}|{NUM_WORD})(?:\s+of\s+(?:them|the\s+(?:shooting\s+)?(?:victims|wounded|injured|people|men|women|teens|children)))?"
                       rf"\s+(?:(?:are|were|have been|was|is)\s+(?P<what>dead|killed|wounded|injured|hurt|in (?:critical|serious|stable|fair|grave) condition|fighting for (?:his|her|their) li(?:fe|ves))|"
                       rf"(?:had|have|suffered|sustained|received)\s+(?:[\w-]+\s+){{0,2}}?(?P<what2>gunshot wounds?|injuries))\b", re.I)
# one possessed victim: "shot and killed her brother", "took the life of his friend" (a bare "shot his wife" is no
# figure: in murder-suicides it is most often a death)
ONE_VICTIM = re.compile(
    rf"\b(?P<what>shot and killed|shot dead|killed|took the life of|the (?:shooting )?death of|shot and wounded|wounded|injured|striking|struck)\s+(?P<num>his|her|their|its)"
    rf"(?P<who>{MOD}\s+{RELATIVE}|(?<=himself)|(?<=herself))", re.I)
# one named victim of a fatal act: "shot and killed Sheymarr Noble", "a shot that killed Jacob", "the death of 5-year-old
# Noelle Shawver" (not a weekday, a
# month, a people or a group: "killed Palestinians", "killed Monday")
NAMED_OBJECT = re.compile(
    r"\b(?P<what>shot and killed|fatally shot|shot dead|shot to death|killed|stabbed to death|(?:the|(?-i:[A-Z][a-z]+)['’]s) (?:shooting )?death of|the killing of|"
    r"(?:claimed|took) the life of)\s+"
    r"(?:(?:\d{1,3}|[a-z]+)-year-old\s+)?(?P<num>(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Hamas|Hezbollah|Al|The|A|An|In|On|At)\b)[A-Z][a-z]+\b(?<!ians)(?<!ans)(?<!ese)(?<!is)(?: [A-Z][a-z]+\b){0,2}))"
    r"(?!(?-i:\s+[A-Z])|\s+(?:forces|troops|soldiers|fighters|militants|police|officers|members|civilians|residents|people|men|women|"
    r"children|boys|girls|villagers|farmers|herders|students|workers|protesters|youths|detainees|prisoners|traders|militiamen)\b)")
# "Both Bass and the baby were dead", "both the driver and his passenger were wounded": two people
BOTH = re.compile(r"\b(?P<num>[Bb]oth)\s+(?:the\s+)?[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s+and\s+(?:the\s+|his\s+|her\s+|their\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
                  r"(?:were\s+|are\s+|have\s+been\s+)?(?P<what>dead|died|killed|shot and killed|shot dead|wounded|injured|hurt|shot)\b")
ONE_HIT = (rf"(?:him|her|himself|herself|self|(?:his|her|their)(?:{MOD})\s+{RELATIVE}|"
           rf"(?:the|a|an)(?:{MOD})\s+(?:child|boy|girl|man|woman|teen|teenager|victim|toddler|baby|infant|student|juvenile))")
ONE_NAME = r"(?-i:(?!(?:Police|Officers|Authorities|Deputies|Troopers|Investigators|Officials|Family|Friends|Neighbors|Smith|The|He|She|They)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:,\s*\d{1,3},)?"
# "Kell and Lumm were shot and killed", "Ralph Robb, Shek Thomas, Dem Doe, and Bryant Turner all suffered injuries": as many
# people as names
NAMED_LIST = re.compile(rf"\b(?P<num>{ONE_NAME}(?:,?\s+{ONE_NAME}){{0,6}},?\s+and\s+{ONE_NAME})\s+"
                        r"(?:(?:were|have been|had been)\s+(?:(?:all|both|allegedly|reportedly)\s+)?"
                        r"(?P<what>shot and killed|shot to death|fatally shot|killed|slain|found dead|shot dead|shot and wounded|wounded|injured|hurt|"
                        r"shot(?!\s+(?:and\s+killed|dead|to\s+death|down|at)\b))"
                        r"|(?:all\s+|both\s+)?(?P<what2>(?:suffered|sustained)\s+(?:[\w-]+\s+){0,2}?(?:injuries|gunshot wounds?))"
                        r"(?![^.;:]{0,60}\b(?:dead|died|death|killed|fatal)\b))\b")
NAME_IN_LIST = re.compile(ONE_NAME)
# "Police found McLean dead in his car", "found a man dead": one person
FOUND_DEAD = re.compile(r"\bfound\s+(?P<num>(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Police|The)\b)[A-Z][a-z]+(?:[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:[A-Z][a-z]+)?)?)|"
                        r"(?:an?|the|his|her)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|victim|wife|husband|son|daughter|mother|father))"
                        r"\s+(?P<what>dead)\b", re.I)
# "shot his 7-year-old daughter to death": one person killed
ONE_TO_DEATH = re.compile(rf"\b(?P<what>shot|stabbed|beat|beaten)\s+(?P<num>his|her|their)(?:{MOD})\s+{RELATIVE}\s+to\s+death\b", re.I)
# "accidentally shot himself in the hand", "shot him in the foot", "struck the child in the right leg": a wound to a limb
# (not "shot himself", most often a gunman's suicide); "accidentally shot his 7-year-old brother", "accidentally shot
# herself": one person hit
SELF_LIMB = re.compile(
    rf"\b(?P<what>shot|shoots|struck|hit)\s+(?P<num>{ONE_HIT})\s+in\s+(?:(?:the|his|her)\s+)?(?:(?:left|right|upper|lower)\s+)?{LIMB}s?\b"
    rf"|\b(?P<what2>accidentally\s+(?:shot|shoots))\s+(?P<num2>(?:his|her|their)(?:{MOD})\s+{RELATIVE}|himself|herself|(?:an?\s+)?(?:\d{{1,3}}|[a-z]+)-year-old)\b"
    # "Stray bullet hits 11-year-old girl", "a bullet grazed the teen"
    rf"|\b(?:stray\s+)?bullets?\s+(?P<what3>hits|hit|strikes|struck|grazes|grazed|wounds|wounded)\s+(?P<num3>(?:an?\s+|the\s+|his\s+|her\s+)?(?:{MOD}\s*)?"
    r"(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|student|juvenile|(?:\d{1,3}|[a-z]+)-year-old)|him|her)\b", re.I)
# "A 4-year-old boy is in stable condition after…", "the victim, identified as Wes Rod, remains in critical condition": one person hurt
ONE_IN_CONDITION = re.compile(
    rf"\b(?P<num>an?|the)(?P<who>{MOD}\s+(?:child|boy|girl|man|woman|teen|teenager|victim|toddler|baby|infant|student|juvenile|"
    rf"(?:\d{{1,3}}|[a-z]+)-year-old))(?:,\s+(?:identified as\s+)?[^,.;]{{3,60}},)?\s+(?:(?:is|was|remains|remained)\s+(?:listed\s+)?(?P<what>in\s+(?:critical|serious|stable|fair|grave|good)"
    r"(?:\s+but\s+stable)?\s+condition|in\s+the\s+hospital)\b"
    # "A woman was taken to the hospital after an accidental shooting" (not "… where she died")
    rf"|(?:was|has been|had been)\s+(?P<what2>(?:taken|rushed|transported|airlifted|flown)\s+to\s+(?:[\w'’.-]+\s+){{0,4}}?hospital)\b"
    r"(?![^.;:]{0,100}?\b(?:died|dead|dies|pronounced|succumbed|passed away|did not survive|didn['’]t survive)\b))", re.I)
# headline grammar drops the auxiliary: "Man killed, boy injured in drive-by", "Boy, 3, wounded", "Iowa Girl Killed In
# Hunting Accident" (in a body sentence "a man killed two people" is active: headlines only)
HEADLINE_VICTIM = re.compile(
    r"(?:^|(?<=[:;,\u2013\u2014] )|(?<=[:;,\u2013\u2014])|(?<= - )|(?<=\band )|(?<=\bafter ))(?:(?:an?|the)\s+)?(?:[\w'-]+\s+){0,2}?"
    r"(?P<num>man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|student|mother|father|son|daughter|wife|husband|"
    r"brother|sister|grandmother|grandfather|officer|deputy|trooper|clerk|driver|victim|person|suspect|gunman|juvenile|hunter|"
    r"\d{1,3}[- ]year[- ]old)"
    rf"(?:,\s*\d{{1,3}},)?\s+(?:(?:accidentally|critically|seriously|badly)\s+)?(?P<what>shot(?:,| and) killed|shot\s+(?:[\w'’.-]+\s+){{1,5}}?(?:has\s+)?(?:dies|died)|shot (?:dead|to death)|fatally shot|killed|dead|dies|found dead|wounded|injured|hurt|shot{SHOT_AT_NOT_HIT}"
    # "Boy stable after accidental shooting", "Boy, 7, hospitalized after…", "16-year-old suffers accidental gunshot wound"
    r"|(?:stable|critical|hospitali[sz]ed)(?=\s+after\b)|suffers\s+(?:[\w-]+\s+){0,2}?gunshot wounds?)\b", re.I)
# a headline's fatal act on one person: "Boy, 6, Fatally Shoots Brother, 3", "4-year-old boy fatally shoots himself",
# "Boy accidentally shoots, kills himself"
HEADLINE_FATAL = re.compile(rf"\b(?:shoots(?:,| and)\s+)?(?P<what>kills|fatally shoots|fatally shot)\s+"
                            rf"(?P<num>himself|herself|self|(?:his|her|their)(?:{MOD})\s+{RELATIVE}|{RELATIVE}(?=,\s*\d{{1,3}},))", re.I)
# a headline's bare count of people hit: "Five Shot During Party", "4 shot at bar, SWAT standoff ends"
HEADLINE_SHOT = re.compile(rf"(?:^|(?<=[:;,\u2013\u2014] )|(?<= - ))(?:(?P<bound>{BOUND})\s+)?(?P<num>{DIGITS}|(?!(?:one|single|another)\b){NUM_WORD})\s+"
                           rf"(?P<what>shot(?!\s+(?:and\s+killed|dead|to\s+death|down)\b){SHOT_AT_NOT_HIT})\b", re.I)
# "he accidentally shot another teen, killing him": the one hit died
KILLING_THE_HIT = re.compile(r",\s+(?P<what>killing)\s+(?P<num>him|her|the (?:youth|boy|girl|man|woman|teen|teenager|child|toddler|infant|victim))\b(?!\s+and\b)", re.I)
# a person told as one: "the teen", "a man"
ONE_NOUN = r"(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|student|victim)"
# "A man who was shot in Mesa on Sunday has died": the one hit died since
HIT_WHO_DIED = re.compile(
    rf"\b(?P<num>an?|the)(?P<who>{MOD}\s+(?:{ONE_NOUN}|person|mother|father|"
    rf"(?:\d{{1,3}}|[a-z]+)-year-old))\s+who\s+(?:was|had been)\s+(?:\w+ly\s+)?(?:shot|wounded|injured|struck)\b"
    rf"{IN_CLAUSE}{{0,100}}?\s(?:(?:has|had)\s+)?(?:later\s+|since\s+)?(?P<what>died|dies|succumbed|passed away)\b", re.I)
# "The death of the teen was confirmed": one person dead
DEATH_OF_ONE = re.compile(rf"\b(?P<what>the (?:shooting )?death of)\s+(?P<num>the)(?P<who>{MOD}\s+{ONE_NOUN})\b", re.I)
SINGLE_VICTIM = (NAMED, ONE_VICTIM, SELF_LIMB, NAMED_OBJECT, HEADLINE_VICTIM, ONE_IN_CONDITION, ONE_TO_DEATH, FOUND_DEAD, KILLING_THE_HIT, DEATH_OF_ONE, HIT_WHO_DIED,
                 HEADLINE_FATAL)  # patterns whose match is one person, not a count
# "she and three others were shot": the named one besides the others
AND_OTHERS = re.compile(r"\b(?:he|she|(?<!\bin )(?<!\bon )(?<!\bat )(?<!\bnear )(?<!\bof )(?<!\bfrom )"
                        r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+)\s+and\s+$")  # not "on Sunday and"
OTHERS = re.compile(r"others\b", re.I)
OTHER_PEOPLE = re.compile(r"\bothers?\b", re.I)
NONE_KILLED = re.compile(r"\b(?:no (?:casualties|fatalities|deaths|injuries|one was (?:killed|hurt|injured))|nobody was (?:killed|hurt|injured)|no one was (?:killed|hurt|injured|harmed)|(?:no one|nobody) died|without casualties|no injuries or deaths|no reported casualties)\b", re.I)


CONDITIONAL = re.compile(r"\b(?:if|unless|should)\s+$", re.I)
NEARLY = re.compile(r"\b(?:nearly|almost)\s+$", re.I)
ILLNESS = re.compile(r"\s+(?:of|from)\s+(?:\w+\s+){0,2}?(?:cancer|illness|disease|natural causes|heart attack|stroke|overdose|old age)\b", re.I)

# "has died after she was shot", "was dead when he was found shot": the wound is the dead one's
DIED_AFTER = re.compile(r"\b(?:died|dies|dead|killed)\b[^.;:]{0,80}?\b(?:after|when)\b", re.I)


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
    where = text.find(wound, died.end()) if died else -1
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
# a nearer count in the gap of "N people … shot" ("one gunman after four people were shot") or a new clause's own
# subject ("two men were arguing when one of them shot the other"): the outcome is not the first count's
GAP_COUNT = re.compile(rf"(?<!including )(?<!among them )\b(?:{DIGITS}|{NUM_WORD}|an?)(?:{MOD})\s+{PEOPLE}\b|"
                       rf"\b(?:when|after|before|while|until|because)\b(?!\s+(?:they|being|both|all)\b)|"
                       # "Three dead, two wounded": a bare figure just before the outcome owns it
                       rf"[,;]\s*(?:{DIGITS}|{NUM_WORD})\s*$|"
                       # "two people are in custody in connection to a shooting which killed a girl": another noun's clause
                       rf"(?<=\w )(?:which|that)\s+(?!were\b|was\b|are\b|is\b|had\b|have\b)", re.I)


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


def find_casualties(text: str, headline: bool = False) -> Casualties:
    """The casualty figures of one clause; ``headline``: read it in headline grammar as well."""
    killed = wounded = missing = None
    group = None
    texts: list[str] = []
    first: int | None = None
    candidates = [(m, p) for p in (THEN_COUNT, BARE, RISEN, NAMED, SENT, BARE_VERB, ONE_VICTIM, SELF_LIMB, NAMED_OBJECT, BOTH, FATALLY, ONE_IN_CONDITION,
                                             ONE_TO_DEATH, NAMED_LIST, FOUND_DEAD, KILLING_THE_HIT, DEATH_OF_ONE, HIT_WHO_DIED, AMONG) for m in p.finditer(text)]
    candidates += [(m, COUNT_THEN) for m in _overlapping(COUNT_THEN, text)]
    if headline:
        candidates += [(m, p) for p in (HEADLINE_VICTIM, HEADLINE_SHOT, HEADLINE_FATAL) for m in p.finditer(text)]
    # where figures overlap, the one that starts first wins ("the death of 5 people and the injury of 13")
    candidates.sort(key=lambda mp: (mp[0].start(), -(mp[0].end() - mp[0].start())))
    hits: list[tuple[int, int, str, Count, str]] = []
    for m, pattern in candidates:
        if any(h[0] < m.end() and m.start() < h[1] for h in hits):
            continue
        what = m.groupdict().get("what") or m.groupdict().get("what2") or m.groupdict().get("what3") or ("killed" if pattern is RISEN or m.groupdict().get("died") else "")
        if _kind(what) == "killed":
            if m.groupdict().get("what") and NEARLY.search(text, 0, m.start("what")):
                what = "wounded"  # "A teen was nearly killed": hurt, not dead
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

        count = Count(1, m.group(0).strip()) if pattern in SINGLE_VICTIM else Count(len(NAME_IN_LIST.findall(m.group("num"))), m.group(0).strip()) if pattern is NAMED_LIST else _count(m)
        if pattern is ONE_TO_DEATH:
            what = "killed"
        named_too = AND_OTHERS.search(text[max(0, m.start() - 30):m.start()]) if OTHERS.match(who.strip()) else None
        if named_too and count.value is not None:
            # "she and three others": four, and the words say so
            count = Count(count.value + 1, f"{named_too.group(0)}{count.text}", count.bound)
        if pattern not in SINGLE_VICTIM and (TIME_AFTER.match(text, m.end("num")) or AGE_OR_TIMES.match(text, m.end("num"))):
            continue  # "was shot about 5:30 p.m.", "shot 19-year-old James", "shot two times": no count of people
        end = m.end()
        if more is not None and count.value is not None:
            more_end, extra = more
            if not (pattern is COUNT_THEN and more_end > m.end()):
                count = Count(count.value + extra, text[m.start():max(end, more_end)].strip(), count.bound)
                end = max(end, more_end)
        hits.append((m.start(), end, what, count, who))
    hits.sort()
    for start, _end, what, count, who in hits:
        kind = _kind(what)
        first = start if first is None else first
        texts.append(count.text)
        group = group or _group(who)
        if kind == "killed" and killed is None:
            killed = count
        elif kind == "wounded" and wounded is None:
            wounded = count
        elif kind == "wounded" and OTHER_PEOPLE.search(count.text) and wounded.value is not None and count.value is not None:
            # "two people are in critical condition, four others hurt": the others add to the first
            wounded = Count(wounded.value + count.value, f"{wounded.text} ... {count.text}", wounded.bound)
        elif kind == "missing" and missing is None:
            missing = count
        elif kind == "both" and killed is None:
            killed = Count(None, count.text, count.bound)
    fatal_share = next((c for _s, _e, what, c, _w in hits if what.lower() == "fatally"), None)
    shot = next((c for _s, _e, what, c, _w in hits if what.lower() in ("shot", "shooting")), None)
    if fatal_share is not None and shot is not None and wounded is shot and killed is fatal_share \
            and shot.value is not None and fatal_share.value is not None and shot.value > fatal_share.value:
        # "four were shot, one fatally": three wounded, one killed
        wounded = Count(shot.value - fatal_share.value, shot.text, shot.bound)
    elif (shot is not None and wounded is shot and killed is not None and shot.value and killed.value is not None
            and 0 < killed.value <= shot.value and text.find(killed.text) > text.find(shot.text) >= 0
            and not re.search(r"\bothers?\b|\bmore\b", shot.text, re.I)
            and not re.match(r"(?:he|she|the (?:gunman|suspect|shooter))\b", killed.text, re.I)):
        # "three men shot ... found a father and two sons dead", "five people were shot and two of them died": the
        # dead are among those shot
        wounded = Count(shot.value - killed.value, shot.text, shot.bound)
    if (killed is not None and killed.value == 1 and wounded is not None and wounded.value
            and re.match(r"(?:he|she)\s+and\s", wounded.text, re.I) and killed.text != wounded.text):
        # "A man died after he and four others were shot": he is the dead one, the four are the wounded
        wounded = Count(wounded.value - 1, wounded.text, wounded.bound)
    elif killed is not None and killed.value == 1 and wounded is not None and wounded.value == 1 and _hit_is_the_dead(text, killed, wounded):
        texts = [t for t in texts if t != wounded.text]
        wounded = None
    if killed is None and NONE_KILLED.search(text):
        m = NONE_KILLED.search(text)
        killed = Count(0, m.group(0))
        first = m.start() if first is None else first
        texts.append(m.group(0))
    return Casualties(killed, wounded, missing, group, " ... ".join(texts) or None, first)
