"""The pre-commit hook, run by pre-commit in a temporary git repository of drafts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

DRAFTS = REPO / "tests" / "data" / "drafts"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def hook_repo(tmp_path) -> Path:
    """A copy of this repository's hook definition, committed, as pre-commit's hook source."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    shutil.copy(REPO / ".pre-commit-hooks.yaml", repo / ".pre-commit-hooks.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    assert _git(repo, "commit", "-q", "-m", "hooks").returncode == 0
    return repo


def test_hook_fails_a_commit_that_drops_a_required_practice(tmp_path, hook_repo):
    if shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    precommit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    work = tmp_path / "drafts"
    work.mkdir()
    _git(work, "init", "-q")
    sha = _git(hook_repo, "rev-parse", "HEAD").stdout.strip()
    (work / "contractlens-policy.yaml").write_text("require:\n  - peer_review_assistance\n  - waivers_overrides\n")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n"
        "      - id: contractlens-check-system\n        args: [--policy, contractlens-policy.yaml]\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    shutil.copy(DRAFTS / "riverbend_2026_draft1.md", work / "agreement.md")
    _git(work, "add", ".")
    ok = subprocess.run([precommit, "run", "--all-files"], cwd=work, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    shutil.copy(DRAFTS / "riverbend_2026_draft2.md", work / "agreement.md")  # the draft without PAR
    _git(work, "add", ".")
    bad = subprocess.run([precommit, "run", "--all-files"], cwd=work, capture_output=True, text=True, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "require: peer_review_assistance" in bad.stdout
