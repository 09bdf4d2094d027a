"""A policy for a draft agreement: what must be present, kept, and how long it may be.

    # contractlens policy
    pack: handbook                   # rule pack (bundled name or a directory)
    require:                         # practices the draft must codify
      - peer_review_assistance       # at the practice's own threshold...
      - practice: waivers_overrides  # ...or at a confidence of your own
        min_confidence: 0.7
    keep: all                        # with --against OLD: practices OLD has that NEW must keep
                                     # ("all", or a list of practice ids)
    min_per_area:                    # at least this many practices present per area
      teaching_quality: 3
    max_pages: 40                    # for agreements meant to be thin
    max_words: 20000
    suppressions:                    # accepted violations, each with a reason
      - rule: keep
        practice: peer_review_assistance
        reason: PAR moves to a side letter this round
        unit: 3f2a9c0d1e4b5a6c         # optional: only where this unit fingerprint is

The same keys may sit in a ``[tool.contractlens]`` table of ``pyproject.toml``. Without
``--policy``, ``check`` looks for ``contractlens-policy.yaml``, then such a table, in the current
directory and each parent up to the repository's root (a directory with ``.git``).

Every error names the file, the line and the key.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ConfigError
from .model.policy import Policy, Requirement, Suppression  # noqa: F401 - the policy's value types
from .rules.schema import _Map, _Seq, _show, line_of as _line, load_yaml, read_text as _read_text

RULE_KINDS = ("require", "keep", "min_per_area", "max_pages", "max_words")


POLICY_FILE = "contractlens-policy.yaml"
PYPROJECT = "pyproject.toml"
TOML_TABLE = ("tool", "contractlens")


def find_policy(start: str | Path) -> Path:
    """The policy ``check`` uses when none is given: ``contractlens-policy.yaml``, or a
    ``pyproject.toml`` with a ``[tool.contractlens]`` table, in ``start`` or the nearest parent
    that has one; the search stops at a git root (a directory holding ``.git``) or at ``/``."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / POLICY_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _toml_table(pyproject) is not None:
            return pyproject
        if (folder / ".git").exists():
            break
    raise ConfigError(f"no --policy given, and no {POLICY_FILE} or {PYPROJECT} with a [tool.contractlens] table "
                      f"in {here} or its parents (up to the git root); write one or pass --policy FILE")


def _toml_table(path: Path) -> _Map | None:
    """The ``[tool.contractlens]`` table of a TOML file as line-aware mappings, or None."""
    import tomllib

    text = _read_text(path)
    if "contractlens" not in text:
        return None  # somebody else's pyproject.toml: not parsed, so its errors are not ours
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise ConfigError(f"is not valid TOML: {problem}", path=path, line=int(where.group(1)) if where else None
                          ) from None
    for key in TOML_TABLE:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    lines = _toml_lines(text)
    if not isinstance(data, dict):
        raise ConfigError("[tool.contractlens] is not a table", path=path, line=lines.get((), 1))
    return _line_aware(data, (), lines, lines.get((), 1))


def _toml_lines(text: str) -> dict[tuple, int]:
    """Key path (below [tool.contractlens]) -> the line that sets it, as far as a line scan tells:
    table headers, array-of-tables entries and ``key = value`` lines (dotted keys too)."""
    def path(dotted: str) -> tuple:
        return tuple(part.strip().strip("\"'") for part in dotted.split("."))

    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    prefix: tuple | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"^\[\[([^\]]+)\]\]", line) or re.match(r"^\[([^\]]+)\]", line)
        if header:
            parts = path(header.group(1))
            prefix = None
            if parts[:2] == TOML_TABLE:
                prefix = parts[2:]
                if line.startswith("[["):
                    counts[prefix] = counts.get(prefix, 0) + 1
                    lines.setdefault(prefix, n)
                    prefix = (*prefix, counts[prefix] - 1)
                lines.setdefault(prefix, n)
            continue
        key = re.match(r"^([A-Za-z0-9_\-.\"' ]+?)\s*=", line)
        if prefix is not None and key:
            lines.setdefault((*prefix, *path(key.group(1))), n)
    return lines


def _line_aware(value, at: tuple, lines: dict, fallback: int):
    """TOML values as the YAML loader's _Map/_Seq, so errors cite lines the same way."""
    own = lines.get(at, fallback)
    if isinstance(value, dict):
        m = _Map((k, _line_aware(v, (*at, k), lines, own)) for k, v in value.items())
        m.lines, m.line = {k: lines.get((*at, k), own) for k in value}, own
        return m
    if isinstance(value, list):
        seq = _Seq(_line_aware(v, (*at, i), lines, own) for i, v in enumerate(value))
        seq.lines, seq.line = [lines.get((*at, i), own) for i in range(len(value))], own
        return seq
    return value


def load_policy(path: str | Path) -> Policy:
    """A policy from a YAML file, or from the [tool.contractlens] table of a pyproject.toml."""
    from .rules import load_pack

    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such policy file" if not p.exists() else "is not a file", path=p)
    if p.suffix.lower() == ".toml":
        data = _toml_table(p)
        if data is None:
            raise ConfigError("has no [tool.contractlens] table", path=p)
    else:
        data = load_yaml(p)
    if data is None:
        data = _Map()
        data.lines, data.line = {}, 1
    if not isinstance(data, _Map):
        raise ConfigError(f"expected a mapping with require, keep, min_per_area, max_pages..., found {_show(data)}",
                          path=p, line=1)

    def fail(problem: str, key: str, container=data, at=None):
        raise ConfigError(problem, path=p, line=_line(container, at if at is not None else key), field=key)

    allowed = {"pack", "require", "keep", "min_per_area", "max_pages", "max_words", "suppressions"}
    for key in data:
        if key not in allowed:
            fail(f"unknown key; expected one of {', '.join(sorted(allowed))}", str(key))
    pack_name = data.get("pack", "handbook")
    if not isinstance(pack_name, str):
        fail(f"expected a rule pack name or directory, found {_show(pack_name)}", "pack")
    if pack_name not in ("handbook", "principles") and not Path(pack_name).is_absolute():
        pack_name = str((p.parent / pack_name).resolve())  # relative to the policy file
    try:
        pack = load_pack(pack_name)
    except ConfigError as exc:
        raise ConfigError(f"cannot load rule pack {data.get('pack')!r}: {exc}", path=p, line=_line(data, "pack"),
                          field="pack") from None
    ids = {r.id for r in pack.rules}
    areas = {a for a, _ in pack.areas}

    def practice_id(value, key, container, at):
        if not isinstance(value, str) or value not in ids:
            raise ConfigError(f"expected a practice id of pack {pack.name} ({', '.join(sorted(ids))}), found {_show(value)}",
                              path=p, line=_line(container, at), field=key)
        return value

    require = []
    items = data.get("require", [])
    if not isinstance(items, list):
        fail("expected a list of practice ids or {practice, min_confidence} mappings", "require")
    for n, item in enumerate(items):
        key = f"require[{n}]"
        if isinstance(item, _Map):
            for k in item:
                if k not in ("practice", "min_confidence"):
                    fail(f"unknown key {k!r}; expected practice and min_confidence", f"{key}.{k}", item, k)
            pid = practice_id(item.get("practice"), f"{key}.practice", item, "practice")
            conf = item.get("min_confidence")
            if conf is not None and (not isinstance(conf, (int, float)) or isinstance(conf, bool) or not 0 < conf <= 1):
                fail(f"expected a number in (0, 1], found {_show(conf)}", f"{key}.min_confidence", item, "min_confidence")
            require.append(Requirement(pid, float(conf) if conf is not None else None))
        else:
            require.append(Requirement(practice_id(item, key, items, n), None))

    keep = data.get("keep", ())
    if keep == "all":
        keep_value: tuple[str, ...] | str = "all"
    elif isinstance(keep, list):
        keep_value = tuple(practice_id(x, f"keep[{n}]", keep, n) for n, x in enumerate(keep))
    elif keep in ((), None):
        keep_value = ()
    else:
        fail(f'expected "all" or a list of practice ids, found {_show(keep)}', "keep")

    per_area = data.get("min_per_area", {})
    if not isinstance(per_area, dict):
        fail("expected a mapping of area id to a number of practices", "min_per_area")
    minimums = []
    for area, count in per_area.items():
        key = f"min_per_area.{area}"
        if area not in areas:
            fail(f"unknown area; expected one of {', '.join(sorted(areas))}", key, per_area, area)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            fail(f"expected a whole number, found {_show(count)}", key, per_area, area)
        minimums.append((area, count))

    limits = {}
    for key in ("max_pages", "max_words"):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
            fail(f"expected a positive whole number, found {_show(value)}", key)
        limits[key] = value

    suppressions = []
    items = data.get("suppressions", [])
    if not isinstance(items, list):
        fail("expected a list of {rule, reason, practice?, unit?, area?} mappings", "suppressions")
    for n, item in enumerate(items):
        key = f"suppressions[{n}]"
        if not isinstance(item, _Map):
            fail("expected a mapping with rule and reason", key, items, n)
        for k in item:
            if k not in ("rule", "reason", "practice", "unit", "area"):
                fail(f"unknown key {k!r}; expected rule, reason, practice, unit, area", f"{key}.{k}", item, k)
        if item.get("rule") not in RULE_KINDS:
            fail(f"expected one of {', '.join(RULE_KINDS)}, found {_show(item.get('rule'))}", f"{key}.rule", item, "rule")
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            fail("every suppression needs a reason", f"{key}.reason", item, "reason")
        practice = item.get("practice")
        if practice is not None:
            practice_id(practice, f"{key}.practice", item, "practice")
        unit = item.get("unit")
        if unit is not None and not isinstance(unit, str):
            fail(f"expected a unit fingerprint, found {_show(unit)}", f"{key}.unit", item, "unit")
        area = item.get("area")
        if area is not None and area not in areas:
            fail(f"unknown area; expected one of {', '.join(sorted(areas))}", f"{key}.area", item, "area")
        suppressions.append(Suppression(item["rule"], reason.strip(), practice, unit, area, _line(items, n) or 0))

    return Policy(str(p), pack_name, tuple(require), keep_value, tuple(minimums), limits["max_pages"],
                  limits["max_words"], tuple(suppressions))
