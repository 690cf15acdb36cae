"""The `run:` steps of the GitHub workflows, executed here in a clone of the repository with
GitHub's environment emulated, against the environment `make test` prepared.

SLOW: each workflow's steps run once. validate.yml's run on the full data (the real package
passes `unga validate` and `frictionless validate`, and diffs against main); release.yml's on
the fixture package's tables put in the clone's data/ (what is checked is that the steps build,
attest and publish a release and a site; the full data's release is built by conftest.py's
`full_build`).

The environment is prepared, not installed again: the clone's .venv and node_modules are this
checkout's, which `make test` installed with the Makefile's own recipes before pytest started
(CI runs `make test` on a fresh clone, so those recipes run there from nothing). The clone's
lock files keep this checkout's times, so their stamps are up to date and no step's `make`
installs or fetches anything.

What cannot run here is replaced, and nothing else is:
- `uses:` steps: actions/checkout is the clone itself (full history, an `origin` remote pointing
  at the repository under test); actions/setup-python is this machine's `python3`;
  actions/upload-pages-artifact is checked to be given the site `make site` built (its folder
  holds the site's marker and index.html); actions/deploy-pages is GitHub's: the test checks
  that its job needs the job that uploaded the site, and runs nothing for it;
  actions/attest-build-provenance signs with GitHub's OIDC token: the test checks that its
  `subject-path` names every file of dist/, and that it runs before the release is created.
- the jobs of a workflow run one after the other in the same clone.
- `make data-env`, the data job's install, is checked with `make -n`: it installs exactly
  requirements-uv.lock, requirements-data.lock and the project. The data job's later steps
  run with an import guard (DATA_ENV_ONLY below) that refuses, as a missing module, every
  distribution those do not install, so they run with only what `make data-env` installs.
- a step whose command is `make test` would run this file again: it is checked with
  `make -n test`.
- `gh` is GitHub itself: a stub earlier on PATH records its arguments, and the test checks
  that every file of dist/ is attached to the release, and attested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from workflows import (
    ATTEST,
    BASE_REF,
    PYPROJECT,
    REPOSITORY,
    ROOT,
    TAG,
    TAG_CHECK,
    VALIDATE,
    expand,
    load,
    lock_entries,
    names,
    run,
    runs,
    subjects,
)

RELEASE_FILES = ("unga-votes.duckdb", "unga-votes-csv.zip", "SHA256SUMS", "RELEASE_NOTES.md")
EMULATED = ("actions/checkout", "actions/setup-python", "actions/upload-pages-artifact",
            "actions/deploy-pages", ATTEST)  # fmt: skip
# What `make test` installed, by its stamp, and the files the stamps are made from.
PREPARED = {".venv": ".venv/.installed", "node_modules": "node_modules/.installed"}
STAMPED = ("requirements.lock", "requirements-uv.lock", "requirements-data.lock",
           "pyproject.toml", "package.json", "package-lock.json")  # fmt: skip
# Every venv holds these besides what is installed into it (`python -m venv` on Python 3.11).
VENV_BOOTSTRAP = {"pip", "setuptools"}

GH_STUB = """#!{python}
import json, os, sys
with open(os.environ["GH_STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": sys.argv[1:], "cwd": os.getcwd(),
                          "token": "GH_TOKEN" in os.environ,
                          "repo": os.environ.get("GH_REPO")}}) + "\\n")
"""

# sitecustomize.py for the data job's steps: a top-level import from a distribution outside
# DATA_ENV_ONLY fails as if it were not installed; every top-level import is logged.
DATA_ENV_ONLY = """
import importlib.abc, importlib.metadata, os, re, sys

ALLOWED = set(os.environ["DATA_ENV_ONLY"].split())
OWNERS = None  # top-level module -> distributions, read on the first import checked


class DataEnvOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        global OWNERS
        if "." in name or OWNERS == "reading":
            return None
        if OWNERS is None:
            OWNERS = "reading"  # its own imports are the standard library's
            OWNERS = importlib.metadata.packages_distributions()
        owners = {re.sub(r"[-_.]+", "-", d).lower() for d in OWNERS.get(name, ())}
        refused = bool(owners) and not owners & ALLOWED
        with open(os.environ["DATA_ENV_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{'refused' if refused else 'allowed'} {name} {' '.join(sorted(owners))}\\n")
        if refused:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, DataEnvOnly())
"""


def clone(tmp_path: Path) -> Path:
    """A clean clone of the repository under test, as actions/checkout with fetch-depth 0."""
    repo = tmp_path / "repo"
    result = run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo)], tmp_path)
    assert result.returncode == 0, result.stderr
    base = f"refs/remotes/origin/{BASE_REF}"
    if run(["git", "rev-parse", "--verify", "--quiet", base], repo).returncode != 0:
        # The source is itself a checkout whose base branch is only a remote-tracking ref.
        result = run(["git", "fetch", "--quiet", "origin", f"{base}:{base}"], repo)
        assert result.returncode == 0, f"no {BASE_REF} branch to diff against: {result.stderr}"
    structure = ["git", "diff", "--quiet", base, "HEAD", "--", "datapackage.json", "schemas"]
    if run(structure, repo).returncode != 0:
        # A branch that changes the descriptor or a Table Schema cannot pass its pull request's
        # data diff: `diff.structure-changed` leaves such a change to a maintainer's review, by
        # design (tests/contribute cover that verdict). Its steps are run against a base of its
        # own structure, the commit itself, as they run on the base branch.
        assert run(["git", "update-ref", base, "HEAD"], repo).returncode == 0
    return repo


def stamps() -> dict[str, int]:
    return {stamp: (ROOT / stamp).stat().st_mtime_ns for stamp in PREPARED.values()}


def prepare(repo: Path) -> dict[str, int]:
    """Give the clone this checkout's .venv and node_modules, as `make test` installed them;
    their stamps' times, to check after the steps that no step installed again."""
    fresh = run(["make", "-q", *PREPARED.values()], ROOT)
    assert fresh.returncode == 0, "the environment is missing or out of date: run make test"
    for folder in PREPARED:
        (repo / folder).symlink_to(ROOT / folder, target_is_directory=True)
    for name in STAMPED:  # as old as this checkout's, which the stamps are newer than
        times = (ROOT / name).stat()
        os.utime(repo / name, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert run(["make", "-q", *PREPARED.values()], repo).returncode == 0
    return stamps()


def data_env(repo: Path, env: dict[str, str], label: str, guard: Path) -> dict[str, str]:
    """`make data-env`, checked with `make -n`: what it installs (the uv and data locks, the
    project) is all that the guard lets the data job's later steps import; their environment."""
    out = bash("make -n data-env", repo, env, label)
    locks = set(re.findall(r" -r (\S+)", out))
    assert locks == {"requirements-uv.lock", "requirements-data.lock"}, out
    assert re.search(r" install .*--no-deps .*-e \.$", out, re.MULTILINE), out
    allowed = {PYPROJECT["project"]["name"], *VENV_BOOTSTRAP}
    for lock in locks:
        allowed |= names(lock_entries(repo / lock))
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(DATA_ENV_ONLY, encoding="utf-8")
    guarded = env | {"PYTHONPATH": str(guard), "DATA_ENV_ONLY": " ".join(sorted(allowed)),
                     "DATA_ENV_LOG": str(guard / "imports.log")}  # fmt: skip
    # The guard holds: a test tool of the full environment is not there, a runtime dependency is.
    python = str(repo / ".venv" / "bin" / "python")
    refused = run([python, "-c", "import pytest"], repo, env=guarded)
    assert "No module named 'pytest'" in refused.stderr, refused.stderr
    assert run([python, "-c", "import duckdb, frictionless"], repo, env=guarded).returncode == 0
    (guard / "imports.log").unlink()
    return guarded


def environment(tmp_path: Path, repo: Path, event: str, stubs: Path) -> dict[str, str]:
    dropped = ("GITHUB_", "RUNNER_", "VIRTUAL_ENV", "MAKE", "MFLAGS", "PYTEST_", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.pop("GH_TOKEN", None)
    runner = tmp_path / "runner"
    runner.mkdir()
    for name in ("summary", "env", "output", "path"):
        (runner / name).touch()
    ref = f"refs/tags/{TAG}" if event == "push" else "refs/pull/1/merge"
    env.update(
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_EVENT_NAME=event,
        GITHUB_REF=ref,
        GITHUB_REF_NAME=TAG if event == "push" else "1/merge",
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_WORKSPACE=str(repo),
        GITHUB_STEP_SUMMARY=str(runner / "summary"),
        GITHUB_ENV=str(runner / "env"),
        GITHUB_OUTPUT=str(runner / "output"),
        GITHUB_PATH=str(runner / "path"),
        RUNNER_TEMP=str(runner),
        GH_STUB_LOG=str(runner / "gh.jsonl"),
        PATH=f"{stubs}{os.pathsep}{env.get('PATH', '')}",
    )
    if event == "pull_request":
        env.update(GITHUB_BASE_REF=BASE_REF, GITHUB_HEAD_REF="feature")
    return env


def bash(script: str, repo: Path, env: dict[str, str], label: str) -> str:
    # GitHub's default shell on Linux: bash --noprofile --norc -eo pipefail {0}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, f"step {label!r} exited {result.returncode}:\n{output}"
    return result.stdout


class Run:
    """One workflow run in the clone: what ran, what was uploaded and attested."""

    def __init__(self, tmp_path: Path, repo: Path, name: str, event: str) -> None:
        stubs = tmp_path / "stubs"
        stubs.mkdir()
        gh = stubs / "gh"
        gh.write_text(GH_STUB.format(python=sys.executable), encoding="utf-8")
        gh.chmod(0o755)
        self.tmp_path, self.repo, self.name, self.event = tmp_path, repo, name, event
        self.env = environment(tmp_path, repo, event, stubs)
        self.context: dict[str, str | None] = {
            "github.base_ref": BASE_REF if event == "pull_request" else "",
            "github.ref_name": self.env["GITHUB_REF_NAME"],
            "github.repository": REPOSITORY,
            "github.workflow": load(name)["name"],
            "github.event_name": event,
            "github.ref": self.env["GITHUB_REF"],
            "secrets.GITHUB_TOKEN": None,
            "github.token": None,
        }
        self.ran: list[str] = []
        self.uploaded: dict[str, Path] = {}  # job id -> the folder given to upload-pages-artifact
        self.attested: set[Path] = set()  # the files attest-build-provenance was given
        self.log = Path(self.env["GH_STUB_LOG"])
        self.guard = tmp_path / "data-env-only"

    def jobs(self) -> None:
        for job_id, job in load(self.name)["jobs"].items():
            env = self.env
            for number, step in enumerate(job["steps"], 1):
                label = f"{job_id} #{number} {step.get('name', '')}".strip()
                if not runs(step, self.event):
                    continue
                if "uses" in step:
                    self.action(job_id, job, step, label)
                else:
                    env = self.command(step, env, label)

    def action(self, job_id: str, job: dict, step: dict, label: str) -> None:
        """The clone, this machine's python3, GitHub Pages or its OIDC token: see above."""
        action = step["uses"].split("@")[0]
        assert action in EMULATED, f"the test does not emulate {step['uses']}: teach it"
        if action == "actions/upload-pages-artifact":
            site = self.repo / step["with"]["path"]
            assert (site / "index.html").is_file(), f"{label}: no site in {site}"
            assert (site / ".unga-site").is_file(), f"{label}: {site} is not a site"
            self.uploaded[job_id] = site
        if action == "actions/deploy-pages":
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            assert set(needs) & set(self.uploaded), f"{label}: deploys nothing uploaded"
        if action == ATTEST:
            assert not self.log.exists(), f"{label}: attests after `gh` published"
            self.attested |= subjects(step, self.repo)

    def command(self, step: dict, env: dict[str, str], label: str) -> dict[str, str]:
        """Run a `run:` step; the environment of the job's next steps."""
        step_env = dict(env)
        for key, value in (step.get("env") or {}).items():
            expanded = expand(str(value), self.context)
            if expanded is not None:
                step_env[key] = expanded
        command = step["run"].strip()
        self.ran.append(command)
        if command == "make test":
            assert "-m pytest" in bash("make -n test", self.repo, step_env, label)
        elif command == "make data-env":
            return data_env(self.repo, env, label, self.guard)
        else:
            bash(command, self.repo, step_env, label)
        return env

    def calls(self) -> list[dict]:
        """What `gh` was asked."""
        text = self.log.read_text() if self.log.exists() else ""
        return [json.loads(line) for line in text.splitlines()]


CASES = [("validate.yml", "pull_request"), ("release.yml", "push")]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "event"), CASES, ids=[name for name, _ in CASES])
def test_workflow_steps(name: str, event: str, tmp_path: Path, fixture_root: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("git and make are needed to run the workflow steps")
    assert sys.version_info >= (3, 11)
    repo = clone(tmp_path)
    if name == "release.yml":  # a release of a handful of roll calls (see the docstring)
        for table in (fixture_root / "data").glob("*.csv"):
            shutil.copyfile(table, repo / "data" / table.name)
    before = prepare(repo)
    workflow = Run(tmp_path, repo, name, event)
    workflow.jobs()
    assert stamps() == before, "a step installed into the prepared environment again"
    if name == "validate.yml":
        assert_validate(workflow)
    else:
        assert_release(workflow)


def assert_validate(workflow: Run) -> None:
    ran = workflow.ran
    assert any(c.startswith("make test") for c in ran)
    assert ran.index("make data-env") < ran.index(VALIDATE) < ran.index("make test")
    assert any("unga diff" in c for c in ran)
    # Frictionless agrees that the real package is valid: its step ran on the clone and
    # exited 0 (every step above must).
    assert ".venv/bin/frictionless validate datapackage.json" in ran
    assert workflow.calls() == []
    summary = Path(workflow.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.strip(), "`unga diff --format markdown` appended nothing to the summary"
    # The data job's checks ran under the guard: it saw their imports.
    imports = (workflow.guard / "imports.log").read_text(encoding="utf-8").splitlines()
    for needed in ("allowed duckdb duckdb", "allowed frictionless frictionless"):
        assert needed in imports, imports


def assert_release(workflow: Run) -> None:
    assert "make release" in workflow.ran
    assert "make site" in workflow.ran
    assert workflow.uploaded, "release.yml uploads no site for Pages"
    assert workflow.ran[0] == TAG_CHECK
    dist = workflow.repo / "dist"
    for file in RELEASE_FILES:
        assert (dist / file).is_file(), f"make release did not build dist/{file}"
    assert sorted((dist / "parquet").glob("*.parquet")), "make release built no dist/parquet/"
    calls = workflow.calls()
    assert len(calls) == 1, calls
    (call,) = calls
    args = call["args"]
    assert args[:3] == ["release", "create", TAG], args
    assert args[args.index("--notes-file") + 1] == "dist/RELEASE_NOTES.md"
    assert call["repo"] == REPOSITORY
    assert call["token"] is False  # secrets are absent here; on GitHub the token is set
    attached = {Path(call["cwd"], a).resolve() for a in args[3:] if not a.startswith("-")}
    built = {p.resolve() for p in dist.rglob("*") if p.is_file()}
    assert built - attached == set(), f"not attached: {sorted(built - attached)}"
    assert attached - built <= {Path(call["cwd"], TAG).resolve()}, attached - built
    attested = workflow.attested
    assert built - attested == set(), f"attached without attestation: {sorted(built - attested)}"
