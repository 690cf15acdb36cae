"""The UN Digital Library's published versions of its two files: their columns and values.

The one place that says how each version is written; the reader (`layout`) recognises a file's
version from its header with it, and the cleaning rules read its vocabularies. From the
Library's own data dictionaries and files as public repositories quote them:

- voting file (https://digitallibrary.un.org/record/4060887), one row per member state per
  recorded vote. Versions 3 to 5 (July 2025 on, `*_ga_voting.csv`) have the 20 columns of
  `VOTING`; version 2 (March 2025, `*_ga_voting_corr1.csv`) may lack `vote_note`; version 1
  (September 2024, `*_ga_resolutions_voting.csv`) has a `modality` column, no `session` nor
  `vote_note`, writes non-voting as `NV`, and its data dictionary names some columns otherwise
  (`ms_codes`, `resolutions`, `yes`, `total-voting`...): both spellings are read.
- resolutions file (https://digitallibrary.un.org/record/4060945, `*_ga_outcomes.csv`), one
  row per adopted resolution: the 18 columns of `RESOLUTIONS`; `modality` is `Vote, recorded`,
  `Vote, non-recorded` or `Without a vote`.

Totals are written as decimals (`142.0`); `draft`, `committee_report`, `agenda_title` and
`subjects` may hold several values separated by `|` (a subject heading's subdivisions by `--`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ...escape import cut, quoted
from ..importer import SourceError

VOTING_RECORD = "https://digitallibrary.un.org/record/4060887"
RESOLUTIONS_RECORD = "https://digitallibrary.un.org/record/4060945"
RECORD = "https://digitallibrary.un.org/record/"  # + a record's undl_id: its own address

TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting")
TAIL = ("vote_note", *TOTALS, "total_ms", "undl_link")  # both files end so
VOTING = (
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    *TAIL,
)
RESOLUTIONS = (
    "undl_id",
    "resolution",
    "session",
    "date",
    "title",
    "modality",
    "draft",
    "committee_report",
    "meeting",
    "agenda_title",
    "subjects",
    *TAIL,
)
LISTS = ("draft", "committee_report", "agenda_title", "subjects")  # `|`-separated values
SEPARATOR = "|"

# ms_vote: the codes the Library writes (version 1 wrote NV for non-voting), then the words
# and the blank another rendering may hold, each read as its code (and counted).
VOTE_CODES = {"Y": "Y", "N": "N", "A": "A", "X": "X"}
VOTE_WORDS = {
    "YES": "Y",
    "NO": "N",
    "ABSTAIN": "A",
    "ABSTENTION": "A",
    "ABSTAINING": "A",
    "NV": "X",
    "NON-VOTING": "X",
    "NOT VOTING": "X",
    "ABSENT": "X",
    "": "X",
}
# modality, compared by its letters alone (`modality_key`): the Library's three values, then
# the other ways a rendering writes them.
MODALITIES = {
    "Vote, recorded": "recorded vote",
    "Vote, non-recorded": "non-recorded vote",
    "Without a vote": "without a vote",
}
MODALITY_SPELLINGS = {
    "recorded vote": "recorded vote",
    "non-recorded vote": "non-recorded vote",
    "vote not recorded": "non-recorded vote",
    "without vote": "without a vote",
    "adopted without a vote": "without a vote",
}


def modality_key(text: pl.Expr) -> pl.Expr:
    """A modality as compared: its letters alone, in lower case, so that no case, spacing,
    comma, semicolon or hyphen makes one another (`Vote, non-recorded`, `Vote; non recorded`
    and `VOTE - NON-RECORDED` are one); a word the table lacks is still unknown."""
    return text.str.to_lowercase().str.replace_all(r"[^a-z]", "")


def modality_table() -> dict[str, str]:
    """Every modality the reader knows, by its key, to the resolution's adoption."""
    known = {**MODALITIES, **MODALITY_SPELLINGS}
    keys = pl.DataFrame({"m": list(known)}).select(modality_key(pl.col("m")))["m"]
    return dict(zip(keys, known.values(), strict=True))


@dataclass(frozen=True)
class Version:
    """A published version of one of the two files."""

    kind: str  # "voting" or "resolutions"
    name: str
    file: str  # how the Library names its file
    columns: tuple[str, ...]  # the columns it has, by the names the reader uses
    optional: frozenset[str] = frozenset()  # columns some of its files lack
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other header names
    marks: frozenset[str] = frozenset()  # header names only this version writes
    current: bool = False


VERSIONS = (
    Version(
        "voting",
        "versions 3-5 (July 2025 on)",
        "*_ga_voting.csv",
        VOTING,
        current=True,
    ),
    Version(
        "voting",
        "version 2 (March 2025)",
        "*_ga_voting_corr1.csv",
        VOTING,
        optional=frozenset({"vote_note"}),
    ),
    Version(
        "voting",
        "version 1 (September 2024)",
        "*_ga_resolutions_voting.csv",
        (*tuple(c for c in VOTING if c not in ("session", "vote_note")), "modality"),
        names={
            "ms_code": ("ms_codes",),
            "ms_name": ("ms_names",),
            "ms_vote": ("ms_votes",),
            "resolution": ("resolutions",),
            "agenda_title": ("agenda_titles",),
            "total_yes": ("yes",),
            "total_no": ("no",),
            "total_abstentions": ("abstentions",),
            "total_non_voting": ("non-voting",),
            "total_ms": ("total-voting",),
        },
        marks=frozenset(
            {
                "modality",
                "ms_codes",
                "ms_names",
                "ms_votes",
                "resolutions",
                "agenda_titles",
                "yes",
                "no",
                "abstentions",
                "non-voting",
                "total-voting",
            }
        ),
    ),
    Version(
        "resolutions",
        "the resolutions file (2026 on)",
        "*_ga_outcomes.csv",
        RESOLUTIONS,
        current=True,
    ),
)
CURRENT = {v.kind: v for v in VERSIONS if v.current}
DOWNLOAD = {"voting": VOTING_RECORD, "resolutions": RESOLUTIONS_RECORD}
IDENTIFYING = {"voting": ("ms_code", "ms_vote"), "resolutions": ("modality",)}  # the file's kind


NAME_SHOWN = 40  # characters of an unknown column's name an error quotes


class UnknownLayout(SourceError):
    """A header no published version has; the message says what is missing or which version."""


@dataclass(frozen=True)
class Recognised:
    version: Version
    names: dict[str, str]  # column the reader uses -> the header's name for it
    extra: tuple[str, ...]  # header names no version of this file has: read, not used
    lacking: tuple[str, ...]  # optional columns this file lacks


def _mapping(version: Version, header: list[str]) -> dict[str, str]:
    out = {}
    for column in version.columns:
        for name in (column, *version.names.get(column, ())):
            if name in header:
                out[column] = name
                break
    return out


def recognise(header: list[str], kind: str) -> Recognised:
    """The version of a `kind` file with this header; UnknownLayout when no version has it."""
    versions = [v for v in VERSIONS if v.kind == kind]
    known = {n for v in versions for c in v.columns for n in (c, *v.names.get(c, ()))}
    for version in versions:
        names = _mapping(version, header)
        missing = [c for c in version.columns if c not in names and c not in version.optional]
        if version.marks and not version.marks & set(header):
            continue  # the names only this version writes are not there: another version
        if not missing:
            extra = tuple(h for h in header if h not in names.values())
            lacking = tuple(c for c in version.columns if c not in names)
            return Recognised(version, names, extra, lacking)
        if version.marks and not set(missing) & set(IDENTIFYING[kind]):
            # A file of this version (its own names, and the file's kind), without a column:
            # named as that version names it (`yes`, not the reader's `total_yes`).
            own = [version.names.get(c, (c,))[0] for c in missing]
            raise UnknownLayout(
                f"{version.name} of the {kind} file, without {', '.join(own)}: it cannot be "
                f"read; download the current {kind} file ({CURRENT[kind].file}) from "
                f"{DOWNLOAD[kind]}"
            )
    current = CURRENT[kind]
    if not known & set(header):
        # Nothing of the Library's: the first line is not its header, and is not quoted (it
        # may be anything, a secret included, and of any length).
        raise UnknownLayout(
            f"not the Library's {kind} layout: its first line names none of the {kind} "
            f"file's columns ({', '.join(current.columns[:4])}, ...)"
        )
    names = _mapping(current, header)
    missing = [c for c in current.columns if c not in names and c not in current.optional]
    unknown = [h for h in header if h not in known]
    parts = [f"missing {', '.join(missing)}"]
    if unknown:
        shown = ", ".join(quoted(cut(h, NAME_SHOWN)) for h in unknown[:3])
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        parts.append(f"{len(unknown):,} unknown column(s): {shown}{more}")
    raise UnknownLayout(f"not the Library's {kind} layout: {'; '.join(parts)}")
