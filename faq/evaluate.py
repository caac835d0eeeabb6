"""Score the matcher on a question set shaped like ../shared/faq/dev-questions.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.config_errors import ConfigError
from core.settings import load_yaml_file
from faq.matcher import Matcher


@dataclass(frozen=True, slots=True)
class Labelled:
    """A question and the entry id it should get (None: the bot should not answer)."""

    q: str
    expect: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher did with one labelled question."""

    q: str
    expect: str | None
    got: str | None
    score: float
    suggestions: tuple[str, ...]

    @property
    def top1(self) -> bool:
        return self.got == self.expect

    @property
    def top3(self) -> bool:
        return self.got == self.expect or self.expect in self.suggestions

    @property
    def wrong(self) -> bool:
        """Answered directly, with an entry that is not the one expected (or none was)."""
        return self.got is not None and self.got != self.expect


@dataclass
class Report:
    """Accuracy figures over a question set."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expect is not None]

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expect is None]

    @staticmethod
    def _rate(hits: int, total: int) -> float:
        return 100.0 * hits / total if total else 0.0

    @property
    def top1(self) -> float:
        return self._rate(sum(o.top1 for o in self.in_scope), len(self.in_scope))

    @property
    def top3(self) -> float:
        return self._rate(sum(o.top3 for o in self.in_scope), len(self.in_scope))

    @property
    def rejection(self) -> float:
        return self._rate(sum(o.got is None for o in self.out_of_scope), len(self.out_of_scope))

    @property
    def wrong(self) -> float:
        """The share of all questions answered directly with the wrong entry: the worst outcome."""
        return self._rate(sum(o.wrong for o in self.outcomes), len(self.outcomes))

    def summary(self) -> dict[str, object]:
        scope, out = self.in_scope, self.out_of_scope
        return {
            "questions": len(self.outcomes),
            "in_scope": len(scope),
            "out_of_scope": len(out),
            "top1": round(self.top1, 1),
            "top3": round(self.top3, 1),
            "rejection": round(self.rejection, 1),
            "wrong": round(self.wrong, 1),
            "top1_hits": sum(o.top1 for o in scope),
            "top3_hits": sum(o.top3 for o in scope),
            "rejected": sum(o.got is None for o in out),
            "wrong_answers": sum(o.wrong for o in self.outcomes),
        }


def read_questions(path: Path) -> list[Labelled]:
    """Read `questions: [{q, expect}]`; raise ConfigError naming the file and item."""
    file = str(path)
    data = load_yaml_file(path)
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(file, "questions", "phải là danh sách {q, expect}")
    out: list[Labelled] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise ConfigError(file, f"questions[{i}]", "mỗi mục cần 'q' (chuỗi) và 'expect'")
        expect = item.get("expect")
        if expect is not None and not isinstance(expect, str):
            raise ConfigError(file, f"questions[{i}]", "'expect' phải là id hoặc null")
        out.append(Labelled(item["q"], expect))
    return out


def evaluate(matcher: Matcher, questions: list[Labelled]) -> Report:
    """Run every question through the matcher as the bot would."""
    report = Report()
    for item in questions:
        result = matcher.match(item.q)
        got = result.entry.id if result.decision == "answer" and result.entry else None
        report.outcomes.append(
            Outcome(
                item.q, item.expect, got, round(result.score, 1),
                tuple(e.id for e in result.suggestions),
            ),
        )
    return report
