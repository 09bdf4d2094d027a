"""Rule packs: directories of YAML rule files, one file per practice.

A pack directory may hold a ``pack.yaml`` naming the pack, its areas and its
categories (in report order), and a ``fitted.yaml`` of signal weights fit from
labeled clauses (see weights.py). Rules may name shared lexicons (``lexicons/``
next to the bundled packs, or inside the pack directory). The bundled packs live
in the repository's ``rules/`` folder and are installed inside the package as
``contractlens/packs``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from .lexicons import lexicon_files, load_lexicons
from .schema import AREAS, RuleSpec, SignalSpec, check_rule, load_yaml
from .weights import FITTED_NAME, apply_fitted, read_fitted

RESERVED = ("pack.yaml", FITTED_NAME)  # files of a pack directory that are not rules

BUNDLED = ("handbook", "principles")
DEFAULT_PACK = "handbook"
HANDBOOK_AREA_NAMES = {
    "bargaining": "Bargaining methods and new forms of agreements",
    "teaching_quality": "Improving the quality of teaching and teachers",
    "devolution": "Devolving and deregulating schools",
    "low_performing": "Improving low-performing schools",
    "partnering": "Partnering",
}


@dataclass(frozen=True)
class RulePack:
    name: str
    title: str
    path: str
    version: str  # a digest of rules, lexicons and engine version: results are reusable while it holds
    areas: tuple[tuple[str, str], ...]  # (area id, area name) in report order
    rules: tuple[RuleSpec, ...]  # in report order
    fitted: bool = False  # weights and thresholds come from fitted.yaml
    stale_fit: tuple[str, ...] = ()  # practices whose rule changed since the weights were fit
    trained_on: tuple[dict, ...] = ()  # the labeled files the weights were fit on

    def rule(self, rule_id: str) -> RuleSpec:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def area_name(self, area: str) -> str:
        return dict(self.areas).get(area, area)


def packs_root() -> Path:
    """Where the bundled packs are: inside the installed package, or the source tree's rules/."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "packs"
    if installed.is_dir():
        return installed
    source = here.parent.parent / "rules"
    if source.is_dir():
        return source
    raise ConfigError(f"the bundled rule packs are missing (looked in {installed} and {source}); reinstall contractlens")


def pack_path(name_or_path: str | Path | None) -> Path:
    """A bundled pack's directory by name, or a user's directory or file as given."""
    if name_or_path is None:
        name_or_path = DEFAULT_PACK
    if isinstance(name_or_path, str) and name_or_path in BUNDLED:
        return packs_root() / name_or_path
    path = Path(name_or_path)
    if not path.exists():
        raise ConfigError(f"no such rule pack or file (bundled packs: {', '.join(BUNDLED)})", path=path)
    return path


@dataclass(frozen=True)
class PackIdentity:
    """Which pack, in which version: enough to look results up without loading the rules."""

    name: str
    title: str
    path: str
    version: str


def load_pack(name_or_path: str | Path | None = None, *, fitted: bool = True) -> RulePack:
    """Load and check every rule file of a pack; raise ConfigError naming file:line on a problem.

    ``fitted=False`` gives the weights the rule files write, ignoring fitted.yaml."""
    path = pack_path(name_or_path)
    return _load(str(path.resolve()), fitted)


def pack_identity(name_or_path: str | Path | None = None) -> PackIdentity:
    """The pack's name and version, from its files' bytes (no rule is parsed or checked)."""
    path = pack_path(name_or_path).resolve()
    files = _rule_files(path)
    meta = _meta(path)
    name = str(meta.get("name") or path.stem)
    return PackIdentity(name, str(meta.get("title") or name), str(path), _version(files))


def _rule_files(path: Path) -> list[Path]:
    files = [path] if path.is_file() else sorted(p for p in path.glob("*.yaml") if p.name not in RESERVED)
    if not files:
        raise ConfigError("has no rule files (*.yaml)", path=path)
    return files


def _lexicon_dirs(path: Path) -> tuple[Path, ...]:
    own = path / "lexicons" if path.is_dir() else path.parent / "lexicons"
    bundled = packs_root() / "lexicons"
    return (bundled,) if own.resolve() == bundled.resolve() else (bundled, own)


def _version(files: list[Path], fitted: bool = True) -> str:
    """A digest of the rule files, their fitted weights, the lexicons and the engine's
    version: results computed under the same digest are the same."""
    from .. import __version__

    digest = hashlib.sha256(__version__.encode())
    context = packs_root() / "context"
    pack_dir = files[0].parent
    extra = sorted(context.glob("*.yaml")) if context.is_dir() else []
    extra += lexicon_files(*_lexicon_dirs(pack_dir))
    if fitted and (pack_dir / FITTED_NAME).is_file():
        extra.append(pack_dir / FITTED_NAME)
    for f in list(files) + extra:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:12]


def _meta(path: Path) -> dict:
    meta_path = path / "pack.yaml" if path.is_dir() else None
    if not (meta_path and meta_path.exists()):
        return {}
    meta = load_yaml(meta_path) or {}
    if not isinstance(meta, dict):
        raise ConfigError("expected a mapping with name, title, areas and categories", path=meta_path, line=1)
    return meta


def _refuse_duplicate_category(meta_path: Path, order: list, categories_line: int | None) -> None:
    """A category listed twice would silently report once; name the second listing's line."""
    seen: set = set()
    dup = next(c for c in order if c in seen or seen.add(c))
    line = categories_line
    try:
        lines = meta_path.read_text(encoding="utf-8").splitlines()
        hits = [n for n, text in enumerate(lines, start=1)
                if n >= (categories_line or 1) and re.search(rf"(^|[\s\[,'\"-]){re.escape(str(dup))}['\"]?\s*(,|\]|$|#)", text)]
        if len(hits) > 1:
            line = hits[1]
    except OSError:
        pass
    raise ConfigError(f"lists category {dup!r} twice", path=meta_path, field="categories", line=line)


@lru_cache(maxsize=8)
def _load(path_str: str, fitted: bool = True) -> RulePack:
    """The checked pack, from the on-disk cache when none of its files changed (packcache.py)."""
    from .. import packcache

    path = Path(path_str)
    files = _rule_files(path)
    context = packs_root() / "context"
    inputs = files + (sorted(context.glob("*.yaml")) if context.is_dir() else []) \
        + lexicon_files(*_lexicon_dirs(path)) + ([path / "pack.yaml", path / FITTED_NAME] if path.is_dir() else [])
    return packcache.loaded_pack(path, fitted, inputs, lambda: _parse(path, files, fitted))


def _parse(path: Path, files: list[Path], fitted: bool) -> RulePack:
    lexicons = load_lexicons(*_lexicon_dirs(path))
    meta = _meta(path)
    meta_path = path / "pack.yaml" if path.is_dir() else None
    areas = meta.get("areas") or HANDBOOK_AREA_NAMES
    if not isinstance(areas, dict) or not all(isinstance(v, str) for v in areas.values()):
        raise ConfigError("expected a mapping of area id to area name", path=meta_path, field="areas",
                          line=getattr(meta, "lines", {}).get("areas"))
    order = meta.get("categories")
    known = set(order) if isinstance(order, list) else None
    if known is not None and len(known) != len(order):
        _refuse_duplicate_category(meta_path, order, meta.lines.get("categories"))

    rules: list[RuleSpec] = []
    for f in files:
        data = load_yaml(f)
        rule = check_rule(f, data, known, lexicons)
        if rule.area not in areas:
            raise ConfigError(f"expected one of {', '.join(areas)}, found {rule.area!r}", path=f, rule=rule.id,
                              field="area", line=data.lines.get("area"))
        rules.append(rule)
    if known is not None:
        missing = [c for c in order if c not in {r.id for r in rules}]
        if missing:
            raise ConfigError(f"lists categories with no rule file: {', '.join(missing)}", path=meta_path,
                              field="categories", line=meta.lines.get("categories"))
        rules.sort(key=lambda r: order.index(r.id))
    else:
        area_order = list(areas)
        rules.sort(key=lambda r: (area_order.index(r.area), r.id))
    weights = read_fitted(path / FITTED_NAME) if fitted and path.is_dir() else None
    rules, stale = apply_fitted(rules, weights)
    name = meta.get("name") or path.stem
    title = meta.get("title") or name
    return RulePack(name=str(name), title=str(title), path=str(path), version=_version(files, fitted),
                    areas=tuple((a, areas[a]) for a in areas if any(r.area == a for r in rules)),
                    rules=tuple(rules), fitted=weights is not None, stale_fit=stale,
                    trained_on=weights.trained_on if weights else ())


__all__ = ["RulePack", "RuleSpec", "SignalSpec", "PackIdentity", "pack_identity", "load_pack", "pack_path", "packs_root", "BUNDLED", "AREAS"]
