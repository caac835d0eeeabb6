"""Same answers before and after: the matcher's decision on every shared question, compared.

    .venv/bin/python -m benchmarks.faq_answers [--base main] [--save answers.json]

For every question of every shared set (../shared/faq/dev-questions*.yaml,
dev-long-questions.yaml and tests/fixtures/*-questions.yaml) it records what the matcher
does over the shipped knowledge base: the decision (answer, did-you-mean, none), the entry
answered, the score and the entries offered. The same is recorded for the tree of
`--base` (a git revision, extracted to a temporary folder and run with this virtualenv),
and the two are compared: the eval figures of each set side by side (`python -m faq
eval`'s top-1, top-3, out-of-scope rejection, wrong direct answers), then every question
whose answer changed. Exit status 1 when a figure got worse.

A speed change must not change answers; a changed score below 0.1 is shown as a count only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "faq"
FIGURES = ("top1", "top3", "rejection", "wrong")
"""The eval figures; for `wrong` lower is better."""


def question_files(root: Path) -> list[Path]:
    """The shared question sets, in a fixed order (those absent are left out)."""
    shared = root.parent / "shared" / "faq"
    files = [*sorted(shared.glob("dev-questions*.yaml")), shared / "dev-long-questions.yaml"]
    files += sorted((root / "tests" / "fixtures").glob("*-questions.yaml"))
    return [f for f in files if f.is_file()]


def snapshot(root: Path, files: list[Path]) -> dict[str, object]:
    """What the matcher of the tree at `root` does with every question of `files`."""
    sys.path.insert(0, str(root))
    import faq
    from faq.evaluate import evaluate, read_questions
    from faq.knowledge_base import load_knowledge_base
    from faq.matcher import Matcher
    from faq.settings import load_settings

    if not Path(faq.__file__).resolve().is_relative_to(root.resolve()):
        raise RuntimeError(f"faq imported from {faq.__file__}, not from {root}")
    settings = load_settings(root / "config.yaml")
    matcher = Matcher(load_knowledge_base(settings.knowledge_base), settings)
    sets: dict[str, object] = {}
    for path in files:
        questions = read_questions(path)
        answers = []
        for item in questions:
            r = matcher.match(item.q)
            answers.append({
                "decision": r.decision,
                "entry": r.entry.id if r.entry is not None else None,
                "score": round(r.score, 2),
                "offered": [e.id for e in r.suggestions],
                "also": also.id if (also := getattr(r, "also", None)) is not None else None,
            })
        sets[path.name] = {
            "figures": evaluate(matcher, questions).summary(),
            "questions": [q.q for q in questions],
            "expect": [q.expect for q in questions],
            "answers": answers,
        }
    return sets


def snapshot_of_revision(revision: str, files: list[Path]) -> dict[str, object]:
    """`snapshot` of the tree at a git revision, run in a process of its own."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        # the fixtures of this tree, so both sides answer exactly the same questions
        names = [str(f) for f in files]
        out = subprocess.run(
            [sys.executable, __file__, "--snapshot-of", str(tree), "--files", *names],
            check=True, capture_output=True, text=True, cwd=tree,
        ).stdout
    return json.loads(out)


def _better(figure: str, before: float, after: float) -> int:
    """1 better, 0 equal, -1 worse."""
    if after == before:
        return 0
    return 1 if (after < before) == (figure == "wrong") else -1


def _label(answer: dict) -> str:
    if answer["decision"] == "answer":
        also = f" +{answer['also']}" if answer.get("also") else ""
        return f"answer {answer['entry']}{also} ({answer['score']:.1f})"
    if answer["decision"] == "suggest":
        return f"suggest {answer['offered']} ({answer['score']:.1f})"
    return f"none ({answer['score']:.1f})"


def compare(before: dict, after: dict) -> tuple[list[str], bool]:
    """Report lines, and whether every figure is equal or better."""
    lines: list[str] = []
    ok = True
    for name, old in before.items():
        new = after.get(name)
        if new is None:
            lines.append(f"{name}: missing after")
            ok = False
            continue
        figures = []
        for figure in FIGURES:
            b, a = old["figures"][figure], new["figures"][figure]
            verdict = _better(figure, b, a)
            ok &= verdict >= 0
            mark = {0: "=", 1: "better", -1: "WORSE"}[verdict]
            figures.append(f"{figure} {b:.1f} → {a:.1f} {mark}")
        lines.append(f"{name} ({len(old['answers'])} questions): " + "; ".join(figures))
        small = 0
        for q, expect, x, y in zip(
            old["questions"], old["expect"], old["answers"], new["answers"], strict=True,
        ):
            same = {k: v for k, v in x.items() if k != "score"} == {
                k: v for k, v in y.items() if k != "score"
            }
            if same and abs(x["score"] - y["score"]) < 0.1:
                small += x != y
                continue
            lines.append(f"  {q!r} (expect {expect}): {_label(x)} → {_label(y)}")
        if small:
            lines.append(f"  {small} answers the same with a score changed by < 0.1")
    return lines, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="git revision to compare against")
    parser.add_argument("--save", type=Path, help="also write this tree's answers (JSON)")
    parser.add_argument("--against", type=Path, help="compare with answers saved by --save")
    parser.add_argument("--snapshot-of", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.snapshot_of is not None:
        sys.stdout.write(json.dumps(snapshot(args.snapshot_of, args.files), ensure_ascii=False))
        return 0
    files = question_files(ROOT)
    after = snapshot(ROOT, files)
    if args.save is not None:
        args.save.write_text(json.dumps(after, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.against is not None:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        base = str(args.against)
    else:
        before, base = snapshot_of_revision(args.base, files), args.base
    lines, ok = compare(before, after)
    sys.stdout.write(f"answers of {base} → this tree\n" + "\n".join(lines) + "\n")
    verdict = "eval figures equal or better on every set" if ok else "a figure got WORSE"
    sys.stdout.write(verdict + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
