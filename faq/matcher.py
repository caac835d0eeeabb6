"""Find the knowledge-base entry a question asks about.

Everything is computed once at load (faq/index.py). A question is then scored
against every entry with a handful of numpy operations:

- word overlap: how much of the question's weight a stored question covers, and
  how much of that stored question is covered, so a question that is a mere
  subset does not score 100 (the trap of ``token_set_ratio``); each entry counts
  its best stored question;
- entry overlap: how much of the question the entry's whole vocabulary (all its
  questions, title and keywords) covers;
- a character-level check with rapidfuzz ``process.cdist`` on the best few
  candidates, which forgives typos and words run together.

Words not in the knowledge base are mapped to the nearest known word with
rapidfuzz ``process.extractOne`` (typos), or else count against every entry: a
question about the weather shares only generic words with the base, and generic
words count for little.

The decision (thresholds in config.yaml): answer when the best score reaches
``answer_threshold`` and leads the next entry by ``ambiguity_margin``; offer up
to three entries when the best is at least ``suggest_threshold``; otherwise no
answer. A question made of one common idea ("vneid", "cccd") only gets choices.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from faq.analysis import Analysis, Analyzer
from faq.answer_words import AnswerWords
from faq.entries import Entry, KnowledgeBase
from faq.index import FeatureIndex, IndexWeights
from faq.lexicon import Lexicon, load_lexicon
from faq.loading import no_gc
from faq.normalize import fold
from faq.settings import FaqSettings
from faq.typos import TypoIndex

Decision = Literal["answer", "suggest", "none"]
_CLAUSE = re.compile(r"([.?!;:\n…]+|,(?!\d))")
_ASKING = frozenset({"khong", "gi", "nao", "sao", "dau", "chua", "hoi", "bao", "may", "ai"})
"""Folded words that make a clause a question ("có mất tiền không", "ở đâu", "bao lâu")."""


@dataclass(frozen=True, slots=True)
class _Part:
    """A clause of a message, and whether it asks (ends with "?", or has a question word)."""

    analysis: Analysis
    asks: bool


def _join(parts: list[Analysis]) -> Analysis:
    """Analyses of consecutive pieces of text as one."""
    if len(parts) == 1:
        return parts[0]
    offsets = itertools.accumulate((len(p.tokens) for p in parts[:-1]), initial=0)
    return Analysis(
        tokens=tuple(itertools.chain.from_iterable(p.tokens for p in parts)),
        accents=tuple(itertools.chain.from_iterable(p.accents for p in parts)),
        generic=tuple(itertools.chain.from_iterable(p.generic for p in parts)),
        courtesy=tuple(itertools.chain.from_iterable(p.courtesy for p in parts)),
        origins=tuple(
            o + shift for p, shift in zip(parts, offsets, strict=True) for o in p.origins
        ),
    )


def _slice(analysis: Analysis, start: int, end: int) -> Analysis:
    return Analysis(
        analysis.tokens[start:end], analysis.accents[start:end], analysis.generic[start:end],
        analysis.courtesy[start:end], analysis.origins[start:end],
    )


def _fit(text: str, limit: int) -> tuple[str, bool]:
    """A message of at most `limit` characters that keeps the part holding the question.

    Not a blind cut: the first clause (who is asking, about what) and then the
    clauses that ask ("?" or a question word), in their order, as many as fit.
    Returns the text and whether anything was left out.
    """
    if len(text) <= limit:
        return text, False
    pieces = _CLAUSE.split(text[: limit * 40])  # a 100 kB paste: look no further than this
    clauses = [c + m for c, m in zip(pieces[::2], [*pieces[1::2], ""], strict=True)]
    asking = [
        i for i, c in enumerate(clauses)
        if i == 0 or "?" in c or not _ASKING.isdisjoint(fold(c).split())
    ]
    kept: list[int] = []
    size = 0
    for i in asking:
        if size + len(clauses[i]) + 1 > limit:
            continue
        kept.append(i)
        size += len(clauses[i]) + 1
    if not kept:  # one endless clause (dictated, no punctuation): its beginning
        return text[:limit], True
    return " ".join(clauses[i] for i in kept), True


def _asks(analysis: Analysis) -> bool:
    return not _ASKING.isdisjoint(analysis.tokens)
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Tuning:
    """Weights of the scoring blend: fixed in code, chosen on held-out questions."""

    generic_factor: float = 0.2
    pair_factor: float = 0.3
    accent_factor: float = 0.4
    query_share: float = 0.55
    entry_share: float = 0.4
    fuzzy_share: float = 0.3
    typo_credit: float = 0.8
    typo_cutoff: float = 80.0
    typo_min_len: int = 4
    min_content: float = 0.45
    evidence_share: float = 0.2
    evidence_full: float = 4.0
    candidates: int = 12
    query_cap: float = 1.0
    """A message heavier than query_cap × a stored text is measured against that text's
    weight: context ("tôi năm nay 62 tuổi") neither helps nor hurts."""
    cap_floor: float = 3.0
    """... but never against less than this many unknown words' weight (a short title is
    not the whole of a long message)."""
    two_question_words: int = 12
    """A message longer than this (in words) is checked clause by clause for two questions."""
    min_piece_content: int = 2
    """A clause with fewer words that carry meaning is read with the next one."""
    answer_share: float = 0.3
    """How much the answers' words count, for a long message (none for a short one)."""
    answer_full: float = 8.0
    min_courtesy: float = 0.3
    """Courtesy words reaching no greeting or thanks better than this are not one."""


@dataclass(slots=True)
class MatchResult:
    """What the bot should do with a question, and why."""

    decision: Decision
    entry: Entry | None
    score: float
    suggestions: list[Entry] = field(default_factory=list)
    folded: str = ""
    ranking: list[tuple[Entry, float]] = field(default_factory=list, repr=False)
    also: Entry | None = None
    """A second question's entry, when the message asks about two (`entry` is the first)."""
    shortened: bool = False
    """The message was too long: only its first clause and the clauses that ask were read."""


@dataclass(slots=True)
class _Query:
    fids: list[int]
    weights: list[float]
    denominator: float
    content: float
    generic: list[bool] = field(default_factory=list)
    """For each fid, whether it is only ever a generic word (or a pair of them) here."""


@dataclass(slots=True)
class _Scoring:
    """What one question's entry scores are made of (see `Matcher._blend`)."""

    query: _Query
    accents: bool
    """Whether the question has diacritics (its stored texts are weighed with theirs)."""
    shared: np.ndarray
    """Per entry, the weight of the question's features the entry has anywhere."""
    answer: np.ndarray | None
    """Per entry, how much its answer's words back the question (long messages only)."""
    length: float
    reached: tuple[np.ndarray, np.ndarray] | None = None
    """The stored texts the question's content reaches and their weight in common with it
    (`Matcher._reached`, once a question)."""


class Matcher:
    """Scores questions against a knowledge base; built once, then `match` per message."""

    def __init__(
        self,
        kb: KnowledgeBase,
        settings: FaqSettings,
        abbreviations: Lexicon | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.kb = kb
        self.settings = settings
        self.tuning = t = tuning or Tuning()
        lexicon = abbreviations if abbreviations is not None else load_lexicon(
            settings.abbreviations,
        )
        hidden = {th.id for th in kb.themes if th.hidden}
        self._hidden = {e.id for e in kb.entries if e.theme in hidden}
        unit_texts: list[str] = []
        unit_entry: list[int] = []
        unit_scored: list[bool] = []
        for i, entry in enumerate(kb.entries):
            texts = (entry.title, *entry.questions)
            unit_texts.extend((*texts, *entry.keywords))
            unit_entry.extend([i] * (len(texts) + len(entry.keywords)))
            unit_scored.extend([True] * len(texts) + [False] * len(entry.keywords))
        with no_gc():  # millions of small objects, none of them cyclic garbage
            self.index = FeatureIndex(
                Analyzer(lexicon), unit_texts, unit_entry, unit_scored,
                len(kb.entries), IndexWeights(t.generic_factor, t.pair_factor, t.accent_factor),
                known=kb.take_words(),
            )
        self.analyzer = self.index.analyzer
        self._typos = TypoIndex(self.index.words, t.typo_cutoff, t.typo_min_len)
        self._typo_cache: dict[str, str | None] = {}
        floor = t.cap_floor * self.index.oov_idf
        totals = {True: self.index.unit_total, False: self.index.unit_total_plain}
        # logarithms of each stored text's weight and of the weight a long message is
        # measured against (see Tuning.query_cap), for its accented and its plain form
        # (in single precision: a score is shown to one decimal, and the 10k bench's long
        # messages reach 70,000 texts)
        self._log_total = {
            a: np.log(np.maximum(total, 1e-9)).astype(np.float32) for a, total in totals.items()
        }
        self._log_cap = {
            a: np.log(np.maximum(t.query_cap * total, floor)).astype(np.float32)
            for a, total in totals.items()
        }
        self._min_content = t.min_content * self.index.oov_idf
        self._evidence_full = t.evidence_full * self.index.oov_idf
        self._oov = self.index.oov_idf
        self._answers = AnswerWords(
            [e.answer for e in kb.entries], self.index.analyzer.lexicon,
        ) if t.answer_share else None

    # ----------------------------------------------------------------- match
    def match(self, text: str) -> MatchResult:
        """Decide how to answer one message. Never raises, whatever the string."""
        try:
            return self._match(text if isinstance(text, str) else str(text))
        except Exception:  # a chat message must never crash the bot
            _log.exception("matching failed for a %d-character message", len(str(text)))
            return MatchResult("none", None, 0.0, [], "")

    def _correct(self, word: str) -> str | None:
        """The known word a typo most likely meant, or None."""
        if word in self._typo_cache:
            return self._typo_cache[word]
        best = self._typos.correct(word)
        if len(self._typo_cache) < 50_000:
            self._typo_cache[word] = best
        return best

    def _question_part(self, analysis: Analysis) -> Analysis:
        """Inside a real question, greetings and thanks count as generic words.

        "chào bot, làm căn cước ở đâu" is about the card; "cảm ơn bot nhiều" and
        "cảm ơn anh Tuấn" are still thanks, since what is left says little.
        """
        if not any(analysis.courtesy):
            return analysis
        words, idf = self.index.words, self.index.idf
        rest = sum(
            float(idf[words[token]])
            for token, generic, courtesy in zip(
                analysis.tokens, analysis.generic, analysis.courtesy, strict=True,
            )
            if not generic and not courtesy and token in words
        )
        return analysis.courtesy_as_generic() if rest >= self._min_content else analysis

    def _parts(self, text: str) -> list[_Part]:
        """The message as clauses (split at sentence marks and commas), each analysed.

        Greetings and thanks inside a real question count as generic words in every clause.
        """
        pieces = _CLAUSE.split(text)
        marks = [*pieces[1::2], ""]
        clauses = [(c, "?" in mark) for c, mark in zip(pieces[::2], marks, strict=True)]
        parts = [(self.analyzer.analyze(c), q) for c, q in clauses if c.strip()]
        parts = [(p, q) for p, q in parts if p.tokens] or [(self.analyzer.analyze(""), False)]
        whole = _join([p for p, _ in parts])
        if self._question_part(whole) is not whole:
            parts = [(p.courtesy_as_generic(), q) for p, q in parts]
        marked = any(q for _, q in parts)
        return [_Part(p, q if marked else _asks(p)) for p, q in parts]

    def _pieces(self, clauses: list[_Part]) -> list[_Part]:
        """Clauses worth scoring alone: one with too few meaningful words joins the next."""
        merged: list[_Part] = []
        pending: list[_Part] = []
        for clause in clauses:
            pending.append(clause)
            joined = _join([c.analysis for c in pending])
            if sum(not g for g in joined.generic) >= self.tuning.min_piece_content:
                merged.append(_Part(joined, any(c.asks for c in pending)))
                pending = []
        if pending and merged:
            last = [merged[-1], *pending]
            merged[-1] = _Part(_join([c.analysis for c in last]), any(c.asks for c in last))
        return merged

    def _features(self, analysis: Analysis) -> _Query:
        """The question's known features with their weights, its total weight, its content."""
        t, index = self.tuning, self.index
        query = _Query([], [], 0.0, 0.0)
        word_ids: list[int | None] = []
        credits: list[float] = []
        for token, generic in zip(analysis.tokens, analysis.generic, strict=True):
            wid = index.words.get(token)
            credit = 1.0
            if wid is None and not generic:
                fixed = self._correct(token)
                if fixed is not None:
                    wid, credit = index.words[fixed], t.typo_credit
            word_ids.append(wid)
            credits.append(credit)

        seen: dict[int, int] = {}

        def add(fid: int | None, weight: float, credit: float = 1.0, generic: bool = False) -> None:
            query.denominator += weight
            if fid is None:
                return
            if fid in seen:  # a repeated word counts once, at its strongest
                query.denominator -= weight
                position = seen[fid]
                query.weights[position] = max(query.weights[position], weight * credit)
                query.generic[position] &= generic
                return
            seen[fid] = len(query.fids)
            query.fids.append(fid)
            query.weights.append(weight * credit)
            query.generic.append(generic)

        n = len(word_ids)
        pair_ids = index.pair_ids(word_ids)
        ideas: dict[int, float] = {}  # typed word -> how specific it is
        for i in range(n):
            wid, generic, credit = word_ids[i], analysis.generic[i], credits[i]
            damp = t.generic_factor if generic else 1.0
            idf = index.oov_idf if wid is None else float(index.idf[wid])
            add(wid, idf * damp, credit, generic)
            accent = analysis.accents[i]
            specific = idf
            if accent is not None and not generic and credit == 1.0:
                aid = index.accent_id(accent)
                specific = float(index.idf[aid]) if aid is not None else index.oov_idf
                add(aid, specific * t.accent_factor)
            if not generic:  # "tải" says more than "tai" (tài, tại, tai...)
                origin = analysis.origins[i] if analysis.origins else i
                ideas[origin] = max(ideas.get(origin, 0.0), idf, specific)
            if i + 1 < n:
                pid = pair_ids[i]
                if pid is not None:
                    both = generic and analysis.generic[i + 1]
                    weight = float(index.weight[pid]) * (t.generic_factor if both else 1.0)
                    add(pid, weight, min(credit, credits[i + 1]), both)
        query.content = sum(ideas.values())
        return query

    def _scoring(self, analysis: Analysis, length: float = 0.0) -> _Scoring | None:
        """What every entry's score is made of, but its best stored text (`_best_units`);
        None when the question has nothing to score.

        `length` (0 short, 1 long, see `FaqSettings.length_share`) brings in the
        answers' words as evidence.
        """
        t, index = self.tuning, self.index
        query = self._features(analysis)
        if not query.fids or query.denominator <= 0 or query.content <= 0:
            return None
        n_entries = len(self.kb.entries)
        shared = index.entries.gather(query.fids, query.weights, n_entries)
        answer = None
        if self._answers is not None and length > 0:
            # a long message says words no phrasing has; its entry's answer may: weak evidence
            found = self._answers.evidence(analysis, n_entries)
            answer = np.minimum(found / (t.answer_full * self._oov), 1.0)
        return _Scoring(
            query, any(a is not None for a in analysis.accents), shared, answer, length,
        )

    def _blend(
        self, scoring: _Scoring, best_unit: np.ndarray, entries: np.ndarray | None = None,
    ) -> np.ndarray:
        """The score (0-1) of the entries (all, or these), before the fuzzy re-check, from
        how well their best stored text covers the question (`best_unit`, per entry given)."""
        t = self.tuning
        pick = slice(None) if entries is None else entries
        shared = scoring.shared[pick]
        bag = np.minimum(shared / scoring.query.denominator, 1.0)
        score = (1.0 - t.entry_share) * best_unit + t.entry_share * bag
        if scoring.answer is not None:
            share = t.answer_share * scoring.length
            score = (1.0 - share) * score + share * scoring.answer[pick]
        if t.evidence_share:  # a long question that shares much with one entry is about it
            evidence = np.minimum(shared / self._evidence_full, 1.0)
            score = (1.0 - t.evidence_share) * score + t.evidence_share * evidence
        return score

    def _dense(self, analysis: Analysis, length: float = 0.0) -> tuple[np.ndarray, _Query] | None:
        """Every entry's score (0-1) for one question, before the fuzzy re-check."""
        scoring = self._scoring(analysis, length)
        if scoring is None:
            return None
        return self._blend(scoring, self._best_units(scoring)), scoring.query

    def _reached(self, scoring: _Scoring) -> tuple[np.ndarray, np.ndarray]:
        """The stored texts that the question's words that carry meaning reach (sorted),
        and the weight of everything they share with the question (generic words too).

        A text that shares nothing, or only generic words ("làm sao", "không"), with the
        question is no answer to it and is never scored: so the cost follows the
        question's words, not the base's size.
        """
        if scoring.reached is None:
            index, query = self.index, scoring.query
            rows, weights, generic = index.units.take(query.fids, query.weights, query.generic)
            units = index.units.distinct(rows[~generic], len(index.unit_entry))
            if not len(units):
                scoring.reached = units, np.zeros(0)
            elif len(units) * 16 < len(index.unit_entry):  # few: look them up, not sweep all
                at = np.searchsorted(units, rows)
                at[units[np.minimum(at, len(units) - 1)] != rows] = len(units)
                weight = np.bincount(at, weights, len(units) + 1)  # the last: texts not kept
                scoring.reached = units, weight[:-1]
            else:
                weight = np.bincount(rows, weights, minlength=len(index.unit_entry))
                scoring.reached = units, weight[units]
        return scoring.reached

    def _best_units(self, scoring: _Scoring, entries: np.ndarray | None = None) -> np.ndarray:
        """For every entry, how well its best stored text and the question cover each
        other (0 for an entry none of whose texts `_reached` gives). With `entries`,
        only theirs are scored (the others are left at 0)."""
        t, index = self.tuning, self.index
        best = np.zeros(len(self.kb.entries))
        units, numerator = self._reached(scoring)
        if entries is not None:
            chosen = np.zeros(len(best), dtype=bool)
            chosen[entries] = True
            keep = chosen[index.unit_entry[units]]
            units, numerator = units[keep], numerator[keep]
        if not len(units):
            return best
        has_accents = scoring.accents
        # covers_query ** share * covers_unit ** (1 - share), each covering at most 1,
        # in logarithms (one log and one exp a text)
        with np.errstate(divide="ignore"):
            log_numerator = np.log(numerator.astype(np.float32))
        log_denominator: np.floating | np.ndarray = np.float32(np.log(scoring.query.denominator))
        if t.query_cap:  # a long message need only hold about as much as the stored text says
            log_denominator = np.minimum(log_denominator, self._log_cap[has_accents][units])
        covers_query = np.minimum(log_numerator - log_denominator, 0.0)
        covers_unit = np.minimum(log_numerator - self._log_total[has_accents][units], 0.0)
        share = np.float32(t.query_share)
        unit_score = np.exp(share * covers_query + (np.float32(1.0) - share) * covers_unit)
        entry = index.unit_entry[units]  # units are grouped by entry, in order
        starts = np.flatnonzero(np.diff(entry, prepend=-1))
        best[entry[starts]] = np.maximum.reduceat(unit_score, starts).astype(np.float64)
        return best

    def _match(self, text: str) -> MatchResult:
        t = self.tuning
        text, shortened = _fit(text, self.settings.max_input_chars)
        clauses = self._parts(text)
        whole = _join([c.analysis for c in clauses])
        folded = whole.folded
        entries = self.kb.entries
        nothing = MatchResult("none", None, 0.0, [], folded, shortened=shortened)
        if not whole.tokens or not entries or not any(c.isalpha() for c in text):
            return nothing  # a bare number or an emoji asks nothing
        words = len(text.split())
        scored = self._dense(whole, self.settings.length_share(words))
        if scored is None:  # only generic words: "ok", "vâng" may still be courtesy
            return self._courtesy(whole, nothing) if any(whole.courtesy) else nothing
        score, query = scored

        k = min(t.candidates, len(entries))
        top = np.argpartition(-score, k - 1)[:k] if k < len(entries) else np.arange(len(entries))
        top = top[score[top] > 0]
        if t.fuzzy_share and len(top):
            score[top] = self._blend_fuzzy(whole, top, score[top])
        score *= 100.0

        order = top[np.argsort(-score[top], kind="stable")]
        ranking = [(entries[i], float(score[i])) for i in order]
        first = None
        # the clauses are scored alone only when they can change the decision: `_decide`
        # reads them only when the second entry is strong enough to answer too
        if words > t.two_question_words and len(ranking) > 1 and (
            ranking[1][1] >= self.settings.thresholds(words)[0]
        ):
            first = self._first_asked(clauses, order[:2])
        result = self._decide(
            ranking, folded, sure=query.content >= self._min_content, words=words, first=first,
        )
        result.shortened = shortened
        asks = any(c.asks for c in clauses)
        if any(whole.courtesy) and (result.decision == "none" or (
            result.decision == "suggest" and not asks
        )):
            return self._courtesy(whole, result)
        return result

    def _courtesy(self, analysis: Analysis, result: MatchResult) -> MatchResult:
        """A greeting or a thanks inside a message that asks nothing the bot can answer.

        "Xin chào bot. Tôi là Bình, năm nay 64 tuổi..." is a greeting, "ok cảm ơn
        bot nhé, em làm xong rồi" a thanks: the courtesy words alone decide which.
        """
        keep = [i for i, c in enumerate(analysis.courtesy) if c]
        words = Analysis(
            tuple(analysis.tokens[i] for i in keep), tuple(analysis.accents[i] for i in keep),
            tuple(False for _ in keep), tuple(True for _ in keep), tuple(range(len(keep))),
        )
        scored = self._dense(words)
        if scored is None:
            return result
        score = scored[0]
        hidden = [i for i, e in enumerate(self.kb.entries) if e.id in self._hidden]
        if not hidden:
            return result
        best = max(hidden, key=lambda i: score[i])
        if score[best] < self.tuning.min_courtesy:
            return result
        return MatchResult(
            "answer", self.kb.entries[best], float(score[best]) * 100.0, [], result.folded,
            result.ranking, shortened=result.shortened,
        )

    def _first_asked(self, clauses: list[_Part], top: np.ndarray) -> tuple[int, bool] | None:
        """Which of the two best entries the message asks about first, and whether both.

        Each clause that asks something is scored alone. When the two best entries
        each win an asking clause, the message has two questions: (rank of the one
        asked first, True). When only one of them wins any, the other is context
        ("Tôi vừa đăng ký Mobile Money. Trả tiền điện thế nào?"): (its rank, False).
        None when the clauses do not tell.
        """
        if len(top) < 2 or len(clauses) < 2:
            return None
        pieces = self._pieces(clauses)
        if len(pieces) < 2:
            return None
        wins: list[int] = []  # rank (0 or 1) of the winner of each asking clause, in order
        for piece in pieces:
            scoring = self._scoring(piece.analysis) if piece.asks else None
            if scoring is None or scoring.query.content < self._min_content:
                continue
            best = int(np.argmax(self._blend(scoring, self._best_units(scoring))))
            if best in (top[0], top[1]):
                wins.append(0 if best == top[0] else 1)
        if not wins:
            return None
        return wins[0], len(set(wins)) == 2

    def _blend_fuzzy(self, analysis: Analysis, top: np.ndarray, base: np.ndarray) -> np.ndarray:
        """Mix in a character-level similarity of the question to each candidate's best text."""
        index = self.index
        query = " ".join(sorted((analysis.content or analysis.folded).split()))
        starts, ends = index.entry_start[top], index.entry_scored_end[top]
        texts = [text for entry in top.tolist() for text in index.fuzzy_texts(entry)]
        # token_sort_ratio, with both sides' words sorted once instead of on every call
        sims = process.cdist([query], texts, scorer=fuzz.ratio, processor=None, dtype=np.uint8)[0]
        offsets = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
        best = np.maximum.reduceat(sims, offsets).astype(np.float64) / 100.0
        share = self.tuning.fuzzy_share
        return (1.0 - share) * base + share * best * np.minimum(1.0, base * 2.0)

    def _decide(
        self, ranking: list[tuple[Entry, float]], folded: str, sure: bool = True,
        words: int = 0, first: tuple[int, bool] | None = None,
    ) -> MatchResult:
        """Answer, suggest or say no, with thresholds for the message's length.

        A question of one common word ("vneid") is not sure enough to answer, only
        to suggest; greetings and thanks, short by nature, are exempt. With two
        questions (`first`: the rank of the one asked first, and whether both are
        asked), the first is answered when both are strong enough to answer, and the
        other is offered as `also`; a second entry that is only context does not
        make the first ambiguous.
        """
        s = self.settings
        answer_at, suggest_at, margin = s.thresholds(words)
        if not ranking:
            return MatchResult("none", None, 0.0, [], folded, ranking)
        if first is not None and len(ranking) > 1 and ranking[1][1] >= answer_at:
            rank, both = first
            third = ranking[2][1] if len(ranking) > 2 else 0.0
            (entry, score), (other, _) = ranking[rank], ranking[1 - rank]
            if sure and third <= ranking[1][1] - margin and {
                entry.id, other.id,
            }.isdisjoint(self._hidden):
                close = [
                    e for e, sc in ranking[2:] if sc >= suggest_at and e.id not in self._hidden
                ]
                return MatchResult(
                    "answer", entry, score, [other, *close][:3], folded, ranking,
                    also=other if both else None,
                )
        best_entry, best = ranking[0]
        second = ranking[1][1] if len(ranking) > 1 else 0.0
        close = [
            e for e, score in ranking[1:]
            if score >= suggest_at and e.id not in self._hidden
        ]
        sure = sure or best_entry.id in self._hidden
        if sure and best >= answer_at and best - second >= margin:
            return MatchResult("answer", best_entry, best, close[:3], folded, ranking)
        if best >= suggest_at:
            choices = [e for e in (best_entry, *close) if e.id not in self._hidden][:3]
            if choices:
                return MatchResult("suggest", None, best, choices, folded, ranking)
        return MatchResult("none", None, best, [], folded, ranking)
