"""`make bench`: how fast `unga validate` and `unga build` are, against their budgets (issue 7).

Run from the repository root with the project's virtual environment:

    .venv/bin/python benchmarks/bench.py [--runs 5] [--scale 10] [--out docs/benchmarks.md]

Every command runs as a subprocess, as a user runs it (Python start-up and imports included);
its wall time is measured around the process and its peak RSS comes from the kernel's rusage
of that one child (`os.wait4`). Each measurement is the median of `--runs` runs. The README
queries run in this process against the database that `unga build` wrote, after one warm-up.

The scale test copies each roll call `--scale` times (new roll-call ids, same date and session,
the resolution emptied and the subject set to `draft` on the copies, the votes and issue tags
copied, the roll-call exceptions copied with the new keys) into a temporary directory, checks
that `unga validate` finds it valid, and times it. Budgets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from undl_file import generate, generate_resolutions

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Budgets on the 2-core reference machine (issue 7).
VALIDATE_BUDGET_S = 3.0
FRICTIONLESS_FACTOR = 5.0  # validate at least this many times faster than frictionless
BUILD_BUDGET_S = 15.0
RSS_BUDGET_MB = 1536.0  # 1.5 GB
QUERY_BUDGET_MS = 100.0
SCALE_BUDGET = 12.0  # 10x the roll calls validate in at most 12x the time
UNDL_ROWS = 950_000  # the generated voting file, as version 5 writes it (issues 12, 18)
UNDL_RESOLUTIONS = 21_000  # the generated resolutions file: the real one's size
UNDL_HOSTILE_RESOLUTIONS = 200_000  # a resolutions file ten times the real one's
UNDL_IMPORT_BUDGET_S = 15.0
EDITION_VALIDATE_BUDGET_S = 3.0

# The floor: DuckDB reading every CSV of the package into a table, nothing checked.
DUCKDB_LOAD = """
import json, sys
from pathlib import Path
import duckdb
descriptor = Path(sys.argv[1])
con = duckdb.connect()
for res in json.loads(descriptor.read_text())["resources"]:
    path = str(descriptor.parent / res["path"])
    con.execute(f"CREATE TABLE \\"{res['name']}\\" AS SELECT * FROM read_csv('{path}')")
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mb: float  # peak resident set size of the child process
    returncode: int


@dataclass(frozen=True)
class Measure:
    name: str
    runs: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def run_once(cmd: Sequence[str | os.PathLike], cwd: Path = ROOT) -> Run:
    """Run `cmd` to completion; its wall time, its own peak RSS and its exit status."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err
        )
        # wait4 reports this child's resource usage alone (RUSAGE_CHILDREN would accumulate).
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-2000:])
    return Run(seconds, usage.ru_maxrss / 1024, code)  # ru_maxrss is in KiB


def in_child(func: Callable, *args: object) -> object:
    """`func(*args)` in a fresh interpreter (spawned, not forked): what it reads stays out of
    this process, whose size every child started later would otherwise report as its own
    peak RSS (Linux counts the pages a child shares with its parent before its exec)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(func, args)


def measure(
    name: str,
    cmd: Sequence[str | os.PathLike] | Callable[[int], Sequence[str | os.PathLike]],
    runs: int,
    cwd: Path = ROOT,
    expect: tuple[int, ...] = (0,),
) -> Measure:
    """`runs` runs of `cmd` (or of `cmd(i)` for run i); fails loudly on an unexpected status."""
    out = []
    for i in range(runs):
        args = cmd(i) if callable(cmd) else cmd
        r = run_once(args, cwd)
        if r.returncode not in expect:
            raise SystemExit(f"bench: {name} exited {r.returncode}: {' '.join(map(str, args))}")
        out.append(r)
        print(f"  {name} run {i + 1}/{runs}: {r.seconds:.2f} s, {r.rss_mb:.0f} MB", flush=True)
    return Measure(name, out)


def time_queries(database: Path, readme: Path, runs: int) -> list[tuple[str, float]]:
    """(first line of the SQL, median ms) for every README example, after one warm-up each."""
    import duckdb

    from unga_votes.readme_queries import examples

    con = duckdb.connect(str(database), read_only=True)
    out = []
    try:
        for sql, _ in examples(readme.read_text(encoding="utf-8")):
            con.sql(sql).fetchall()  # warm-up
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                con.sql(sql).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            out.append((" ".join(sql.split())[:60], statistics.median(times)))
    finally:
        con.close()
    return out


# --- The synthetic package ---------------------------------------------------------------------


NOT_PER_ROLL_CALL = ("corrections.", "exceptions.", "resolutions.")


def scale_package(source: Path, dest: Path, factor: int) -> dict[str, int]:
    """Write into `dest` a copy of the package at `source` with every roll call `factor` times.

    Copy k (1 .. factor-1) of roll call r is r + k * offset, with offset the power of ten above
    the largest id; it keeps its date and session (so the same states are members), and its
    votes and issue tags are copied with it. Links to resolutions stay one-to-one: a copy has no
    resolution, no source rcid and the subject `draft`. Exceptions keyed by a roll call are
    copied with the copy's key, since a copy breaks the rules its original breaks. Returns the
    number of rows written per resource.
    """
    import polars as pl

    descriptor = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "datapackage.json", dest / "datapackage.json")
    for res in descriptor["resources"]:
        if isinstance(res.get("schema"), str):
            target = dest / res["schema"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / res["schema"], target)
    paths = {res["name"]: res["path"] for res in descriptor["resources"]}

    def read(name: str) -> pl.DataFrame:
        return pl.read_csv(source / paths[name], infer_schema=False)

    roll_calls = read("roll_calls")
    ids = roll_calls["roll_call"].cast(pl.Int64)
    offset = 10 ** len(str(ids.max()))
    copies = range(1, factor)

    def copied(frame: pl.DataFrame, **changes: pl.Expr) -> pl.DataFrame:
        parts = [frame]
        for k in copies:
            new_id = (pl.col("roll_call").cast(pl.Int64) + k * offset).cast(pl.String)
            parts.append(frame.with_columns(new_id.alias("roll_call"), **changes))
        return pl.concat(parts)

    empty = pl.lit(None, dtype=pl.String)
    frames = {
        "roll_calls": copied(
            roll_calls, resolution=empty, rcid=empty, subject=pl.lit("draft", dtype=pl.String)
        ),
        "votes": copied(read("votes")),
        "roll_call_issues": copied(read("roll_call_issues")),
    }
    exceptions = read("exceptions")
    known = set(roll_calls["roll_call"].to_list())
    extra = []
    for row in exceptions.iter_rows(named=True):
        head, *rest = row["key"].split("|")
        if head in known and not row["rule"].startswith(NOT_PER_ROLL_CALL):
            for k in copies:
                key = "|".join([str(int(head) + k * offset), *rest])
                extra.append({**row, "key": key})
    frames["exceptions"] = pl.concat([exceptions, pl.DataFrame(extra, schema=exceptions.schema)])
    counts = {}
    for name, path in paths.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in frames:
            frames[name].write_csv(target, line_terminator="\n")
            counts[name] = frames[name].height
        else:
            shutil.copy(source / path, target)
            counts[name] = read(name).height
    return counts


# --- Report ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass

    def ver(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "not installed"

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average (1, 5, 15 min) at the end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu cores (nproc)": str(len(os.sched_getaffinity(0))),
        "memory (MemTotal)": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": ver("duckdb"),
        "polars": ver("polars"),
        "pandera": ver("pandera"),
        "frictionless": ver("frictionless"),
    }


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def render(
    info: dict[str, str],
    measures: dict[str, Measure],
    queries: list[tuple[str, float]],
    runs: int,
    scale: int,
) -> str:
    v, f = measures["validate"], measures["frictionless"]
    d, b, s = measures["duckdb"], measures["build"], measures["scaled"]
    u, e, h = measures["undl"], measures["edition"], measures.get("undl-hostile")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`benchmarks/bench.py`); numbers from one run on the machine "
        "below. Times are the median of "
        f"{runs} runs of each command as a subprocess (start-up and imports included); peak RSS "
        "is the largest of the runs. Budgets are reported, not asserted; how each number is "
        "taken, and the synthetic package, are described in `benchmarks/README.md`.",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {k} | {val} |" for k, val in info.items()],
        "",
        "| command | median s | peak RSS MB | x unga validate | x DuckDB load |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = [
        ("`unga validate`", v),
        ("`frictionless validate datapackage.json`", f),
        ("DuckDB `read_csv` of every CSV (floor)", d),
        ("`unga build --out <tmp>`", b),
        (f"`unga validate`, synthetic x{scale} roll calls", s),
        (f"`unga import undl`, generated {UNDL_ROWS:,}-row voting file (version 5) and "
         f"{UNDL_RESOLUTIONS:,}-row resolutions file", u),
        ("`unga validate` of that official edition", e),
        *([(f"`unga import undl`, the same voting file and {UNDL_HOSTILE_RESOLUTIONS:,} "
            "resolutions", h)] if h else []),
    ]  # fmt: skip
    for label, m in rows:
        lines.append(
            f"| {label} | {m.seconds:.2f} | {m.rss_mb:.0f} | {m.seconds / v.seconds:.2f} "
            f"| {m.seconds / d.seconds:.2f} |"
        )
    lines += ["", "| README query | median ms |", "|---|---:|"]
    lines += [f"| `{sql}…` | {ms:.1f} |" for sql, ms in queries]
    worst = max(ms for _, ms in queries) if queries else 0.0
    speedup = f.seconds / v.seconds
    ratio = s.seconds / v.seconds
    peak = max(m.rss_mb for m in (v, b, u))
    budgets = [
        ("`unga validate` ≤ 3 s", f"{v.seconds:.2f} s", v.seconds <= VALIDATE_BUDGET_S),
        (
            "`unga validate` ≥ 5x faster than frictionless",
            f"{speedup:.1f}x",
            speedup >= FRICTIONLESS_FACTOR,
        ),
        ("`unga build` ≤ 15 s", f"{b.seconds:.2f} s", b.seconds <= BUILD_BUDGET_S),
        (
            "peak RSS ≤ 1.5 GB (validate, build, import undl)",
            f"{peak:.0f} MB",
            peak <= RSS_BUDGET_MB,
        ),
        ("every README query ≤ 100 ms", f"slowest {worst:.1f} ms", worst <= QUERY_BUDGET_MS),
        (
            f"x{scale} roll calls validate in ≤ {SCALE_BUDGET:g}x the time",
            f"{s.seconds:.2f} s / {v.seconds:.2f} s = {ratio:.2f}x",
            ratio <= SCALE_BUDGET,
        ),
        (
            f"`unga import undl` of {UNDL_ROWS:,} rows ≤ 15 s",
            f"{u.seconds:.2f} s",
            u.seconds <= UNDL_IMPORT_BUDGET_S,
        ),
        (
            f"`unga import undl` of {UNDL_ROWS:,} rows ≤ 1.5 GB",
            f"{u.rss_mb:.0f} MB",
            u.rss_mb <= RSS_BUDGET_MB,
        ),
        (
            "`unga validate` of the edition ≤ 3 s",
            f"{e.seconds:.2f} s",
            e.seconds <= EDITION_VALIDATE_BUDGET_S,
        ),
    ]
    lines += ["", "| budget | measured | result |", "|---|---|---|"]
    lines += [f"| {name} | {got} | {verdict(ok)} |" for name, got, ok in budgets]
    return "\n".join(lines) + "\n"


def bench_site(unga: Path, database: Path, work: Path, runs: int) -> str:
    """The site's figures (benchmarks/site_bench.py), as Markdown."""
    sys.path.insert(0, str(Path(__file__).parent))
    import site_bench

    from unga_votes.readme_queries import examples

    sqls = [sql for sql, _ in examples((ROOT / "README.md").read_text(encoding="utf-8"))]
    return site_bench.render(site_bench.measure(unga, database, work, sqls, runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--package", type=Path, default=ROOT / "datapackage.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-site", action="store_true", help="Leave out the site's figures.")
    args = parser.parse_args(argv)
    descriptor = args.package.resolve()
    unga, python = BIN / "unga", Path(sys.executable)
    measures: dict[str, Measure] = {}
    with tempfile.TemporaryDirectory(prefix="unga-bench-") as tmp:
        work = Path(tmp)
        print("unga validate", flush=True)
        measures["validate"] = measure(
            "unga validate", [unga, "validate", "--package", descriptor], args.runs
        )
        print("frictionless validate", flush=True)
        measures["frictionless"] = measure(
            "frictionless",
            [BIN / "frictionless", "validate", descriptor.name],
            args.runs,
            cwd=descriptor.parent,
        )
        print("DuckDB load (floor)", flush=True)
        measures["duckdb"] = measure(
            "duckdb load", [python, "-c", DUCKDB_LOAD, descriptor], args.runs
        )
        print("unga build", flush=True)
        measures["build"] = measure(
            "unga build",
            lambda i: [unga, "build", "--package", descriptor, "--out", work / f"dist-{i}"],
            args.runs,
        )
        print("README queries", flush=True)
        queries = time_queries(
            work / f"dist-{args.runs - 1}" / "unga-votes.duckdb", ROOT / "README.md", args.runs
        )
        site = None
        if not args.no_site:
            print("unga site, and the site in headless Chromium", flush=True)
            site = bench_site(unga, work / f"dist-{args.runs - 1}" / "unga-votes.duckdb", work,
                              min(args.runs, 3))  # fmt: skip
        print(f"synthetic package, x{args.scale} roll calls", flush=True)
        scaled = work / "scaled"
        counts = in_child(scale_package, descriptor.parent, scaled, args.scale)
        print(f"  {counts['roll_calls']:,} roll calls, {counts['votes']:,} votes", flush=True)
        measures["scaled"] = measure(
            f"unga validate x{args.scale}",
            [unga, "validate", "--package", scaled / "datapackage.json"],
            args.runs,
        )
        print(f"official edition from a generated {UNDL_ROWS:,}-row voting file", flush=True)
        voting, resolutions = work / "undl-voting.csv", work / "undl-resolutions.csv"
        in_child(generate, descriptor.parent, voting, UNDL_ROWS)
        in_child(generate_resolutions, voting, resolutions, UNDL_RESOLUTIONS)
        measures["undl"] = measure(
            "unga import undl",
            lambda i: [
                unga, "import", "undl", voting, "--resolutions", resolutions,
                "--package", descriptor, "--out", work / f"official-{i}",
            ],
            args.runs,
        )  # fmt: skip
        edition = work / f"official-{args.runs - 1}" / "datapackage.json"
        measures["edition"] = measure(
            "unga validate (edition)", [unga, "validate", "--package", edition], args.runs
        )
        print(f"official edition with {UNDL_HOSTILE_RESOLUTIONS:,} resolutions", flush=True)
        hostile = work / "undl-resolutions-hostile.csv"
        in_child(generate_resolutions, voting, hostile, UNDL_HOSTILE_RESOLUTIONS)
        measures["undl-hostile"] = measure(
            "unga import undl (200,000 resolutions)",
            lambda i: [
                unga, "import", "undl", voting, "--resolutions", hostile,
                "--package", descriptor, "--out", work / f"hostile-{i}",
            ],
            1,
        )  # fmt: skip
    text = render(machine(), measures, queries, args.runs, args.scale)
    if site is not None:
        text += site
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
