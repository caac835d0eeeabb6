"""Benchmark: grouping the coordinators' inbox (/cauhoimoi) of unanswered questions.

    .venv/bin/python -m benchmarks.question_groups [--distinct 2000,5000] [--runs 5]

Questions: the shared dev sets (short and long, ../shared/faq/dev-*.yaml), folded by the
matcher as the bot stores them, and variants of them as villagers type them again (a typo, a
word left out, a greeting in front, a particle at the end), until there are `--distinct`
different folded texts; each is asked 1-4 times. Measured (median of `--runs`):
faq.grouping.group_questions, against the quadratic grouping it replaced (each question
compared with every group so far, `extractOne` + `token_sort_ratio`) in the same run, with
how many groups each finds; and how many questions the blocking puts in another group than
the same rule without blocking would (each question compared with every group).

Target (issue 16): ≤ 200 ms for 5,000 distinct questions.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml
from rapidfuzz import fuzz, process

_R = TypeVar("_R")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "faq"
QUESTION_FILES = ("dev-questions.yaml", "dev-long-questions.yaml")
GREETINGS = ("cho em hỏi", "ad ơi", "anh chị ơi cho hỏi", "em chào bot", "cho mình hỏi chút")
ENDINGS = ("với ạ", "ko", "được không", "vậy", "ạ", "nhé", "giúp em với")
TARGET_MS = 200.0


def dev_questions() -> list[str]:
    asked = []
    for name in QUESTION_FILES:
        data = yaml.safe_load((SHARED / name).read_text(encoding="utf-8"))
        asked += [item["q"] for item in data["questions"]]
    return asked


def variant(text: str, rng: random.Random) -> str:
    words = text.split()
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 2:  # a typo: two letters swapped
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == 1 and len(words) > 3:
        del words[rng.randrange(len(words))]
    elif kind == 2:
        words = [*rng.choice(GREETINGS).split(), *words]
    else:
        words = [*words, *rng.choice(ENDINGS).split()]
    return " ".join(words)


def inbox(distinct: int, seed: int = 16) -> list:
    """Stored questions (newest first) with `distinct` different folded texts."""
    from bot import load_config
    from faq.grouping import AskedQuestion
    from faq.service import FaqService

    faq = FaqService(load_config(ROOT / "config.yaml").faq)
    rng = random.Random(seed)
    base = dev_questions()
    texts: dict[str, str] = {}
    pool = list(base)
    while len(texts) < distinct:
        text = rng.choice(pool)
        if rng.random() < 0.7:
            text = variant(text, rng)
            pool.append(text)
        folded = faq.match(text).folded
        texts.setdefault(folded, text)
    asked = []
    for folded, text in texts.items():
        asked += [(folded, text)] * rng.randint(1, 4)
    rng.shuffle(asked)
    return [AskedQuestion(i, text, folded, unanswered=True)
            for i, (folded, text) in enumerate(asked)]


def quadratic(questions: list) -> list[list]:
    """The grouping /cauhoimoi used before: every question against every group so far."""
    keys: list[str] = []
    groups: list[list] = []
    for question in questions:
        key = question.folded or question.text.lower()
        found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio,
                                   score_cutoff=85) if keys else None
        if found is None:
            keys.append(key)
            groups.append([question])
        else:
            groups[found[2]].append(question)
    return groups


def exhaustive(questions: list) -> list[list[int]]:
    """faq.grouping's rule without its blocking: each key against every group's leader."""
    from faq.grouping import question_key

    by_key: dict[str, list[int]] = {}
    for question in questions:
        by_key.setdefault(question_key(question), []).append(question.id)
    leaders: list[str] = []
    groups: dict[str, list[int]] = {}
    for key in sorted(by_key, key=lambda k: -len(by_key[k])):
        found = process.extractOne(key, leaders, scorer=fuzz.ratio, score_cutoff=85) \
            if leaders else None
        if found is None:
            leaders.append(key)
            groups[key] = list(by_key[key])
        else:
            groups[found[0]] += by_key[key]
    return list(groups.values())


def disagreement(ours: list[list[int]], theirs: list[list[int]]) -> int:
    """Questions whose group differs: not with the same others in both groupings."""
    def partner_sets(groups: list[list[int]]) -> dict[int, frozenset[int]]:
        return {i: frozenset(group) for group in groups for i in group}

    a, b = partner_sets(ours), partner_sets(theirs)
    return sum(a[i] != b[i] for i in a)


def median_seconds(work: Callable[[], _R], runs: int) -> tuple[float, _R]:
    """Median seconds of `runs` (at least one) calls of work(), and the last result."""
    started = time.perf_counter()
    result = work()
    times = [time.perf_counter() - started]
    for _ in range(runs - 1):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    from faq.grouping import group_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distinct", default="2000,5000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'distinct':>8} {'asked':>6} {'grouping ms':>12} {'groups':>7} "
          f"{'before ms':>10} {'groups':>7} {'placed apart from no blocking':>30}")
    ok = True
    for distinct in (int(n) for n in args.distinct.split(",")):
        questions = inbox(distinct)
        ours_s, ours = median_seconds(functools.partial(group_questions, questions), args.runs)
        base_s, base = median_seconds(functools.partial(quadratic, questions),
                                      max(1, args.runs // 2))
        differ = disagreement([list(g.ids) for g in ours],
                              exhaustive(questions))
        print(f"{distinct:>8} {len(questions):>6} {ours_s * 1000:>12.1f} {len(ours):>7} "
              f"{base_s * 1000:>10.0f} {len(base):>7} "
              f"{differ:>20} ({100 * differ / len(questions):.1f} %)")
        if distinct == 5000:
            ok = ours_s * 1000 <= TARGET_MS
            print(f"target ≤ {TARGET_MS:.0f} ms at 5,000 distinct: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
