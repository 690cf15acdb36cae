"""Structural damage is reported with its rule and line, never raised."""

from __future__ import annotations

import csv
import io
import json

from helpers import PackageCopy, only

VOTES = "data/votes.csv"


def test_real_data_is_valid(pkg: PackageCopy) -> None:
    report = pkg.validate()
    assert report.valid, report.to_text()
    assert report.rows[VOTES] >= 192


def test_empty_file(pkg: PackageCopy) -> None:
    pkg.write(VOTES, "")
    (v,) = only(pkg.validate(), "csv.empty-file")
    assert (v.file, v.line) == (VOTES, 1)


def test_bom_is_reported_and_the_rest_still_checked(pkg: PackageCopy) -> None:
    pkg.write(VOTES, "\ufeff" + pkg.read(VOTES).replace("4813,ZAF,A", "4813,ZAF,Q"))
    report = pkg.validate()
    assert only(report, "csv.bom")[0].line == 1
    assert only(report, "schema.enum")[0].line == pkg.line_of(VOTES, "4813,ZAF")


def test_latin1_bytes(pkg: PackageCopy) -> None:
    names = "data/state_names.csv"
    data = pkg.path(names).read_bytes()
    line = pkg.line_of(names, "CIV,Côte")
    pkg.path(names).write_bytes(data.replace("Côte".encode(), "Côte".encode("latin-1"), 1))
    (v,) = only(pkg.validate(), "csv.encoding")
    assert (v.file, v.line) == (names, line)
    assert "f4" in v.found


def test_crlf_line_ends(pkg: PackageCopy) -> None:
    pkg.write(VOTES, pkg.read(VOTES).replace("\n", "\r\n"))
    (v,) = only(pkg.validate(), "csv.line-ending")
    assert v.line == 1


def test_missing_header(pkg: PackageCopy) -> None:
    text = pkg.read(VOTES)
    pkg.write(VOTES, text.split("\n", 1)[1])
    (v,) = only(pkg.validate(), "csv.header-missing")
    assert v.line == 1 and "roll_call,state,vote" in v.expected


def test_duplicated_header(pkg: PackageCopy) -> None:
    pkg.replace(VOTES, "roll_call,state,vote", "roll_call,state,state")
    (v,) = only(pkg.validate(), "csv.header-duplicate")
    assert (v.line, v.column) == (1, "state")


def test_renamed_missing_extra_and_reordered_columns(pkg: PackageCopy) -> None:
    for header, found in [
        ("roll_call,country,vote", "missing state; unexpected country"),
        ("roll_call,state", "missing vote"),
        ("roll_call,state,vote,note", "unexpected note"),
        ("state,roll_call,vote", "order state,roll_call,vote"),
    ]:
        pkg.replace(VOTES, pkg.read(VOTES).split("\n", 1)[0], header)
        (v,) = only(pkg.validate(), "csv.header-mismatch")
        assert v.line == 1 and found in v.found, v


def test_ragged_row_plain(pkg: PackageCopy) -> None:
    line = pkg.line_of(VOTES, "4813,ZAF")
    pkg.replace(VOTES, "4813,ZAF,A", "4813,ZAF,A,extra")
    (v,) = only(pkg.validate(), "csv.ragged-row")
    assert (v.file, v.line, v.found) == (VOTES, line, "4")


def test_ragged_row_quoted(pkg: PackageCopy) -> None:
    path = "data/roll_calls.csv"
    line = pkg.append(path, '4814,62,2007-12-18,day,,draft,,,,,,,"a, b"')
    (v,) = only(pkg.validate(), "csv.ragged-row")
    assert (v.file, v.line) == (path, line)


def test_unclosed_quote(pkg: PackageCopy) -> None:
    path = "data/resolutions.csv"
    line = pkg.append(path, 'A/RES/1(I),1,1946-01-10,day,"A title,without a vote,,,A/RES/1(I)')
    (v,) = only(pkg.validate(), "csv.unclosed-quote")
    assert (v.file, v.line) == (path, line)


def test_quoted_cells_with_commas_and_newlines_keep_line_numbers(pkg: PackageCopy) -> None:
    path = "data/resolutions.csv"
    line = pkg.line_of(path, "A/RES/74/166,")
    assert line > pkg.line_of(path, "A/RES/62/167,")
    pkg.replace(
        path,
        "A/RES/62/167,62,2007-12-18,day,Situation",
        'A/RES/62/167,62,2007-12-18,day,"Situation,\n',
    )
    pkg.replace(path, "Korea,recorded vote,4813", 'Korea",recorded vote,4813')
    pkg.replace(path, "A/RES/74/166,74", "A/RES/74/166,7x")
    (v,) = only(pkg.validate(), "schema.pattern")
    assert (v.line, v.column) == (line + 1, "session")  # a quoted cell above spans two lines


def _with_description(pkg: PackageCopy, roll_call: str, description: str) -> int:
    """Roll call `roll_call`'s description replaced (the row written back as CSV); its line."""
    path = "data/roll_calls.csv"
    line = pkg.line_of(path, roll_call + ",")
    rows = pkg.read(path).split("\n")
    header = next(csv.reader([rows[0]]))
    (cells,) = csv.reader([rows[line - 1]])
    cells[header.index("description")] = description
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    rows[line - 1] = out.getvalue()
    pkg.write(path, "\n".join(rows))
    return line


def _max_length(pkg: PackageCopy, table: str, field: str) -> int:
    schema = json.loads(pkg.read(f"schemas/{table}.schema.json"))
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["maxLength"]


def test_long_quoted_cells_are_read_whole_and_checked_against_max_length(
    pkg: PackageCopy,
) -> None:
    """The csv module's own cell limit (128 Ki characters) is no quoting error: a 200,000
    character cell is read whole and reported by its field's maxLength, on its line."""
    line = _with_description(pkg, "4813", "Situation, " + "x" * 199_989)
    report = pkg.validate()
    assert [(v.rule, v.line, v.column) for v in report.violations] == [
        ("schema.max-length", line, "description")
    ], report.to_text()
    assert str(_max_length(pkg, "roll_calls", "description")) in report.violations[0].expected


def test_quoted_cells_up_to_max_length_are_valid(pkg: PackageCopy) -> None:
    limit = _max_length(pkg, "roll_calls", "description")
    _with_description(pkg, "4813", "a, " + "y" * (limit - 3))
    assert pkg.validate().valid


def test_blank_row(pkg: PackageCopy) -> None:
    pkg.replace(VOTES, "4813,ZAF,A\n", "4813,ZAF,A\n\n")
    (v,) = only(pkg.validate(), "csv.blank-row")
    assert v.line == pkg.line_of(VOTES, "4813,ZAF") + 1


def test_missing_file(pkg: PackageCopy) -> None:
    pkg.path(VOTES).unlink()
    report = pkg.validate()
    (v,) = only(report, "package.missing-file")
    assert v.file == VOTES
    assert any("votes" in s for s in report.skipped)


def _declare(pkg: PackageCopy, **values: object) -> None:
    doc = json.loads(pkg.read("datapackage.json"))
    next(r for r in doc["resources"] if r["name"] == "votes").update(values)
    pkg.write("datapackage.json", json.dumps(doc))


def test_declared_size_and_hash_are_checked(pkg: PackageCopy) -> None:
    """`bytes` and `hash` (sha256:, sha1:, sha512:, md5 bare or named) that match pass; a
    mismatch is package.file-integrity, and the cells are still checked."""
    import hashlib

    data = pkg.path(VOTES).read_bytes()
    for algorithm, prefix in (("md5", ""), ("md5", "md5:"), ("sha1", "sha1:"),
                              ("sha256", "sha256:"), ("sha512", "sha512:")):  # fmt: skip
        digest = hashlib.new(algorithm, data).hexdigest()
        _declare(pkg, bytes=len(data), hash=prefix + digest.upper())
        assert pkg.validate().valid, (algorithm, prefix)
    _declare(pkg, bytes=len(data) + 1, hash="sha256:" + "0" * 64)
    pkg.replace(VOTES, "4813,ZAF,A", "4813,ZAF,Q")
    report = pkg.validate()
    size, digest = only(report, "package.file-integrity")
    assert (size.file, size.line) == (VOTES, None)
    assert size.expected.startswith(f"{len(data) + 1:,} bytes, as declared for {VOTES}")
    assert size.found == f"{len(data):,} bytes"
    assert digest.expected.startswith("sha256 " + "0" * 64)
    assert only(report, "schema.enum")
