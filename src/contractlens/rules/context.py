"""Read and check the context lexicons: force, actors and scope modifiers.

Three YAML files in a ``context/`` folder next to the packs (see the files
themselves for the format). Errors name the file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from .schema import _Map, _Seq, _show, load_yaml

FORCES = ("prohibition", "entitlement", "obligation", "permission")
from .schema import MODIFIER_TYPES  # noqa: E402  (one list for rules and lexicons)


@dataclass(frozen=True)
class ModifierRule:
    type: str
    direction: str  # forward | backward | both
    scope: int  # tokens
    triggers: tuple[str, ...]
    pseudo: tuple[str, ...]
    terminators: tuple[str, ...]


@dataclass(frozen=True)
class ContextSpec:
    forces: tuple[tuple[str, tuple[str, ...]], ...]  # (force, phrases) in tie-break order
    negative_openers: tuple[str, ...]
    actors: tuple[tuple[str, tuple[str, ...]], ...]
    actor_window: int
    effects: tuple[tuple[str, float], ...]
    modifiers: tuple[ModifierRule, ...]
    version: str
    preamble_headings: tuple[str, ...] = ()  # a unit under one of these headings is a preamble
    definition_headings: tuple[str, ...] = ()  # ... or a list of definitions
    acronyms: tuple[tuple[str, str], ...] = ()  # (party word, regex): "SEA" read as "union" in near terms


def _fail(path: Path, problem: str, field: str, container=None, key=None):
    line = None
    if isinstance(container, _Map):
        line = container.lines.get(key, container.line)
    elif isinstance(container, _Seq) and isinstance(key, int) and key < len(container.lines):
        line = container.lines[key]
    raise ConfigError(problem, path=path, line=line, field=field)


def _phrases(path: Path, value, field: str, container, key) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x.strip() for x in value):
        _fail(path, f"expected a non-empty list of phrases, found {_show(value)}", field, container, key)
    return tuple(" ".join(x.split()).lower() for x in value)


def _mapping(path: Path, kind: str) -> _Map:
    data = load_yaml(path)
    if not isinstance(data, _Map):
        raise ConfigError(f"expected a mapping with kind: {kind}", path=path, line=1)
    if data.get("kind") != kind:
        _fail(path, f"expected kind: {kind}, found {_show(data.get('kind'))}", "kind", data, "kind")
    return data


def load_context(folder: Path) -> ContextSpec:
    return _load(str(folder.resolve()))


@lru_cache(maxsize=4)
def _load(folder_str: str) -> ContextSpec:
    folder = Path(folder_str)
    paths = {name: folder / f"{name}.yaml" for name in ("force", "actors", "modifiers")}
    for name, p in paths.items():
        if not p.is_file():
            raise ConfigError(f"is missing (the {name} lexicon)", path=p)

    force = _mapping(paths["force"], "force")
    table = force.get("forces")
    if not isinstance(table, _Map):
        _fail(paths["force"], f"expected a mapping of {', '.join(FORCES)} to phrase lists", "forces", force, "forces")
    for name in table:
        if name not in FORCES:
            _fail(paths["force"], f"unknown force {name!r}; expected one of {', '.join(FORCES)}", f"forces.{name}",
                  table, name)
    forces = tuple((name, _phrases(paths["force"], table[name], f"forces.{name}", table, name))
                   for name in FORCES if name in table)
    openers = _phrases(paths["force"], force.get("negative_openers", ["no"]), "negative_openers", force,
                       "negative_openers")

    actors_doc = _mapping(paths["actors"], "actors")
    actor_table = actors_doc.get("actors")
    if not isinstance(actor_table, _Map) or not actor_table:
        _fail(paths["actors"], "expected a mapping of actor names to phrase lists", "actors", actors_doc, "actors")
    actors = tuple((name, _phrases(paths["actors"], v, f"actors.{name}", actor_table, name))
                   for name, v in actor_table.items())
    acronyms = actors_doc.get("acronyms", {})
    if not isinstance(acronyms, _Map):
        _fail(paths["actors"], "expected a mapping of a party word (union, district) to a regular expression",
              "acronyms", actors_doc, "acronyms")
    for word, rx in acronyms.items():
        try:
            re.compile(rx)
        except (re.error, TypeError) as exc:
            _fail(paths["actors"], f"is not a valid regular expression: {exc}", f"acronyms.{word}", acronyms, word)
    window = actors_doc.get("window", 12)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 60:
        _fail(paths["actors"], f"expected a whole number of tokens from 1 to 60, found {_show(window)}", "window",
              actors_doc, "window")

    mods = _mapping(paths["modifiers"], "modifiers")
    effects = mods.get("effects", {})
    if not isinstance(effects, _Map):
        _fail(paths["modifiers"], "expected a mapping of modifier type to factor", "effects", mods, "effects")
    for name, value in effects.items():
        if name not in MODIFIER_TYPES:
            _fail(paths["modifiers"], f"unknown modifier type {name!r}; expected one of {', '.join(MODIFIER_TYPES)}",
                  f"effects.{name}", effects, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            _fail(paths["modifiers"], f"expected a factor from 0 to 1, found {_show(value)}", f"effects.{name}",
                  effects, name)
    common = _phrases(paths["modifiers"], mods.get("terminators", ["."]), "terminators", mods, "terminators")
    preamble, definitions = (_phrases(paths["modifiers"], mods[key], key, mods, key) if key in mods else ()
                             for key in ("preamble_headings", "definition_headings"))
    rules = mods.get("rules")
    if not isinstance(rules, list) or not rules:
        _fail(paths["modifiers"], "expected a list of modifier rules", "rules", mods, "rules")
    parsed = []
    for n, r in enumerate(rules):
        here = f"rules[{n}]"
        if not isinstance(r, _Map):
            _fail(paths["modifiers"], "expected a mapping with type, direction, scope, triggers", here, rules, n)
        for key in r:
            if key not in ("type", "direction", "scope", "triggers", "pseudo", "terminators"):
                _fail(paths["modifiers"], f"unknown key {key!r}; expected type, direction, scope, triggers, pseudo, "
                      "terminators", f"{here}.{key}", r, key)
        if r.get("type") not in MODIFIER_TYPES:
            _fail(paths["modifiers"], f"expected one of {', '.join(MODIFIER_TYPES)}, found {_show(r.get('type'))}",
                  f"{here}.type", r, "type")
        if r.get("direction", "forward") not in ("forward", "backward", "both"):
            _fail(paths["modifiers"], f"expected forward, backward or both, found {_show(r.get('direction'))}",
                  f"{here}.direction", r, "direction")
        scope = r.get("scope", 10)
        if not isinstance(scope, int) or isinstance(scope, bool) or not 1 <= scope <= 60:
            _fail(paths["modifiers"], f"expected a whole number of tokens from 1 to 60, found {_show(scope)}",
                  f"{here}.scope", r, "scope")
        triggers = _phrases(paths["modifiers"], r.get("triggers"), f"{here}.triggers", r, "triggers")
        pseudo = _phrases(paths["modifiers"], r["pseudo"], f"{here}.pseudo", r, "pseudo") if "pseudo" in r else ()
        extra = _phrases(paths["modifiers"], r["terminators"], f"{here}.terminators", r, "terminators") \
            if "terminators" in r else ()
        parsed.append(ModifierRule(r["type"], r.get("direction", "forward"), scope, triggers, pseudo, common + extra))
    import hashlib
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths.values())).hexdigest()[:12]
    return ContextSpec(forces, openers, actors, window, tuple((k, float(v)) for k, v in effects.items()),
                       tuple(parsed), digest, preamble, definitions,
                       tuple((str(k), str(v)) for k, v in acronyms.items()))
