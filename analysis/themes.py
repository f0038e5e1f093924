"""Codes a comment with the codebook's themes: multi-label, driven by patterns in codebook.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Sequence

import yaml

CODEBOOK_PATH = Path(__file__).parent / "codebook.yaml"

_CONTRACTIONS = {
    "dont": "don't", "didnt": "didn't", "doesnt": "doesn't", "wasnt": "wasn't", "werent": "weren't",
    "isnt": "isn't", "arent": "aren't", "cant": "can't", "couldnt": "couldn't", "wouldnt": "wouldn't",
    "shouldnt": "shouldn't", "wont": "won't", "hadnt": "hadn't", "havent": "haven't", "hasnt": "hasn't",
    "im": "i'm", "ive": "i've", "id": "i'd", "hes": "he's", "shes": "she's", "theyre": "they're",
    "youre": "you're", "thats": "that's", "whats": "what's", "its": "it's", "noone": "no one",
}
_CONTRACTION_WORD = re.compile(r"\b(?:%s)\b" % "|".join(_CONTRACTIONS))
_NUMBER_WORDS = (
    r"(?:\d+(?:\.\d+)?|a few|a couple of|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|several|a|an)"
)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, and contractions typed without apostrophes restored."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    return _CONTRACTION_WORD.sub(lambda m: _CONTRACTIONS[m.group()], lowered)


# A quote mark may open or close a match ("told me to 'just leave'"), an apostrophe inside a
# word may not ("son" does not match "son's", "don" does not match "don't").
_WORD_START = r"(?<![\w£&])(?<!\w')"
_WORD_END = r"(?![\w&])(?!'\w)"


def compile_alternatives(patterns: Iterable[str], group_prefix: str | None = None) -> re.Pattern:
    """One regex for many patterns, word boundaries factored out so most positions fail at once.

    With group_prefix, pattern i is captured as group f"{group_prefix}{i}" (see Match.lastgroup).
    """
    bodies = [_pattern_body(p) for p in patterns]
    if group_prefix is not None:
        bodies = [f"(?P<{group_prefix}{i}>{body})" for i, body in enumerate(bodies)]
    return re.compile(_WORD_START + "(?:" + "|".join(bodies) + ")" + _WORD_END)


class PhraseIndex:
    """Many patterns matched by looking up each word's candidates, not by one huge alternation.

    Equivalent to an alternation of the patterns in the given order (first listed wins at a
    position, matches do not overlap), but tries only patterns whose first word fits.
    """

    _TEXT_WORD = re.compile(r"(?<![\w£&])(?<!\w')[\w£&][\w'£&-]*")

    def __init__(self, patterns: Sequence[str]):
        self.patterns = tuple(patterns)
        self._compiled = tuple(re.compile(_pattern_body(p) + _WORD_END) for p in self.patterns)
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: list[tuple[str, int]] = []
        self._always: list[int] = []
        for index, pattern in enumerate(self.patterns):
            first = re.findall(r"\([^)]*\)\??|\S+", pattern)[0]
            if first.endswith("?") or "<n>" in first or first == "..":
                self._always.append(index)
                continue
            for alternative in first.strip("()").split("|"):
                word = alternative.split()[0] if alternative.split() else ""
                if not word:
                    self._always.append(index)
                elif word.endswith("*"):
                    self._by_prefix.append((word[:-1], index))
                else:
                    self._by_word.setdefault(word, []).append(index)
        # Prefixes filed under their first two letters, so a word tries only those that can fit.
        self._by_prefix_head: dict[str, list[tuple[str, int]]] = {}
        self._short_prefixes: list[tuple[str, int]] = []
        for prefix, index in self._by_prefix:
            if len(prefix) >= 2:
                self._by_prefix_head.setdefault(prefix[:2], []).append((prefix, index))
            else:
                self._short_prefixes.append((prefix, index))
        # Patterns that may start at any word are found in one scan each, as a zero-width
        # look-ahead that reports every position where they would match, rather than tried at
        # every word in turn.
        self._always_anywhere = tuple(
            (index, re.compile("(?=" + self._compiled[index].pattern + ")")) for index in self._always
        )

    def finditer(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(start, end, pattern index) of each match, left to right."""
        resume = 0
        always_at: dict[int, list[int]] = {}
        for index, lookahead in self._always_anywhere:
            for hit in lookahead.finditer(text):
                always_at.setdefault(hit.start(), []).append(index)
        by_word, by_prefix_head, short_prefixes = self._by_word, self._by_prefix_head, self._short_prefixes
        for word_match in self._TEXT_WORD.finditer(text):
            position = word_match.start()
            if position < resume:
                continue
            word = word_match.group()
            candidates = set(by_word.get(word, ()))
            candidates.update(i for prefix, i in by_prefix_head.get(word[:2], ()) if word.startswith(prefix))
            if short_prefixes:
                candidates.update(i for prefix, i in short_prefixes if word.startswith(prefix))
            candidates.update(always_at.get(position, ()))
            if not candidates:
                continue
            for index in sorted(candidates):
                found = self._compiled[index].match(text, position)
                if found:
                    yield position, found.end(), index
                    resume = found.end()
                    break


def compile_pattern(pattern: str) -> str:
    """Regex source for one codebook pattern (see the pattern language in codebook.yaml)."""
    return _WORD_START + _pattern_body(pattern) + _WORD_END


def _pattern_body(pattern: str) -> str:
    tokens = re.findall(r"\([^)]*\)\??|\S+", pattern)
    for token in tokens:
        # Groups do not nest and "?" only ever follows a group directly; anything else would be
        # matched literally and silently never fire.
        group = token.startswith("(") and token.removesuffix("?").endswith(")")
        inner = token.removesuffix("?")[1:-1] if group else token
        if "(" in inner or ")" in inner or "?" in inner:
            raise ValueError(f"malformed codebook pattern {pattern!r} at {token!r}")
    source, need_space = "", False
    for token in tokens:
        if token == "..":
            source += r"(?:\s+[\w'&£-]+){0,3}?"
            continue
        optional = token.endswith("?")
        body = _compile_token(token[:-1] if optional else token)
        if optional and not need_space:
            # A leading optional group carries its own space, so the match can start at the
            # next word when the group is absent: "(refuge )?space*" matches "space".
            source += rf"(?:{body}\s+)?"
        elif optional:
            source += rf"(?:\s+{body})?"
        else:
            source += (r"\s+" if need_space else "") + body
            need_space = True
    return source


def _compile_token(token: str) -> str:
    if token.startswith("(") and token.endswith(")"):
        alternatives = [a.strip() for a in token[1:-1].split("|")]
        return "(?:" + "|".join(_compile_phrase(a) for a in alternatives) + ")"
    return _compile_phrase(token)


def _compile_phrase(phrase: str) -> str:
    # Alternatives may hold several words: "(in the loop|posted)".
    pieces = []
    for word in phrase.split():
        if word == "<n>":
            pieces.append(_NUMBER_WORDS)
        elif word.endswith("*"):
            pieces.append(re.escape(word[:-1]).replace("<n>", _NUMBER_WORDS) + r"[\w'-]*")
        else:
            pieces.append(re.escape(word).replace("<n>", _NUMBER_WORDS))
    return r"\s+".join(pieces)


class ThemePatternIndex:
    """Every theme's patterns and exclusions, tried only where their first word fits.

    One pass over the words of a comment looks up the patterns that can start at each word
    (by whole first word, or by the first two letters of a word* prefix), so a comment costs a
    few dictionary look-ups per word rather than hundreds of regex alternatives per position.
    Patterns that can start anywhere (an optional first group, a number, a placeholder) are
    matched as one regular expression per theme. `spans` gives, per theme, every match that
    overlaps none of that theme's exclusions.
    """

    _TEXT_WORD = re.compile(r"(?<![\w£&])(?<!\w')[\w£&][\w'£&-]*")

    def __init__(self, themes: Sequence[tuple[Sequence[str], Sequence[str]]]):
        self.theme_count = len(themes)
        self._by_word: dict[str, list[tuple[int, bool, re.Pattern]]] = {}
        self._by_prefix: dict[str, list[tuple[str, int, bool, re.Pattern]]] = {}
        unindexed: list[tuple[list[str], list[str]]] = [([], []) for _ in themes]
        for theme_index, (patterns, excludes) in enumerate(themes):
            for is_exclude, pattern in [(False, p) for p in patterns] + [(True, p) for p in excludes]:
                first_words = _first_words(pattern)
                if first_words is None:
                    unindexed[theme_index][is_exclude].append(pattern)
                    continue
                compiled = re.compile(_pattern_body(pattern) + _WORD_END)
                for word in first_words:
                    if word.endswith("*"):
                        stem = word[:-1]
                        self._by_prefix.setdefault(stem[:2], []).append((stem, theme_index, is_exclude, compiled))
                    else:
                        self._by_word.setdefault(word, []).append((theme_index, is_exclude, compiled))
        self._anywhere = tuple(
            (
                compile_alternatives(patterns) if patterns else None,
                compile_alternatives(excludes) if excludes else None,
            )
            for patterns, excludes in unindexed
        )

    def spans(self, text: str) -> list[list[tuple[int, int]]]:
        found: list[list[tuple[int, int]]] = [[] for _ in range(self.theme_count)]
        vetoes: list[list[tuple[int, int]]] = [[] for _ in range(self.theme_count)]
        by_word, by_prefix = self._by_word, self._by_prefix
        for word, position in self._words(text):
            if word[0].isdigit():
                word = "<digit>"
            for theme_index, is_exclude, compiled in by_word.get(word, ()):
                hit = compiled.match(text, position)
                if hit:
                    (vetoes if is_exclude else found)[theme_index].append(hit.span())
            for stem, theme_index, is_exclude, compiled in by_prefix.get(word[:2], ()):
                if word.startswith(stem):
                    hit = compiled.match(text, position)
                    if hit:
                        (vetoes if is_exclude else found)[theme_index].append(hit.span())
        for theme_index, (matcher, excluder) in enumerate(self._anywhere):
            if matcher is not None:
                found[theme_index].extend(m.span() for m in matcher.finditer(text))
            if excluder is not None:
                vetoes[theme_index].extend(m.span() for m in excluder.finditer(text))
        kept = []
        for spans, theme_vetoes in zip(found, vetoes):
            spans.sort()
            if theme_vetoes:
                spans = [
                    (start, end) for start, end in spans
                    if not any(start < v_end and v_start < end for v_start, v_end in theme_vetoes)
                ]
            kept.append(spans)
        return kept


    @classmethod
    def _words(cls, text: str) -> Iterator[tuple[str, int]]:
        """Each word with its offset; a hyphenated word also as its parts ("non-mol", "non", "mol")."""
        for word_match in cls._TEXT_WORD.finditer(text):
            word, position = word_match.group().rstrip("'-"), word_match.start()
            yield word, position
            if "-" in word:
                offset = 0
                for part in word.split("-"):
                    if part and part[0] not in "'":
                        yield part.rstrip("'"), position + offset
                    offset += len(part) + 1


_NUMBER_FIRST_WORDS = (
    "<digit>", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "several",
)


def _first_words(pattern: str) -> list[str] | None:
    """The words a pattern can start with (word* for a prefix, <digit> for a number in digits),
    or None if it can start anywhere."""
    tokens = re.findall(r"\([^)]*\)\??|\S+", pattern)
    words: list[str] = []
    for position, token in enumerate(tokens):
        optional = token.endswith("?")
        body = token[:-1] if optional else token
        alternatives = body[1:-1].split("|") if body.startswith("(") else [body]
        for alternative in alternatives:
            word = alternative.split()[0] if alternative.split() else ""
            stem = word.rstrip("*")
            if word == "<n>":
                words.extend(_NUMBER_FIRST_WORDS)
            elif not word or not re.fullmatch(r"[\w£&][\w'£&-]*", stem) or (word.endswith("*") and len(stem) < 2):
                return None
            else:
                words.append(word)
        if not optional:
            return words
        if position + 1 < len(tokens) and tokens[position + 1] == "..":
            return None
    return None


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class ThemeMention:
    theme: str
    start: int
    end: int


def load_codebook(path: Path | str = CODEBOOK_PATH) -> Codebook:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    themes = tuple(
        Theme(
            id=theme_id,
            label=spec["label"],
            description=spec["description"],
            patterns=tuple(str(p) for p in spec["patterns"]),
            exclude=tuple(str(p) for p in spec.get("exclude", ())),
        )
        for theme_id, spec in raw["themes"].items()
    )
    return Codebook(version=str(raw["version"]), themes=themes)


@lru_cache(maxsize=4)
def _cached_codebook(path: str) -> Codebook:
    return load_codebook(path)


def theme_ids() -> tuple[str, ...]:
    return tuple(theme.id for theme in _cached_codebook(str(CODEBOOK_PATH)).themes)


def codebook_version() -> str:
    return _cached_codebook(str(CODEBOOK_PATH)).version


class TextModel(Protocol):
    """What a theme coder and a sentiment scorer share, scikit-learn style."""

    def fit(self, texts: Sequence[str] | None = None, labels: Sequence | None = None) -> "TextModel": ...

    def predict(self, texts: Iterable[str]) -> list: ...


class CodebookThemeCoder:
    """Multi-label theme coder from codebook patterns; `fit` compiles them (no learning needed)."""

    def __init__(self, codebook_path: Path | str = CODEBOOK_PATH):
        self.codebook_path = codebook_path

    def fit(self, texts: Sequence[str] | None = None, labels: Sequence | None = None) -> "CodebookThemeCoder":
        self.codebook_ = _cached_codebook(str(self.codebook_path))
        self.version_ = self.codebook_.version
        self.theme_ids_ = tuple(theme.id for theme in self.codebook_.themes)
        self.matcher_ = ThemePatternIndex(
            [(theme.patterns, theme.exclude) for theme in self.codebook_.themes]
        )
        return self

    def mentions(self, normalised_text: str) -> list[ThemeMention]:
        """Where each theme is mentioned in already-normalised text, in theme order."""
        found = []
        for theme_index, spans in enumerate(self.matcher_.spans(normalised_text)):
            theme_id = self.theme_ids_[theme_index]
            found.extend(ThemeMention(theme_id, start, end) for start, end in spans)
        return found

    def code(self, text: str) -> tuple[str, ...]:
        present = {mention.theme for mention in self.mentions(normalise(text))}
        return tuple(theme_id for theme_id in self.theme_ids_ if theme_id in present)

    def predict(self, texts: Iterable[str]) -> list[tuple[str, ...]]:
        return [self.code(text) for text in texts]
