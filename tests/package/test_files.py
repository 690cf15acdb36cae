"""Where a package's bytes come from: paths are checked, links and zip bombs refused."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from unga_votes.package.files import GitRevision, PackageError, WorkingTree, ZipBundle, safe_path


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../outside.csv",
        "data/../../outside.csv",
        "data\\votes.csv",
        "data/votes\x00.csv",
        "https://example.org/votes.csv",
        "file:///etc/passwd",
        "~/votes.csv",
        "",
        "   ",
        "datapackage.json\nanything",
        "data/votes\r.csv",
        "data/votes\x1b[31m.csv",
    ],
)
def test_safe_path_refuses(path: str) -> None:
    """Absolute, `..`, backslash, NUL, URL, `~` and blank paths are refused, naming the caller."""
    with pytest.raises(PackageError, match=r"^resource 'votes': "):
        safe_path(path, "resource 'votes'")


def test_safe_path_refuses_a_non_string() -> None:
    """A path that is not a string (a list, None) is a PackageError, not a TypeError."""
    for value in (["data/votes.csv"], None, 3):
        with pytest.raises(PackageError, match="expected a relative file path"):
            safe_path(value, "file")


def test_safe_path_normalises_a_relative_path() -> None:
    """A plain relative path comes back in POSIX form (`./` and doubled slashes dropped)."""
    assert safe_path("data/votes.csv", "file") == "data/votes.csv"
    assert safe_path("./data//votes.csv", "file") == "data/votes.csv"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A package folder with one file, next to a file outside it."""
    root = tmp_path / "package"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.csv").write_bytes(b"x\n1\n")
    (tmp_path / "secret.txt").write_bytes(b"secret\n")
    return root


def test_working_tree_reads_a_file_and_misses_a_missing_one(tree: Path) -> None:
    """A file's bytes exactly; a missing file is None, not an error."""
    files = WorkingTree(tree)
    assert files.label == str(tree)
    assert files.read("data/a.csv") == b"x\n1\n"
    assert files.read("data/b.csv") is None
    assert files.read("nowhere/b.csv") is None


def test_working_tree_refuses_a_link_out_of_the_package(tree: Path) -> None:
    """A symbolic link whose target lies outside the root is refused (and not read)."""
    (tree / "data" / "leak.csv").symlink_to(tree.parent / "secret.txt")
    with pytest.raises(PackageError, match=r"^data/leak\.csv: a link out of the package"):
        WorkingTree(tree).read("data/leak.csv")


def test_working_tree_follows_a_link_inside_the_package(tree: Path) -> None:
    """A symbolic link to a file inside the root reads that file."""
    (tree / "alias.csv").symlink_to(tree / "data" / "a.csv")
    assert WorkingTree(tree).read("alias.csv") == b"x\n1\n"


def test_working_tree_refuses_a_directory(tree: Path) -> None:
    """A path naming a directory is an error, not None."""
    with pytest.raises(PackageError, match=r"^data: a directory, not a file$"):
        WorkingTree(tree).read("data")


def test_working_tree_checks_the_path(tree: Path) -> None:
    """`..` is refused before anything is read."""
    with pytest.raises(PackageError, match="must stay in the package"):
        WorkingTree(tree / "data").read("../../secret.txt")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository with two commits: (root, first commit, second commit)."""
    repo = tmp_path / "repo"
    (repo / "pkg" / "data").mkdir(parents=True)
    _git(repo, "init", "--quiet", "--initial-branch=main")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    _git(repo, "config", "commit.gpgsign", "false")
    (repo / "top.txt").write_bytes(b"top\n")
    (repo / "pkg" / "data" / "a.csv").write_bytes(b"x\n1\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "one")
    first = _git(repo, "rev-parse", "HEAD")
    (repo / "pkg" / "data" / "a.csv").write_bytes(b"x\n2\n")
    _git(repo, "commit", "--quiet", "-am", "two")
    return repo, first, _git(repo, "rev-parse", "HEAD")


def test_git_reads_blobs_at_a_commit(git_repo: tuple[Path, str, str]) -> None:
    """Each commit gives its own bytes; the label is the ref as given."""
    repo, first, second = git_repo
    old = GitRevision(repo, first)
    assert (old.label, old.commit) == (first, first)
    assert old.read("pkg/data/a.csv") == b"x\n1\n"
    assert GitRevision(repo, "main").read("pkg/data/a.csv") == b"x\n2\n"
    assert GitRevision(repo, "HEAD~1").commit == first
    assert GitRevision(repo, "HEAD").commit == second


def test_git_missing_path_and_tree_are_none(git_repo: tuple[Path, str, str]) -> None:
    """A path not in the commit, or naming a folder, is None; read_many keeps the order."""
    repo, _, _ = git_repo
    files = GitRevision(repo, "HEAD")
    assert files.read("pkg/data/b.csv") is None
    assert files.read_many(["pkg/data", "top.txt", "nope", "pkg/data/a.csv"]) == {
        "pkg/data": None,
        "top.txt": b"top\n",
        "nope": None,
        "pkg/data/a.csv": b"x\n2\n",
    }
    assert files.read_many([]) == {}
    # git answers "<name> missing" for these: a name with spaces is still a missing file.
    assert files.read_many(["no such file.csv", "top.txt"]) == {
        "no such file.csv": None,
        "top.txt": b"top\n",
    }


def test_git_base_folder(git_repo: tuple[Path, str, str]) -> None:
    """With `base`, paths are relative to that folder of the commit."""
    repo, first, _ = git_repo
    files = GitRevision(repo, first, "pkg")
    assert files.read("data/a.csv") == b"x\n1\n"
    assert files.read("top.txt") is None
    assert GitRevision(repo, first, ".").read("top.txt") == b"top\n"
    with pytest.raises(PackageError, match=r"package folder: path '\.\./pkg' must stay"):
        GitRevision(repo, first, "../pkg")


def test_git_unknown_ref_and_option_like_ref(git_repo: tuple[Path, str, str]) -> None:
    """An unknown ref, or one that git would take as an option, is `not a commit`."""
    repo, _, _ = git_repo
    with pytest.raises(PackageError, match=r"^'no-such-branch' is not a commit in "):
        GitRevision(repo, "no-such-branch")
    with pytest.raises(PackageError, match=r"^'--output=x' is not a commit in "):
        GitRevision(repo, "--output=x")
    assert not (repo / "x").exists()
    with pytest.raises(PackageError) as raised:
        GitRevision(repo, "origin/main")
    assert "shallow" not in str(raised.value)


def test_git_base_missing_from_a_shallow_clone(git_repo: tuple[Path, str, str]) -> None:
    """A CI checkout is shallow unless told otherwise: the message says how to get the base."""
    repo, first, second = git_repo
    shallow = repo.parent / "shallow"
    _git(repo.parent, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(shallow))
    assert GitRevision(shallow, "HEAD").commit == second
    with pytest.raises(
        PackageError,
        match=r"^'origin/old' is not a commit in .*; the clone is "
        r"shallow: fetch the history \(actions/checkout with fetch-depth: 0\)$",
    ):
        GitRevision(shallow, "origin/old")
    with pytest.raises(PackageError, match="the clone is shallow"):
        GitRevision(shallow, first)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_zip_reads_a_member_under_its_folder(tmp_path: Path) -> None:
    """Paths are relative to the bundle's folder; a missing member is None."""
    path = _zip(tmp_path / "b.zip", {"unga/data/a.csv": b"x\n1\n", "data/a.csv": b"other\n"})
    bundle = ZipBundle(path, "unga")
    assert bundle.label == str(path)
    assert bundle.read("data/a.csv") == b"x\n1\n"
    assert bundle.read("data/b.csv") is None
    with pytest.raises(PackageError, match="must stay in the package"):
        bundle.read("../data/a.csv")


def test_zip_refuses_a_bomb(tmp_path: Path) -> None:
    """A member declaring 50 MB from a few KB of deflate is refused before it is unpacked."""
    path = _zip(tmp_path / "bomb.zip", {"unga/data/a.csv": bytes(50 * 1024 * 1024)})
    with pytest.raises(PackageError, match=r"would unpack to 52,428,800 bytes from .*; refused"):
        ZipBundle(path, "unga").read("data/a.csv")


def test_zip_not_a_zip(tmp_path: Path) -> None:
    """A file that is not a zip is a PackageError when opened; a missing one too."""
    (tmp_path / "fake.zip").write_bytes(b"roll_call,state,vote\n")
    with pytest.raises(PackageError, match=r"fake\.zip: not a zip file$"):
        ZipBundle(tmp_path / "fake.zip", "unga")
    with pytest.raises(PackageError, match=r"missing\.zip: No such file or directory$"):
        ZipBundle(tmp_path / "missing.zip", "unga")


def test_git_refuses_a_symbolic_link(git_repo: tuple[Path, str, str]) -> None:
    """A link's blob is the name it points to: refused, not read as the file's bytes; from a
    subfolder of the repository too (paths there are relative to that folder)."""
    repo, _, _ = git_repo
    (repo / "pkg" / "data" / "b.csv").symlink_to("a.csv")
    (repo / "pkg" / "data" / "c.csv").symlink_to("/etc/passwd")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "links")
    for where, base in ((repo, "pkg"), (repo / "pkg", "")):
        files = GitRevision(where, "HEAD", base)
        assert files.read("data/a.csv") == b"x\n2\n"
        for link in ("data/b.csv", "data/c.csv"):
            with pytest.raises(PackageError, match=rf"^HEAD: pkg/{link}: a symbolic link, not a"):
                files.read(link)
        with pytest.raises(PackageError, match="a symbolic link"):
            files.read_many(["data/a.csv", "data/c.csv"])
