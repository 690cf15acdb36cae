"""The defect classes: each damages a copy of a valid package with plain text edits.

A class is a name, the rule `unga validate` must report, and a mutation that edits the copy and
returns where the violation must be reported (file, line, column; None where it does not
apply). The tests apply them to copies of the fixture package; `compare_frictionless.py` to
copies of the real one.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VOTES = "data/votes.csv"
ROLL_CALLS = "data/roll_calls.csv"
RESOLUTIONS = "data/resolutions.csv"
MEMBERSHIPS = "data/memberships.csv"
NAMES = "data/state_names.csv"
STATES = "data/states.csv"
CORRECTIONS = "data/corrections.csv"
EXCEPTIONS = "data/exceptions.csv"
DESCRIPTOR = "datapackage.json"

ANY = object()  # a column the expectation does not pin down


@dataclass(frozen=True)
class Where:
    file: str
    line: int | None
    column: str | object | None = None


class Copy:
    """A copy in `root` of the package in `source`, edited as text; `changed` names the files
    written or deleted since."""

    def __init__(self, root: Path, source: Path = ROOT) -> None:
        self.root = root
        self.changed: set[str] = set()
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / DESCRIPTOR, root)
        shutil.copytree(source / "schemas", root / "schemas")
        shutil.copytree(source / "data", root / "data")
        self.descriptor = root / DESCRIPTOR

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read_bytes(self, rel: str) -> bytes:
        return self.path(rel).read_bytes()

    def read(self, rel: str) -> str:
        return self.read_bytes(rel).decode("utf-8")

    def write_bytes(self, rel: str, data: bytes) -> None:
        self.changed.add(rel)
        self.path(rel).write_bytes(data)

    def write(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def delete(self, rel: str) -> None:
        self.changed.add(rel)
        self.path(rel).unlink()

    def line_of(self, rel: str, prefix: str) -> int:
        text = self.read(rel)
        at = 0 if text.startswith(prefix) else text.find("\n" + prefix) + 1
        assert at > 0 or text.startswith(prefix), f"no line starting {prefix!r} in {rel}"
        return text.count("\n", 0, at) + 1

    def replace(self, rel: str, old: str, new: str) -> int:
        """Replace the first `old` (which must start a line); return that line."""
        text = self.read(rel)
        at = text.find(old)
        assert at >= 0, f"{old!r} not in {rel}"
        self.write(rel, text[:at] + new + text[at + len(old) :])
        return text.count("\n", 0, at) + 1

    def append(self, rel: str, line: str) -> int:
        text = self.read(rel)
        self.write(rel, text + line + "\n")
        return text.count("\n") + 1

    def line(self, rel: str, n: int) -> str:
        return self.read(rel).split("\n")[n - 1]

    def rows(self, rel: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.read(rel), newline="")))

    def write_rows(self, rel: str, rows: list[list[str]]) -> None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        self.write(rel, out.getvalue())


@dataclass(frozen=True)
class Defect:
    name: str
    rule: str
    description: str
    mutate: Callable[[Copy], Where]


CORPUS: list[Defect] = []


def defect(name: str, rule: str, description: str):
    def register(fn: Callable[[Copy], Where]) -> Callable[[Copy], Where]:
        CORPUS.append(Defect(name, rule, description, fn))
        return fn

    return register


RC_4813 = "4813,"  # A/RES/62/167, 2007-12-18, declared 101-22-59, 10 non-voting
RC_4814 = "4814,"  # A/RES/62/168, 2007-12-18, declared 73-54-54
IND = "4813,IND,A\n"


def _vote(c: Copy, new: str, column: str | None, rel: str = VOTES) -> Where:
    return Where(rel, c.replace(VOTES, IND, new), column)


# --- votes: counts and membership ----------------------------------------------------------------


@defect("flipped-vote", "votes.count-totals", "India's abstention on roll call 4813 made a yes")
def _(c: Copy) -> Where:
    c.replace(VOTES, IND, "4813,IND,Y\n")
    return Where(ROLL_CALLS, c.line_of(ROLL_CALLS, RC_4813), "declared_yes")


@defect("duplicated-vote-row", "schema.primary-key", "a vote row written twice")
def _(c: Copy) -> Where:
    return Where(VOTES, c.replace(VOTES, IND, IND + IND) + 1, "roll_call,state")


@defect("missing-member", "votes.missing-member", "India's row of roll call 4813 removed")
def _(c: Copy) -> Where:
    c.replace(VOTES, IND, "")
    return Where(ROLL_CALLS, c.line_of(ROLL_CALLS, RC_4813), "roll_call")


@defect("non-member-voting", "votes.non-member", "South Sudan voting in 2007")
def _(c: Copy) -> Where:
    return Where(VOTES, c.append(VOTES, "4813,SSD,X"), "state")


@defect("vote-before-admission", "votes.non-member", "Montenegro admitted after roll call 4813")
def _(c: Copy) -> Where:
    c.replace(MEMBERSHIPS, "MNE,2006-06-28,", "MNE,2007-12-19,")
    return Where(VOTES, c.line_of(VOTES, "4813,MNE,"), "state")


@defect("roll-call-without-votes", "votes.membership-total", "every vote row of 4814 removed")
def _(c: Copy) -> Where:
    c.write(VOTES, re.sub(r"^4814,.*\n", "", c.read(VOTES), flags=re.M))
    return Where(ROLL_CALLS, c.line_of(ROLL_CALLS, RC_4814), ANY)


@defect("non-voting-total-mismatch", "votes.count-totals", "declared non-voting 99 on 4814")
def _(c: Copy) -> Where:
    line = c.replace(ROLL_CALLS, "4814,62,2007-12-18,day,,resolution,A/RES/62/168,73,54,54,,",
                     "4814,62,2007-12-18,day,,resolution,A/RES/62/168,73,54,54,99,")  # fmt: skip
    return Where(ROLL_CALLS, line, "declared_non_voting")


@defect("negative-total", "schema.minimum", "declared yes -1 on 4814")
def _(c: Copy) -> Where:
    line = c.replace(ROLL_CALLS, "4814,62,2007-12-18,day,,resolution,A/RES/62/168,73,",
                     "4814,62,2007-12-18,day,,resolution,A/RES/62/168,-1,")  # fmt: skip
    return Where(ROLL_CALLS, line, "declared_yes")


# --- votes: cells --------------------------------------------------------------------------------


@defect("unknown-vote-code", "schema.enum", "vote Q")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND,Q\n", "vote")


@defect("lowercase-vote-code", "schema.enum", "vote a")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND,a\n", "vote")


@defect("trailing-space", "text.whitespace", "vote 'A '")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND,A \n", "vote")


@defect("empty-required-cell", "schema.required", "vote cell empty")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND,\n", "vote")


@defect("empty-key-cell", "schema.required", "state cell empty")
def _(c: Copy) -> Where:
    return _vote(c, "4813,,A\n", "state")


@defect("unknown-state", "schema.foreign-key", "state XYZ (pattern-valid, in no table)")
def _(c: Copy) -> Where:
    return _vote(c, "4813,XYZ,A\n", "state")


@defect("lowercase-state", "schema.pattern", "state ind")
def _(c: Copy) -> Where:
    return _vote(c, "4813,ind,A\n", "state")


@defect("non-integer-roll-call", "schema.type", "roll call 48l3")
def _(c: Copy) -> Where:
    return _vote(c, "48l3,IND,A\n", "roll_call")


@defect("nul-byte", "schema.pattern", "a NUL byte inside a state code")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IN\x00D,A\n", "state")


# --- roll calls and resolutions ------------------------------------------------------------------


@defect("date-outside-session", "dates.outside-session", "A/RES/74/166 dated 2021-01-05")
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "A/RES/74/166,74,2019-12-18", "A/RES/74/166,74,2021-01-05")
    return Where(RESOLUTIONS, line, "date")


@defect("impossible-date", "schema.type", "roll call 4814 dated 2007-02-30")
def _(c: Copy) -> Where:
    return Where(ROLL_CALLS, c.replace(ROLL_CALLS, "4814,62,2007-12-18", "4814,62,2007-02-30"),
                 "date")  # fmt: skip


@defect("date-before-first-meeting", "dates.before-assembly", "a resolution of 1946-01-01")
def _(c: Copy) -> Where:
    row = "A/RES/1(I),1,1946-01-01,day,A title,without a vote,,,A/RES/1(I)"
    return Where(RESOLUTIONS, c.append(RESOLUTIONS, row), "date")


@defect("symbol-session-disagree", "resolutions.symbol-session", "A/RES/74/166 in session 73")
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "A/RES/74/166,74,", "A/RES/74/166,73,")
    return Where(RESOLUTIONS, line, "session")


@defect("resolution-missing-roll-call", "schema.foreign-key", "A/RES/62/167 -> roll call 999999")
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "A/RES/62/167,", "A/RES/62/167,")
    c.replace(RESOLUTIONS, "recorded vote,4813,", "recorded vote,999999,")
    return Where(RESOLUTIONS, line, "roll_call")


@defect("without-vote-has-votes", "resolutions.without-vote",
        "A/RES/62/167 marked adopted without a vote, its roll call still names it")  # fmt: skip
def _(c: Copy) -> Where:
    c.replace(RESOLUTIONS, "recorded vote,4813,", "without a vote,,")
    return Where(ROLL_CALLS, c.line_of(ROLL_CALLS, RC_4813), "resolution")


@defect("recorded-vote-without-roll-call", "resolutions.adoption",
        "A/RES/74/166 marked recorded vote, no roll call")  # fmt: skip
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "Korea,without a vote,,", "Korea,recorded vote,,")
    return Where(RESOLUTIONS, line, "roll_call")


@defect("resolution-roll-call-date", "resolutions.roll-call", "A/RES/62/167 a day after its vote")
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "A/RES/62/167,62,2007-12-18", "A/RES/62/167,62,2007-12-19")
    return Where(RESOLUTIONS, line, "roll_call")


@defect("amendment-adopting-resolution", "roll_calls.resolution", "4814's subject amendment")
def _(c: Copy) -> Where:
    line = c.replace(ROLL_CALLS, ",resolution,A/RES/62/168,", ",amendment,A/RES/62/168,")
    return Where(ROLL_CALLS, line, "resolution")


@defect("totals-without-source", "roll_calls.totals-source", "4814's totals_source emptied")
def _(c: Copy) -> Where:
    source = "voeten2016_descriptions.csv.gz (hdl:1902.1/12379),"
    line = c.replace(ROLL_CALLS, f"A/RES/62/168,73,54,54,,{source}", "A/RES/62/168,73,54,54,,,")
    return Where(ROLL_CALLS, line, "totals_source")


@defect("duplicated-roll-call-id", "schema.unique", "roll call 4814's row written twice")
def _(c: Copy) -> Where:
    row = c.line(ROLL_CALLS, c.line_of(ROLL_CALLS, RC_4814))
    return Where(ROLL_CALLS, c.append(ROLL_CALLS, row), "roll_call")


@defect("duplicated-resolution", "schema.unique", "A/RES/74/166's row written twice")
def _(c: Copy) -> Where:
    row = c.line(RESOLUTIONS, c.line_of(RESOLUTIONS, "A/RES/74/166,"))
    return Where(RESOLUTIONS, c.append(RESOLUTIONS, row), "resolution")


@defect("unknown-subject", "schema.enum", "subject Resolution (capitalised)")
def _(c: Copy) -> Where:
    line = c.replace(ROLL_CALLS, ",resolution,A/RES/62/168,", ",Resolution,A/RES/62/168,")
    return Where(ROLL_CALLS, line, "subject")


@defect("bad-boolean", "schema.type", "important_vote 'yes'")
def _(c: Copy) -> Where:
    n = c.line_of(ROLL_CALLS, RC_4814)
    row = c.line(ROLL_CALLS, n)
    head, flag = row.rsplit(",", 1)
    assert flag in ("true", "false"), row
    c.replace(ROLL_CALLS, row, head + ",yes")
    return Where(ROLL_CALLS, n, "important_vote")


@defect("cow-code-out-of-range", "schema.maximum", "Afghanistan's COW code 1000")
def _(c: Copy) -> Where:
    return Where(STATES, c.replace(STATES, "AFG,Afghanistan,700,", "AFG,Afghanistan,1000,"),
                 "cow_code")  # fmt: skip


# --- states, names, memberships ------------------------------------------------------------------


@defect("overlapping-membership", "memberships.overlap", "a second ZAF spell from 1990")
def _(c: Copy) -> Where:
    row = "ZAF,1990-01-01,,,https://www.un.org/en/about-us/member-states"
    return Where(MEMBERSHIPS, c.append(MEMBERSHIPS, row), "admitted")


@defect("membership-ends-before-start", "memberships.interval", "left before admitted")
def _(c: Copy) -> Where:
    return Where(MEMBERSHIPS, c.append(MEMBERSHIPS, "ZAF,1930-01-01,1920-01-01,,a source"), "left")


@defect("overlapping-official-names", "state_names.official-overlap",
        "two official names of ZAF in 1961")  # fmt: skip
def _(c: Copy) -> Where:
    row = "ZAF,Union of South Africa,1945-10-24,1962-01-01,official,"
    return Where(NAMES, c.append(NAMES, row), "valid_from")


@defect("official-name-gap", "state_names.official-gap", "South Sudan nameless in July 2011")
def _(c: Copy) -> Where:
    c.replace(NAMES, "SSD,South Sudan,2011-07-14,,official", "SSD,South Sudan,2011-08-01,,official")
    return Where(MEMBERSHIPS, c.line_of(MEMBERSHIPS, "SSD,"), "state")


# --- spreadsheet formulas ------------------------------------------------------------------------


@defect("formula-hyperlink", "text.formula", "title =HYPERLINK(...)")
def _(c: Copy) -> Where:
    line = c.replace(RESOLUTIONS, "Situation of human rights in the Democratic People's Republic "
                     "of Korea,without a vote", '"=HYPERLINK(""https://example.org"",""x"")",'
                     "without a vote")  # fmt: skip
    return Where(RESOLUTIONS, line, "title")


@defect("formula-plus", "text.formula", "state name +South Africa")
def _(c: Copy) -> Where:
    return Where(NAMES, c.replace(NAMES, "ZAF,South Africa,", "ZAF,+South Africa,"), "name")


@defect("formula-minus", "text.formula", "membership note -1+1")
def _(c: Copy) -> Where:
    return Where(MEMBERSHIPS, c.replace(MEMBERSHIPS, "MNE,2006-06-28,,,", "MNE,2006-06-28,,-1+1,"),
                 "note")  # fmt: skip


@defect("formula-at", "text.formula", "roll call description @SUM(A1)")
def _(c: Copy) -> Where:
    old = "(hdl:1902.1/12379),Situation of human rights in the Islamic"
    line = c.replace(ROLL_CALLS, old, old.replace(",Situation", ",@SUM(A1) Situation"))
    return Where(ROLL_CALLS, line, "description")


# --- ledgers -------------------------------------------------------------------------------------


@defect("correction-not-applied", "corrections.not-applied", "South Africa's abstention undone")
def _(c: Copy) -> Where:
    c.replace(VOTES, "4813,ZAF,A\n", "4813,ZAF,Y\n")
    return Where(CORRECTIONS, c.line_of(CORRECTIONS, "1,votes,4813|ZAF,"), "new")


@defect("correction-unknown-row", "corrections.unknown-row", "a correction of votes 99999|ZAF")
def _(c: Copy) -> Where:
    return Where(CORRECTIONS, c.append(CORRECTIONS, "8,votes,99999|ZAF,vote,Y,A,A/62/PV.76,"),
                 "key")  # fmt: skip


@defect("correction-unknown-column", "corrections.unknown-column", "a correction of 'ballot'")
def _(c: Copy) -> Where:
    return Where(CORRECTIONS, c.append(CORRECTIONS, "8,votes,4813|ZAF,ballot,Y,A,A/62/PV.76,"),
                 "column")  # fmt: skip


@defect("stale-exception", "exceptions.stale", "an exception for a violation that is not there")
def _(c: Copy) -> Where:
    row = "votes.count-totals,4813,Declared totals differ,A/62/PV.76"
    return Where(EXCEPTIONS, c.append(EXCEPTIONS, row), "key")


@defect("exception-without-source", "schema.required", "the first exception's source emptied")
def _(c: Copy) -> Where:
    row = c.line(EXCEPTIONS, 2)
    quoted = row.endswith('"')  # a source holding a comma is quoted
    head, source = row.rsplit(',"' if quoted else ",", 1)
    assert source, row
    return Where(EXCEPTIONS, c.replace(EXCEPTIONS, row, head + ","), "source")


# --- files, encodings, headers -------------------------------------------------------------------


@defect("empty-file", "csv.empty-file", "votes.csv has no bytes")
def _(c: Copy) -> Where:
    c.write(VOTES, "")
    return Where(VOTES, 1)


@defect("missing-file", "package.missing-file", "votes.csv deleted")
def _(c: Copy) -> Where:
    c.delete(VOTES)
    return Where(VOTES, None)


@defect("broken-descriptor", "package.descriptor", "datapackage.json is not JSON")
def _(c: Copy) -> Where:
    c.write(DESCRIPTOR, "{not json")
    return Where(DESCRIPTOR, None)


@defect("bom", "csv.bom", "votes.csv starts with a UTF-8 BOM")
def _(c: Copy) -> Where:
    c.write_bytes(VOTES, b"\xef\xbb\xbf" + c.read_bytes(VOTES))
    return Where(VOTES, 1)


@defect("crlf", "csv.line-ending", "votes.csv with CRLF line ends")
def _(c: Copy) -> Where:
    c.write_bytes(VOTES, c.read_bytes(VOTES).replace(b"\n", b"\r\n"))
    return Where(VOTES, 1)


@defect("stray-cr", "csv.line-ending", "one CRLF in the middle of votes.csv")
def _(c: Copy) -> Where:
    return Where(VOTES, c.replace(VOTES, IND, "4813,IND,A\r\n"))


@defect("latin-1", "csv.encoding", "Côte d'Ivoire written in Latin-1")
def _(c: Copy) -> Where:
    line = c.line_of(NAMES, "CIV,Côte")
    data = c.read_bytes(NAMES)
    c.write_bytes(NAMES, data.replace("Côte".encode(), "Côte".encode("latin-1"), 1))
    return Where(NAMES, line)


@defect("ragged-row-long", "csv.ragged-row", "a vote row with a fourth cell")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND,A,extra\n", None)


@defect("ragged-row-short", "csv.ragged-row", "a vote row with two cells")
def _(c: Copy) -> Where:
    return _vote(c, "4813,IND\n", None)


@defect("blank-line", "csv.blank-row", "an empty line inside votes.csv")
def _(c: Copy) -> Where:
    return Where(VOTES, c.replace(VOTES, IND, IND + "\n") + 1)


@defect("unclosed-quote", "csv.unclosed-quote", "a resolution title opened with a quote")
def _(c: Copy) -> Where:
    row = 'A/RES/1(I),1,1946-01-10,day,"A title,without a vote,,,A/RES/1(I)'
    return Where(RESOLUTIONS, c.append(RESOLUTIONS, row))


@defect("stray-quote", "csv.quoting", "a quote inside an unquoted vote cell")
def _(c: Copy) -> Where:
    return _vote(c, '4813,"IN"D,A\n', None)


@defect("renamed-column", "csv.header-mismatch", "votes header state -> country")
def _(c: Copy) -> Where:
    c.replace(VOTES, "roll_call,state,vote\n", "roll_call,country,vote\n")
    return Where(VOTES, 1)


@defect("missing-header", "csv.header-missing", "votes.csv without its header line")
def _(c: Copy) -> Where:
    c.replace(VOTES, "roll_call,state,vote\n", "")
    return Where(VOTES, 1)


@defect("duplicated-column", "csv.header-duplicate", "votes header roll_call,state,state")
def _(c: Copy) -> Where:
    c.replace(VOTES, "roll_call,state,vote\n", "roll_call,state,state\n")
    return Where(VOTES, 1, "state")


@defect("missing-column", "csv.header-mismatch", "states.csv without its note column")
def _(c: Copy) -> Where:
    c.write_rows(STATES, [r[:-1] for r in c.rows(STATES)])
    return Where(STATES, 1)


@defect("extra-column", "csv.header-mismatch", "states.csv with an extra column")
def _(c: Copy) -> Where:
    rows = c.rows(STATES)
    c.write_rows(STATES, [rows[0] + ["extra"]] + [[*r, ""] for r in rows[1:]])
    return Where(STATES, 1)


@defect("reordered-columns", "csv.header-mismatch", "states.csv with name before state")
def _(c: Copy) -> Where:
    c.write_rows(STATES, [[r[1], r[0], *r[2:]] for r in c.rows(STATES)])
    return Where(STATES, 1)


BY_NAME = {d.name: d for d in CORPUS}
assert len(BY_NAME) == len(CORPUS), "defect names must be unique"


def same_file(found: str, expected: str) -> bool:
    return found == expected or found.endswith("/" + expected)


def at_place(violations: list, rule: str, where: Where) -> list:
    """The violations of `rule` reported at `where` (any column if the expectation has none)."""
    return [
        v
        for v in violations
        if v.rule == rule
        and same_file(v.file, where.file)
        and v.line == where.line
        and (where.column is ANY or v.column == where.column)
    ]
