"""csp.py: every page states a Content-Security-Policy allowing the site's own files alone, the
SQL page what DuckDB-WASM needs besides (WebAssembly, its worker, the import map by hash)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from unga_votes.site import csp

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_the_policy_allows_the_site_alone() -> None:
    page = _directives(csp.POLICY)
    assert page["default-src"] == ["'none'"]
    for directive, sources in page.items():
        assert set(sources) <= {"'self'", "'none'", "'unsafe-inline'", "data:"}, directive
    assert page["script-src"] == ["'self'"] and page["style-src"] == ["'self'"]
    assert page["style-src-attr"] == ["'unsafe-inline'"]  # attributes only, no <style>
    assert page["base-uri"] == ["'none'"] and "worker-src" not in page
    sql = _directives(csp.SQL_POLICY)
    digest = base64.b64encode(hashlib.sha256(csp.IMPORT_MAP.encode()).digest()).decode()
    assert sql["script-src"] == ["'self'", "'wasm-unsafe-eval'", f"'sha256-{digest}'"]
    assert sql["worker-src"] == ["'self'"]  # DuckDB's worker from the site's file, no blob:
    assert {k: v for k, v in sql.items() if k not in ("script-src", "worker-src")} == {
        k: v for k, v in page.items() if k != "script-src"
    }


def test_every_page_of_the_site_states_it_first(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    for path in pages:
        head = path.read_text(encoding="utf-8").split("<title>", 1)[0]
        found = META.findall(head)
        want = csp.SQL_POLICY if path.name == "sql.html" else csp.POLICY
        assert [f.replace("&#39;", "'") for f in found] == [want], path
        assert head.index("<meta charset") < head.index("Content-Security-Policy")
        assert "<style" not in path.read_text(encoding="utf-8"), path
    sql = (site / "sql.html").read_text(encoding="utf-8")
    assert f'<script type="importmap">{csp.IMPORT_MAP}</script>' in sql
    assert "onsubmit" not in (site / "index.html").read_text(encoding="utf-8")
