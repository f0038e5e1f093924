"""Suggests new themes from comments the codebook does not cover, by TF-IDF and NMF (deterministic)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from analysis.redact import PLACEHOLDER_KINDS

_PLACEHOLDER = re.compile(r"\[(?:%s)\]" % "|".join(PLACEHOLDER_KINDS))
# Words that say nothing about what a comment is about in this setting.
_DOMAIN_STOP_WORDS = frozenset(
    "police officer officers refuge staff just really did didn got get like said told felt "
    "feel think know thing things time times way lot bit want wanted went going help helped".split()
)


@dataclass(frozen=True)
class EmergingTopic:
    terms: tuple[str, ...]      # the words that define the topic, strongest first
    examples: tuple[str, ...]   # redacted comments that load most on it
    size: int                   # comments whose strongest topic this is


def uncovered_comments(comments: Sequence[str]) -> list[str]:
    """The comments no codebook pattern picks up."""
    from analysis.pipeline import default_rule_models

    # What the codebook's own patterns miss: the candidates for new themes and patterns.
    coder, _ = default_rule_models()
    return [text for text in comments if text and text.strip() and not coder.code(text)]


def emerging_topics(
    comments: Sequence[str],
    *,
    n_topics: int = 5,
    seed: int = 0,
    n_terms: int = 8,
    n_examples: int = 3,
    uncovered_only: bool = True,
) -> list[EmergingTopic]:
    """Clusters of (already redacted) comments that no theme covers, as candidate new themes.

    The same comments and seed always give the same topics. With too few comments to
    cluster, fewer topics (or none) come back rather than noise.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    pool = uncovered_comments(comments) if uncovered_only else [c for c in comments if c and c.strip()]
    cleaned = [_PLACEHOLDER.sub(" ", text) for text in pool]
    topics_wanted = min(n_topics, len(cleaned) // 3)
    if topics_wanted < 1:
        return []
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | _DOMAIN_STOP_WORDS),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b",
        ngram_range=(1, 2),
        min_df=2 if len(cleaned) >= 20 else 1,
        max_df=0.9 if len(cleaned) >= 20 else 1.0,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(cleaned)
    except ValueError:  # every word was a stop word
        return []
    topics_wanted = min(topics_wanted, matrix.shape[1])
    if topics_wanted < 1:
        return []
    model = NMF(n_components=topics_wanted, init="nndsvda", random_state=seed, max_iter=500)
    weights = model.fit_transform(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    strongest = weights.argmax(axis=1)

    topics = []
    for index, component in enumerate(model.components_):
        members = [row for row in range(len(pool)) if strongest[row] == index and weights[row, index] > 0]
        if not members:
            continue
        term_order = sorted(range(len(component)), key=lambda t: (-component[t], vocabulary[t]))
        terms = tuple(vocabulary[t] for t in term_order[:n_terms] if component[t] > 0)
        members.sort(key=lambda row: (-weights[row, index], row))
        topics.append(
            EmergingTopic(
                terms=terms,
                examples=tuple(pool[row] for row in members[:n_examples]),
                size=len(members),
            )
        )
    topics.sort(key=lambda topic: (-topic.size, topic.terms))
    return topics
