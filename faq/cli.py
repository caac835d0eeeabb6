"""`python -m faq`: ask, list, match, eval, validate, bench, history and export, for operators
and scripts. Every command but bench sees the knowledge base as the bot serves it: the
files with the local edits made from the chat (faq/curation) merged in."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.config_errors import ConfigError
from faq import parse_cache
from faq.curation import cli as curation_cli
from faq.curation.merge import check_merged, load_merged
from faq.evaluate import evaluate, read_questions
from faq.knowledge_base import KnowledgeBase, check_knowledge_base, display_path
from faq.lexicon import load_lexicon
from faq.matcher import Matcher
from faq.settings import DEFAULT_CONFIG, FaqSettings, load_settings


def _served(settings: FaqSettings, config: Path) -> KnowledgeBase:
    """The knowledge base as the bot serves it: the files plus the local edits (the parsed
    files cached beside the database, as the bot does)."""
    overlay, source = curation_cli.overlay_for(config)
    cache = parse_cache.beside(curation_cli.database_of(config))
    return load_merged(settings.knowledge_base, overlay, source, cache)


def _matcher(settings: FaqSettings, config: Path) -> Matcher:
    kb = _served(settings, config)
    return Matcher(kb, settings, abbreviations=load_lexicon(settings.abbreviations))


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def cmd_ask(settings: FaqSettings, args: argparse.Namespace) -> int:
    matcher = _matcher(settings, args.config)
    question = " ".join(args.question)
    r = matcher.match(question)
    labels = {"answer": "trả lời", "suggest": "gợi ý", "none": "không có câu trả lời"}
    _out(f"Câu hỏi: {question}")
    _out(f"Chuẩn hóa: {r.folded}")
    _out(
        f"Quyết định: {r.decision} ({labels[r.decision]}), điểm {r.score:.1f} "
        f"(trả lời ≥ {settings.answer_threshold:g}, gợi ý ≥ {settings.suggest_threshold:g}, "
        f"cách biệt ≥ {settings.ambiguity_margin:g})",
    )
    if r.entry is not None:
        _out(f"\n[{r.entry.id}] {r.entry.title}\n{r.entry.answer}")
        for link in r.entry.links:
            _out(f"- {link.title}: {link.url}")
    if r.suggestions:
        _out("\nCó phải bạn muốn hỏi:" if r.decision == "suggest" else "\nCâu hỏi liên quan:")
        scores = {e.id: sc for e, sc in r.ranking}
        for i, entry in enumerate(r.suggestions, 1):
            _out(f"  {i}. {entry.title} [{entry.id}] {scores.get(entry.id, 0.0):.1f}")
    _out("\nXếp hạng:")
    for entry, score in r.ranking[:5]:
        _out(f"  {score:5.1f}  {entry.id}")
    return 0


def cmd_list(settings: FaqSettings, args: argparse.Namespace) -> int:
    kb = _served(settings, args.config)
    if args.json:
        items = [
            {
                "id": e.id,
                "title": e.title,
                "theme": e.theme,
                "questions": list(e.questions),
                "keywords": list(e.keywords),
                "related": list(e.related),
                "links": [{"title": link.title, "url": link.url} for link in e.links],
            }
            for e in kb.entries
        ]
        _out(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    for theme in kb.themes:
        _out(f"{theme.title} [{theme.id}]{' (ẩn)' if theme.hidden else ''}")
        for entry_id in theme.entry_ids:
            entry = kb.get(entry_id)
            if entry is not None:
                _out(f"  {entry.id}: {entry.title} ({len(entry.questions)} cách hỏi)")
    return 0


def cmd_match(settings: FaqSettings, args: argparse.Namespace) -> int:
    matcher = _matcher(settings, args.config)
    for line in sys.stdin:
        question = line.rstrip("\r\n")
        r = matcher.match(question)
        answer = r.entry.id if r.decision == "answer" and r.entry is not None else None
        record = {
            "q": question,
            "id": answer,
            "score": round(r.score, 1),
            "suggestions": [e.id for e in r.suggestions if e.id != answer][:3],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def cmd_eval(settings: FaqSettings, args: argparse.Namespace) -> int:
    matcher = _matcher(settings, args.config)
    questions = read_questions(Path(args.file))
    report = evaluate(matcher, questions)
    known = {e.id for e in matcher.kb.entries}
    unknown = sorted({q.expect for q in questions if q.expect and q.expect not in known})
    if args.json:
        _out(json.dumps(report.summary(), ensure_ascii=False))
        return 0
    s = report.summary()
    _out(f"{args.file}: {s['questions']} questions "
         f"({s['in_scope']} in scope, {s['out_of_scope']} out of scope)")
    _out(f"in-scope top-1:         {s['top1']:5.1f} % ({s['top1_hits']}/{s['in_scope']})")
    _out(f"in-scope top-3:         {s['top3']:5.1f} % ({s['top3_hits']}/{s['in_scope']})")
    _out(f"out-of-scope rejection: {s['rejection']:5.1f} % ({s['rejected']}/{s['out_of_scope']})")
    _out(f"wrong direct answers:   {s['wrong']:5.1f} % ({s['wrong_answers']}/{s['questions']})")
    if unknown:
        _out(f"expected ids missing from the knowledge base: {', '.join(unknown)}")
    misses = [o for o in report.outcomes if not o.top1]
    if misses:
        _out("\nmisses (expected → got, score, suggestions):")
    for o in misses:
        mark = "top-3" if o.expect is not None and o.top3 else "miss "
        if o.expect is None:
            mark = "OOS  "
        if o.wrong:
            mark = "WRONG"
        _out(f"  [{mark}] {o.q!r}: {o.expect} → {o.got} ({o.score:.1f}) "
             f"{list(o.suggestions)}")
    return 0


def cmd_validate(config: Path, args: argparse.Namespace) -> int:
    lexicon_path = None
    if args.path:
        folder = Path(args.path)
    else:
        settings = load_settings(config)
        folder, lexicon_path = settings.knowledge_base, settings.abbreviations
    if args.path or args.shipped:
        kb, errors = check_knowledge_base(folder)
    else:  # the configured folder: checked as served, with the local edits merged in
        overlay, source = curation_cli.overlay_for(config)
        kb, errors, warnings = check_merged(folder, overlay, source)
        for warning in warnings:
            _out(f"cảnh báo: {warning}")
    if lexicon_path is not None:
        try:
            load_lexicon(lexicon_path)
        except ConfigError as exc:
            errors.append(exc)
    for error in errors:
        _out(str(error))
    where = display_path(folder)
    if errors:
        _out(f"{len(errors)} lỗi trong {where}")
        return 1
    questions = sum(len(e.questions) for e in kb.entries)
    _out(f"OK: {len(kb.entries)} mục, {len(kb.themes)} chủ đề, {questions} cách hỏi ({where})")
    return 0


def cmd_bench(settings: FaqSettings, args: argparse.Namespace) -> int:
    from faq.bench import run_bench

    _out(run_bench(settings, synthetic_entries=args.entries, seed=args.seed, queries=args.queries))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m faq", description=__doc__)
    parser.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, help="config file (default ./config.yaml)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question, with scores")
    ask.add_argument("question", nargs="+")
    listing = sub.add_parser("list", help="list the entries")
    listing.add_argument("--json", action="store_true", help="JSON array of entries")
    sub.add_parser("match", help="stdin: one question a line; stdout: one JSON object a line")
    ev = sub.add_parser("eval", help="accuracy on a labelled question file")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    val = sub.add_parser("validate", help="check a knowledge-base folder")
    val.add_argument("path", nargs="?", help="folder (default: knowledge_base in config, "
                     "with the local edits of the bot's database merged in)")
    val.add_argument("--shipped", action="store_true", help="without the local edits")
    bench = sub.add_parser("bench", help="load time, latency and memory, with a naive baseline")
    bench.add_argument("--entries", type=int, default=10_000, help="size of the synthetic base")
    bench.add_argument("--seed", type=int, default=2025)
    bench.add_argument("--queries", type=int, default=1000, help="queries per knowledge base")
    curation_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    commands = {
        "ask": cmd_ask, "list": cmd_list, "match": cmd_match, "eval": cmd_eval,
        "bench": cmd_bench,
    }
    try:
        if args.command == "validate":
            return cmd_validate(args.config, args)
        if args.command in curation_cli.COMMANDS:
            return curation_cli.COMMANDS[args.command](args.config, args)
        return commands[args.command](load_settings(args.config), args)
    except ConfigError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except BrokenPipeError:  # `python -m faq list --json | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
