"""Shared lexicons: named lists of what districts call a practice's bodies, programs and roles.

A lexicon file is YAML in a ``lexicons/`` folder (the bundled one next to the packs,
and optionally one inside a user's pack directory)::

    kind: lexicon
    terms:
      school_team:                 # referred to as "@school_team" in a rule
        - school site council
        - building leadership team
        - "@instructional_team"    # a lexicon may include another

A rule uses a lexicon wherever it lists phrases: ``phrases: ["@school_team"]``, a group
of ``near`` terms, ``heading``; in a ``regex`` as ``@{school_team}``, which becomes an
alternation of the phrases (spaces match any run of spaces or hyphens, a final "s" is
optional). Several rules share one list, so a new local name is added once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from .schema import _Map, _Seq, _show, load_yaml

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_REGEX_REF = re.compile(r"@\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Lexicons:
    terms: dict  # name -> tuple of phrases, references expanded
    files: tuple[str, ...]

    def expand(self, items: tuple[str, ...], fail) -> tuple[str, ...]:
        """Phrases with every "@name" replaced by that lexicon's phrases (order kept, no repeats)."""
        out: list[str] = []
        for item in items:
            if item.startswith("@"):
                name = item[1:]
                if name not in self.terms:
                    fail(f"refers to an unknown lexicon {item!r}" + _known(self.terms))
                out.extend(self.terms[name])
            else:
                out.append(item)
        return tuple(dict.fromkeys(out))

    def expand_regex(self, pattern: str, fail) -> str:
        def alternation(m: re.Match) -> str:
            name = m.group(1)
            if name not in self.terms:
                fail(f"refers to an unknown lexicon '@{{{name}}}'" + _known(self.terms))
            return "(?:" + "|".join(_phrase_regex(p) for p in sorted(self.terms[name], key=len, reverse=True)) + ")"

        return _REGEX_REF.sub(alternation, pattern)


EMPTY = Lexicons({}, ())


def _known(terms: dict) -> str:
    return f" (known: {', '.join(sorted(terms))})" if terms else " (no lexicons are loaded)"


def _phrase_regex(phrase: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    return r"\b" + r"[\s-]+".join(words) + r"(?:s|es)?\b"


def lexicon_files(*folders: Path) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.yaml")))
    return files


def load_lexicons(*folders: Path) -> Lexicons:
    files = lexicon_files(*folders)
    return _load(tuple(str(f.resolve()) for f in files))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Lexicons:
    raw: dict[str, tuple[tuple[str, ...], Path, int | None]] = {}
    for p in map(Path, paths):
        data = load_yaml(p)
        if not isinstance(data, _Map) or data.get("kind") != "lexicon":
            raise ConfigError(f"expected a mapping with kind: lexicon, found {_show(data)}", path=p, line=1)
        for key in data:
            if key not in ("kind", "terms"):
                raise ConfigError(f"unknown key {key!r}; expected kind, terms", path=p, line=data.lines.get(key),
                                  field=key)
        terms = data.get("terms")
        if not isinstance(terms, _Map) or not terms:
            raise ConfigError("expected a mapping of lexicon names to phrase lists", path=p,
                              line=data.lines.get("terms", 1), field="terms")
        for name, items in terms.items():
            line = terms.lines.get(name)
            if not isinstance(name, str) or not _NAME.match(name):
                raise ConfigError(f"expected a lower_case_with_underscores name, found {_show(name)}", path=p,
                                  line=line, field=f"terms.{name}")
            if name in raw:
                other = raw[name][1]
                raise ConfigError(f"the lexicon {name!r} is also defined in {other}", path=p, line=line,
                                  field=f"terms.{name}")
            if not isinstance(items, _Seq) or not items or not all(isinstance(x, str) and x.strip() for x in items):
                raise ConfigError(f"expected a non-empty list of phrases, found {_show(items)}", path=p, line=line,
                                  field=f"terms.{name}")
            raw[name] = (tuple(" ".join(x.split()) for x in items), p, line)

    resolved: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, trail: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        items, path, line = raw[name]
        out: list[str] = []
        for item in items:
            if item.startswith("@"):
                ref = item[1:]
                if ref not in raw:
                    raise ConfigError(f"refers to an unknown lexicon {item!r}" + _known(raw), path=path, line=line,
                                      field=f"terms.{name}")
                if ref in trail:
                    raise ConfigError(f"includes itself through {' -> '.join(trail + (ref,))}", path=path, line=line,
                                      field=f"terms.{name}")
                out.extend(resolve(ref, trail + (ref,)))
            else:
                out.append(item)
        resolved[name] = tuple(dict.fromkeys(out))
        return resolved[name]

    for name in raw:
        resolve(name, (name,))
    return Lexicons(resolved, paths)
