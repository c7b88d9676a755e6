"""The pre-commit hooks: their definitions, and a real run of the documented example.

The end-to-end test installs the hooks with the real ``pre-commit`` tool from a clone of this
repository's committed HEAD into a fresh git repository, using the ``.pre-commit-config.yaml``
example from docs/pre-commit.md (the one README shows), and commits files through them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")  # pre-commit's own dependency (test extra)

ROOT = Path(__file__).resolve().parents[1]
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
DOC = ROOT / "docs" / "pre-commit.md"
START, END = "<!-- hook-example-start -->", "<!-- hook-example-end -->"

DIRTY = "Russia accused Turkey in the region. .\n"
CLEAN = "Russia accused Turkey in the region.\n"


def hook_example(path: Path) -> str:
    """The YAML between the example markers of a Markdown file (without the code fence)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(re.escape(START) + r"\s*```yaml\n(.*?)```\s*" + re.escape(END), text, re.S)
    assert match, f"{path}: no ```yaml block between {START} and {END}"
    return match.group(1)


def hooks() -> dict[str, dict[str, Any]]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def test_hook_definitions() -> None:
    defined = hooks()
    assert set(defined) == {"cleaner-check", "cleaner-fix"}
    assert defined["cleaner-check"]["entry"] == "cleaner check"
    assert defined["cleaner-fix"]["entry"] == "cleaner fix"
    for hook in defined.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        files = re.compile(hook["files"])
        for name in ("a.txt", "docs/b.md", "c.rst"):
            assert files.search(name), name
        for name in ("a.py", "notes.txt.bak", "data.tsv", "README"):
            assert not files.search(name), name


def test_the_example_names_the_defined_hooks() -> None:
    config = yaml.safe_load(hook_example(DOC))
    [repo] = config["repos"]
    assert {h["id"] for h in repo["hooks"]} == set(hooks())


def test_readme_shows_the_same_example() -> None:
    readme = ROOT / "README.md"
    if START not in readme.read_text(encoding="utf-8"):
        pytest.skip("README has no hook example yet (the lead copies it from docs/pre-commit.md)")
    assert hook_example(readme) == hook_example(DOC)


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = run(["git", *args], cwd, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.mark.slow
def test_hooks_installed_by_pre_commit_check_and_fix_commits(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    # the hooks as a user gets them: cleaner's committed HEAD
    source = tmp_path / "cleaner-src"
    git(tmp_path, env, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(source))
    rev = git(source, env, "rev-parse", "HEAD").stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    git(project, env, "init", "--quiet", "-b", "main")
    config = yaml.safe_load(hook_example(DOC))
    config["repos"][0].update(repo=str(source), rev=rev)
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    git(project, env, "add", ".pre-commit-config.yaml")
    git(project, env, "commit", "--quiet", "--no-verify", "-m", "config")
    installed = run([*pre_commit, "install"], project, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # a clean file passes the commit hook (cleaner-fix) untouched
    (project / "clean.txt").write_text(CLEAN, encoding="utf-8")
    git(project, env, "add", "clean.txt")
    committed = run(["git", "commit", "-m", "clean file"], project, env)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert re.search(r"cleaner fix\.+Passed", committed.stdout + committed.stderr)
    assert (project / "clean.txt").read_text(encoding="utf-8") == CLEAN

    # cleaner-check reports the artifact, fails, and changes nothing
    (project / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    git(project, env, "add", "dirty.txt")
    checked = run(
        [*pre_commit, "run", "cleaner-check", "--hook-stage", "manual", "--files", "dirty.txt"],
        project,
        env,
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "dirty.txt:1:37 spaced-punctuation ' .' -> ''" in checked.stdout
    assert (project / "dirty.txt").read_text(encoding="utf-8") == DIRTY

    # committing it: cleaner-fix repairs the file and stops the commit
    refused = run(["git", "commit", "-m", "dirty file"], project, env)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert re.search(r"cleaner fix\.+Failed", refused.stdout + refused.stderr)
    assert "fixed dirty.txt:1:37 spaced-punctuation" in refused.stdout + refused.stderr
    assert (project / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    git(project, env, "add", "dirty.txt")
    accepted = run(["git", "commit", "-m", "repaired file"], project, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    log = git(project, env, "log", "--format=%s").stdout.split("\n")
    assert log[:3] == ["repaired file", "clean file", "config"]

    # and the whole repository now passes the check
    everything = run(
        [*pre_commit, "run", "cleaner-check", "--hook-stage", "manual", "--all-files"],
        project,
        env,
    )
    assert everything.returncode == 0, everything.stdout + everything.stderr
