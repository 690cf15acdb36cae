"""Small files in the UN Digital Library's layouts, written here from the fixture package.

The Library's own files are never in this repository (their terms): these are the project's
own rows rendered as the Library writes its files (version 5, and versions 1 and 2), some
synthetic votes of the 2020s, and one row for each kind of dirt the real files hold. The
forms are the real files': totals as decimals (`101.0`), titles with the catalogue's suffix,
state names in capitals, historical codes (`GER`, `DDR`, `YMD`, `CSK`, `SUN`), lettered parts
in brackets, `|`-separated lists of drafts, reports, agenda titles and subject headings (the
list values themselves are made up for the tests, as are the synthetic votes).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
from helpers import connect

from unga_votes.sources.undl.versions import RESOLUTIONS, VERSIONS, VOTING

LINK = "https://digitallibrary.un.org/record/{}"
DPRK = "Situation of human rights in the Democratic People's Republic of Korea"
SUFFIX = " : resolution / adopted by the General Assembly"
# How the Library writes the states the package codes otherwise, with their names of the day.
LIBRARY = {"DEU": ("GER", "GERMANY, FEDERAL REPUBLIC OF"), "RUS": ("SUN", "USSR")}


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
        "subjects": "", "vote_note": "", "total_yes": f"{tally['Y']}.0",
        "total_no": f"{tally['N']}.0", "total_abstentions": f"{tally['A']}.0",
        "total_non_voting": f"{tally['X']}.0", "total_ms": f"{len(members)}.0",
        "undl_link": LINK.format(undl_id),
    } | record  # fmt: skip
    if base.get("title"):
        base["title"] += SUFFIX
    return [base | {"ms_code": s, "ms_name": n, "ms_vote": votes.get(s, "X")} for s, n in members]


def _as_library(rows: list[dict], historical: dict[str, tuple[str, str]]) -> list[dict]:
    """The rows with the codes and names the Library writes for `historical` states."""
    return [r | dict(zip(("ms_code", "ms_name"), historical[r["ms_code"]], strict=True))
            if r["ms_code"] in historical else r for r in rows]  # fmt: skip


def voting_rows(fixture_root: Path) -> list[dict]:
    rows: list[dict] = []
    # A/RES/62/167 as the project holds it (101-22-59, 10 non-voting), with its meeting.
    m2007 = _members(fixture_root, "2007-12-18")
    v4813 = _cc0_votes(fixture_root, 4813)
    rows += _vote_rows(1001, m2007, v4813, date="2007-12-18", session="62",
                       resolution="A/RES/62/167", meeting="A/62/PV.76", title=DPRK,
                       draft="A/C.3/62/L.901|A/C.3/62/L.901/Add.1",
                       committee_report="A/62/901/Add.3",
                       agenda_title="Promotion and protection of human rights.",
                       subjects="HUMAN RIGHTS|KOREA (DEMOCRATIC PEOPLE'S REPUBLIC)--HUMAN RIGHTS",
                       vote_note="Subsequently the delegation of Example advised the "
                       "Secretariat that it had intended to vote in favour.")  # fmt: skip
    # A/RES/62/168: one vote differs (IND), so do the totals; a meeting the CC0 data lack.
    v4814 = _cc0_votes(fixture_root, 4814) | {"IND": "Y"}
    rows += _vote_rows(1002, m2007, v4814, date="2007-12-18", session="62nd session",
                       resolution="A/RES/62/168", meeting="A/62/PV. 76",
                       title="Human rights in Iran")  # fmt: skip
    # A/RES/2758(XXVI): dated to the month by the CC0 data; the official day, meeting, and the
    # USSR under the Library's code.
    m1971 = _members(fixture_root, "1971-10-25")
    v1190 = _cc0_votes(fixture_root, 1190)
    rows += _as_library(
        _vote_rows(1003, m1971, v1190, date="1971-10-25", session="26",
                   resolution="A/RES/2758 (XXVI)", meeting="A/PV.1976",
                   title="Restoration of the lawful rights of the People's Republic "
                   "of China in the United Nations"),
        LIBRARY,
    )  # fmt: skip
    # A/RES/41/159 (1986): the Federal Republic of Germany as GER, the other historical seats
    # with the package's codes and the names of the day, in capitals.
    m1986 = _members(fixture_root, "1986-12-05")
    v3076 = _cc0_votes(fixture_root, 3076)
    rows += _as_library(_vote_rows(1004, m1986, v3076, date="1986-12-05", session="41",
                                   resolution="A/RES/41/159", meeting="A/41/PV.97",
                                   title="Measures to be taken against Nazi, Fascist and "
                                   "neo-Fascist activities"), LIBRARY)  # fmt: skip
    # The 2020s: votes the CC0 data lack, every member voting; lettered parts in brackets.
    m2020 = _members(fixture_root, "2020-12-16")
    v2020 = {s: "YNAX"[i % 4] for i, (s, _) in enumerate(m2020)}
    rows += _vote_rows(2001, m2020, v2020, date="2020-12-16", session="75",
                       resolution="A/RES/75/190", meeting="A/75/PV.46", title=DPRK,
                       subjects="HUMAN RIGHTS")  # fmt: skip
    rows += _vote_rows(2003, m2020, v2020, date="2020-12-16", session="75",
                       resolution="A/RES/75/35[B]", meeting="A/75/PV.46",
                       title="Part B of a resolution in parts")  # fmt: skip
    rows += _vote_rows(2004, m2020, v2020, date="2020-12-16", session="75",
                       resolution="A/RES/75/253[B-VIII]", meeting="A/75/PV.46",
                       title="Section VIII of part B")  # fmt: skip
    rows += _vote_rows(2005, m2020, v2020, date="2020-12-16", session="75",
                       resolution="A/RES/75/254XVII", meeting="A/75/PV.46",
                       title="Section XVII, glued")  # fmt: skip
    # Votes the CC0 data hold without a symbol (every adopting vote before 1963): the Library
    # gives each a symbol (made up here) and its day, in the CC0 date's month: matched by
    # session, date and votes, never added beside the CC0 roll call.
    for undl, rc, day, session, symbol in (
        (1005, 5, "1946-01-14", "1", "A/RES/6(I)"),
        (1006, 150, "1949-05-09", "3", "A/RES/265(III)"),
        (1007, 151, "1949-05-10", "3", "A/RES/266(III)"),
    ):
        rows += _vote_rows(undl, _members(fixture_root, day), _cc0_votes(fixture_root, rc),
                           date=day, session=session, resolution=symbol,
                           title=f"An early resolution ({symbol})")  # fmt: skip
    # Two votes whose per-state votes are both those of the CC0 roll call 9019 (ES-1), which
    # holds one of them: nothing tells which, so the first in order is laid over it (its CC0
    # description, rcid, unres and issue tags not carried) and the other is only the Library's.
    for undl, day, symbol in (
        (1008, "1956-11-02", "A/RES/997(ES-I)"),
        (1009, "1956-11-04", "A/RES/998(ES-I)"),
    ):
        rows += _vote_rows(undl, _members(fixture_root, day), _cc0_votes(fixture_root, 9019),
                           date=day, session="ES-1", resolution=symbol,
                           title=f"Emergency special session ({symbol})")  # fmt: skip
    m2021 = _members(fixture_root, "2021-12-16")
    v2021 = {s: "YYNA"[i % 4] for i, (s, _) in enumerate(m2021)}
    late = _vote_rows(2002, m2021, v2021, date="2021", session="Seventy-sixth",
                      resolution="A/RES/76/177", meeting="A/76/PV.51", title=DPRK)  # fmt: skip
    yes = str(int(float(late[0]["total_yes"])) + 1) + ".0"  # totals that disagree
    return rows + [r | {"total_yes": yes} for r in late]


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
    # Rows the import leaves out, never written as the Library's: an unreadable vote (China's
    # in A/RES/62/167) and a garbled code whose name names two seats (in A/RES/62/168).
    next(r for r in rows if r["undl_id"] == "1001" and r["ms_code"] == "CHN")["ms_vote"] = "\x1b?"
    chn = next(r for r in rows if r["undl_id"] == "1002" and r["ms_code"] == "CHN")
    chn |= {"ms_code": "C?N", "ms_name": "CHINA"}
    for r in rows:  # the Library's count of members, one fewer than the members on the day
        if r["undl_id"] == "2003":
            r["total_ms"] = "192.0"
    kor = next(r for r in rows if r["undl_id"] == "2002" and r["ms_code"] == "KOR")
    kor |= {"ms_code": "", "ms_name": "Republic  of   Korea"}  # no code: the state by its name
    tur = next(r for r in rows if r["undl_id"] == "2002" and r["ms_code"] == "TUR")
    tur |= {"ms_code": "", "ms_name": "TÜRKÝYE"}  # a name through the wrong code page
    yes = next(r for r in of_2001 if r["ms_vote"] == "Y" and r is not fra)
    yes["ms_vote"] = "yes"  # a word
    blank = next(r for r in of_2001 if r["ms_vote"] == "X")
    blank["ms_vote"] = ""  # blank: non-voting
    return out


def resolution_rows() -> list[dict]:
    def row(undl_id, symbol, session, date, modality, title, meeting="", **lists):
        return {
            "undl_id": str(undl_id), "resolution": symbol, "session": session, "date": date,
            "title": title + SUFFIX, "modality": modality, "draft": "", "committee_report": "",
            "meeting": meeting, "agenda_title": "", "subjects": "", "vote_note": "",
            "total_yes": "", "total_no": "", "total_abstentions": "", "total_non_voting": "",
            "total_ms": "", "undl_link": LINK.format(undl_id),
        } | lists  # fmt: skip

    return [
        row(3001, "A/RES/62/167", "62", "2007-12-18", "Vote, recorded", DPRK, "A/62/PV.76",
            subjects="HUMAN RIGHTS|KOREA (DEMOCRATIC PEOPLE'S REPUBLIC)--HUMAN RIGHTS"),
        row(3002, "A/RES/62/168", "62", "2007-12-18", "Vote recorded", "Human rights in Iran"),
        row(3003, "A/RES/2758(XXVI)", "26", "1971-10-25", "Vote, recorded", "China"),
        row(3004, "A/RES/74/166", "74", "2019-12-18", "Without a vote", DPRK, "A/74/PV.50",
            subjects="HUMAN RIGHTS"),
        row(3005, "A/RES/75/190", "75", "2020-12-16", "Vote, recorded", DPRK),
        row(3006, "A/RES/76/177", "76", "2021-12-16", "Vote, recorded", DPRK, "A/76/PV.51"),
        row(3007, "A/RES/75/1", "75", "2020-09-21", "Without a vote",
            "Declaration on the commemoration of the seventy-fifth anniversary",
            draft="A/75/L.901", agenda_title="Strengthening of the United Nations system.|"
            "Follow-up to the outcome of the Millennium Summit."),
        row(3008, "A/RES/76/20", "76", "2021", "Vote, non-recorded", "A non-recorded vote",
            "A/76/PV.51", committee_report="A/76/901|A/76/901/Corr.1", total_yes="112.0",
            total_no="2.0", total_abstentions="30.0"),
        row(3009, "A/RES/76/2 1", "76", "2021-11-02", "Adopted without a vote", "Spaced"),
        row(3010, "A/RES/75/35[B]", "75", "2020-12-16", "Vote, recorded",
            "Part B of a resolution in parts"),
        row(3011, "A/RES/76/40[C]", "76", "2021-12-06", "VOTE,  NON-RECORDED",
            "Part C, adopted by a vote not recorded"),
        row(3012, "A/RES/6(I)", "1", "1946-01-14", "Vote, recorded", "An early resolution"),
        row(3013, "A/RES/997(ES-I)", "ES-1", "1956-11-02", "Vote, recorded",
            "Emergency special session"),
    ]  # fmt: skip


def _csv(rows: list[dict], columns: tuple[str, ...], bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def render(rows: list[dict], version: str) -> bytes:
    """The voting rows as the Library's `version` writes its file ("5", "2" or "1")."""
    if version == "5":
        return _csv(rows, VOTING)
    if version == "2":
        return _csv(rows, tuple(c for c in VOTING if c != "vote_note"), bom=False)
    v1 = next(v for v in VERSIONS if v.name.startswith("version 1"))
    header = tuple(v1.names.get(c, (c,))[0] if c.startswith("total") else c
                   for c in v1.columns)  # fmt: skip
    renamed = {c: v1.names[c][0] for c in v1.columns if c.startswith("total")}
    old = [{renamed.get(k, k): ("NV" if k == "ms_vote" and v == "X" else v)
            for k, v in r.items()} | {"modality": "Vote, recorded"} for r in rows]  # fmt: skip
    return _csv(old, header)


FILE_NAMES = {"5": "2026_2_6_ga_voting.csv", "2": "2025_03_31_ga_voting_corr1.csv",
              "1": "2024_09_12_ga_resolutions_voting.csv"}  # fmt: skip


def write_undl_files(folder: Path, fixture_root: Path, version: str = "5") -> tuple[Path, Path]:
    """The voting file (in `version`'s layout, with its dirt) and the resolutions file, BOM
    and CRLF included; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    voting, resolutions = folder / FILE_NAMES[version], folder / "2026_2_6_ga_outcomes.csv"
    voting.write_bytes(render(dirt(voting_rows(fixture_root)), version))
    resolutions.write_bytes(_csv(resolution_rows(), RESOLUTIONS))
    return voting, resolutions
