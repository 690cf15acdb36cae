"""`unga import undl`: the official edition from files in the Library's layout, its
reconciliation report, and bad files refused with nothing written."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from helpers import csv_rows, digests, unga_here

from unga_votes.readme_queries import BLOCK
from unga_votes.release.build import build
from unga_votes.sources.undl import import_undl
from unga_votes.sources.undl.overlay import UNTOLD
from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING
from unga_votes.validate import validate

CATEGORIES = (
    "date differs", "date precision raised", "meeting added", "declared totals differ",
    "state vote differs", "state without a usable row in the Library's vote",
    "roll call matched by date and votes",
    "roll call nothing tells apart from another with its votes: its CC0 fields not carried",
    "declared total the CC0 data lack",
    "total member states differ from the members on the date",
    "roll call only in the official record",
    "roll call only in the CC0 data", "resolution only in the official record",
    "resolution only in the CC0 data", "title added",
    "correction superseded by the official record", "state code not mapped", "dirty row handled",
)  # fmt: skip
DIRT = (
    "byte-order mark removed", "CRLF line ends read as line ends", "exact duplicate row dropped",
    "stray spaces in a state name removed", "blank vote read as X (non-voting)",
    "vote written as a word read as its code",
    "meeting symbol written with spaces: spaces removed",
    "resolution symbol written with spaces: spaces removed",
    "session written another way: read as the symbol's session",
    "date given only as a year: taken from the resolutions file or the meeting",
    "state code unknown: the state taken from its name",
    "row for a state that was not a member on that date left out",
    "a second row for one state in one vote left out (the first is kept)",
    "modality written another way: read as its kind",
    "date given only as a year: taken from the voting file or the meeting",
)  # fmt: skip


def test_every_category_is_shown(built) -> None:
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    for name in CATEGORIES:
        assert doc["categories"][name]["count"] > 0, name
    rules = {r["rule"] for r in doc["categories"]["dirty row handled"]["rows"]}
    assert set(DIRT) <= rules, set(DIRT) - rules
    (moved,) = [r for r in doc["categories"]["date differs"]["rows"]
                if r["resolution"] == "A/RES/2758(XXVI)"]  # fmt: skip
    assert (moved["resolution"], moved["cc0_date"], moved["date"], moved["days"]) == (
        "A/RES/2758(XXVI)", "1971-10-07", "1971-10-25", 18)  # fmt: skip
    unmapped = {r["name"] for r in doc["categories"]["state code not mapped"]["rows"]}
    assert unmapped == {"CHINA", "KOSOVO", "Palestine"}
    md = (built.out / "reconciliation.md").read_text(encoding="utf-8")
    assert "| date differs | 4 |" in md and "## state vote differs" in md


def test_the_edition_validates_and_builds(built) -> None:
    report = validate(built.out / "datapackage.json")
    assert report.valid, report.to_text()
    dist = build(built.out / "datapackage.json", built.out / "dist").out
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    row = con.execute(
        "SELECT CAST(r.date AS VARCHAR), r.date_precision, r.meeting, c.meeting, "
        "c.declared_yes, c.declared_no, c.declared_abstain, c.declared_non_voting, "
        "c.totals_source FROM resolutions r JOIN roll_calls c USING (roll_call) "
        "WHERE r.resolution = 'A/RES/62/167'"
    ).fetchone()
    assert row[:8] == ("2007-12-18", "day", "A/62/PV.76", "A/62/PV.76", 101, 22, 59, 10)
    assert row[8] == "https://digitallibrary.un.org/record/1001"
    tally = con.execute(
        "SELECT tallied_yes, tallied_no, tallied_abstain, tallied_non_voting, "
        "totals_agree FROM roll_call_results WHERE roll_call = 4813"
    ).fetchone()
    assert tally == (101, 22, 59, 10, True)
    adoption = dict(con.execute("SELECT resolution, adoption FROM resolutions").fetchall())
    assert adoption["A/RES/75/1"] == "without a vote"
    assert adoption["A/RES/76/20"] == "non-recorded vote"
    new = con.execute(
        "SELECT roll_call, date, tallied_yes + tallied_no + tallied_abstain + tallied_non_voting "
        "FROM roll_call_results WHERE resolution = 'A/RES/75/190'"
    ).fetchone()
    assert new[0] == 10_000_000 + 2001 and str(new[1]) == "2020-12-16" and new[2] == 193
    notes = (dist / "RELEASE_NOTES.md").read_text(encoding="utf-8")
    assert "non-commercial use with attribution" in notes


def test_the_edition_names_its_terms(built) -> None:
    """The Library's terms are the edition's licence: not CC0, which it must not be
    republished as (it listed CC0-1.0 first, beside them)."""
    descriptor = json.loads((built.out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"].endswith("-official")
    names = [x["name"] for x in descriptor["licenses"]]
    assert names == ["UN-DL-terms"]
    assert (
        descriptor["licenses"][0]["path"] == "https://digitallibrary.un.org/pages/?ln=en&page=tos"
    )
    assert built.voting.name in descriptor["description"]
    assert "https://digitallibrary.un.org/record/4060887" in json.dumps(descriptor["sources"])
    assert "non-commercial" in descriptor["description"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"undl_id,resolution,session\n1,A/RES/1(I),1\n", "missing ms_code"),
        (b"", "an empty file"),
        (None, "not UTF-8"),
        (b"", "a row with the wrong number of cells"),
        (b"cut", "cut short: the last row has no line break"),
        ((",".join(VOTING) + "\n").encode(), "no usable vote row"),
        ((",".join(VOTING) + "\n" + ",".join(["x"] * len(VOTING)) + "\n").encode(),
         "no usable vote row (1 rows read, every one left out: row without a numeric undl_id "
         "left out: 1, first line 2: x)"),
        # A symbol longer than a Table Schema allows: the one vote left out, its line named.
        ((",".join(VOTING) + "\n7,FRA,FRANCE,Y,2007-12-18,62,A/RES/62/1" + "0" * 60
          + "," * 13 + "\n").encode(),
         "vote without a readable resolution symbol left out: 1, first undl_id 7 (line 2): "
         "A/RES/62/10000"),
    ],
)  # fmt: skip
def test_bad_files_leave_the_edition_as_it_was(
    built, tmp_path: Path, data: bytes | None, message: str
) -> None:
    before = digests(built.out)
    bad = tmp_path / "bad.csv"
    whole = built.voting.read_bytes()
    if data is None:  # the real file, with a byte that is not UTF-8
        data = whole.replace(b"FRANCE", b"FRAN\xc7E", 1)
    elif data == b"" and "cells" in message:  # the real file, cut short
        data = whole[: len(whole) // 2]
        data = data[: data.rfind(b",")]
    elif data == b"cut":  # cut inside the last cell of a row: every cell is there
        data = whole[: whole.index(b"/record/", len(whole) // 2) + 3]
    bad.write_bytes(data)
    result = unga_here("import", "undl", str(bad), "--out", str(built.out), "--package",
                  str(built.package))  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("unga import undl: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert digests(built.out) == before


def test_out_cannot_be_the_package(built) -> None:
    package = built.package.parent
    result = unga_here("import", "undl", str(built.voting), "--out", str(package / "data"),
                  "--package", str(built.package))  # fmt: skip
    assert result.returncode == 2 and "which the official edition is built from" in result.stderr


def test_out_where_git_would_commit_it_is_refused_in_one_line(built) -> None:
    root = Path(__file__).resolve().parents[3]
    out = root / "data" / "official"
    result = unga_here("import", "undl", str(built.voting), "--out", str(out), "--package",
                  str(built.package))  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "which does not ignore" in result.stderr and "must never be committed" in result.stderr
    assert not out.exists() and not list(out.parent.glob(".official*"))


def test_every_path_the_import_writes_must_be_ignored(built, tmp_path: Path) -> None:
    """A research checkout ignoring `*.csv` would still commit the report (which quotes the
    Library's titles), the descriptor and the schemas: refused, naming one; ignored whole, or
    with the working folders beside the edition too, it is written."""
    repo = tmp_path / "research"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("*.csv\n", encoding="utf-8")

    def imported() -> subprocess.CompletedProcess[str]:
        return unga_here("import", "undl", str(built.voting), "--resolutions",
                         str(built.resolutions), "--out", str(repo / "official"), "--package",
                         str(built.package))  # fmt: skip

    refused = imported()
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert f"does not ignore {repo / 'official'}/" in refused.stderr
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".gitignore"]
    (repo / ".gitignore").write_text("official/\n", encoding="utf-8")  # not `.official.*-*`
    assert ".official.building-XXXXXXXX" in imported().stderr
    (repo / ".gitignore").write_text("official/\n.official.*/\n", encoding="utf-8")
    assert imported().returncode == 0
    assert not subprocess.run(["git", "-C", str(repo), "status", "--porcelain"],
                              capture_output=True, text=True, check=True).stdout.strip(" ?\n") \
        .replace(".gitignore", "")  # fmt: skip


def test_the_staged_copy_is_never_in_the_temporary_folder(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy of the edition the import validates is staged beside --out, not in $TMPDIR
    (where a kill left the Library's data, outside --out and never removed); it is gone after."""
    from unga_votes.sources import importer

    staged: list[Path] = []
    check = importer._check_staged

    def spy(repo, package, tables, stage):  # type: ignore[no-untyped-def]
        staged.append(Path(stage))
        return check(repo, package, tables, stage)

    monkeypatch.setattr(importer, "_check_staged", spy)
    out = tmp_path / "official"
    import_undl(built.voting, built.resolutions, out, built.package)
    assert [(p.parent, p.name.startswith(".official.checking-")) for p in staged] == [
        (tmp_path, True)
    ]
    assert not staged[0].exists() and sorted(p.name for p in tmp_path.iterdir()) == ["official"]


def test_a_previous_edition_is_replaced_only_whole(built, tmp_path: Path) -> None:
    """What an import did not write (a release built into the edition, notes, the Library's
    files themselves) is never deleted with it: the import is refused, naming them."""
    out = tmp_path / "official"
    shutil.copytree(built.out, out, ignore=shutil.ignore_patterns("dist"))  # built by a test
    (out / "dist").mkdir()
    (out / "dist" / "unga-votes.duckdb").write_bytes(b"a release built from the edition")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "schemas" / "mine").mkdir()  # beside the edition's own files, not only at the top
    (out / "schemas" / "mine" / "keep.json").write_text("{}\n", encoding="utf-8")
    shutil.copy(built.voting, out / "data" / "voting.csv")  # an input inside the edition
    before = digests(out)

    def imported(voting: Path) -> tuple[int, str]:
        done = unga_here("import", "undl", str(voting), "--resolutions", str(built.resolutions),
                    "--out", str(out), "--package", str(built.package))  # fmt: skip
        assert done.stderr.count("\n") <= 1 and "Traceback" not in done.stderr
        return done.returncode, done.stderr

    code, said = imported(out / "data" / "voting.csv")
    assert code == 2 and "voting.csv, which the official edition is built from" in said
    code, said = imported(built.voting)
    assert (
        code == 2
        and "also holds data/voting.csv, dist, notes.txt, schemas/mine, which an "
        "import did not write"
        in said
    )
    assert digests(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["official"]
    shutil.rmtree(out / "dist")
    shutil.rmtree(out / "schemas" / "mine")
    (out / "notes.txt").unlink()
    (out / "data" / "voting.csv").unlink()
    assert imported(built.voting)[0] == 0
    # The edition's own files, and nothing else (other tests may re-import the shared one).
    assert sorted(digests(out)) == sorted(k for k in digests(built.out) if "dist" not in k)


def test_the_default_out_is_never_committed() -> None:
    """The edition holds the Library's record (not CC0): git ignores where it goes by default."""
    default = inspect.signature(import_undl).parameters["out"].default
    root = Path(__file__).resolve().parents[3]
    probe = (default / "data" / "votes.csv").as_posix()
    done = subprocess.run(["git", "check-ignore", "-q", probe], cwd=root, check=False)
    assert done.returncode == 0, f"{probe} is not ignored by git"


def _vote_copy(rows: list[dict], undl_id: str, **cells: str) -> list[dict]:
    """Every row of vote 2001 as another vote, with `cells` changed."""
    return [r | {"undl_id": undl_id, "undl_link": f"https://digitallibrary.un.org/record/{undl_id}",
                 "resolution": f"A/RES/75/{undl_id}"} | cells
            for r in rows if r["undl_id"] == "2001"]  # fmt: skip


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory, fixture_root: Path) -> tuple[Path, dict]:
    """An edition from files mixing every kind of dirt, and its report."""
    from undl_fixture import _csv, dirt, resolution_rows, voting_rows

    from unga_votes.sources.undl import import_undl

    work = tmp_path_factory.mktemp("dirty")
    rows = dirt(voting_rows(fixture_root))
    rows += _vote_copy(rows, "2101", date="16/12/2020")  # no readable date
    rows += _vote_copy(rows, "2102", date="2099-12-16")  # after today
    rows += _vote_copy(rows, "2103", date="1900-12-16")  # before the Assembly
    rows += _vote_copy(rows, "2104", date="2020-12-16garbage")
    rows += _vote_copy(rows, "2105", resolution="A/RES/75/190", date="2020-12-15")  # further
    rows += _vote_copy(rows, "2106", resolution="not a symbol")
    rows += _vote_copy(rows, "2107", title="=cmd|' /C calc'!A0\x00\u202e\nx")
    rows += _vote_copy(rows, "2108", title="x" * 3000)
    rows += _vote_copy(rows, "2109", title="a\ufffdb")
    res = resolution_rows()
    res[4]["modality"] = "Without a vote"  # A/RES/75/190: its recorded vote is in the file
    res.append(res[5] | {"resolution": "A/RES/75/999", "undl_id": "3010"})  # no vote anywhere
    res.append(res[6] | {"resolution": "A/RES/75/998", "date": "2099-01-01", "undl_id": "3011"})
    (work / "v.csv").write_bytes(_csv(rows, VOTING))
    (work / "r.csv").write_bytes(_csv(res, RESOLUTIONS))
    import_undl(work / "v.csv", work / "r.csv", work / "out", fixture_root / "datapackage.json")
    doc = json.loads((work / "out" / "reconciliation.json").read_text(encoding="utf-8"))
    return work / "out", doc


def test_every_row_is_accounted_for(dirty) -> None:
    out, doc = dirty
    s = doc["summary"]
    assert s["voting_rows"] == s["voting_rows_in_edition"] + s["voting_rows_left_out"]
    assert s["resolutions_rows"] == (
        s["resolutions_rows_in_edition"] + s["resolutions_rows_left_out"]
    )
    dirt = doc["categories"]["dirty row handled"]["rows"]
    left = {(d["file"], d["rule"]): (d["rows"], d["votes"]) for d in dirt if d["left_out"]}
    assert sum(n for (f, _), (n, _) in left.items() if f == "v.csv") == s["voting_rows_left_out"]
    # Four votes without a usable date, one further vote, one unreadable symbol: whole votes.
    assert left["v.csv", "vote without a usable date left out"][1] == 4
    assert left["v.csv", "a further vote on one resolution left out (the latest is taken)"][1] == 1
    assert left["v.csv", "vote without a readable resolution symbol left out"][1] == 1
    per_vote = s["voting_rows_in_edition"] // s["votes"]
    assert left["v.csv", "vote without a readable resolution symbol left out"][0] >= per_vote
    assert ("r.csv", "resolution without a usable date left out") in left
    assert validate(out / "datapackage.json").valid
    rules = {d["rule"] for d in dirt}
    assert {"control character removed from a title", "title over 2,000 characters: cut",
            "title a spreadsheet would run as a formula: prefixed with '",
            "invisible formatting character removed from a title",
            "title garbled by an encoding conversion left empty"} <= rules  # fmt: skip


def test_a_recorded_vote_wins_over_the_modality(dirty) -> None:
    out, doc = dirty
    (row,) = doc["categories"]["adoption differs between the two files"]["rows"]
    assert (row["resolution"], row["resolutions_file"]) == ("A/RES/75/190", "without a vote")
    res = (out / "data" / "resolutions.csv").read_text(encoding="utf-8")
    assert "A/RES/75/190," in res and "A/RES/75/999," not in res


def test_the_library_s_forms_becomecsv_rows(built) -> None:
    """Every category of the real files: A/RES/62/167's totals 101-22-59-10 from its Library
    record, the parts in brackets and the non-recorded vote as rows, no title with the
    catalogue's suffix, every outcome row a resolution; what the Library adds, one row per
    value."""
    t = {n: (built.out / "data" / f"{n}.csv").read_text(encoding="utf-8")
         for n in ("resolutions", "roll_calls", "resolution_subjects", "resolution_documents",
                   "resolution_agenda_titles")}  # fmt: skip
    rc = {r["resolution"]: r for r in csv_rows(built.out / "data" / "roll_calls.csv")}
    dprk = rc["A/RES/62/167"]
    assert [dprk[c] for c in ("declared_yes", "declared_no", "declared_abstain",
                              "declared_non_voting", "totals_source")] == [
        "101", "22", "59", "10", "https://digitallibrary.un.org/record/1001"]  # fmt: skip
    res = {r["resolution"]: r for r in csv_rows(built.out / "data" / "resolutions.csv")}
    assert res["A/RES/75/35B"]["adoption"] == "recorded vote"
    assert res["A/RES/75/253B-VIII"]["roll_call"] == str(10_000_000 + 2004)
    assert res["A/RES/75/254-XVII"]["adoption"] == "recorded vote"
    assert res["A/RES/76/40C"]["adoption"] == "non-recorded vote"
    assert res["A/RES/76/20"]["adoption"] == "non-recorded vote"
    assert not any(r["title"].endswith("adopted by the General Assembly") for r in res.values())
    # Every row of the resolutions file is a resolution of the edition (of the two Library
    # votes one CC0 roll call agrees with, one is it and the other only the Library's).
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    s = doc["summary"]
    assert (s["resolutions_rows"], s["resolutions_rows_in_edition"]) == (13, 13)
    assert not [d for d in doc["categories"]["dirty row handled"]["rows"] if d["left_out"]
                and d["file"] == built.resolutions.name]  # fmt: skip
    assert s["voting_version"] == "versions 3-5 (July 2025 on)"
    assert (
        "A/RES/62/167,KOREA (DEMOCRATIC PEOPLE'S REPUBLIC)--HUMAN RIGHTS"
        in t["resolution_subjects"]
    )
    assert "A/RES/76/20,committee report,A/76/901/Corr.1" in t["resolution_documents"]
    # A non-recorded vote's totals (it has no roll call), and the Library's note on a vote.
    assert csv_rows(built.out / "data" / "resolution_totals.csv") == [{
        "resolution": "A/RES/76/20", "declared_yes": "112", "declared_no": "2",
        "declared_abstain": "30", "declared_non_voting": "",
        "source": "https://digitallibrary.un.org/record/3008"}]  # fmt: skip
    notes = doc["categories"]["vote note of the Library (kept in this report only)"]["rows"]
    assert [(n["resolution"], n["file"], n["note"][:12]) for n in notes] == [
        ("A/RES/62/167", "voting", "Subsequently")]  # fmt: skip
    assert (
        "A/RES/75/1,Follow-up to the outcome of the Millennium Summit."
        in t["resolution_agenda_titles"]
    )
    forms = {
        (r["library"], r["resolution"])
        for r in doc["categories"]["resolution symbol as the Library writes it"]["rows"]
    }
    assert {("A/RES/75/35[B]", "A/RES/75/35B"), ("A/RES/75/254XVII", "A/RES/75/254-XVII"),
            ("A/RES/2758 (XXVI)", "A/RES/2758(XXVI)")} <= forms  # fmt: skip
    head = {h["decade"]: h for h in doc["headline"]}
    assert head["2000s"]["library_roll_calls"] == 2
    assert (head["all"]["in_cc0"], head["all"]["by_votes"], head["all"]["unplaced"]) == (8, 4, 0)


def test_a_vote_the_cc0_data_hold_without_a_symbol_is_never_held_twice(built) -> None:
    """The Library's votes of 1946 and 1949 are the CC0 roll calls 5, 150 and 151 (no symbol
    there): laid over them, with the Library's symbol, day and totals; no roll call is added
    beside them. Of the two votes that both agree with roll call 9019 (which holds one act),
    nothing tells which it is: the first in order is laid over it, without the CC0 fields that
    may be the other's, and the other is a roll call only in the Library, both named."""
    rc = {r["roll_call"]: r for r in csv_rows(built.out / "data" / "roll_calls.csv")}
    assert [(rc[k]["resolution"], rc[k]["date"], rc[k]["date_precision"]) for k in
            ("5", "150", "151")] == [("A/RES/6(I)", "1946-01-14", "day"),
                                     ("A/RES/265(III)", "1949-05-09", "day"),
                                     ("A/RES/266(III)", "1949-05-10", "day")]  # fmt: skip
    assert rc["5"]["totals_source"] == "https://digitallibrary.un.org/record/1005"
    assert not {str(10_000_000 + u) for u in (1005, 1006, 1007, 1008)} & set(rc)
    assert [rc["9019"][c] for c in ("resolution", "date_precision", "description", "rcid",
                                    "unres", "important_vote")] == [
        "A/RES/997(ES-I)", "day", "Emergency special session (A/RES/997(ES-I))", "", "",
        ""]  # fmt: skip
    assert rc["10001009"]["resolution"] == "A/RES/998(ES-I)"
    assert not [i for i in csv_rows(built.out / "data" / "roll_call_issues.csv")
                if i["roll_call"] == "9019"]  # fmt: skip
    res = {r["resolution"]: r for r in csv_rows(built.out / "data" / "resolutions.csv")}
    assert res["A/RES/6(I)"]["roll_call"] == "5" and res["A/RES/997(ES-I)"]["roll_call"] == "9019"
    # Each vote once: no roll call added from the Library holds the per-state votes of a CC0
    # one of the same month (the reviewers' check).
    sig: dict[str, list[str]] = {}
    for v in csv_rows(built.out / "data" / "votes.csv"):
        sig.setdefault(v["roll_call"], []).append(v["state"] + v["vote"])
    month = {k: (rc[k]["date"][:7], ",".join(sorted(v))) for k, v in sig.items()}
    added = {month[k] for k in month if int(k) >= 10_000_000 and k != "10001009"}
    assert not added & {month[k] for k in month if int(k) < 10_000_000}
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    assert not doc["categories"]["vote agreeing with several CC0 roll calls"]["rows"]
    untold = doc["categories"][UNTOLD]["rows"]
    assert [(r["roll_call"], r["resolution"]) for r in untold] == [(9019, "A/RES/997(ES-I)")]
    only = doc["categories"]["roll call only in the official record"]["rows"]
    assert {(r["resolution"], r["nearest_cc0"], r["agreement_percent"]) for r in only
            if r["roll_call"] == 10001009} == {("A/RES/998(ES-I)", 9019, 100.0)}  # fmt: skip
    md = (built.out / "reconciliation.md").read_text(encoding="utf-8")
    assert "## How the Library's votes were matched to the CC0 roll calls" in md
    assert "A/RES/6(I) → roll call 5" in md


def test_a_row_the_import_left_out_is_never_the_library_s_fact(built) -> None:
    """China's unreadable vote in A/RES/62/167, and its garbled row in A/RES/62/168: China
    keeps its CC0 vote (N), listed with the rule that left its row out; the tallies stay
    the Library's totals, so no exception claims the Library's rows say otherwise."""
    votes = {(v["roll_call"], v["state"]): v["vote"]
             for v in csv_rows(built.out / "data" / "votes.csv")}  # fmt: skip
    assert (votes["4813", "CHN"], votes["4814", "CHN"]) == ("N", "N")
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    silent = doc["categories"]["state without a usable row in the Library's vote"]["rows"]
    assert {(r["roll_call"], r["state"], r["library"], r["edition"]) for r in silent
            if r["state"] == "CHN"} == {
        (4813, "CHN", "row left out: vote not Y, N, A or X", "N"),
        (4814, "CHN", "no row of its own: a row of this vote that names no state was left out",
         "N")}  # fmt: skip
    exceptions = (built.out / "data" / "exceptions.csv").read_text(encoding="utf-8")
    assert "4813" not in [line.split(",")[1] for line in exceptions.splitlines()[1:]]


def test_every_roll_call_the_report_names_is_one_of_the_edition(built) -> None:
    """The report named internal numbers (10,000,000 + undl_id) of votes laid over a CC0
    roll call (10001001 for what the edition holds as 4813)."""
    import re

    held = {r["roll_call"] for r in csv_rows(built.out / "data" / "roll_calls.csv")}
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    named = {str(r[k]) for cat in doc["categories"].values() for r in cat["rows"]
             for k in ("roll_call", "nearest_cc0") if r.get(k) is not None}  # fmt: skip
    md = (built.out / "reconciliation.md").read_text(encoding="utf-8")
    named |= set(re.findall(r"roll call (\d+)", md))
    assert "4813" in named and named <= held, sorted(named - held)
    assert str(10_000_000 + 1001) not in md


def test_the_readme_s_dprk_query_on_the_edition(built, tmp_path: Path) -> None:
    """The README's query of the resolutions on human rights in the DPRK finds, in the
    edition, those adopted by recorded vote and those adopted without a vote."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    (sql,) = [m["sql"] for m in BLOCK.finditer(readme) if "r.title = 'Situation" in m["sql"]]
    dist = build(built.out / "datapackage.json", tmp_path / "dist").out
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    got = [(r[0], r[2], r[3]) for r in con.execute(sql).fetchall()]
    assert got == [("A/RES/62/167", "recorded vote", "101-22-59"),
                   ("A/RES/74/166", "without a vote", None),
                   ("A/RES/75/190", "recorded vote", "49-48-48"),
                   ("A/RES/76/177", "recorded vote", "98-48-48")]  # fmt: skip
