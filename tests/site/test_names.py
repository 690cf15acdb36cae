"""names.py: a page's file name from its value, one value one name, as a property."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unga_votes.site.data import SiteError
from unga_votes.site.names import MAX_NAME, WINDOWS_DEVICES, page, slug


def decode(name: str) -> str:
    """The value a name stands for, read back as names.py's docstring says it is written; a
    letter outside an escape is a capital, so a name whose case a file system folded reads
    back the same."""
    out = bytearray()
    i = 0
    while i < len(name):
        if name[i] == ".":
            out.append(int(name[i + 1 : i + 3], 16))
            i += 3
        else:
            out += ("/" if name[i] == "_" else name[i].upper()).encode()
            i += 1
    return out.decode("utf-8", "surrogatepass")


def test_the_data_models_values_keep_their_names() -> None:
    assert slug("A/RES/74/166") == "A_RES_74_166" and slug("ES-10") == "ES-10"
    assert slug("ZAF") == "ZAF" and slug(4813) == "4813"
    assert slug("A/RES/2758(XXVI)") == "A_RES_2758.28XXVI.29"
    assert page("res", "A/RES/74/166") == "res/A_RES_74_166.html"
    assert page("rc", 4813) == "rc/4813.html" and page("session", "ES-10") == "session/ES-10.html"


def test_the_issues_two_symbols_get_two_pages() -> None:
    assert page("res", "A.RES.74.166") == "res/A.2eRES.2e74.2e166.html"
    assert page("res", "A.RES.74.166") != page("res", "A/RES/74/166")
    assert slug("A_RES_74_166") == "A.5fRES.5f74.5f166" != slug("A/RES/74/166")


@given(st.text())
def test_a_name_reads_back_as_its_value(value: str) -> None:
    """Injective: the value is recovered from its name (so no two values share one), also
    after a case-insensitive file system folded it."""
    name = slug(value)
    assert decode(name) == value
    assert decode(name.lower()) == value and decode(name.upper()) == value


@given(st.text(), st.text())
def test_two_values_never_share_a_name(a: str, b: str) -> None:
    if a != b:
        assert slug(a) != slug(b) and slug(a).casefold() != slug(b).casefold()


@given(st.text())
def test_a_name_is_a_plain_file_name(value: str) -> None:
    name = slug(value)
    assert re.fullmatch(r"[A-Z0-9_.a-f-]*", name)
    assert "/" not in name and ".." not in name and not name.startswith("..")


def test_an_empty_or_oversized_name_is_refused_in_one_line() -> None:
    with pytest.raises(SiteError, match=r"^state page for '': its file name would be 5 bytes"):
        page("state", "")
    long = "A/RES/1" + "0" * 300 + "/1"
    with pytest.raises(SiteError) as caught:
        page("res", long)
    assert str(caught.value) == (
        f"res page for {long[:60]!r}… (309 characters): its file name would be 314 bytes (at "
        f"most {MAX_NAME}); not a value of the data model"
    )
    assert len(page("res", "A/RES/" + "9" * (MAX_NAME - 11))) == len("res/") + MAX_NAME


@pytest.mark.parametrize(
    "value",
    ["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9", "CON.txt", "NUL.tar.gz", "AUX_"],
)
def test_a_name_windows_keeps_for_a_device_is_refused(value: str) -> None:
    """`state/CON.html` is the console on Windows, whatever its extension; refused in one line
    for any folder (a lower-case value is escaped, so never a device's name)."""
    for folder in ("state", "session", "res"):
        with pytest.raises(SiteError) as caught:
            page(folder, value)
        assert str(caught.value) == (
            f"{folder} page for {value!r}: its file name {slug(value)}.html is a device on "
            "Windows; not a value of the data model"
        )
    assert len(WINDOWS_DEVICES) == 22


@pytest.mark.parametrize("value", ["con", "COM", "COM0", "COM10", "CONS", "ACON", "NUL-1", "LPT¹"])
def test_names_near_a_device_are_kept(value: str) -> None:
    assert page("state", value) == f"state/{slug(value)}.html"


@given(st.text())
def test_no_page_is_named_as_a_device(value: str) -> None:
    try:
        name = page("state", value)
    except SiteError:
        return
    stem = name.removeprefix("state/").split(".", 1)[0].upper()
    assert stem not in WINDOWS_DEVICES
