"""Text made safe to print: each character a terminal, a CI log or a Markdown renderer would act
on is shown as an escape; everything else is left as written."""

from __future__ import annotations

import pytest

from unga_votes.escape import (
    SHOWN,
    cut,
    escaped,
    is_unsafe,
    is_utf8,
    markdown,
    printable,
    quoted,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Côte d'Ivoire", "Côte d'Ivoire"),  # letters of any script stay
        ("Türkiye\t(1945)", "Türkiye\t(1945)"),  # a tab is kept unless asked
        ("\x1b[2J", "\\x1b[2J"),  # a terminal escape
        ("x\n::error file=a::forged", "x\\x0a::error file=a::forged"),  # a forged annotation
        ("a\rb\x07\x00\x7f\x85", "a\\x0db\\x07\\x00\\x7f\\x85"),  # C0, DEL, C1
        ("\u202eabc\u2066", "\\u202eabc\\u2066"),  # bidi override and isolate
        ("a\u200bb\u00adc\ufeff", "a\\u200bb\\xadc\\ufeff"),  # zero-width, soft hyphen, BOM
        ("a\u2028b\u2029", "a\\u2028b\\u2029"),  # line and paragraph separators
        ("\U000e0041", "\\U000e0041"),  # a tag character (format)
        (None, ""),
        (42, "42"),
    ],
)
def test_printable(text: object, shown: str) -> None:
    assert printable(text) == shown
    assert all(not is_unsafe(c) for c in printable(text, keep="") if c != "\\")


def test_a_tab_can_be_escaped_too() -> None:
    assert printable("a\tb", keep="") == "a\\x09b"


def test_escaped_widths() -> None:
    assert [escaped(c) for c in ("\x1b", "\u202e", "\U000e0041")] == [
        "\\x1b", "\\u202e", "\\U000e0041"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A/RES/62/167", "A/RES/62/167"),
        ("a | b", "a \\| b"),  # a table cell cannot end the cell
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<script>&amp;", "&lt;script&gt;&amp;amp;"),
        ("@team *b* `c` ~~s~~ _i_", "&#64;team \\*b\\* \\`c\\` \\~\\~s\\~\\~ \\_i\\_"),
        ("line\nbreak\ttab", "line\\\\x0abreak\\\\x09tab"),  # its escapes shown as written
    ],
)  # fmt: skip
def test_markdown(text: str, shown: str) -> None:
    assert markdown(text) == shown


def test_long_values_are_cut_with_their_length() -> None:
    assert cut("x" * (SHOWN + 20)) == "x" * (SHOWN + 20)  # a little over is shown whole
    long = "y" * 200_000
    assert cut(long) == "y" * SHOWN + "… (200,000 characters)"
    assert quoted(long) == repr("y" * SHOWN) + "… (200,000 characters)"
    assert cut(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "empty"), ("", "empty"), ("A", "'A'"), (0, "0"), ("\x1b[31m", "'\\x1b[31m'"),
     ("\u202e", "'\\u202e'")],
)  # fmt: skip
def test_quoted(value: object, shown: str) -> None:
    assert quoted(value) == shown


def test_is_utf8() -> None:
    assert is_utf8("Côte d'Ivoire") and is_utf8("")
    assert not is_utf8(b"db\xff.duckdb".decode("utf-8", "surrogateescape"))
