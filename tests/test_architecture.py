"""Import contract (issue 11): data flows one way, reporters render model objects only, and the
CLI holds no logic. Read with ``ast``, so a new import that breaks the contract fails here."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "contractlens"

# The stages, in the order data flows; a stage may import an earlier one (or one of its own
# level), never a later one. Every top-level module is placed (see test_every_module_is_placed):
# rules, policies and the spaCy pipeline are read before matching; a draft is checked, diffed,
# stored and compared only once it is scanned; reporters render; commands and the CLI drive.
STAGES = {
    "discover": 0, "ingest": 0, "aside": 0,
    "structure": 1,
    "nlp": 2, "rules": 2, "policy": 2, "packcache": 2,
    "match": 3,
    "score": 4, "scanner": 4, "parties": 4,
    "diff": 5, "check": 5, "evaluate": 5, "fit": 5, "examples": 5, "duplicates": 5, "store": 5, "reviews": 5,
    "compare": 6, "distributed": 6,
    "reporters": 7,
    "commands": 8,
    "cli": 9, "__main__": 9,
}
# Imported by every stage, importing none: errors, value types, files and the word lists.
FOUNDATION = {"errors", "model", "models", "files", "lexicon", "_version"}

# Backward imports still there, each with its reason; remove an entry when it is fixed.
KNOWN_BACKWARD: dict = {}

# matrix_narrow is the matrix table's own layout for narrow terminals, not another format.
FORMATTING = {"_version", "reporters._text", "reporters.wording", "reporters.matrix_narrow",
              "reporters._html_assets"}
RENDERING_LIBS = {"rich", "xlsxwriter", "openpyxl"}


def _module(path: Path) -> str:
    rel = path.relative_to(PKG).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package (dotted, without 'contractlens.') and top-level outside names."""
    mod = _module(path)
    package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] if node.module else [".".join(base + [a.name]) for a in node.names]
                out |= {"contractlens." + n if n else "contractlens" for n in names}
            else:
                out.add(node.module)
    return {n[len("contractlens."):] if n.startswith("contractlens.") else n for n in out}


def _internal(name: str) -> bool:
    return (PKG / name.replace(".", "/")).with_suffix(".py").exists() or (PKG / name.replace(".", "/")).is_dir()


FILES = sorted(PKG.rglob("*.py"))


@pytest.mark.parametrize("path", sorted(PKG.glob("reporters/*.py")), ids=lambda p: p.name)
def test_reporters_import_only_model_formatting_helpers_and_stdlib(path):
    bad = []
    for name in _imports(path):
        if not _internal(name):
            if name != "__future__" and name.split(".")[0] not in sys.stdlib_module_names | RENDERING_LIBS:
                bad.append(name)
        elif name.split(".")[0] != "model" and name not in FORMATTING and name != "reporters":
            bad.append(name)
    assert not bad, f"{path.name} imports {sorted(bad)}; reporters may import only model and the formatting helpers"


def _stage(mod: str) -> int | None:
    return STAGES.get(mod.split(".")[0])


def test_no_stage_imports_a_later_stage():
    found = {}
    for path in FILES:
        mod = _module(path)
        here = _stage(mod)
        if here is None:
            continue
        for name in _imports(path):
            there = _stage(name) if _internal(name) else None
            if there is not None and there > here:
                found[(mod, name.split(".")[0])] = name
    unexplained = sorted(set(found) - set(KNOWN_BACKWARD))
    assert not unexplained, f"backward imports: {unexplained}"
    fixed = sorted(set(KNOWN_BACKWARD) - set(found))
    assert not fixed, f"fixed, remove from KNOWN_BACKWARD: {fixed}"


def test_every_module_is_placed():
    """A new module must say where it stands, or a backward import through it goes unseen."""
    top = {_module(p).split(".")[0] for p in FILES if _module(p)}
    unplaced = sorted(top - set(STAGES) - FOUNDATION)
    assert not unplaced, f"modules in no stage: {unplaced}; add them to STAGES or FOUNDATION"


def test_foundation_imports_no_stage():
    for path in FILES:
        mod = _module(path)
        if mod.split(".")[0] not in FOUNDATION:
            continue
        bad = [n for n in _imports(path) if _internal(n) and n.split(".")[0] not in FOUNDATION]
        assert not bad, f"{mod} imports {bad}: the foundation modules import no stage"


def test_model_is_plain_data():
    for path in PKG.glob("model/*.py"):
        for name in _imports(path):
            if _internal(name):
                assert name.split(".")[0] in ("model", "errors"), f"{path.name} imports {name}"


def _cli_commands(tree) -> list[ast.FunctionDef]:
    """Every function cli.py registers as a command (decorated with ``_command(app, ...)``)."""
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "_command" for d in n.decorator_list)]


def test_cli_calls_commands_and_reporters_only():
    """cli.py reaches the pipeline only through commands/ and renders with reporters/."""
    allowed = {"commands", "errors", "reporters", "files", "ingest", "contractlens"}
    bad = [n for n in _imports(PKG / "cli.py") if _internal(n) and n not in allowed
           and not n.startswith("reporters.")]
    assert not bad, f"cli.py imports {bad}"


def test_each_cli_command_only_parses_calls_renders_exits():
    """Each command of cli.py (the rules subcommands too) calls one function of commands/, imports
    nothing of the package but reporters (and errors/files for output), loops only over a result's
    lists, and exits with the result's status: any logic there could not be tested without the CLI."""
    tree = ast.parse((PKG / "cli.py").read_text())
    fns = _cli_commands(tree)
    assert {f.name for f in fns} >= {"segment", "scan", "check", "diff", "compare", "eval_", "rules_list",
                                     "rules_show", "rules_validate", "rules_test"}, [f.name for f in fns]
    for fn in fns:
        calls = [n.func.attr for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and isinstance(n.func.value, ast.Name) and n.func.value.id == "commands"]
        assert calls, f"cli.{fn.name} calls no function of commands/"
        imports = [n.module or "" for n in ast.walk(fn) if isinstance(n, ast.ImportFrom) and n.level]
        bad = [m for m in imports if m.split(".")[0] not in ("reporters", "errors", "files")]
        assert not bad, f"cli.{fn.name} imports {bad}: the work belongs in commands/"
        loops = [n for n in ast.walk(fn) if isinstance(n, (ast.For, ast.While)) and not
                 (isinstance(n, ast.For) and isinstance(n.iter, ast.Attribute))]
        assert not loops, f"cli.{fn.name} loops over something other than a result's list: logic belongs in commands/"
        exits = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id == "_exit"]
        assert exits, f"cli.{fn.name} does not exit with its result's status (_exit(run))"
