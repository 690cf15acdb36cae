"""Small files in the UN Digital Library's two layouts, written here from the fixture package.

The Library's own files are never in this repository (their terms): these are the project's
own rows rendered in the Library's layout, some synthetic votes of the 2020s, and one row for
each kind of dirt the real files hold.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
from helpers import connect

from unga_votes.sources.undl.layout import RESOLUTIONS, VOTING

LINK = "https://digitallibrary.un.org/record/{}"
DPRK = "Situation of human rights in the Democratic People's Republic of Korea"


def _members(fixture_root: Path, date: str) -> list[tuple[str, str]]:
    con = connect(fixture_root / "datapackage.json", ("memberships", "state_names"))
    rows = con.execute(
        "SELECT state, name FROM members_on(CAST($d AS DATE)) ORDER BY state", {"d": date}
    ).fetchall()
    return [(s, (n or s).upper()) for s, n in rows]


def _cc0_votes(fixture_root: Path, roll_call: int) -> dict[str, str]:
    votes = pl.read_csv(fixture_root / "data" / "votes.csv", infer_schema=False)
    hit = votes.filter(pl.col("roll_call") == str(roll_call))
    return dict(hit.select("state", "vote").rows())


def _vote_rows(undl_id: int, members, votes: dict[str, str], **record) -> list[dict]:
    tally = {c: sum(1 for s, _ in members if votes.get(s, "X") == c) for c in "YNAX"}
    base = {
        "undl_id": str(undl_id), "draft": "", "committee_report": "", "agenda_title": "",
        "subjects": "", "vote_note": "", "total_yes": str(tally["Y"]),
        "total_no": str(tally["N"]), "total_abstentions": str(tally["A"]),
        "total_non_voting": str(tally["X"]), "total_ms": str(len(members)),
        "undl_link": LINK.format(undl_id),
    } | record  # fmt: skip
    return [base | {"ms_code": s, "ms_name": n, "ms_vote": votes.get(s, "X")} for s, n in members]


def voting_rows(fixture_root: Path) -> list[dict]:
    rows: list[dict] = []
    # A/RES/62/167 as the project holds it, with its meeting.
    m2007 = _members(fixture_root, "2007-12-18")
    v4813 = _cc0_votes(fixture_root, 4813)
    rows += _vote_rows(1001, m2007, v4813, date="2007-12-18", session="62",
                       resolution="A/RES/62/167", meeting="A/62/PV.76", title=DPRK)  # fmt: skip
    # A/RES/62/168: one vote differs (IND), so do the totals; a meeting the CC0 data lack.
    v4814 = _cc0_votes(fixture_root, 4814) | {"IND": "Y"}
    rows += _vote_rows(1002, m2007, v4814, date="2007-12-18", session="62nd session",
                       resolution="A/RES/62/168", meeting="A/62/PV. 76",
                       title="Human rights in Iran")  # fmt: skip
    # A/RES/2758(XXVI): dated to the month by the CC0 data; the official day, meeting, and the
    # USSR under its old ISO code.
    m1971 = _members(fixture_root, "1971-10-25")
    v1190 = _cc0_votes(fixture_root, 1190)
    rows += [
        r | ({"ms_code": "SUN"} if r["ms_code"] == "RUS" else {})
        for r in _vote_rows(
            1003,
            m1971,
            v1190,
            date="1971-10-25",
            session="26",
            resolution="A/RES/2758 (XXVI)",
            meeting="A/PV.1976",
            title="Restoration of the lawful rights of the People's Republic "
            "of China in the United Nations",
        )
    ]
    # The 2020s: two votes the CC0 data lack, every member voting.
    m2020 = _members(fixture_root, "2020-12-16")
    v2020 = {s: "YNAX"[i % 4] for i, (s, _) in enumerate(m2020)}
    rows += _vote_rows(2001, m2020, v2020, date="2020-12-16", session="75",
                       resolution="A/RES/75/190", meeting="A/75/PV.46", title=DPRK)  # fmt: skip
    m2021 = _members(fixture_root, "2021-12-16")
    v2021 = {s: "YYNA"[i % 4] for i, (s, _) in enumerate(m2021)}
    late = _vote_rows(2002, m2021, v2021, date="2021", session="Seventy-sixth",
                      resolution="A/RES/76/177", meeting="A/76/PV.51", title=DPRK)  # fmt: skip
    late[0]["total_yes"] = str(int(late[0]["total_yes"]) + 1)  # totals that disagree
    for r in late:
        r["total_yes"] = late[0]["total_yes"]
    rows += late
    return rows


def dirt(rows: list[dict]) -> list[dict]:
    """One row for each kind of dirt, around the clean rows."""
    out = list(rows)
    of_2001 = [r for r in rows if r["undl_id"] == "2001"]
    first = of_2001[0]
    deu = next(r for r in of_2001 if r["ms_code"] == "DEU")
    out.append(dict(deu))  # an exact duplicate
    fra = next(r for r in of_2001 if r["ms_code"] == "FRA")
    out.append(fra | {"ms_vote": "N" if fra["ms_vote"] != "N" else "Y"})  # a conflicting one
    fra["ms_name"] = "  FRANCE  "  # stray spaces
    out.append(first | {"ms_code": "CSK", "ms_name": "CZECHOSLOVAKIA"})  # no longer a member
    out.append(first | {"ms_code": "XKX", "ms_name": "KOSOVO", "ms_vote": "A"})  # no state
    out.append(first | {"ms_code": "", "ms_name": "Palestine", "ms_vote": "Y"})  # no state
    kor = next(r for r in rows if r["undl_id"] == "2002" and r["ms_code"] == "KOR")
    kor |= {"ms_code": "", "ms_name": "Republic  of   Korea"}  # no code: the state by its name
    yes = next(r for r in of_2001 if r["ms_vote"] == "Y" and r is not fra)
    yes["ms_vote"] = "yes"  # a word
    blank = next(r for r in of_2001 if r["ms_vote"] == "X")
    blank["ms_vote"] = ""  # blank: non-voting
    return out


def resolution_rows() -> list[dict]:
    def row(undl_id, symbol, session, date, modality, title, meeting=""):
        return {
            "undl_id": str(undl_id), "resolution": symbol, "session": session, "date": date,
            "title": title, "modality": modality, "draft": "", "committee_report": "",
            "meeting": meeting, "agenda_title": "", "subjects": "", "vote_note": "",
            "total_yes": "", "total_no": "", "total_abstentions": "", "total_non_voting": "",
            "total_ms": "", "undl_link": LINK.format(undl_id),
        }  # fmt: skip

    return [
        row(3001, "A/RES/62/167", "62", "2007-12-18", "Vote recorded", DPRK, "A/62/PV.76"),
        row(3002, "A/RES/62/168", "62", "2007-12-18", "vote recorded", "Human rights in Iran"),
        row(3003, "A/RES/2758(XXVI)", "26", "1971-10-25", "Vote recorded", "China"),
        row(3004, "A/RES/74/166", "74", "2019-12-18", "Without a vote", DPRK, "A/74/PV.50"),
        row(3005, "A/RES/75/190", "75", "2020-12-16", "Vote recorded", DPRK),
        row(3006, "A/RES/76/177", "76", "2021-12-16", "Vote recorded", DPRK, "A/76/PV.51"),
        row(3007, "A/RES/75/1", "75", "2020-09-21", "Without a vote",
            "Declaration on the commemoration of the seventy-fifth anniversary"),
        row(3008, "A/RES/76/20", "76", "2021", "Vote non-recorded", "A non-recorded vote",
            "A/76/PV.51"),
        row(3009, "A/RES/76/2 1", "76", "2021-11-02", "Adopted without a vote", "Spaced"),
    ]  # fmt: skip


def _csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_undl_files(folder: Path, fixture_root: Path) -> tuple[Path, Path]:
    """The voting and resolutions files, BOM and CRLF included; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    voting, resolutions = folder / "voting.csv", folder / "resolutions.csv"
    voting.write_bytes(_csv(dirt(voting_rows(fixture_root)), VOTING))
    resolutions.write_bytes(_csv(resolution_rows(), RESOLUTIONS))
    return voting, resolutions
