"""Class 12: the commands CI's data job runs take what the workflow hands them (the base
branch, the data files' names) and still give a true verdict: a base ref that git would read
as an option, an empty one, one missing from a shallow checkout or one carrying a forged
workflow command fails the gate in one line, and a file name cannot add properties to a GitHub
annotation. (The workflows themselves, the release tag check and the attestations are tested
in tests/test_workflows.py: this corpus runs `unga` commands only.)"""

from __future__ import annotations

import subprocess

from adversarial.corpus import Workspace, case

GATE = ["diff", "--check", "--format", "github"]


@case(
    12,
    "`unga diff --check -- --output=…/outside/diff.txt`: a base ref git would read as an option",
    2,
    r"'--output=\S+/outside/diff\.txt' is not a commit",
    says="not a commit; git is not run with it, nothing written",
)
def base_ref_read_as_a_git_option(ws: Workspace):
    ws.commit()
    return [*GATE, "--", f"--output={ws.outside / 'diff.txt'}"]


@case(
    12,
    "`unga diff origin/ --check`: the base ref of a push event, which has none (empty)",
    2,
    r"'origin/' is not a commit",
    says="not a commit: the gate fails, it does not pass for want of a base",
)
def base_ref_empty(ws: Workspace):
    ws.commit()
    return [*GATE, "origin/"]


@case(
    12,
    "the data job's checkout is shallow (fetch-depth 1), so the base commit is not in it",
    2,
    r"'HEAD~1' is not a commit in \S+; the clone is shallow: fetch the history "
    r"\(actions/checkout with fetch-depth: 0\)",
    says="not a commit, and the clone is shallow: fetch-depth: 0",
)
def base_missing_from_a_shallow_clone(ws: Workspace):
    ws.commit("base")
    ws.replace("data/roll_calls.csv", "Oceans and the law of the", "Oceans and the Law of the")
    ws.commit("head")
    upstream = ws.root / "upstream"
    ws.pkg.rename(upstream)
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{upstream}", str(ws.pkg)],
        check=True,
        capture_output=True,
    )
    return [*GATE, "HEAD~1"]


@case(
    12,
    "a base ref holding a line break and a forged `::error` workflow command",
    2,
    r"'main\\n::error file=data/votes\.csv::forged' is not a commit",
    says="not a commit, the ref shown escaped on one line",
)
def base_ref_forges_a_workflow_command(ws: Workspace):
    ws.commit()
    return [*GATE, "main\n::error file=data/votes.csv::forged"]


@case(
    12,
    "a data file named `ex,title=forged::x.csv` holding an error, under `--format github`",
    1,
    r"^::error file=datapackage\.json,title=package\.descriptor::.*path 'data/ex,title=forged"
    r"::x\.csv': use letters, digits",
    says="refused as `package.descriptor` (a plain path only), in one annotation of ours",
    absent=r"^::error file=data/ex",
)
def file_name_adds_annotation_properties(ws: Workspace):
    name = "data/ex,title=forged::x.csv"
    ws.path("data/exceptions.csv").rename(ws.path(name))
    ws.replace("datapackage.json", '"data/exceptions.csv"', f'"{name}"')
    ws.append(name, "schema.enum,4813|IND,as recorded,A/62/PV.76")
    return ["validate", "--format", "github"]
