"""One Markdown table renderer: values shown as written, the project's own Markdown as it is,
and no cell able to leave its column."""

from __future__ import annotations

import pytest

from unga_votes.markdown_table import Markup, markdown_table


def test_a_table() -> None:
    lines = markdown_table(["table", "rows"], [(Markup("`votes`"), "1,234"), ("x", None)],
                           right={"rows"})  # fmt: skip
    assert lines == ["| table | rows |", "|---|---:|", "| `votes` | 1,234 |", "| x |  |"]


def test_values_are_shown_not_rendered() -> None:
    """A value (a cell of the data) is escaped as `escape.markdown` escapes it: a pipe, a link,
    a tag, an emphasis, a mention and a line break (an escape, its backslash escaped) all show
    as written, in their cell."""
    (_, _, row) = markdown_table(["a", "b"], [("x | y", "[l](j:x) <img> *e* @all\n::error")])
    assert row == ("| x \\| y | \\[l\\](j:x) &lt;img&gt; \\*e\\* &#64;all\\\\x0a::error |")


@pytest.mark.parametrize(
    ("markup", "cell"),
    [
        ("`A|B`", "`A\\|B`"),  # a bare pipe in the project's own Markdown is escaped
        ("`A\\|B`", "`A\\|B`"),  # one escaped already stays as it is
        ("`A\\\\|B`", "`A\\\\\\|B`"),  # after an escaped backslash, the pipe is bare
        ("[SQL](../x.sql)", "[SQL](../x.sql)"),
    ],
)
def test_markup_is_written_as_it_is_but_for_its_pipes(markup: str, cell: str) -> None:
    assert markdown_table(["h"], [(Markup(markup),)])[2] == f"| {cell} |"


def test_a_row_of_another_width_is_refused() -> None:
    with pytest.raises(ValueError, match="a row of 1 cells in a table of 2 columns"):
        markdown_table(["a", "b"], [("x",)])
