"""The adversarial corpus: hostile inputs given to `unga` commands, and what must happen.

A case sets its trap in a fresh workspace (a copy of the fixture package, a sentinel folder
standing for everything outside, a user cache, a release server on 127.0.0.1 when it needs
one) and returns the command's arguments. The runner (`test_corpus.py`) runs the command and
asserts, for every case: the exit code; the output matches the expected message or rule; no
traceback; nothing printed that a terminal or a CI log would interpret (control characters,
bidi overrides, forged workflow commands); and no file of the workspace changed except those
the case allows (every file is hashed before and after, the sentinel outside included).

Cases live in `cases_*.py`, one module per area; each registers itself with `@case`.
docs/detection.md lists them (`python tests/adversarial/corpus.py` rewrites that section;
a test checks it is current).
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import shutil
import stat
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOC = ROOT / "docs" / "detection.md"
START, END = "<!-- adversarial corpus: start -->", "<!-- adversarial corpus: end -->"

# The hardening classes; a case names one by number.
CLASSES = {
    1: "build output never destroys what --out names",
    2: "download stays in its cache, bounded",
    3: "query is read-only",
    4: "CI gates cannot be walked around",
    5: "hostile text is refused and never echoed raw",
    6: "keys compared as typed values",
    7: "descriptors and paths stay in the package",
    8: "big cells read correctly",
    9: "domain rules",
    10: "one line and an exit code, never a traceback",
    11: "parse-votes does not guess",
    12: "workflows and supply chain",
    13: "the site builds from checked values, reads only the database, writes only in --out",
}


@dataclass(frozen=True)
class Case:
    id: str
    klass: int
    attack: str  # the hostile input, in one line
    exit: int
    output: str  # a regular expression the output (stdout and stderr) must contain
    prepare: Callable[[Workspace], Sequence[str]]  # sets the trap; returns unga's arguments
    may_change: tuple[str, ...] = ()  # globs, relative to the workspace, the command may write
    process: bool = False  # run `unga` as a subprocess (hangs, kills, real file descriptors)
    timeout: float = 60.0
    then: Callable[[Workspace], None] | None = None  # more assertions on the workspace after
    says: str = ""  # the expected outcome in words, for the table (default: the pattern)
    absent: str = ""  # a regular expression the output must not contain

    @property
    def expect(self) -> str:
        return f"exit {self.exit}: {self.says or f'`{self.output}`'}"


CASES: list[Case] = []


def case(
    klass: int,
    attack: str,
    exit: int,
    output: str,
    may_change: tuple[str, ...] = (),
    process: bool = False,
    timeout: float = 60.0,
    then: Callable[[Workspace], None] | None = None,
    says: str = "",
    absent: str = "",
) -> Callable[[Callable[[Workspace], Sequence[str]]], Callable[[Workspace], Sequence[str]]]:
    """Register the decorated function (its name, with dashes, is the case's id)."""
    if klass not in CLASSES:
        raise ValueError(f"unknown class {klass}")

    def register(prepare: Callable[[Workspace], Sequence[str]]):
        cid = prepare.__name__.replace("_", "-")
        if any(c.id == cid for c in CASES):
            raise ValueError(f"case {cid} registered twice")
        fields = (cid, klass, attack, exit, output, prepare, may_change, process, timeout, then)
        CASES.append(Case(*fields, says=says, absent=absent))
        return prepare

    return register


def load_cases() -> list[Case]:
    """Every case of every `cases_*.py` module, in class order."""
    import importlib

    for path in sorted(HERE.glob("cases_*.py")):
        importlib.import_module(f"adversarial.{path.stem}")
    return sorted(CASES, key=lambda c: (c.klass, c.id))


# --- The workspace -----------------------------------------------------------------------------


@dataclass
class Workspace:
    """Everything a case may touch, under one temporary folder that is hashed whole."""

    root: Path
    fixture: Path  # the fixture package (read-only)
    fixture_dist: Path  # its release (read-only)
    env: dict[str, str] = field(default_factory=dict)
    servers: list[ThreadingHTTPServer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pkg = self.root / "pkg"
        shutil.copytree(self.fixture, self.pkg)
        self.outside = self.root / "outside"  # stands for the rest of the machine
        self.outside.mkdir()
        (self.outside / "secret.txt").write_text("a file no command may read or change\n")
        self.cache = self.root / "cache"
        self.env.update({"XDG_CACHE_HOME": str(self.cache), "NO_COLOR": "1"})

    @property
    def descriptor(self) -> Path:
        return self.pkg / "datapackage.json"

    def path(self, relative: str) -> Path:
        return self.pkg / relative

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.path(relative).read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"{old!r} not in {relative}")
        self.path(relative).write_text(text.replace(old, new, count), encoding="utf-8")

    def append(self, relative: str, line: str) -> None:
        with self.path(relative).open("a", encoding="utf-8") as f:
            f.write(line.rstrip("\n") + "\n")

    def git(self, *args: str) -> str:
        import subprocess

        done = subprocess.run(
            ["git", "-C", str(self.pkg), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(self, message: str = "base") -> None:
        """Make the package a git repository (once) and commit everything in it."""
        if not (self.pkg / ".git").exists():
            self.git("init", "--quiet", "--initial-branch=main")
            self.git("config", "user.email", "test@example.org")
            self.git("config", "user.name", "Test")
            self.git("config", "commit.gpgsign", "false")
        self.git("add", "-A")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)

    def release(self, name: str = "release") -> Path:
        """A copy of the fixture package's release, to tamper with."""
        target = self.root / name
        shutil.copytree(self.fixture_dist, target)
        return target

    def serve(self, handler: Callable[[BaseHTTPRequestHandler], None]) -> str:
        """A real HTTP server on 127.0.0.1 whose GET answers come from `handler`; its URL is
        the release host for the command (UNGA_VOTES_RELEASE_URL)."""

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                # The client giving up on a hostile answer is what it should do.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handler(self)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.servers.append(server)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        self.env["UNGA_VOTES_RELEASE_URL"] = url
        return url

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def snapshot(root: Path, may_change: Sequence[str]) -> dict[str, str]:
    """Path -> digest of content and mode (and link target) of everything under `root` except
    what matches `may_change`; folders are listed too, so a new or removed folder shows."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel.startswith("pkg/.git/") or any(fnmatch.fnmatch(rel, g) for g in may_change):
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = f"link {os.readlink(path)}"
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = f"dir {stat.S_IMODE(st.st_mode):o}"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                out[rel] = f"file {stat.S_IMODE(st.st_mode):o} {digest}"
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        f"{'added' if k not in before else 'removed' if k not in after else 'changed'} {k}"
        for k in before.keys() | after.keys()
        if before.get(k) != after.get(k)
    )


# --- The table in docs/detection.md ------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(cases: list[Case]) -> str:
    lines = [
        START,
        "## Adversarial corpus",
        "",
        "Written by `python tests/adversarial/corpus.py` from the cases in "
        "`tests/adversarial/cases_*.py` (do not edit by hand); `tests/adversarial/test_corpus.py` "
        "runs each one. Every case also asserts: no traceback, no control character or forged "
        "workflow command in the output, and no file changed outside the paths it allows.",
        "",
        "| class | case | hostile input | expected |",
        "|---|---|---|---|",
    ]
    for c in cases:
        lines.append(
            f"| {c.klass}. {CLASSES[c.klass]} | `{c.id}` | {_cell(c.attack)} | {_cell(c.expect)} |"
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def with_section(document: str, section: str) -> str:
    """`document` with its corpus section replaced (or appended)."""
    if START in document and END in document:
        head, rest = document.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + section + tail
    return document.rstrip("\n") + "\n\n" + section


def write_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    cases = load_cases()
    DOC.write_text(with_section(text, render(cases)), encoding="utf-8")
    print(f"{DOC}: {len(cases)} adversarial cases")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))  # the cases import adversarial.corpus, not __main__
    from adversarial.corpus import write_doc as write

    write()
