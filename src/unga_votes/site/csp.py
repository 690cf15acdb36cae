"""The Content-Security-Policy of every page: the site's own files and nothing else.

Static hosting (GitHub Pages) sets no headers, so the policy is a <meta> tag at the top of each
page's head. It allows the site's own scripts, styles, images and data, no inline script, and
no request to any other address. Two allowances, each for what the pages need:

- inline style attributes (`style-src-attr`): matplotlib writes each SVG shape's colours as
  one, and the legends' keys take their colour from the chart. Only attributes: a `<style>`
  element is refused (the charts' one rule is in style.css), and an attribute can load nothing
  (`img-src` and `default-src` allow the site alone).
- on the SQL page, WebAssembly (`'wasm-unsafe-eval'`: DuckDB-WASM and parquet-wasm compile
  theirs, which is not `eval`), DuckDB's worker from the site's own file (`worker-src 'self'`,
  no blob:), and the inline import map by its hash (duckdb-browser.mjs imports `apache-arrow`).
  The worker is not under the page's policy (a worker has the policy of its own response): the
  page turns DuckDB's external access off before any query (static/sql.js).

`data:` images are allowed for the favicon the pages declare empty (`data:,`), which saves a
request; it is bytes in the page, not an address.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'"
)
IMPORT_MAP = '{"imports": {"apache-arrow": "./assets/arrow-shim.mjs"}}'


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


SQL_POLICY = (
    POLICY.replace("script-src 'self'", f"script-src 'self' 'wasm-unsafe-eval' {_hash(IMPORT_MAP)}")
    + "; worker-src 'self'"
)


def context(template: str) -> dict[str, object]:
    """What base.html (and sql.html) need to state the policy of the page `template` renders."""
    if template == "sql.html":
        return {"csp": SQL_POLICY, "import_map": Markup(IMPORT_MAP)}
    return {"csp": POLICY}
