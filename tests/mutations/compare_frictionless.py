"""Run `unga validate` and `frictionless validate` on every class of the corpus; write the table.

    .venv/bin/python tests/mutations/compare_frictionless.py [--jobs 2]

Frictionless takes ~15 s per run on the full data, so this is a script, not a test; the test
suite checks only that docs/detection.md lists every class (tests/mutations/test_mutations.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adversarial.corpus import START

from mutations.corpus import ANY, BY_NAME, CORPUS, ROOT, Copy, Where, at_place

OUT = ROOT / "docs" / "detection.md"


def _where(where: Where, rule: str) -> str:
    loc = where.file if where.line is None else f"{where.file}:{where.line}"
    col = f" `{where.column}`"
    if where.column is None or where.column is ANY:
        col = "" if where.column is None else " (any column)"
    return f"`{rule}` at {loc}{col}"


def frictionless_descriptor(copy: Copy) -> Path:
    """The copy as frictionless reads it: plain files; without votes.csv if it is unchanged.

    Frictionless spends ~15 s on the 959k rows of votes.csv. No other table refers to votes, so
    when a class leaves that file alone the other tables' results are the same without it.
    """
    drop_votes = "data/votes.csv" not in copy.changed
    if drop_votes:
        (copy.root / "data" / "votes.csv").unlink()
    if not drop_votes or not copy.descriptor.is_file():
        return copy.descriptor
    try:
        descriptor = json.loads(copy.descriptor.read_text(encoding="utf-8"))
    except ValueError:
        return copy.descriptor
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "votes"]
    target = copy.root / "frictionless.datapackage.json"
    target.write_text(json.dumps(descriptor), encoding="utf-8")
    return target


def run_one(name: str) -> dict:
    import frictionless

    from unga_votes.validate import validate

    defect = BY_NAME[name]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Copy(Path(tmp) / "pkg")
        where = defect.mutate(copy)
        report = validate(copy.descriptor)
        hits = at_place(report.violations, defect.rule, where)
        unga_rules = Counter(v.rule for v in report.violations)
        descriptor = frictionless_descriptor(copy)
        start = time.monotonic()
        try:
            fl = frictionless.validate(str(descriptor))
            errors = Counter(str(e[0]) for e in fl.flatten(["type"]))
            fl_valid = fl.valid
        except Exception as e:  # a crash is a result too
            errors = Counter({f"exception {type(e).__name__}": 1})
            fl_valid = False
        seconds = time.monotonic() - start
    return {
        "name": name,
        "expected": _where(where, defect.rule),
        "caught": bool(hits),
        "unga_rules": dict(unga_rules),
        "fl_caught": not fl_valid,
        "fl_errors": dict(errors),
        "fl_seconds": seconds,
    }


def render(results: list[dict], baseline_valid: bool) -> str:
    lines = [
        "# Detection: `unga validate` versus `frictionless validate`",
        "",
        "Written by `tests/mutations/compare_frictionless.py` (do not edit by hand). Each row is a",
        "defect class of the mutation corpus (`tests/mutations/corpus.py`), applied to a copy of",
        "the real package; `tests/mutations/test_mutations.py` checks that `unga validate` reports",
        "the class's rule at its place, and that this table lists every class.",
        "",
        f"The real data: unga valid, frictionless {'valid' if baseline_valid else 'INVALID'}.",
        "Frictionless runs on the mutated copy; when a class leaves data/votes.csv unchanged it",
        "runs without that resource (no table refers to votes; it saves ~15 s a run), so errors",
        "frictionless would find only in votes.csv through its foreign keys are not listed then.",
        "",
        "| class | defect | unga: expected rule and location | unga caught | frictionless caught "
        "| frictionless errors |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        d = BY_NAME[r["name"]]
        fl_err = ", ".join(f"`{k}` x{v}" for k, v in sorted(r["fl_errors"].items())) or "none"
        lines.append(
            f"| `{r['name']}` | {d.description.replace('|', '/')} | {r['expected']} "
            f"| {'yes' if r['caught'] else '**no**'} | {'yes' if r['fl_caught'] else 'no'} "
            f"| {fl_err} |"
        )
    n = len(results)
    unga = sum(r["caught"] for r in results)
    fl = sum(r["fl_caught"] for r in results)
    only_fl = [r["name"] for r in results if r["fl_caught"] and not r["caught"]]
    lines += [
        "",
        f"{n} classes: unga catches {unga} at the expected place; frictionless flags {fl}.",
        "",
        "Caught by frictionless and not by unga (each one a validator bug): "
        + (", ".join(f"`{x}`" for x in only_fl) if only_fl else "none."),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import frictionless

    with tempfile.TemporaryDirectory() as tmp:
        baseline_valid = frictionless.validate(str(Copy(Path(tmp) / "pkg").descriptor)).valid
    names = [d.name for d in CORPUS]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = []
        for r in pool.map(run_one, names):
            results.append(r)
            print(
                f"{r['name']}: unga {'yes' if r['caught'] else 'NO'}, frictionless "
                f"{'yes' if r['fl_caught'] else 'no'} {r['fl_errors']}",
                flush=True,
            )
    # The adversarial corpus's section of the same file is written by its own script: keep it.
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    section = old[old.index(START) :] if START in old else ""
    args.out.write_text(render(results, baseline_valid) + ("\n" + section if section else ""),
                        encoding="utf-8")  # fmt: skip
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
