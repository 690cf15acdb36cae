"""The GitHub workflows and the locks as the workflow tests read them (test_workflows.py) and
run their steps (test_workflow_steps.py): the files, the steps' `if:` and `${{ }}` evaluated as
GitHub does for the few forms the workflows use, the release's attested files."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("validate.yml", "release.yml")

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]

BASE_REF = "main"
TAG = f"v{VERSION}"  # the only tag the release workflow accepts (its first step checks)
REPOSITORY = "example/unga-votes"

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CONDITION = re.compile(r"^github\.event_name\s*(==|!=)\s*'(\w+)'$")
ATTEST = "actions/attest-build-provenance"
TAG_CHECK = 'python3 scripts/check_release_tag.py "$TAG"'
VALIDATE = ".venv/bin/unga validate --format github"
FRICTIONLESS = ".venv/bin/frictionless validate datapackage.json"
LOCKS = ("requirements.lock", "requirements-data.lock", "requirements-uv.lock")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True)) or {}


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)


def uses(step: dict, action: str) -> bool:
    return step.get("uses", "").split("@")[0] == action


def index(steps: list[dict], predicate) -> int:
    found = [n for n, step in enumerate(steps) if predicate(step)]
    assert len(found) == 1, f"expected one such step, found {len(found)}"
    return found[0]


def running(text: str):
    return lambda step: text in step.get("run", "")


def release_steps() -> list[dict]:
    return load("release.yml")["jobs"]["release"]["steps"]


def runs(step: dict, event: str) -> bool:
    """Evaluate a step's `if:`; only the conditions these workflows use are understood."""
    condition = step.get("if")
    if condition is None:
        return True
    match = CONDITION.match(str(condition).strip())
    assert match, f"the test cannot evaluate `if: {condition}`: teach it"
    operator, value = match.groups()
    return (event == value) == (operator == "==")


def expand(value: str, context: dict[str, str | None]) -> str | None:
    """Replace `${{ … }}`; None when it names a secret, which is absent here as it is on forks."""
    names = EXPRESSION.findall(value)
    for name in names:
        assert name in context, f"the test does not emulate `${{{{ {name} }}}}`: teach it"
        if context[name] is None:
            return None
    return EXPRESSION.sub(lambda m: str(context[m.group(1)]), value)


def subjects(step: dict, base: Path) -> set[Path]:
    """The files an attest-build-provenance step's `subject-path` names, below `base`."""
    found = set()
    for pattern in re.split(r"[,\n]", step["with"]["subject-path"]):
        if pattern.strip():
            matched = sorted(base.glob(pattern.strip()))
            assert matched, f"subject-path {pattern.strip()!r} names no file"
            found |= {p.resolve() for p in matched}
    return found


def lock_entries(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """`name==version ; marker` -> (version, its hashes), from a `--generate-hashes` lock."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *options = re.split(r"\s+--", line)
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)(\s*;.*)?", requirement.strip())
        assert match, f"{path.name}: not pinned with ==: {line}"
        hashes = frozenset(o for o in options if o.startswith("hash=sha256:"))
        assert hashes, f"{path.name}: no sha256 hash for {requirement}"
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        entries[f"{name}{match[3] or ''}".replace(" ", "")] = (match[2], hashes)
    assert entries, path
    return entries


def names(entries: dict) -> set[str]:
    return {key.split(";")[0] for key in entries}
