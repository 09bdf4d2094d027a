"""The rule packs ship inside the installed package, not only in the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_contains_the_bundled_packs(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("contractlens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack, count in (("handbook", 21), ("principles", 10)):
        rules = [n for n in names if n.startswith(f"contractlens/packs/{pack}/")
                 and not n.endswith(("pack.yaml", "fitted.yaml"))]
        assert len(rules) == count, pack
        assert f"contractlens/packs/{pack}/pack.yaml" in names
    assert "contractlens/packs/handbook/fitted.yaml" in names  # the weights fit from labeled clauses
    assert {f"contractlens/packs/context/{n}.yaml" for n in ("force", "actors", "modifiers")} <= names
    lexicons = {n for n in names if n.startswith("contractlens/packs/lexicons/") and n.endswith(".yaml")}
    assert len(lexicons) == len(list((REPO / "rules" / "lexicons").glob("*.yaml"))) >= 5
    assert "contractlens/cli.py" in names
