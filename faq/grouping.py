"""Grouping villagers' questions that ask the same thing, for the coordinators' inbox
(/cauhoimoi) and whatever is built on it (masking, curation actions).

Two questions are one when their folded words (no diacritics, abbreviations expanded, as
the matcher stores them) are the same in any order, or when those sorted words are at
least `SIMILAR_QUESTION` alike (rapidfuzz `ratio` on the sorted words, that is
`token_sort_ratio`): "quen mat khau vneid", "Quên mật khẩu VNeID?" and "quen mat khau vnied"
are one group.

Comparing every question with every group is quadratic (5,000 distinct questions took
5.3 s). Here questions with the same sorted words are counted once, and a question is
compared only with the groups it meets through a rare word (blocking, as in prefix
filtering): each group is indexed under the `PROBE_WORDS` rarest words of its key, and a
question looks only under its own `PROBE_WORDS` rarest ones, rarity counted over the
batch. A question typed again keeps most of its distinctive words, so it meets its group;
on benchmarks/question_groups.py's 5,000 distinct questions the groups are exactly those
found by comparing each question with every group that shares any word with it. Pure
functions, no database: run it in a worker thread for a large batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

SIMILAR_QUESTION = 85  # token_sort_ratio at or above which two questions count as one
PROBE_WORDS = 5  # a question meets the groups that share one of its rarest this many words


@dataclass(frozen=True)
class AskedQuestion:
    """One stored question, as the inbox needs it."""

    id: int
    text: str  # as typed
    folded: str  # folded words, as the matcher stored them
    unanswered: bool = False
    disliked: bool = False


@dataclass(frozen=True)
class QuestionGroup:
    """Questions typed differently that ask the same thing; `questions` newest first as
    given, `example` the first of them."""

    key: str  # sorted folded words of the question the group formed around
    questions: tuple[AskedQuestion, ...]

    @property
    def example(self) -> str:
        return self.questions[0].text

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def unanswered(self) -> int:
        return sum(q.unanswered for q in self.questions)

    @property
    def disliked(self) -> int:
        return sum(q.disliked for q in self.questions)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(q.id for q in self.questions)


def question_key(question: AskedQuestion) -> str:
    """The words of a question in sorted order: the same words in any order are one key."""
    words = (question.folded or question.text.lower()).split()
    return " ".join(sorted(words))


def group_questions(questions: Iterable[AskedQuestion], *,
                    similarity: float = SIMILAR_QUESTION) -> list[QuestionGroup]:
    """Groups of alike questions, the largest first (ties: the one met first in the input
    first). Inside a group, questions keep their input order."""
    asked = list(questions)
    texts = [question.folded or question.text.lower() for question in asked]
    times_asked = Counter(texts)  # in order of first appearance
    key_of = {text: " ".join(sorted(text.split())) for text in times_asked}  # once a text
    asked_per_key: Counter[str] = Counter()
    for text, times in times_asked.items():
        asked_per_key[key_of[text]] += times
    # Larger buckets lead, so a typo joins the common spelling rather than the reverse.
    keys = sorted(asked_per_key, key=lambda key: -asked_per_key[key])
    leader_of = _cluster(keys, similarity)
    members: dict[str, list[AskedQuestion]] = {}  # in order of the group's first question
    for text, question in zip(texts, asked, strict=True):
        members.setdefault(leader_of[key_of[text]], []).append(question)
    ordered = sorted(members.items(), key=lambda group: -len(group[1]))  # stable
    return [QuestionGroup(leader, tuple(group)) for leader, group in ordered]


def _cluster(keys: Sequence[str], similarity: float) -> dict[str, str]:
    """Each key → the key of its group's leader (greedy: a key joins the most alike
    leader before it among those it meets, or leads a new group)."""
    words_of = {key: list(dict.fromkeys(key.split())) for key in keys}  # sorted, unique
    frequency = Counter(word for words in words_of.values() for word in words)
    rarity = frequency.__getitem__
    index: dict[str, list[int]] = defaultdict(list)  # rare word → leaders indexed under it
    leaders: list[str] = []
    leader_of: dict[str, str] = {}
    for key in keys:
        words = sorted(words_of[key], key=rarity)  # stable: ties stay in alphabetical order
        probe = words[:PROBE_WORDS]
        candidates = sorted(set().union(*(index[w] for w in probe if w in index)))
        if candidates:
            best = process.extractOne(key, [leaders[i] for i in candidates],
                                      scorer=fuzz.ratio, score_cutoff=similarity)
            if best is not None:
                leader_of[key] = best[0]
                continue
        leader_of[key] = key
        for word in probe:
            index[word].append(len(leaders))
        leaders.append(key)
    return leader_of
