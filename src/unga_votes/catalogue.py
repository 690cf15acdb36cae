"""Every rule the validator and `unga diff --check` report, declared once.

A rule has an id (`family.name`, as violations and the exceptions ledger write it), the tables
it reads, a one-line description, a severity, whether the exceptions ledger may cover it, and
how it is checked. Code refers to rules by the constants below, never by a string literal, so
a rule cannot be reported that is not declared here; each module that checks rules exports
them as `RULES` (a test finds every rule in exactly one module). `docs/rules.md` and the
README's rule table are generated from this list (`unga rules`), and a test fails when they
are stale.

Only rules that real history can break take exceptions: a roll call whose record disagrees
with itself, a date the sources cannot settle. Structure, schema, text and ledger rules never
do: an exception could otherwise carry a formula cell or a broken key into a release.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a rule is checked (shown in docs/rules.md).
LOADER = "package loader"
READER = "CSV reader"
CELLS = "Pandera cell checks derived from the Table Schema"
KEYS = "DuckDB anti-join from the Table Schema"
SQL = "SQL query"
FRAME = "Pandera dataframe check over a DuckDB query"
LEDGER = "ledger check"
DIFF = "unga diff --check"


@dataclass(frozen=True)
class Rule:
    id: str
    tables: tuple[str, ...]  # the tables it reads; () for any table
    description: str
    how: str
    exceptable: bool = False  # may data/exceptions.csv accept a violation of it
    severity: str = "error"
    each_table: bool = False  # checks each of its tables alone (runs on those that loaded)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def sql_file(self) -> str | None:
        """The rule's query, `rules/sql/<id>.sql` beside its checks, for SQL rules."""
        return f"{self.id}.sql" if self.how == SQL else None

    def __str__(self) -> str:
        return self.id


RULES: dict[str, Rule] = {}


def _rule(
    rule_id: str,
    tables: str,
    description: str,
    how: str,
    exceptable: bool = False,
    each_table: bool = False,
) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    rule = Rule(rule_id, tuple(tables.split()), description, how, exceptable, each_table=each_table)
    RULES[rule_id] = rule
    return rule


def rule(rule_id: str) -> Rule:
    """The declared rule with this id (KeyError for an undeclared one)."""
    return RULES[rule_id]


# --- the package and its files --------------------------------------------------------------
PACKAGE_DESCRIPTOR = _rule(
    "package.descriptor",
    "",
    "`datapackage.json` and its Table Schemas read; paths stay in the package; keys name "
    "real fields, each once, of one type on both sides; constraints suit their fields",
    READER,
)
PACKAGE_MISSING_FILE = _rule(
    "package.missing-file", "", "every file the descriptor names exists", LOADER
)
PACKAGE_FILE_INTEGRITY = _rule(
    "package.file-integrity",
    "",
    "a data file has the size (`bytes`) and checksum (`hash`) its resource declares",
    LOADER,
)
PACKAGE_REQUIRED_RESOURCE = _rule(
    "package.required-resource",
    "",
    "every table the rules read is a resource of the package, with the columns they read (a "
    "rule is never skipped because a table was renamed or removed)",
    LOADER,
)
CSV_EMPTY_FILE = _rule("csv.empty-file", "", "a file has at least a header row", READER)
CSV_BOM = _rule("csv.bom", "", "UTF-8 without a byte-order mark", READER)
CSV_ENCODING = _rule("csv.encoding", "", "the file is UTF-8", READER)
CSV_LINE_ENDING = _rule("csv.line-ending", "", "lines end with `\\n`, never `\\r`", READER)
CSV_HEADER_MISSING = _rule("csv.header-missing", "", "the first line is a header", READER)
CSV_HEADER_DUPLICATE = _rule(
    "csv.header-duplicate", "", "the header names each column once", READER
)
CSV_HEADER_MISMATCH = _rule(
    "csv.header-mismatch", "", "the header is the schema's field list, in order", READER
)
CSV_RAGGED_ROW = _rule("csv.ragged-row", "", "every row has one cell per field", READER)
CSV_BLANK_ROW = _rule("csv.blank-row", "", "no empty line between rows", READER)
CSV_UNCLOSED_QUOTE = _rule("csv.unclosed-quote", "", "every quoted cell is closed", READER)
CSV_QUOTING = _rule("csv.quoting", "", "quotes follow RFC 4180", READER)

# --- cells, from the Table Schemas ----------------------------------------------------------
SCHEMA_TYPE = _rule("schema.type", "", "a cell is of its field's type", CELLS)
SCHEMA_REQUIRED = _rule("schema.required", "", "a required cell is not empty", CELLS)
SCHEMA_ENUM = _rule("schema.enum", "", "a cell is one of its field's values", CELLS)
SCHEMA_PATTERN = _rule("schema.pattern", "", "a cell matches its field's pattern", CELLS)
SCHEMA_MINIMUM = _rule("schema.minimum", "", "a value is at least the field's minimum", CELLS)
SCHEMA_MAXIMUM = _rule("schema.maximum", "", "a value is at most the field's maximum", CELLS)
SCHEMA_MIN_LENGTH = _rule(
    "schema.min-length", "", "a text is at least the field's minLength long", CELLS
)
SCHEMA_MAX_LENGTH = _rule(
    "schema.max-length", "", "a text is at most the field's maxLength long", CELLS
)
SCHEMA_UNIQUE = _rule("schema.unique", "", "a unique field holds each value once", CELLS)
SCHEMA_PRIMARY_KEY = _rule("schema.primary-key", "", "primary keys are unique", CELLS)
SCHEMA_FOREIGN_KEY = _rule(
    "schema.foreign-key", "", "every foreign key matches a row of the table it names", KEYS
)
TEXT_WHITESPACE = _rule("text.whitespace", "", "no text cell starts or ends with space", CELLS)
TEXT_FORMULA = _rule(
    "text.formula",
    "",
    "no text cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab)",
    CELLS,
)
TEXT_CONTROL = _rule(
    "text.control",
    "",
    "no control character in a text cell (C0 and C1 controls, DEL, tab; a line break only "
    "where the field allows one)",
    CELLS,
)
DATES_FUTURE = _rule(
    "dates.future", "", "no date after the day the check runs, in any date column", CELLS
)
TEXT_INVISIBLE = _rule(
    "text.invisible",
    "",
    "no invisible formatting character (bidi overrides and isolates, zero-width characters, "
    "soft hyphen, byte-order mark)",
    CELLS,
)
TEXT_LINE_BREAK = _rule(
    "text.line-break",
    "",
    "no line break in a text cell unless its field says `x-multiline: true`",
    CELLS,
)
TEXT_MOJIBAKE = _rule(
    "text.mojibake",
    "",
    "no text garbled by an encoding conversion (`Ã©`, `â€™`, a stray `Â`, U+FFFD, a `?` "
    "between two letters, a byte as `<d3>`); web addresses are not judged",
    CELLS,
)

# --- the data model's invariants ------------------------------------------------------------
VOTES_COUNT_TOTALS = _rule(
    "votes.count-totals",
    "roll_calls votes",
    "the tally of `Y`/`N`/`A`/`X` rows equals the declared totals",
    FRAME,
    exceptable=True,
)
VOTES_MEMBERSHIP_TOTAL = _rule(
    "votes.membership-total",
    "roll_calls votes memberships",
    "`Y + N + A + X` equals the number of members on the day (for a date of month precision: "
    "between the states surely members that month and those that may have been)",
    FRAME,
    exceptable=True,
)
VOTES_NON_MEMBER = _rule(
    "votes.non-member",
    "roll_calls votes memberships",
    "only states that were (or, for a month date, may have been) members have a vote row",
    FRAME,
    exceptable=True,
)
VOTES_MISSING_MEMBER = _rule(
    "votes.missing-member",
    "roll_calls votes memberships",
    "every state surely a member on the date has a vote row (`X` if it did not vote)",
    FRAME,
    exceptable=True,
)
RESOLUTIONS_ADOPTION = _rule(
    "resolutions.adoption",
    "resolutions",
    "a resolution adopted by recorded vote names its roll call; one adopted by a non-recorded "
    "vote or without a vote names none",
    SQL,
)
RESOLUTIONS_ROLL_CALL = _rule(
    "resolutions.roll-call",
    "resolutions roll_calls",
    "the roll call a resolution names adopted it, on the same date (and precision) and in the "
    "same session",
    SQL,
    exceptable=True,
)
RESOLUTIONS_WITHOUT_VOTE = _rule(
    "resolutions.without-vote",
    "resolutions roll_calls",
    "no roll call adopts a resolution adopted by a non-recorded vote or without a vote",
    SQL,
)
RESOLUTION_TOTALS_ADOPTION = _rule(
    "resolution_totals.adoption",
    "resolution_totals resolutions",
    "declared totals in `resolution_totals` are a non-recorded vote's (a recorded vote's are its "
    "roll call's; a resolution adopted without a vote has none)",
    SQL,
)
ROLL_CALLS_RESOLUTION = _rule(
    "roll_calls.resolution",
    "roll_calls resolutions",
    "a roll call adopting a resolution has subject `resolution` and is the one the "
    "resolution names",
    SQL,
)
RESOLUTIONS_SYMBOL_SESSION = _rule(
    "resolutions.symbol-session",
    "resolutions",
    "the symbol's session is the session (`A/RES/1514(XV)` is session 15)",
    SQL,
    exceptable=True,
)
SESSIONS_MEETING = _rule(
    "sessions.meeting",
    "roll_calls resolutions",
    "a meeting symbol's session is the row's session (`A/62/PV.76` is session 62, "
    "`A/ES-10/PV.21` ES-10)",
    SQL,
    exceptable=True,
    each_table=True,
)
DATES_BEFORE_ASSEMBLY = _rule(
    "dates.before-assembly",
    "roll_calls resolutions sessions memberships",
    "no date (no whole month, for a month date) of a roll call, resolution or session before the "
    "Assembly's first meeting (1946-01-10); no membership before the Charter came into force "
    "(1945-10-24)",
    SQL,
    exceptable=True,
    each_table=True,
)
DATES_OUTSIDE_SESSION = _rule(
    "dates.outside-session",
    "roll_calls resolutions",
    "a regular session's dates run from September of its year to September of the next (a "
    "month date: some day of its month does)",
    SQL,
    exceptable=True,
    each_table=True,
)
SESSIONS_DATES = _rule(
    "sessions.dates",
    "roll_calls resolutions sessions",
    "a special or emergency special session is listed in sessions (its kind agreeing with its "
    "symbol, closing after it opens), and its roll calls and resolutions fall on days it sat "
    "(a month date: some day of its month does)",
    SQL,
    exceptable=True,
)
ROLL_CALLS_TOTALS_SOURCE = _rule(
    "roll_calls.totals-source", "roll_calls", "declared totals say where they come from", SQL
)
MEMBERSHIPS_INTERVAL = _rule(
    "memberships.interval", "memberships", "a membership spell ends after it starts", SQL
)
MEMBERSHIPS_OVERLAP = _rule(
    "memberships.overlap", "memberships", "a state's membership spells never overlap", SQL
)
STATES_UNIQUE_CODE = _rule(
    "states.unique-code",
    "states",
    "no two states share an ISO 3166 alpha-2, an M49 or a Correlates of War code",
    SQL,
    exceptable=True,
)
STATE_NAMES_INTERVAL = _rule(
    "state_names.interval", "state_names", "a name's validity ends after it starts", SQL
)
STATE_NAMES_OFFICIAL_OVERLAP = _rule(
    "state_names.official-overlap", "state_names", "one official name at a time", SQL
)
STATE_NAMES_OFFICIAL_GAP = _rule(
    "state_names.official-gap",
    "memberships state_names",
    "an official name on every day of membership",
    SQL,
)

# --- the ledgers ----------------------------------------------------------------------------
CORRECTIONS_NOT_APPLIED = _rule(
    "corrections.not-applied",
    "corrections",
    "the data hold the new value of the latest correction of each cell",
    LEDGER,
)
CORRECTIONS_UNKNOWN_ROW = _rule(
    "corrections.unknown-row", "corrections", "a correction names an existing row", LEDGER
)
CORRECTIONS_UNKNOWN_COLUMN = _rule(
    "corrections.unknown-column", "corrections", "a correction names a column of its table", LEDGER
)
LEDGER_CITATION = _rule(
    "ledger.citation",
    "corrections exceptions",
    "a ledger row's source starts with a citation, complete: a UN document symbol "
    "(`A/62/PV.76`, `A/RES/ES-10/21`, `S/RES/242(1967)`), an `https://` address, a handle or a "
    "DOI; a note may follow after a comma, a semicolon or in parentheses",
    LEDGER,
)
CORRECTIONS_DUPLICATE = _rule(
    "corrections.duplicate",
    "corrections",
    "no two rows of the ledger record the same change (table, key, column, old, new)",
    LEDGER,
)
EXCEPTIONS_STALE = _rule(
    "exceptions.stale", "exceptions", "every exception still covers a violation", LEDGER
)
EXCEPTIONS_NOT_EXCEPTABLE = _rule(
    "exceptions.not-exceptable",
    "exceptions",
    "an exception names a rule that exceptions may cover (docs/rules.md)",
    LEDGER,
)

# --- changes between two versions (`unga diff --check`) -------------------------------------
DIFF_UNCITED_CHANGE = _rule(
    "diff.uncited-change",
    "",
    "every changed cell and every removed row of a data table, and every vote or issue tag "
    "added to an existing roll call, has a corrections row citing a source",
    DIFF,
)
DIFF_NEW_WITHOUT_SOURCE = _rule(
    "diff.new-without-source",
    "",
    "a new row of a table with a `source` column cites one (the base's Table Schema says what "
    "a citation looks like)",
    DIFF,
)
DIFF_LEDGER_REWRITTEN = _rule(
    "diff.ledger-rewritten",
    "corrections exceptions",
    "no ledger row of the base rewritten: a correction is never changed or removed (a new one "
    "undoes it); an exception's reason and source never change (it may only go)",
    DIFF,
)
DIFF_STRUCTURE_CHANGED = _rule(
    "diff.structure-changed",
    "",
    "`datapackage.json` and the Table Schemas are the base's: a change to the data cannot "
    "change the checks it must pass",
    DIFF,
)


def checked_by(how: str) -> tuple[Rule, ...]:
    """The rules checked one way (`how`: SQL, CELLS...), in the catalogue's order: what the
    module checking them that way implements."""
    return tuple(r for r in RULES.values() if r.how == how)


def in_family(family: str) -> tuple[Rule, ...]:
    """The rules of one family (`csv`, `schema`...), in the catalogue's order."""
    return tuple(r for r in RULES.values() if r.family == family)


def tables_of(rules: tuple[Rule, ...]) -> tuple[str, ...]:
    """The tables these rules read, each once, in the order the rules name them."""
    return tuple(dict.fromkeys(t for r in rules for t in r.tables))


def exceptable() -> list[Rule]:
    return [r for r in RULES.values() if r.exceptable]


def required_tables() -> tuple[str, ...]:
    """The tables the rules read: a package without one of them cannot be checked."""
    return tuple(sorted({t for r in RULES.values() if r.how != DIFF for t in r.tables}))
