"""Event coding: ACLED event and sub-event types from a clause's triggers, means and targets.

Lexicons are ordered data, not code paths: an explosive-weapon cue decides the sub-event type by its
position (the first means named wins, as ACLED coders do); otherwise clash, violence against
civilians, arrests, property destruction, territory, protest and strategic cues are tried in turn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

I = re.I


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", I)


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str


EXPLOSIVE = "Explosions/Remote violence"
BATTLES = "Battles"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"

# explosive means: the first one the clause names decides
MEANS = [
    Cue("suicide", _rx(r"suicide (?:bomb\w*|attack\w*|vest|car bomb|bomber\w*)|blew (?:himself|herself|themselves) up"), EXPLOSIVE, "Suicide bomb"),
    Cue("chemical", _rx(r"chemical (?:weapons?|attack)|chlorine gas|sarin|toxic gas"), EXPLOSIVE, "Chemical weapon"),
    Cue("grenade", _rx(r"(?:hand[- ])?grenades?(?! launchers?)"), EXPLOSIVE, "Grenade"),
    Cue("air", _rx(
        r"air ?strikes?|airstrikes?|air[- ]raids?|air attacks?|aerial (?:attack|bombardment|strike|bombing)s?|war ?planes?|"
        r"fighter (?:jets?|planes?)|jets?|aircraft|helicopters?|gunships?|drones?|UAVs?|quadcopters?|FPV|kamikaze|Shaheds?|"
        r"Geran|Lancets?|loitering munitions?|bombs fell|dropped (?:a |an )?(?:bombs?|munitions?|explosives?|grenades?|missiles?)|"
        r"air cover|bombed|bombing|bombings|bombarded|bombardment|raids?|struck from the air|barrel bombs?|glide bombs?|KABs?|FABs?"
    ), EXPLOSIVE, "Air/drone strike"),
    Cue("shelling", _rx(
        r"shell(?:ed|ing|s)|artillery|mortars?|rockets?|missiles?|MLRS|multiple rocket|Grads?|Smerch|Uragan|Iskanders?|"
        r"Kalibrs?|Kh-\d+|S-300s?|HIMARS|tank (?:fire|shells?|rounds?)|projectiles?|howitzers?|cannons?|RPGs?|"
        r"rocket-propelled|(?<![\d.])(?:[4-9]\d|[1-9]\d\d)\s?(?:mm|MM)\b|Yassin[- ]?105|Tandem|TBG|anti-?tank (?:missile|rocket|shell)s?|Katyushas?|Qassam rockets?"
    ), EXPLOSIVE, "Shelling/artillery/missile attack"),
    Cue("ied", _rx(
        r"IEDs?|VBIEDs?|improvised explosive\w*|explosive devices?|roadside bombs?|land ?mines?|mines?|car bombs?|"
        r"booby[- ]trap\w*|detonat\w+|shrapnel devices?|explod\w+|explosions?|blasts?|bombs?|sound bombs?|"
        r"planted (?:a |an )?(?:bomb|explosive|device)\w*|remote(?:ly)?[- ]controlled"
    ), EXPLOSIVE, "Remote explosive/landmine/IED"),
]

DISRUPT = Cue("disrupt", _rx(
    r"(?:shot down|downed|intercepted|seized|confiscated|captured|took control of|taken control of|took over|defused|"
    r"dismantled|neutrali[sz]ed|jammed|suppressed|destroyed|recovered|found|discovered|cleared|removed|handed over)"
    r"(?:\s+\w+){0,4}?\s+(?:drones?|UAVs?|missiles?|rockets?|weapons?|ammunition|arms|IEDs?|explosives?|explosive devices?|mines?|"
    r"landmines?|rifles?|guns?|caches?|munitions?|bombs?|quadcopters?|grenades?|motorcycles?|vehicles? and weapons?)"
), STRATEGIC, "Disrupted weapons use")

OTHER_CUES = [
    Cue("sexual", _rx(r"rap(?:ed|e|ing)|sexual(?:ly)? (?:assault\w*|violence|abuse\w*)"), VAC, "Sexual violence"),
    Cue("abduction", _rx(r"abduct\w*|kidnap\w*|taken hostage|took (?:\w+ )?hostages?|forcibly disappeared"), VAC, "Abduction/forced disappearance"),
    Cue("clash", _rx(
        r"clash(?:ed|es|ing)?|fought|fighting(?! for (?:his|her|their|its|my|your|our) li(?:fe|ves))|fights|battles?|battled|gun ?battles?|fire ?fights?|shoot-?outs?|gun-?fights?|exchanged (?:gun)?fire|"
        r"exchange of (?:gun)?fire|ambush\w*|engag\w+ (?:in|with)|confrontations?|sniped|snip(?:er|ers|ing)|repelled|repulsed|"
        r"stormed|counter-?attack\w*|assault\w*|offensive|skirmish\w*|attack(?:ed|s)? (?:an? |the )?(?:military|army|police|security|government|\w+ )?(?:base|position|post|camp|checkpoint|convoy|forces|troops|soldiers|patrol|station)s?|"
        r"targeted (?:an? |the )?(?:\w+ ){0,2}(?:bulldozers?|tanks?|vehicles?|jeeps?|positions?|posts?|bases?|checkpoints?|forces|soldiers|troops|carriers?|Merkava)|"
        r"destruction of (?:\w+ ){0,3}(?:tanks?|vehicles?|bulldozers?|carriers?)|operations?, killing|mowed down|incursions?"
    ), BATTLES, "Armed clash"),
    Cue("attack", _rx(
        r"shot dead|shot and killed|gunned down|shot|shooting|shootings|gunfire|gunshots?|stray bullets?|(?:struck|hit) by (?:a |an )?bullets?|gunmen|gunman|open(?:ed|ing|s)? fire|(?:gun|weapon|rifle|pistol|shotgun|handgun|firearm)s? (?:(?:accidentally|unintentionally) )?(?:went|goes|going|had gone) off|(?:gun|weapon|rifle|pistol|shotgun|handgun|firearm)s? (?:(?:accidentally|unintentionally) )?(?:discharged|fired)\b|(?:accidentally )?(?:discharged|fired) (?:a |an |his |her |the |their )?(?:gun|weapon|firearm|rifle|pistol|shotgun|handgun)|shots (?:were |was |had been |have been )?fired|fired (?:\w+ )?shots|fired (?:at|on|towards|upon)|"
        r"heavy firing|stabb\w+|knif\w+|beheaded|executed|execution|massacre\w*|lynch\w*|beat(?:en)? to death|beat(?:ing)?|"
        r"tortur\w+|assassinat\w+|attack(?:ed|s|ing)?|raided|targeted|killed|killing|(?<!the )slain|murder\w*|hacked"
    ), VAC, "Attack"),
    Cue("arrests", _rx(r"arrest\w*|detain\w*|rounded up|apprehend\w*|(?:took|taken) into custody|detention campaign"), STRATEGIC, "Arrests"),
    Cue("property", _rx(
        r"destroy\w*|demolish\w*|demolition\w*|bulldoz\w+|razed|razing|set (?:fire|ablaze) to|set (?:\w+ ){1,3}ablaze|"
        r"burn(?:ed|t|ing)? (?:down )?|torched|loot\w*|plunder\w*|vandali\w+|ransack\w*|controlled explosions?|"
        r"blew up (?:\w+ ){0,2}(?:houses?|homes?|buildings?|blocks?)|detonated (?:\w+ ){0,2}(?:houses?|homes?|buildings?|blocks?)|"
        r"damag\w+|confiscat\w+|seized (?:land|property|homes?|houses?)"
    ), STRATEGIC, "Looting/property destruction"),
    Cue("withdrawal", _rx(
        r"withdr[ae]w\w*|withdrawal|retreat\w*|pulled out|pull(?:ed|ing)? back|evacuated (?:\w+ ){0,6}(?:forces|troops|soldiers)|"
        r"handed over (?:\w+ ){0,2}(?:control|positions?|bases?|town|city|area)"
    ), STRATEGIC, "Non-violent transfer of territory"),
    Cue("territory", _rx(
        r"captured|recaptured|retook|retaken|regained (?:control )?|seized control|took (?:full )?control|took over|overran|"
        r"liberated|gained control|took back"
    ), BATTLES, "Territory"),
    Cue("riot", _rx(r"riot\w*|violent (?:demonstration|protest)s?|mob|threw stones|stone-throwing|pelted|looters"), RIOTS, "Violent demonstration"),
    Cue("protest", _rx(r"protest\w*|demonstrat(?:ion|ions|ors)|rall(?:y|ies|ied)|marched|sit-ins?|vigils?|strikers?"), PROTESTS, "Peaceful protest"),
    Cue("agreement", _rx(
        r"agreements?|agreed to|signed (?:a |an )?(?:deal|accord|agreement|truce)|peace deal|reconcil\w+|truce|ceasefire deal|"
        r"prisoner exchange|exchanged prisoners|released (?:\w+ ){0,3}(?:prisoners|hostages|detainees|captives)|negotiat\w+ (?:the )?release"
    ), STRATEGIC, "Agreement"),
    Cue("base", _rx(r"established (?:a |an )?(?:new )?(?:military )?(?:base|headquarters|camp|post|outpost)|set up (?:a |an )?(?:base|headquarters|outpost)"), STRATEGIC, "Headquarters or base established"),
    Cue("activity", _rx(
        r"sighted|spotted|were seen|was seen|mobili[sz]\w+|deploy\w*|reinforc\w+|convoys?|moved (?:into|to|towards|through)|"
        r"relocat\w+|amass\w*|recruit\w*|trained|training|paraded|patroll?\w*|set up (?:a |an )?checkpoints?|"
        r"established (?:a |an )?checkpoints?|movement of forces|defect\w*|surrender\w*|curfew|imposed|collected (?:zakat|taxes)|"
        r"extorted|forced recruitment|entered"
    ), STRATEGIC, "Change to group/activity"),
]
CASUALTY_ONLY = _rx(r"killed|died|dead|death|deaths|wounded|injured|martyred|slain|casualties|fatalities")
# every pattern code_clause can code a clause by, and the casualty words: what the pre-filters scan for
CUE_PATTERNS = [c.pattern.pattern for c in MEANS + OTHER_CUES + [DISRUPT]] + [CASUALTY_ONLY.pattern]

CIVILIAN_TARGET = re.compile(r"\b(?:civilians?|residents?|people|villagers?|farmers?|children|women|families|family|homes?|houses?|displaced|worshippers|students|journalists|paramedics|passers-by|shoppers|passengers|protesters|IDPs|pedestrians|tents?|shelters?|hospitals?|schools?|clinics?)\b", I)
MILITARY_TARGET = re.compile(r"\b(?:soldiers?|troops?|forces|army|military|positions?|posts?|bases?|tanks?|vehicles?|bulldozers?|checkpoints?|fighters?|militants?|militia|police|officers?|convoys?|Merkava|jeeps?|carriers?|SNA|FARDC|KIA|PDF|RSF|SAF|Shabaab|DPR|LPR|Hamas|Qassam|Brigades)\b", I)
PROPERTY_OBJECT = re.compile(r"\b(?:hide-?outs?|houses?|homes?|buildings?|blocks?|clinics?|schools?|hospitals?|mosques?|churches|shops?|stores?|markets?|crops?|lands?|farms?|infrastructure|roads?|wells?|tents?|property|properties|residential|apartments?|structures?|facilities|neighbourhood|neighborhood|village|towers?)\b", I)
SMALL_ARMS = _rx(r"small arms|(?:medium and )?light (?:weapons|arms)|(?:heavy |large-calibre |large-caliber )?machine[- ]?guns?|automatic (?:weapons|rifles?)|assault rifles?|sniper (?:rifles?|fire)")
# direct-fire anti-armour weapons: used at close range on troops and vehicles, so a ground engagement
DIRECT_FIRE = re.compile(r"RPGs?|rocket-propelled|anti-?tank|Yassin|TBG|Tandem", I)
SUPPORTED_CLASH = re.compile(r"\b(?:clash(?:ed|es)?|fought|battled|exchanged fire|gun ?battles?)\b.{0,80}?\b(?:supported|backed|covered) by\b|\b(?:supported|backed|covered) by (?:\w+ ){0,3}(?:artillery|mortars?|tanks?)\b.{0,40}?\bclash(?:ed|es)?\b", I)
# "…, police said": the force named after an attack speaks about it; it is not its target
SPEAKING = re.compile(r"\s+(?:have |had )?(?:said|say|says|told|tell|reported|report|believe|believed|suspect|suspected|spokes\w+|stated|confirmed)\b", I)
NON_EVENT_ADJ = re.compile(r"(?:\b(?:the|their|its|his|her|a|an|of|with|amid|those|whose)\s+)$", I)
# "after the withdrawal", "this retreat": a reference back to an act already reported, not a new one
BACK_REFERENCE = re.compile(r"\b(?:after|following|before|since|during|amid|despite|of|the|this|that|these|those|such)\s+(?:\w+\s+)?$", I)
REFERRING_CUES = {"withdrawal", "property", "activity", "territory", "agreement"}


@dataclass(frozen=True)
class Coding:
    event_type: str
    sub_event_type: str
    trigger_start: int
    trigger_end: int
    cue: str


# a craft that carries the wounded or watches from above: "taken by Life Flight helicopter", "a State Police helicopter
# overflew the area" (a gunship or a drone strike names its act; these name none)
NO_STRIKE_CRAFT = re.compile(r"\b(?:medical|life ?flight|air ambulance|ambulance|rescue|medevac|trauma|news|police|sheriff'?s?|"
                             r"patrol|coast guard|(?:taken|flown|airlifted|transported|rushed|carried|evacuated)\s+(?:\w+\s+){0,4}?"
                             r"(?:by|via|in|on|aboard)(?:\s+(?:an?|the))?(?:\s+[\w-]+){0,2})\s+$", re.I)
CRAFT = re.compile(r"helicopters?|aircraft|planes?|jets?", re.I)


def _first(cue: Cue, text: str, skip_adjectival: bool = False) -> re.Match[str] | None:
    for m in cue.pattern.finditer(text):
        if cue.name == "air" and CRAFT.fullmatch(m.group()) and NO_STRIKE_CRAFT.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        if cue.name in REFERRING_CUES and not m.group().lower().endswith(("ed", "ew")) and BACK_REFERENCE.search(text[max(0, m.start() - 25) : m.start()]):
            continue
        if (skip_adjectival and NON_EVENT_ADJ.search(text[max(0, m.start() - 12) : m.start()]) and m.group().lower().endswith("ed")
                and " " not in m.group()):  # a phrase ("a gun accidentally discharged") is no adjective
            continue  # "their destroyed vehicles": an adjective, not an act
        return m
    return None


def code_clause(text: str, actor_is_state: bool) -> Coding | None:
    """The ACLED type of one clause, or None when it reports no event."""
    m = _first(DISRUPT, text)
    if m:
        return Coding(DISRUPT.event_type, DISRUPT.sub_event_type, m.start(), m.end(), DISRUPT.name)
    hits = []
    for cue in MEANS:
        m = _first(cue, text)
        if m:
            hits.append((m.start(), cue, m))
    if hits and all(h[1].name == "ied" and re.match(r"explo|blew|detonat|blast", h[2].group(), I) for h in hits):
        # houses blown up in "controlled explosions" are destroyed property, not a planted bomb
        if re.search(r"controlled explosion|blew up (?:\w+ ){0,2}(?:houses?|homes?|buildings?)|detonated (?:\w+ ){0,2}(?:houses?|homes?|buildings?)|(?:destroy|demolish)\w* (?:\w+ ){0,3}(?:houses?|homes?|buildings?|blocks?)", text, I):
            return Coding(STRATEGIC, "Looting/property destruction", hits[0][0], hits[0][2].end(), "property")
    if hits:
        hits.sort(key=lambda h: h[0])
        _, cue, m = hits[0]
        if cue.name in ("shelling", "grenade") and (SMALL_ARMS.search(text) or SUPPORTED_CLASH.search(text) or DIRECT_FIRE.match(m.group())):
            # an exchange with small arms, or a clash "supported by artillery", is a battle (ACLED's rule)
            return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
        word = m.group().lower()
        if cue.name == "air" and word.startswith(("bomb", "raid")) and not actor_is_state:
            # a bombing by a non-state actor is a planted bomb; a raid by one is a ground attack
            if word.startswith("bomb"):
                cue = MEANS[4]
            else:
                return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
        if cue.name == "air" and word == "air cover":
            hits = hits[1:]
            if not hits:
                return _other(text, actor_is_state)
            _, cue, m = hits[0]
        if cue.name == "ied" and word.startswith(("explo", "blast")):
            # "an explosion" after an air strike or shelling named later is that strike's
            later = [h for h in hits[1:] if h[1].name in ("air", "shelling")]
            if later:
                _, cue, m = later[0]
        return Coding(cue.event_type, cue.sub_event_type, m.start(), m.end(), cue.name)
    return _other(text, actor_is_state)


def _other(text: str, actor_is_state: bool) -> Coding | None:
    for cue in OTHER_CUES:
        m = _first(cue, text, skip_adjectival=cue.name in ("property", "clash", "attack", "arrests"))
        if not m:
            continue
        after = text[m.end() : m.end() + 80]
        if cue.name == "property" and not re.match(r"loot|plunder|ransack|vandal|pillag", m.group(), I):
            if not PROPERTY_OBJECT.search(after) and not PROPERTY_OBJECT.search(text[max(0, m.start() - 60) : m.start()]):
                if MILITARY_TARGET.search(after):
                    return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
                continue
        if cue.name == "territory":
            if re.match(r"\s+(?:\w+\s+){0,3}(?:drones?|weapons?|ammunition|vehicles?|tanks?)", after, I):
                return Coding(STRATEGIC, "Disrupted weapons use", m.start(), m.end(), "disrupt")
            sub = "Government regains territory" if actor_is_state else "Non-state actor overtakes territory"
            return Coding(BATTLES, sub, m.start(), m.end(), cue.name)
        if cue.name == "attack":
            word = m.group().lower()
            window = text[max(0, m.start() - 80) : m.end() + 80]
            if any(not SPEAKING.match(after, t.end()) for t in MILITARY_TARGET.finditer(after[:60])) and not CIVILIAN_TARGET.search(after[:40]):
                return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
            if word in ("targeted", "attack", "attacked", "attacks", "attacking", "raided") and not CIVILIAN_TARGET.search(window):
                if actor_is_state:
                    return Coding(EXPLOSIVE, "Air/drone strike", m.start(), m.end(), "air")
                return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
            if word in ("killed", "killing") and MILITARY_TARGET.search(window) and not CIVILIAN_TARGET.search(window):
                return Coding(BATTLES, "Armed clash", m.start(), m.end(), "clash")
        if cue.name == "protest" and re.search(r"tear ?gas|rubber bullets|dispers\w+|water cannon|arrested (?:\w+ ){0,2}protesters|beat", text, I):
            return Coding(PROTESTS, "Protest with intervention", m.start(), m.end(), cue.name)
        if cue.name == "activity" and m.group().lower() == "entered" and not actor_is_state:
            continue
        return Coding(cue.event_type, cue.sub_event_type, m.start(), m.end(), cue.name)
    return None


WEAPONS = [
    (re.compile(r"\b(?:shrapnel|explosive|improvised explosive) devices?|IEDs?|roadside bombs?|landmines?|land mines?|car bombs?\b", I), "explosive device"),
    (re.compile(r"\bYassin[- ]?105(?: shells?)?|\b(?:TBG|Tandem) shells?|anti-?tank (?:missiles?|rockets?|shells?)|RPGs?(?: launchers?)?|rocket-propelled grenades?", I), "anti-tank weapon"),
    (re.compile(r"\b(?:anti[- ]personnel )?missiles? from (?:a|an) drones?|drone-dropped \w+|dropped (?:a |an )?\w+ from (?:a|an) drones?", I), "drone-dropped munition"),
    (re.compile(r"\b(?:FPV[- ])?(?:kamikaze )?drones?|UAVs?|quadcopters?|Shaheds?", I), "drone"),
    (re.compile(r"\b(?:short-range |long-range )?rockets?|Grads?|MLRS|Katyushas?", I), "rocket"),
    (re.compile(r"\b(?:ballistic |cruise |guided )?missiles?|Iskanders?|Kalibrs?|Kh-\d+|S-300s?", I), "missile"),
    (re.compile(r"\b(?:\d+\s?mm )?mortars?(?: shells?| rounds?)?|(?<![\d.])(?:[4-9]\d|[1-9]\d\d)\s?mm\b", I), "mortar"),  # not 9mm or 7.62mm: small arms
    (re.compile(r"\bartillery(?: shells?| fire)?|tank shells?|howitzers?", I), "artillery"),
    (re.compile(r"\b(?:hand )?grenades?", I), "grenade"),
    (re.compile(r"\b(?:glide |barrel |aerial )?bombs?|airstrikes?|air strikes?|warplanes?", I), "air-dropped munition"),
    (re.compile(r"\b(?:gunfire|rifles?|guns?|firearms?|bullets|live ammunition|machine ?guns?|AK-47s?|sniper fire)\b", I), "firearm"),
    (re.compile(r"\bknives|knife|machetes?\b", I), "blade"),
]


def find_weapon(text: str) -> tuple[str, str] | None:
    best = None
    for pattern, kind in WEAPONS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(), kind)
    return (best[1], best[2]) if best else None
