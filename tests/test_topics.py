"""Emerging topics: clusters of comments that no theme covers, deterministic for a seed."""

from analysis.topics import emerging_topics

UNCOVERED = [
    "The car park lighting at the station is terrible at night",
    "Car park has no lights, very dark walking back",
    "Lighting in the car park needs fixing",
    "dark car park, broken lights again",
    "The vending machine ate my coins twice",
    "vending machine broken, lost coins",
    "Vending machine keeps taking coins",
    "Coins stuck in the vending machine",
    "the wifi password never works",
    "wifi kept dropping, could not get the password to work",
    "Wifi password on the wall is wrong",
    "no wifi signal in the lounge",
]
COVERED = ["They believed me and kept me updated", "The officer was rude", "He was arrested and charged"]


def test_uncovered_comments_cluster_into_topics_with_terms_and_examples():
    topics = emerging_topics(UNCOVERED + COVERED, n_topics=3, seed=0)
    assert len(topics) == 3
    term_sets = [set(" ".join(topic.terms).split()) for topic in topics]
    for marker in ("vending", "wifi", "park"):
        assert sum(marker in terms for terms in term_sets) == 1, marker
    for topic in topics:
        assert topic.examples and all(example in UNCOVERED for example in topic.examples)
    assert sum(topic.size for topic in topics) == len(UNCOVERED)


def test_covered_comments_are_left_out():
    topics = emerging_topics(UNCOVERED + COVERED, n_topics=3, seed=0)
    assert not any(example in COVERED for topic in topics for example in topic.examples)


def test_same_input_and_seed_give_the_same_topics():
    assert emerging_topics(UNCOVERED, n_topics=3, seed=7) == emerging_topics(UNCOVERED, n_topics=3, seed=7)


def test_too_few_comments_give_no_topics_rather_than_noise():
    assert emerging_topics(["just one odd comment about parking"], n_topics=5) == []
    assert emerging_topics([], n_topics=5) == []
