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


_WORD_START = r"(?<![\w'£&])"
_WORD_END = r"(?![\w'&])"


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

    _TEXT_WORD = re.compile(r"(?<![\w'£&])[\w'£&-]+")

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

    def finditer(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(start, end, pattern index) of each match, left to right."""
        resume = 0
        for word_match in self._TEXT_WORD.finditer(text):
            position = word_match.start()
            if position < resume:
                continue
            word = word_match.group()
            candidates = set(self._by_word.get(word, ()))
            candidates.update(i for prefix, i in self._by_prefix if word.startswith(prefix))
            candidates.update(self._always)
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
    source = ""
    for position, token in enumerate(tokens):
        if token == "..":
            source += r"(?:\s+[\w'&£-]+){0,3}?"
            continue
        optional = token.endswith("?") and len(token) > 1
        body = _compile_token(token[:-1] if optional else token)
        chunk = body if position == 0 else r"\s+" + body
        source += f"(?:{chunk})?" if optional else chunk
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
        self.matchers_ = tuple(
            (
                theme.id,
                compile_alternatives(theme.patterns),
                compile_alternatives(theme.exclude) if theme.exclude else None,
            )
            for theme in self.codebook_.themes
        )
        return self

    def mentions(self, normalised_text: str) -> list[ThemeMention]:
        """Where each theme is mentioned in already-normalised text, in theme order."""
        found = []
        for theme_id, matcher, excluder in self.matchers_:
            vetoes = [m.span() for m in excluder.finditer(normalised_text)] if excluder else []
            for match in matcher.finditer(normalised_text):
                start, end = match.span()
                if any(start < v_end and v_start < end for v_start, v_end in vetoes):
                    continue
                found.append(ThemeMention(theme_id, start, end))
        return found

    def code(self, text: str) -> tuple[str, ...]:
        present = {mention.theme for mention in self.mentions(normalise(text))}
        return tuple(theme_id for theme_id in self.theme_ids_ if theme_id in present)

    def predict(self, texts: Iterable[str]) -> list[tuple[str, ...]]:
        return [self.code(text) for text in texts]
