"""The `faq:` section of config.yaml: where the data lives and how sure the bot must be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.config_errors import SectionReader
from core.settings import load_config_reader

DEFAULT_CONFIG = Path("config.yaml")
ANSWER_THRESHOLD = 58.0
SUGGEST_THRESHOLD = 40.0
AMBIGUITY_MARGIN = 3.0
MAX_INPUT_CHARS = 500
LONG_ANSWER_THRESHOLD = 52.0
LONG_SUGGEST_THRESHOLD = 36.0
LONG_AMBIGUITY_MARGIN = 5.0
SHORT_MESSAGE_WORDS = 10
LONG_MESSAGE_WORDS = 30


@dataclass(frozen=True, slots=True)
class FaqSettings:
    """Validated FAQ settings; paths are absolute (resolved against the config file)."""

    knowledge_base: Path
    abbreviations: Path
    answer_threshold: float = ANSWER_THRESHOLD
    suggest_threshold: float = SUGGEST_THRESHOLD
    ambiguity_margin: float = AMBIGUITY_MARGIN
    max_input_chars: int = MAX_INPUT_CHARS
    long_answer_threshold: float = LONG_ANSWER_THRESHOLD
    """`answer_threshold` for a message of `long_message_words` or more (in between, a line)."""
    long_suggest_threshold: float = LONG_SUGGEST_THRESHOLD
    long_ambiguity_margin: float = LONG_AMBIGUITY_MARGIN
    short_message_words: int = SHORT_MESSAGE_WORDS
    long_message_words: int = LONG_MESSAGE_WORDS

    def length_share(self, words: int) -> float:
        """0 for a short message, 1 for a long one, a line between (see `thresholds`)."""
        short, long = self.short_message_words, self.long_message_words
        return min(max((words - short) / max(long - short, 1), 0.0), 1.0)

    def thresholds(self, words: int) -> tuple[float, float, float]:
        """(answer, suggest, margin) thresholds for a message of this many words.

        Scores fall as a message gets longer (it says more than any stored question),
        so one rule is calibrated across lengths: the short thresholds up to
        `short_message_words`, the long ones from `long_message_words`, a line between.
        """
        share = self.length_share(words)
        answer = self.answer_threshold + share * (
            self.long_answer_threshold - self.answer_threshold
        )
        suggest = self.suggest_threshold + share * (
            self.long_suggest_threshold - self.suggest_threshold
        )
        margin = self.ambiguity_margin + share * (
            self.long_ambiguity_margin - self.ambiguity_margin
        )
        return answer, suggest, margin

    @classmethod
    def from_config(cls, reader: SectionReader) -> FaqSettings:
        """Read the `faq:` section; relative paths resolve against the config file's folder."""
        reader.only(("knowledge_base", "abbreviations", "answer_threshold", "suggest_threshold",
                     "ambiguity_margin", "max_input_chars", "long_answer_threshold",
                     "long_suggest_threshold", "long_ambiguity_margin", "short_message_words",
                     "long_message_words", "curation"))
        base = Path(reader.file).resolve().parent
        kb = reader.str("knowledge_base", "faq/kb")
        abbreviations = reader.str("abbreviations", "faq/abbreviations.yaml")
        answer = reader.number("answer_threshold", ANSWER_THRESHOLD, minimum=0, maximum=100)
        suggest = reader.number("suggest_threshold", SUGGEST_THRESHOLD, minimum=0, maximum=100)
        if suggest > answer:
            raise reader.fail(
                "suggest_threshold", f"phải ≤ answer_threshold ({answer:g}), đang là {suggest:g}",
            )
        margin = reader.number("ambiguity_margin", AMBIGUITY_MARGIN, minimum=0, maximum=100)
        max_chars = reader.int("max_input_chars", MAX_INPUT_CHARS, minimum=20, maximum=100_000)
        long_answer = reader.number(
            "long_answer_threshold", LONG_ANSWER_THRESHOLD, minimum=0, maximum=100,
        )
        long_suggest = reader.number(
            "long_suggest_threshold", LONG_SUGGEST_THRESHOLD, minimum=0, maximum=100,
        )
        if long_suggest > long_answer:
            raise reader.fail(
                "long_suggest_threshold",
                f"phải ≤ long_answer_threshold ({long_answer:g}), đang là {long_suggest:g}",
            )
        long_margin = reader.number(
            "long_ambiguity_margin", LONG_AMBIGUITY_MARGIN, minimum=0, maximum=100,
        )
        short_words = reader.int(
            "short_message_words", SHORT_MESSAGE_WORDS, minimum=1, maximum=1000,
        )
        long_words = reader.int("long_message_words", LONG_MESSAGE_WORDS, minimum=1, maximum=1000)
        if long_words < short_words:
            raise reader.fail(
                "long_message_words", f"phải ≥ short_message_words ({short_words})",
            )
        return cls(
            knowledge_base=base / kb,
            abbreviations=base / abbreviations,
            answer_threshold=answer,
            suggest_threshold=suggest,
            ambiguity_margin=margin,
            max_input_chars=max_chars,
            long_answer_threshold=long_answer,
            long_suggest_threshold=long_suggest,
            long_ambiguity_margin=long_margin,
            short_message_words=short_words,
            long_message_words=long_words,
        )


def load_settings(config_path: Path = DEFAULT_CONFIG) -> FaqSettings:
    """FaqSettings from a config file (for the CLI; the bot reads the whole file once)."""
    return FaqSettings.from_config(load_config_reader(config_path).section("faq"))
