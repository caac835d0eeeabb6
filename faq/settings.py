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


@dataclass(frozen=True, slots=True)
class FaqSettings:
    """Validated FAQ settings; paths are absolute (resolved against the config file)."""

    knowledge_base: Path
    abbreviations: Path
    answer_threshold: float = ANSWER_THRESHOLD
    suggest_threshold: float = SUGGEST_THRESHOLD
    ambiguity_margin: float = AMBIGUITY_MARGIN
    max_input_chars: int = MAX_INPUT_CHARS

    @classmethod
    def from_config(cls, reader: SectionReader) -> FaqSettings:
        """Read the `faq:` section; relative paths resolve against the config file's folder."""
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
        return cls(
            knowledge_base=base / kb,
            abbreviations=base / abbreviations,
            answer_threshold=answer,
            suggest_threshold=suggest,
            ambiguity_margin=margin,
            max_input_chars=max_chars,
        )


def load_settings(config_path: Path = DEFAULT_CONFIG) -> FaqSettings:
    """FaqSettings from a config file (for the CLI; the bot reads the whole file once)."""
    return FaqSettings.from_config(load_config_reader(config_path).section("faq"))
