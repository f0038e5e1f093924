"""Removes personal data from survivor free text, replacing each item with a typed placeholder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACEHOLDER_KINDS = (
    "NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "DATE",
    "VEHICLE", "REFERENCE", "NI_NUMBER", "LINK",
)
_EXISTING_PLACEHOLDER = re.compile(r"\[(?:%s)\]|\[REDACTION FAILED\]" % "|".join(PLACEHOLDER_KINDS))
_DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class PersonalDataSpan:
    start: int
    end: int
    kind: str


# ---------------------------------------------------------------- word lists

@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    lines = (_DATA_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Gazetteer entries that are far more often something else in survivors' writing.
_NOT_NAMES = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
nan ma pa love christian german irish france america india china paris santa jesus valentine
vi fe ta ed le un my in an so see many man son miss ok ha na yu yen
""".split())
# Towns and counties the gazetteer also lists as first names: alone, they are places ("from Leeds
# to Bradford"); after a title they are still surnames ("DC Harlow").
_PLACES = frozenset("""
bradford chester lincoln preston kendal carlisle durham derby warwick bedford crawley hastings
harlow ely bury luton dudley winchester salisbury lancaster clifton sutton barnet brent camden
hackney bristol london brighton paisley stirling york wells kent devon essex cornwall dover
""".split())

# Names that the tagger's lexicon also lists in lower case, but which in this text are names.
_NAMES_ALTHOUGH_IN_LEXICON = frozenset("""
charlotte john harry lucy william peter chris tony victor maria justin dustin derrick graham
matt lily eva sally donna heather terry jasmine hugh louis maya sana ken len hank bobby
sonny ebony lacey kisha mei wei alia alma angelica amber daisy ivy hazel ruby jade poppy
willy santos warren dean
""".split())
# ("teddy" is not among them: in these comments it is the bear a child was given.)

# Spellings the American lexicon lacks: contractions typed without apostrophes and British words.
_COMMON_EXTRA = frozenset("""
dont didnt wasnt isnt cant wont couldnt wouldnt shouldnt hadnt havent hasnt doesnt arent werent
im ive id youre theyre thats whats hes shes lets ill yeah yes no ok okay tbh mum mam nan gran
realised apologised organised sorted rang telly mate proper bloody knackered gonna wanna
colour behaviour neighbour favour honour centre programme towards whilst amongst
""".split())


@lru_cache(maxsize=1)
def _common_word_tags() -> dict[str, frozenset[str]]:
    """Lower-case English words and their part-of-speech tags, from TextBlob's shipped tagger
    lexicon (no download needed)."""
    # Found without importing textblob, which imports NLTK: seconds the redactor does not need.
    from importlib.util import find_spec

    path = Path(find_spec("textblob").origin).parent / "en" / "en-lexicon.txt"
    tags: dict[str, frozenset[str]] = {word: frozenset({"XX"}) for word in _COMMON_EXTRA}
    with open(path, encoding="utf-8") as lexicon:
        for line in lexicon:
            if line.startswith(";;;"):
                continue
            word, *word_tags = line.split()
            if word.islower() and word not in _NAMES_ALTHOUGH_IN_LEXICON:
                tags[word] = frozenset(word_tags) | tags.get(word, frozenset())
    return tags


def _common_words() -> dict[str, frozenset[str]]:
    return _common_word_tags()


# A lower-case word after a title is a surname unless it can be something other than a singular
# noun: "officer said", "pc on the phone", "officer drives past", but "officer mcdonald", "mrs khan".
_NOUN_TAGS = frozenset({"NN", "NNP", "NNPS", "FW"})
# Lower-case words after a kin word that describe rather than name: "key worker long enough".
_NOT_NAMING_TAGS = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "IN", "DT", "CC", "PRP", "PRP$", "MD"})


def _could_be_surname(word_lower: str) -> bool:
    tags = _common_words().get(word_lower)
    return tags is None or tags <= _NOUN_TAGS


def _is_first_name(word_lower: str) -> bool:
    names = _first_names()
    if word_lower in _NOT_NAMES or word_lower in _PLACES:
        return False
    if word_lower in names:
        return True
    head = word_lower.split("-", 1)[0]
    return head != word_lower and head in names and head not in _NOT_NAMES


def _is_common(word_lower: str) -> bool:
    return word_lower in _common_words()


# ---------------------------------------------------------------- structured patterns

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org\.uk|org|net|uk|io|me|ly|info)(?:/[^\s<>\"]*)?(?![\w.])",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]*[A-Za-z0-9_]|(?<![\w@.])[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+(?![\w@])")
# Inward codes never use C, I, K, M, O or V, which keeps "4pm" and "2am" out.
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
# QQ is the prefix of specimen numbers; it is still someone's number when it appears.
_NI_NUMBER = re.compile(r"\b[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b", re.IGNORECASE)
_VEHICLE = re.compile(
    r"\b[A-Za-z]{2}\d{2}[ \t]?[A-Za-z]{3}\b"    # current format: AB12 CDE
    r"|\b[A-Z]\d{1,3}[ \t]?[A-Z]{3}\b"          # prefix format: A123 BCD
    r"|\b[A-Z]{3}[ \t]?\d{1,3}[A-Z]\b"          # suffix format: ABC 123D
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"
    rf"|\b{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}\.?,?[ \t]+(?:19|20)\d{{2}}\b"
    rf"|\b{_MONTH}\.?[ \t]+{_DAY},?[ \t]+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
_MONTH_NAME = (
    r"(?:january|february|march|april|may|june|july|august|september|sept|october|november|december)"
)
# A day and a month without a year is still someone's birthday or the date of what happened to
# her: "21st September", "the 3rd of June", "September 21st", "14 February". Without an ordinal,
# May and March are too often ordinary words ("2 may be", "4 march").
# Short forms count too ("3rd jan", "19 Sept"); a capitalised March or May after a bare day is the
# month ("On 2 March").
# The full stop of a short form ("3rd Jan."), not a sentence's after a whole month ("9th of June.").
_SHORT_MONTH_DOT = r"(?:(?:(?<=\b[a-z]{3})(?<!may)|(?<=\bsept))\.)?"
_DAY_MONTH_DATE = re.compile(
    # a list of days of one month too: "the 2nd, 5th and 9th of June"
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)(?:,[ \t]*|,?[ \t]+(?:and|&|or)[ \t]+))*"
    rf"\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?:of[ \t]+)?{_MONTH}\b{_SHORT_MONTH_DOT}"
    r"|\b\d{1,2}[ \t]+(?:of[ \t]+)?(?:january|february|april|june|july|august|september|sept|october"
    r"|november|december|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec)\b" + _SHORT_MONTH_DOT +
    r"|\b\d{1,2}[ \t]+(?-i:March|May)\b"
    rf"|\b{_MONTH}\.?[ \t]+(?:the[ \t]+)?\d{{1,2}}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
# A day and a month in figures without a year ("on 12/03"): after a word that introduces a date, or
# written with a leading zero. Ratings ("10/10") and "24/7" have neither.
_SHORT_NUMERIC_DATE = re.compile(
    r"\b(?:on|since|from|until|till|by|dated|logged|before|after|reported|rang|called)[ \t]+(?:the[ \t]+)?"
    r"((?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?![/\d])"
    r"|(?<![\d/.])((?:0[1-9]|[12]\d|3[01])/(?:0[1-9])|0[1-9]/(?:1[0-2]))(?![/\d])",
    re.IGNORECASE,
)
_BIRTH_CUE_DATE = re.compile(
    rf"\b(?:born(?:[ \t]+on)?|d\.?o\.?b\.?|date[ \t]+of[ \t]+birth|birthday)[:\s]+"
    rf"(?:is[ \t]+|was[ \t]+)?(?:on[ \t]+|in[ \t]+)?(?:the[ \t]+)?({_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}|{_MONTH}[ \t]+{_DAY}|\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?|(?:19|20)\d{{2}}\b)",
    re.IGNORECASE,
)
_REFERENCE_CUE = re.compile(
    r"\b(?:crime|incident|reference|ref|log|cad|case|occurrence|urn|crn|report|collar|badge|shoulder|warrant)"
    r"(?:[ \t]+(?:number|no|num|ref|reference|log))?\.?[ \t]*(?:is|was)?[:#\s.]*"
    r"((?=[A-Za-z0-9/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]*[A-Za-z0-9]"
    rf"(?:[ \t]+of[ \t]+(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH}\b))?)",
    re.IGNORECASE,
)
# "CAD 6612/09NOV": a dispatch log's number is written after its system's name, which is part of it.
_PART_OF_REFERENCE = re.compile(r"cad[ \t]+$", re.IGNORECASE)


def _reference_spans(text: str) -> list[PersonalDataSpan]:
    spans = []
    for match in _REFERENCE_CUE.finditer(text):
        start = match.start(1)
        before = _PART_OF_REFERENCE.search(text, match.start(), start)
        spans.append(PersonalDataSpan(before.start() if before else start, match.end(1), "REFERENCE"))
    return spans


_REFERENCE_SHAPE = re.compile(
    r"\b\d{2}/\d{4,9}/\d{2}\b"                   # force crime numbers: 20/118734/24
    r"|\b[A-Z]{2,4}(?:[/-]\d+){1,3}\b"           # MPS-2398471, CR/2023/004417
    r"|(?<![\w+])\d{6,}(?![\w])"                 # long bare numbers that are not phones
    r"|(?<![\w/-])(?=(?:-?\d){9})\d{2,6}(?:-\d{2,6}){2,}(?![\w/-])"  # 2311-0457-24: 9 digits or more
)
# What a street's name ends in. The short forms are not looked for without a house number (St
# and Dr are also titles), and some words are streets only when capitalised ("2 food bank
# parcels" is not one).
_STREET_NAMES = (
    "road street avenue lane close drive way crescent grove place court gardens terrace walk hill rise row "
    "square mews park green view parade croft fold wharf yard gate vale boulevard"
).split()
_STREET_SHORT_FORMS = "rd st ave ln dr cres pl ct gdns sq".split()
_CAPITALISED_STREET_NAMES = ["Bank", "Chase", "Meadows"]
_STREET_SUFFIX = (
    rf"(?:{'|'.join(_STREET_NAMES + _STREET_SHORT_FORMS)}|(?-i:{'|'.join(_CAPITALISED_STREET_NAMES)}))"
)
_STREET_WORD = r"(?:[A-Z][A-Za-z'’-]+|[a-z][a-z'’-]+)"
_BUILDING = r"(?:[A-Z][A-Za-z'’-]+[ \t]+(?:house|court|lodge|mansions|tower|point|heights|buildings))"
# A house number and its street: "14 Carlton Road", "23 queensway".
_NUMBER_AND_STREET = (
    rf"\b\d{{1,4}}[a-z]?,?[ \t]+(?:(?:{_STREET_WORD}[ \t]+){{1,3}}{_STREET_SUFFIX}|[A-Za-z]{{3,}}way)\b"
)
_ADDRESS = re.compile(
    rf"(?:\b(?:flat|apartment|apt|unit)[ \t]*\d+[a-z]?,?[ \t]+)?"
    rf"(?:{_BUILDING},?[ \t]+)?"
    + _NUMBER_AND_STREET
    + rf"|\b(?:flat|apartment|apt|unit)[ \t]*\d+[a-z]?,?[ \t]+{_BUILDING},?[ \t]+(?:{_STREET_WORD}[ \t]+){{0,2}}{_STREET_SUFFIX}\b",
    re.IGNORECASE,
)
# A flat in a named building, with no street after it: "Flat 6, Orchard House".
_FLAT_IN_BUILDING = re.compile(rf"\b(?:flat|apartment|apt|unit)[ \t]*\d+[a-z]?,?[ \t]+{_BUILDING}\b", re.IGNORECASE)
# Words that may not stand inside a street name: "2 hours on the way" is not an address.
_NOT_STREET_WORDS = frozenset("""
the a an on in at of to for and or but with by from is was be it me my he she we they you i
hours hour minutes minute mins days day weeks week months month years year times time
miles mile people officers kids children women men bed beds
""".split())

# Non-personal phrases that contain name-like words; never redacted.
_KEEP_PHRASES = re.compile(
    r"\b(?:(?:Clare|Claire|Sarah)['’]?s[ \t]+Law|Women['’]?s[ \t]+Aid|Victim[ \t]+Support"
    r"|The[ \t]+Haven|Citizens[ \t]+Advice|West[ \t]+Midlands[ \t]+Police"
    r"|Freedom[ \t]+Programme|Safe[ \t]?Lives|non-mol(?:estation)?"
    r"|Karma[ \t]+Nirvana|Suzy[ \t]+Lamplugh(?:[ \t]+Trust)?|Hollie[ \t]+Guard|Helen['’]?s[ \t]+Law"
    r"|Southall[ \t]+Black[ \t]+Sisters|Rape[ \t]+Crisis|Galop|Hestia|Solace|Imkaan"
    r"|Samaritans|NSPCC|Barnardo['’]?s|Shelter|Live[ \t]+Fear[ \t]+Free|Bright[ \t]+Sky"
    r"|Surviving[ \t]+Economic[ \t]+Abuse|Men['’]?s[ \t]+Advice[ \t]+Line|Police[ \t]+Scotland"
    r"|Crown[ \t]+Prosecution[ \t]+Service|Victim[ \t]+Care|(?:Family|Crown|County|Youth|Coroner['’]?s)[ \t]+Court"
    r"|Magistrates['’]?)\b",
    re.IGNORECASE,
)
# A police force by its area: "Greater Manchester Police", "Dyfed-Powys Police". Tried only on
# text that says Police or Constabulary.
_POLICE_FORCE = re.compile(r"\b(?:[A-Z][a-z]+[ \t-]){1,3}(?:Police|Constabulary)\b")


def _kept_phrases(text: str) -> list[tuple[int, int]]:
    kept = [m.span() for m in _KEEP_PHRASES.finditer(text)]
    if "Police" in text or "Constabulary" in text:
        kept += [m.span() for m in _POLICE_FORCE.finditer(text)]
    return kept

# ---------------------------------------------------------------- phones

_DIGIT_RUN = re.compile(r"(?<![\w/.:])(?:\+[ \t]?)?\(?\d[\d \t()-]*\d(?![\w/])")
_DIGIT_GROUP = re.compile(r"\+?\(?\d+\)?")
# Freephone, non-geographic and premium numbers belong to organisations (helplines), not people.
_ORGANISATION_PREFIXES = ("080", "03", "084", "087", "09", "0500")


def _normalise_phone_digits(raw: str) -> str:
    compact = re.sub(r"\(0\)", "", raw)
    digits = re.sub(r"\D", "", compact)
    if compact.lstrip().startswith("+") and digits.startswith("44"):
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    return digits


def _is_uk_phone(digits: str) -> bool:
    return digits.startswith("0") and (
        len(digits) == 11 or (len(digits) == 10 and digits.startswith("01"))
    )


def _phone_spans(text: str) -> list[PersonalDataSpan]:
    spans = []
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_DIGIT_GROUP.finditer(run.group()))
        index = 0
        while index < len(groups):
            found = False
            # Grow a window of groups from here until it forms a UK number or is too long.
            for last in range(index, len(groups)):
                start = run.start() + groups[index].start()
                end = run.start() + groups[last].end()
                digits = _normalise_phone_digits(text[start:end])
                if len(digits) > 11:
                    break
                if _is_uk_phone(digits):
                    if not digits.startswith(_ORGANISATION_PREFIXES):
                        spans.append(PersonalDataSpan(start, end, "PHONE"))
                    index = last + 1
                    found = True
                    break
            if not found:
                index += 1
    return spans


# ---------------------------------------------------------------- names

# Letters of any alphabet: "Dąbrowska" and "Zoë" are one word each. Most comments are ASCII,
# where the narrower pattern finds the same words faster.
_WORD = re.compile(r"\[NAME\]|[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]|[^\W\d_]")
_ASCII_WORD = re.compile(r"\[NAME\]|[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_TITLES = frozenset(
    "pc dc ds di dci dsu dcs pcso ps sgt sergeant officer inspector insp detective det constable "
    "supt superintendent judge cllr councillor prof dr mr mrs ms mx".split()
)
_WORD_TITLES = frozenset("sergeant officer inspector detective constable superintendent judge councillor".split())
_CAPITALISED_ONLY_TITLES = frozenset({"miss"})
# "I'd", "she'll", "we've", "don't": never a name, whatever the dictionary says.
_CONTRACTION = re.compile(r"['’](?:d|ll|ve|re|m|t)$", re.IGNORECASE)
_COLLAR_TITLES = frozenset("pc pcso ps sgt dc ds".split())
_COURTESY_TITLES = frozenset("mr mrs ms mx dr".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_KIN = frozenset(
    "son sons daughter daughters boy boys girl girls baby eldest youngest child children kids "
    "brother sister ex partner husband wife boyfriend girlfriend friend worker idva advocate "
    "counsellor stepson stepdaughter grandson granddaughter nephew niece cousin".split()
)
_NAME_INTRODUCERS = frozenset("called named is are was".split())
# Words before "called" that make it name someone ("a lady called Ioana", not "I called Refuge").
_CALLED_AFTER = frozenset(
    "is was lady woman man officer worker girl boy one someone guy bloke person she he".split()
)
# Roles that, after "my", "our" or "the", say the word before them is a name ("Jola, my key
# worker", "Halimo the night worker").
_ROLES = frozenset("worker keyworker caseworker idva advocate counsellor officer solicitor".split())
_MODALS = frozenset("will may can might must shall should would could".split())
# "ask for Farida", "speak to Gosia", "thank you Nadifa": who she asks for or thanks is a person.
_ASK_FOR = frozenset({("ask", "for"), ("asked", "for"), ("asking", "for"), ("speak", "to"), ("spoke", "to"),
                      ("talk", "to"), ("talked", "to"), ("speaking", "to"), ("thank", "you")})
# Languages she may ask for ("I asked for Portuguese"): never a name after "ask for".
_LANGUAGES = frozenset(
    "english welsh polish portuguese romanian urdu punjabi bengali bangla hindi gujarati tamil arabic "
    "somali tigrinya amharic farsi persian dari pashto kurdish turkish albanian lithuanian latvian "
    "slovak czech hungarian bulgarian russian ukrainian french spanish italian mandarin cantonese "
    "vietnamese tagalog swahili yoruba igbo twi sylheti mirpuri bsl makaton".split()
)
# What a person does, after a first name that is also a word: "Grace sat with me", "Hope and the".
_DOINGS = frozenset(
    "sat said told helped listened stayed came rang called phoned texted explained took drove hugged "
    "believed supported checked".split()
)
_NEVER_SURNAME = frozenset(
    "i and or but the a police station court refuge council street road kind sort time today "
    "tonight yesterday lady man woman person people guy bloke team thing number car van phone "
    "call shift unit office desk women men ladies victims mums kids children thank thanks please sorry".split()
) | _NOT_NAMES


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _verb_like(word_lower: str) -> bool:
    """"emailed", "Texted", "ringing": a verb the dictionary lacks, unless the gazetteer knows the
    word as a name (Ahmed, Saeed)."""
    return len(word_lower) > 4 and word_lower.endswith(("ed", "ing")) and not _is_first_name(word_lower)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


def _starts_sentence(text: str, index: int) -> bool:
    cursor = index - 1
    while cursor >= 0 and text[cursor] in " \t\"'“‘(":
        cursor -= 1
    return cursor < 0 or text[cursor] in ".!?\n:;-–"


def _variant(word: str, name: str) -> bool:
    """Whether two lower-case words read as spellings or short forms of one name: they share a
    start of three letters or more that leaves at most two letters of the shorter ("suni" and
    "sunita", "nikita" and "nikitha"), and differ in length by three at most."""
    if word == name or abs(len(word) - len(name)) > 3 or min(len(word), len(name)) < 3:
        return False
    shared = 0
    for a, b in zip(word, name):
        if a != b:
            break
        shared += 1
    return shared >= 3 and shared >= min(len(word), len(name)) - 2


def _name_spans(text: str) -> list[PersonalDataSpan]:
    words_in = _ASCII_WORD if text.isascii() else _WORD
    tokens = [(m.start(), m.end(), m.group()) for m in words_in.finditer(text)]
    is_name = [False] * len(tokens)
    words = [_strip_possessive(word) for _, _, word in tokens]
    lowers = [word.lower() for word in words]
    blocked = [bool(_CONTRACTION.search(raw)) for _, _, raw in tokens]

    def gap_is_space(i: int) -> bool:
        return text[tokens[i - 1][1]:tokens[i][0]] in (" ", "\t")

    def title_gap(i: int) -> bool:
        # "Mr. Smith" and "PC Hughes", not "the officer 6 times"; a police title may carry a
        # collar number before the surname ("PC 4521 Hughes").
        gap = text[tokens[i - 1][1]:tokens[i][0]]
        if lowers[i - 1] in _COLLAR_TITLES and re.fullmatch(r"[ \t]\d{2,6}[ \t]", gap):
            return True
        # A full stop only after a short form: "Insp. Greaves", not "the officer. She'd ...".
        if gap.strip() == ".":
            return len(gap) <= 2 and lowers[i - 1] not in _WORD_TITLES
        return gap.strip() == "" and len(gap) <= 2

    for i, (start, _end, raw) in enumerate(tokens):
        word, lower = words[i], lowers[i]
        if raw == "[NAME]":
            is_name[i] = True
            continue
        if len(word) < 2 or lower in _TITLES or blocked[i]:
            continue
        previous = lowers[i - 1] if i else ""
        # Rule: a title before a surname ("PC Hughes", "officer mcdonald", "Mrs J Palmer"); not
        # after the title's possessive ("the officer's email") or a condition in capitals before
        # a full stop ("my mum who has MS. Thank you").
        title_before = i and (
            previous in _TITLES or (tokens[i - 1][2] == "Miss" and previous in _CAPITALISED_ONLY_TITLES)
        ) and title_gap(i) and not _POSSESSIVE.search(tokens[i - 1][2]) and not (
            tokens[i - 1][2].isupper() and previous in _COURTESY_TITLES and "." in text[tokens[i - 1][1]:start])
        if not title_before and i >= 2 and len(words[i - 1]) == 1 and words[i - 1].isupper():
            title_before = lowers[i - 2] in _TITLES and title_gap(i) and title_gap(i - 1)
        if title_before:
            looks_like_surname = lower not in _NEVER_SURNAME and (
                _is_capitalised(word) or (word.islower() and _could_be_surname(lower) and not _verb_like(lower))
            )
            if looks_like_surname:
                is_name[i] = True
                if len(words[i - 1]) == 1:  # the initial in "Mrs J Palmer" goes with the surname
                    is_name[i - 1] = True
                continue
        if _verb_like(lower):  # past the title rule: "PC Fielding" is a name, "Texted 999" is not
            continue
        # Rule: a kin word before a first name ("my son jack", "daughter is Kai").
        # Not after the kin word's possessive: "my ex's van" is his van.
        kin_back = i - 1
        if kin_back >= 0 and lowers[kin_back] in _NAME_INTRODUCERS:
            kin_back -= 1
        if kin_back >= 0 and _POSSESSIVE.search(tokens[kin_back][2]):
            kin_back = -1
        if (kin_back >= 0 and lowers[kin_back] in _KIN and _is_first_name(lower) and lower not in _MODALS
                and not (word.islower() and _common_words().get(lower, frozenset()) & _NOT_NAMING_TAGS)):
            is_name[i] = True
            continue
        # Rule: a word no dictionary knows, right after "her name is", "named", "a lady called".
        if lower not in _NEVER_SURNAME and not _is_common(lower) and i and gap_is_space(i) and (
            previous == "named"
            or (previous in ("is", "was") and i >= 2 and lowers[i - 2] == "name")
            or (previous == "is" and i >= 2 and tokens[i - 2][2].lower() in ("name's", "name’s"))
            or (previous == "called" and i >= 2 and lowers[i - 2] in _CALLED_AFTER)
        ):
            is_name[i] = True
            continue
        # Rule: a capitalised word no dictionary knows, before "from the ..." or "from Victim
        # Support", or before "my key worker": "Tamsin from Victim Support", "Jola my key worker".
        if (_is_capitalised(word) and not _is_common(lower) and lower not in _NEVER_SURNAME
                and i + 2 < len(tokens)):
            after = lowers[i + 1]
            if after == "from" and gap_is_space(i + 1) and gap_is_space(i + 2) and (
                    lowers[i + 2] == "the" or _is_capitalised(words[i + 2])):
                is_name[i] = True
                continue
            if after in ("my", "our", "the") and (
                    lowers[i + 2] in _ROLES or (i + 3 < len(tokens) and lowers[i + 3] in _ROLES)):
                is_name[i] = True
                continue
        # Rule: a capitalised word no dictionary knows, right after a kin word ("key worker Tamsin",
        # "my worker is Farida"), or after "ask for" and "speak to" ("ask for Farida").
        if (_is_capitalised(word) and gap_is_space(i) and not _is_common(lower)
                and lower not in _NEVER_SURNAME and lower not in _TITLES and (
                    (kin_back >= 0 and (lowers[kin_back] in _KIN or lowers[kin_back] in _ROLES))
                    or (i >= 2 and (lowers[i - 2], previous) in _ASK_FOR and lower not in _LANGUAGES))):
            is_name[i] = True
            continue
        # Rule: a capitalised word no dictionary knows, alone in brackets, soon after a title or a
        # role: "The PC who came (Sandhu) knew the refuge number".
        if (_is_capitalised(word) and not _is_common(lower) and lower not in _NEVER_SURNAME
                and text[start - 1:start] == "(" and text[tokens[i][1]:tokens[i][1] + 1] == ")"
                and any(lowers[j] in _TITLES or lowers[j] in _ROLES or lowers[j] in _KIN
                        for j in range(max(0, i - 6), i))):
            is_name[i] = True
            continue
        # Rule: a first name from the gazetteer. One that is also a word ("Grace", "Hope") counts
        # at the start of a sentence only when someone's doing follows ("Grace and the other
        # ladies", "Hope sat with me").
        if _is_first_name(lower):
            if _is_capitalised(word):
                if (not _starts_sentence(text, start) or not _is_common(lower)
                        or (i + 1 < len(tokens) and gap_is_space(i + 1) and lowers[i + 1] in _DOINGS)
                        or (i + 2 < len(tokens) and gap_is_space(i + 1) and lowers[i + 1] == "and"
                            and lowers[i + 2] in ("the", "her", "another"))):
                    is_name[i] = True
                    continue
            elif word.islower() and not _is_common(lower):
                is_name[i] = True
                continue

    # Rule: a surname follows a name, and lists of names continue ("Marta, Gemma and Linh").
    for i in range(1, len(tokens)):
        if is_name[i] or not is_name[i - 1] or not gap_is_space(i) or blocked[i]:
            continue
        word, lower = words[i], lowers[i]
        if lower in _NEVER_SURNAME or lower in _TITLES or len(word) < 2:
            continue
        if _is_capitalised(word) or (word.islower() and tokens[i - 1][2].islower() and not _is_common(lower)):
            is_name[i] = True
    # Rule: a list of names goes on after "and"/"or", in lower case too ("tyler and mason").
    for i in range(2, len(tokens)):
        if is_name[i] or not is_name[i - 2] or lowers[i - 1] not in ("and", "or", "&") or blocked[i]:
            continue
        if words[i].islower() and _is_first_name(lowers[i]) and lowers[i] not in _MODALS:
            is_name[i] = True
        elif (_is_capitalised(words[i]) and not _is_common(lowers[i]) and lowers[i] not in _NEVER_SURNAME
              and lowers[i] not in _TITLES):
            is_name[i] = True

    # Rule: a word found to be a name is a name wherever else it stands ("... thank you Ioana").
    found = {lowers[i] for i, flagged in enumerate(is_name) if flagged and tokens[i][2] != "[NAME]"}
    if found:
        for i, lower in enumerate(lowers):
            if not is_name[i] and not blocked[i] and lower in found and (
                    _is_capitalised(words[i]) or not _is_common(lower)):
                is_name[i] = True

        # Rule: another spelling or a short form of a name found, capitalised and no dictionary
        # word: "Sunita ... Suni", "spelt Nikita instead of Nikitha".
        for i, lower in enumerate(lowers):
            if (not is_name[i] and not blocked[i] and len(lower) >= 3 and _is_capitalised(words[i])
                    and not _is_common(lower) and lower not in _NEVER_SURNAME and lower not in _TITLES
                    and any(_variant(lower, name) for name in found)):
                is_name[i] = True

    spans = []
    for i, flagged in enumerate(is_name):
        if flagged and tokens[i][2] != "[NAME]":
            start, _end, raw = tokens[i]
            spans.append(PersonalDataSpan(start, start + len(words[i]), "NAME"))
    return spans


# ---------------------------------------------------------------- assembly

def _pattern_spans(pattern: re.Pattern, kind: str, text: str, group: int = 0) -> list[PersonalDataSpan]:
    return [PersonalDataSpan(m.start(group), m.end(group), kind) for m in pattern.finditer(text)]


def _either_group_spans(pattern: re.Pattern, kind: str, text: str) -> list[PersonalDataSpan]:
    """Spans of group 1 or group 2, whichever took part in each match."""
    spans = []
    for m in pattern.finditer(text):
        group = 1 if m.start(1) >= 0 else 2
        spans.append(PersonalDataSpan(m.start(group), m.end(group), kind))
    return spans


# A named street without a house number, where a preposition says it is a place: "lives on Beech
# Road". Capitalised, and without the abbreviations that are also titles (St, Dr).
_NAMED_STREET = re.compile(
    r"\b(?:on|in|off|along|down|up|near|at|from)[ \t]+"
    r"((?:[A-Z][a-z'’-]+[ \t]+){1,2}(?:"
    + "|".join([name.capitalize() for name in _STREET_NAMES] + _CAPITALISED_STREET_NAMES)
    + r"))\b"
)


# A house number and street alone, looked for inside a match the filter below turned down: in
# "the house, 17 Beech Grove" the words before the number read as a building ("the house").
_NUMBERED_STREET = re.compile(_NUMBER_AND_STREET, re.IGNORECASE)


def _is_street(words_in_match: str) -> bool:
    # Whole words only: the "a" of "7a" is a house number, not a word inside a street name.
    street_words = re.findall(r"\b[A-Za-z'’-]+", words_in_match)
    return not any(word.lower() in _NOT_STREET_WORDS for word in street_words[:-1])


def _address_spans(text: str) -> list[PersonalDataSpan]:
    spans = []
    matches = ([(m, 0) for m in _ADDRESS.finditer(text)] + [(m, 1) for m in _NAMED_STREET.finditer(text)]
               + [(m, 0) for m in _FLAT_IN_BUILDING.finditer(text)])
    for match, group in matches:
        if _is_street(match.group(group)):
            spans.append(PersonalDataSpan(match.start(group), match.end(group), "ADDRESS"))
            continue
        inner = _NUMBERED_STREET.search(text, match.start(group) + 1, match.end(group))
        if inner and inner.end() == match.end(group) and _is_street(inner.group()):
            spans.append(PersonalDataSpan(inner.start(), inner.end(), "ADDRESS"))
    return spans


_DIGIT = re.compile(r"\d")


def find_personal_data(text: str) -> list[PersonalDataSpan]:
    """Non-overlapping personal-data spans in text, in order of position."""
    protected = [(m.start(), m.end()) for m in _EXISTING_PLACEHOLDER.finditer(text)]
    protected += _kept_phrases(text)
    # Order matters for ties: an earlier detector wins a span of the same extent.
    candidates = (
        _pattern_spans(_EMAIL, "EMAIL", text)
        + _pattern_spans(_LINK, "LINK", text)
        + _pattern_spans(_HANDLE, "LINK", text)
    )
    # Every pattern below needs a digit; most comments have none, so they are skipped.
    if _DIGIT.search(text):
        candidates += (
            _pattern_spans(_NI_NUMBER, "NI_NUMBER", text)
            + _phone_spans(text)
            + _reference_spans(text)
            + _pattern_spans(_FULL_DATE, "DATE", text)
            + _pattern_spans(_BIRTH_CUE_DATE, "DATE", text, group=1)
            + _pattern_spans(_DAY_MONTH_DATE, "DATE", text)
            + _either_group_spans(_SHORT_NUMERIC_DATE, "DATE", text)
            + _pattern_spans(_POSTCODE, "POSTCODE", text)
            + _pattern_spans(_VEHICLE, "VEHICLE", text)
            + _pattern_spans(_REFERENCE_SHAPE, "REFERENCE", text)
        )
    candidates += _address_spans(text) + _name_spans(text)
    return _merge_adjacent_names(text, _resolve_overlaps(candidates, protected))


def _resolve_overlaps(
    candidates: list[PersonalDataSpan], protected: list[tuple[int, int]]
) -> list[PersonalDataSpan]:
    rank = {id(span): position for position, span in enumerate(candidates)}
    ordered = sorted(candidates, key=lambda s: (s.start, -(s.end - s.start), rank[id(s)]))
    chosen: list[PersonalDataSpan] = []
    for span in ordered:
        if any(span.start < p_end and p_start < span.end for p_start, p_end in protected):
            continue
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def _merge_adjacent_names(text: str, spans: list[PersonalDataSpan]) -> list[PersonalDataSpan]:
    # "Sarah Jenkins" is one person: one [NAME], so a second pass sees nothing left to join.
    merged: list[PersonalDataSpan] = []
    for span in spans:
        if (
            merged
            and span.kind == "NAME"
            and merged[-1].kind == "NAME"
            and text[merged[-1].end:span.start] in (" ", "\t")
        ):
            merged[-1] = PersonalDataSpan(merged[-1].start, span.end, "NAME")
        else:
            merged.append(span)
    return merged


def redact(text: str) -> str:
    """Text with personal data replaced by typed placeholders such as [NAME] or [PHONE]."""
    if not isinstance(text, str):
        return ""
    try:
        pieces = []
        cursor = 0
        for span in find_personal_data(text):
            pieces.append(text[cursor:span.start])
            pieces.append(f"[{span.kind}]")
            cursor = span.end
        pieces.append(text[cursor:])
        return "".join(pieces)
    except Exception:  # noqa: BLE001 - a redaction failure must never leak the original text
        return "[REDACTION FAILED]"


def warm_up() -> None:
    """Load the word lists now rather than on the first survivor's submission."""
    _first_names()
    _common_words()
