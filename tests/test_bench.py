"""The benchmark script's pieces on small inputs (no timing is asserted: see `make bench`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))  # as when run as a script: undl_file beside it
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench", None)
    sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def scaled(bench, tmp_path_factory, fixture_root: Path) -> tuple[Path, Path, dict[str, int]]:
    """The fixture package, its roll calls copied twice over (`make bench` scales the real
    data the same way)."""
    dest = tmp_path_factory.mktemp("scaled")
    return fixture_root, dest, bench.scale_package(fixture_root, dest, 2)


def _csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def test_copies_keep_dates_and_sessions(scaled) -> None:
    source, dest, counts = scaled
    real = _csv(source / "data" / "roll_calls.csv")
    copy = _csv(dest / "data" / "roll_calls.csv")
    assert counts["roll_calls"] == copy.height == 2 * real.height
    assert copy["roll_call"].n_unique() == copy.height
    extra = copy.slice(real.height)
    # Same dates and sessions: the same states were members, so memberships stay valid.
    assert extra["date"].to_list() == real["date"].to_list()
    assert extra["session"].to_list() == real["session"].to_list()
    assert extra["resolution"].null_count() == extra.height
    assert extra["rcid"].null_count() == extra.height
    assert set(extra["subject"].to_list()) == {"draft"}
    votes = _csv(source / "data" / "votes.csv")
    assert counts["votes"] == 2 * votes.height
    assert (dest / "data" / "memberships.csv").read_bytes() == (
        source / "data" / "memberships.csv"
    ).read_bytes()


def test_scaled_package_validates(scaled) -> None:
    _, dest, _ = scaled
    unga = Path(sys.executable).parent / "unga"
    done = subprocess.run(
        [unga, "validate", "--package", dest / "datapackage.json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "valid" in done.stdout


def test_run_once_reports_time_rss_and_status(bench) -> None:
    run = bench.run_once([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert run.returncode == 3
    assert run.seconds > 0
    assert run.rss_mb > 1


def test_render_reports_budgets(bench) -> None:
    def m(name: str, seconds: float, rss: float = 100.0):
        return bench.Measure(name, [bench.Run(seconds, rss, 0)] * 3)

    measures = {
        "validate": m("validate", 2.0),
        "frictionless": m("frictionless", 15.0),
        "duckdb": m("duckdb", 0.5),
        "build": m("build", 20.0, 2000.0),
        "scaled": m("scaled", 30.0, 900.0),
        "undl": m("undl", 9.5, 1200.0),
        "edition": m("edition", 3.5),
    }
    text = bench.render({"date": "today"}, measures, [("SELECT 1", 1.0)], 3, 10)
    assert "| `unga validate` ≤ 3 s | 2.00 s | pass |" in text
    assert "| `unga build` ≤ 15 s | 20.00 s | FAIL |" in text
    assert "7.5x | pass |" in text
    assert "2000 MB | FAIL |" in text
    assert "30.00 s / 2.00 s = 15.00x | FAIL |" in text
    assert f"| `unga import undl` of {bench.UNDL_ROWS:,} rows ≤ 15 s | 9.50 s | pass |" in text
    assert f"| `unga import undl` of {bench.UNDL_ROWS:,} rows ≤ 1.5 GB | 1200 MB | pass |" in text
    assert "| `unga validate` of the edition ≤ 3 s | 3.50 s | FAIL |" in text


def test_generated_voting_file_is_imported_and_its_edition_validates(
    bench, tmp_path: Path, fixture_root: Path
) -> None:
    """The benchmark's files are in the Library's layout as version 5 writes them (decimal
    totals that agree with the rows, titles with the catalogue's suffix, lettered parts in
    brackets, historical codes), and make an edition that validates (as `make bench` requires
    of the 950,000 rows), every resolution of the resolutions file in it."""
    from undl_file import generate, generate_resolutions

    from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING

    voting, resolutions = tmp_path / "voting.csv", tmp_path / "resolutions.csv"
    rows = generate(fixture_root, voting, 5_000)
    frame = _csv(voting)
    assert rows == frame.height == 5_000
    assert tuple(frame.columns) == VOTING
    tally = frame.group_by("undl_id").agg(
        (pl.col("ms_vote") == "Y").sum().alias("yes"), pl.len().alias("n"), pl.first("total_yes"),
        pl.first("total_ms"),
    )  # fmt: skip
    assert ((tally["yes"].cast(pl.String) + ".0") == tally["total_yes"]).all()
    assert ((tally["n"].cast(pl.String) + ".0") == tally["total_ms"]).all()
    assert "75" in set(frame["session"])  # synthetic sessions after the CC0 data
    assert frame["title"].str.ends_with(" : resolution / adopted by the General Assembly").all()
    assert {"GER", "SUN"} <= set(frame["ms_code"])
    assert generate_resolutions(voting, resolutions, 300) == 300
    assert tuple(_csv(resolutions).columns) == RESOLUTIONS
    unga = Path(sys.executable).parent / "unga"
    out = tmp_path / "official"
    done = subprocess.run(
        [unga, "import", "undl", voting, "--resolutions", resolutions, "--package",
         fixture_root / "datapackage.json", "--out", out],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    done = subprocess.run(
        [unga, "validate", "--package", out / "datapackage.json"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    import json

    s = json.loads((out / "reconciliation.json").read_text(encoding="utf-8"))["summary"]
    assert s["resolutions_rows"] == s["resolutions_rows_in_edition"] == 300


def test_lettered_parts_are_written_in_brackets(bench) -> None:
    from undl_file import _bracketed

    out = pl.DataFrame({"s": ["A/RES/32/87F", "A/RES/3029A(XXVII)", "A/RES/62/167"]}).select(
        _bracketed(pl.col("s"))
    )
    assert out.to_series().to_list() == ["A/RES/32/87[F]", "A/RES/3029(XXVII)[A]", "A/RES/62/167"]


def test_site_figures_report_their_budgets() -> None:
    spec = importlib.util.spec_from_file_location(
        "site_bench", ROOT / "benchmarks" / "site_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["site_bench"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        bench = module.SiteBench(
            build_s=[30.0, 70.0, 50.0], bytes=140_000_000, disk_bytes=151_000_000, files=6524,
            page_s=[0.4, 1.5, 0.5], sql_ready_s=2.0,
            queries=[("SELECT 1", 0.2, "1 row"), ("SELECT 2", 3.5, "2 rows")],
        )  # fmt: skip
        text = module.render(bench)
    finally:
        sys.modules.pop("site_bench", None)
    assert "| `unga site` ≤ 60 s | 50.0 s | pass |" in text
    assert "| site ≤ 150 MB | 140.0 MB | pass |" in text
    assert "| roll-call page ready ≤ 1 s | 0.50 s | pass |" in text
    assert "slowest 3.50 s | FAIL |" in text
    assert "| `SELECT 2…` | 3.50 | 2 rows |" in text


def test_a_generator_runs_in_a_fresh_interpreter(bench) -> None:
    """What the benchmark generates is read in a spawned child, so this process stays small."""
    import os

    assert bench.in_child(os.getpid) != os.getpid()
