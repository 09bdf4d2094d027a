"""Read one rule file and check it, naming the file, line, rule and field of any error.

A rule file is YAML data, checked here before anything is compiled::

    id: waivers_overrides            # a category id from the taxonomy
    name: Waivers of contract rules
    area: bargaining
    description: ...
    scope: clause                    # clause (default) or document
    threshold: 0.5                   # confidence at which it counts as present
    signals:                         # evidence FOR the practice
      - id: staff-vote                # unique within the rule
        weight: 0.6                   # 0 < weight <= 1; combined by noisy-or
        anchor: true                  # false: only counts when an anchor fired too
        ignore_modifiers: [negated]   # optional: modifiers that do not weaken this signal
        phrases: [...]                # one of: phrases | pattern | regex | near | metric | heading
    exclusions:                       # evidence AGAINST (same kinds; weight = how much it cancels)
      - id: time-limit
        weight: 1.0                   # 1.0 vetoes
        scope: sentence               # sentence (default), unit, or words: only evidence inside its matched words
        near: {terms: [[waive], [time limit]], window: 8}
    examples:
      fire: [...]                     # texts the rule must fire on
      no_fire: [...]                  # texts it must not fire on
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ConfigError

AREAS = ("bargaining", "teaching_quality", "devolution", "low_performing", "partnering")
SIGNAL_KINDS = ("phrases", "pattern", "regex", "near", "metric", "heading")
MODIFIER_TYPES = ("negated", "contemplated", "exception", "definition", "preamble", "contents")
METRICS = ("pages", "words", "articles", "words_per_article")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SIGNAL_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


# -- YAML with line numbers ---------------------------------------------------------------

class _Map(dict):
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict
    line: int


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 5x faster
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    m = _Map()
    m.lines = {}
    m.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):  # a YAML complex key ("? [a, b]"): unhashable, and no rule uses one
            raise ConfigError(f"a key must be a plain value, found {_show(key)}", line=key_node.start_mark.line + 1)
        if key in m:
            raise ConfigError(f"the key {key!r} appears twice", line=key_node.start_mark.line + 1)
        m[key] = loader.construct_object(value_node, deep=True)
        m.lines[key] = key_node.start_mark.line + 1
    return m


class _Seq(list):
    lines: list
    line: int


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    s = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    s.lines = [child.start_mark.line + 1 for child in node.value]
    s.line = node.start_mark.line + 1
    return s


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Bounds on what a YAML file may make of itself (issue 15). An alias repeats a node without
# copying it, so "billion laughs" (nine aliases of nine aliases of ...) is a few hundred bytes
# that expand to a billion values as soon as anything walks them (a repr in an error message, a
# phrase list). A file is refused before anything is built from it when its aliases repeat more
# than MAX_ALIAS_NODES nodes or MAX_ALIAS_CHARS characters of text in all, when an alias refers
# to the node that holds it, or when it nests deeper than MAX_DEPTH (construction recurses).
# A file without aliases is never refused for its size; rule files use a few dozen nodes.
MAX_ALIAS_NODES = 100_000
MAX_ALIAS_CHARS = 10_000_000
MAX_DEPTH = 100


def _check_node_graph(root: yaml.Node) -> None:
    """Refuse an alias bomb, a recursive alias or a too-deep document, naming its line.

    One walk over the composed node graph (iterative, each node once): the size each node
    would have if every alias were written out, against the size the file really has."""
    size: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, characters) once expanded
    on_path: set[int] = set()
    repeats = distinct_chars = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            if isinstance(node, yaml.ScalarNode):
                size[key] = (1, len(node.value))
                distinct_chars += len(node.value)
                continue
            kids = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            nodes, chars = 1, 0
            for kid in kids:
                n, c = size[id(kid)]
                nodes, chars = nodes + n, chars + c
            size[key] = (nodes, chars)
            if nodes - len(size) > MAX_ALIAS_NODES or chars - distinct_chars > MAX_ALIAS_CHARS:
                break  # already too big, whatever the rest of the file holds
            continue
        if key in size:
            repeats += 1
            continue
        if key in on_path:
            raise ConfigError("a YAML alias refers to the node that contains it (a recursive alias)",
                              line=node.start_mark.line + 1)
        on_path.add(key)
        if len(on_path) > MAX_DEPTH:
            raise ConfigError(f"nests deeper than {MAX_DEPTH} levels", line=node.start_mark.line + 1)
        stack.append((node, True))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((kid, False) for kid in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend((kid, False) for pair in reversed(node.value) for kid in reversed(pair))
    else:
        if not repeats:
            return
        nodes, chars = size[id(root)]
        if nodes - len(size) <= MAX_ALIAS_NODES and chars - distinct_chars <= MAX_ALIAS_CHARS:
            return
    # Name the first node (in file order) whose expansion alone is past the bound.
    line = next((n.start_mark.line + 1 for n in _distinct_nodes(root)
                 if id(n) in size and (size[id(n)][0] > MAX_ALIAS_NODES or size[id(n)][1] > MAX_ALIAS_CHARS)),
                root.start_mark.line + 1)
    raise ConfigError(f"YAML aliases expand this file past {MAX_ALIAS_NODES:,} values or {MAX_ALIAS_CHARS:,} "
                      f"characters (an alias bomb?); write the repeated values out or use fewer aliases", line=line)


def _distinct_nodes(root: yaml.Node):
    """Each node of the graph once, in file order (iterative)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(kid for pair in reversed(node.value) for kid in reversed(pair))


def _parse(text: str) -> object:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_node_graph(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    """A configuration file's text; undecodable or unreadable is a ConfigError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror or exc})", path=path) from None


def load_yaml(path: Path) -> object:
    """The one way the package reads YAML: line-aware, safe, alias expansion bounded."""
    return load_yaml_text(read_text(path), path)


def line_of(container, key) -> int | None:
    """The line of ``key`` in a loaded mapping or list (its own line when the key has none)."""
    if isinstance(container, _Map):
        return container.lines.get(key, container.line)
    if isinstance(container, _Seq) and isinstance(key, int) and key < len(container.lines):
        return container.lines[key]
    return getattr(container, "line", None)


def load_yaml_text(text: str, path: Path) -> object:
    """YAML text read as ``load_yaml`` reads a file (mappings and lists know their lines);
    errors name ``path`` and the line."""
    try:
        return _parse(text)
    except ConfigError as exc:
        raise ConfigError(exc.problem, path=path, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"is not valid YAML: {problem}", path=path,
                          line=mark.line + 1 if mark else None) from None


# -- checked rule data ----------------------------------------------------------------------

@dataclass(frozen=True)
class SignalSpec:
    id: str
    kind: str  # phrases | pattern | regex | near | metric | heading
    weight: float
    anchor: bool
    scope: str  # for exclusions: sentence | unit | words (only evidence inside the words it matched)
    value: object  # the kind's data, checked
    line: int
    ignore_modifiers: tuple[str, ...] = ()  # e.g. (negated,): "no school shall be required to accept..."
    hand_weight: float | None = None  # the rule file's weight when ``weight`` was fit from labeled clauses

    @property
    def prior(self) -> float:
        return self.weight if self.hand_weight is None else self.hand_weight


@dataclass(frozen=True)
class RuleSpec:
    id: str
    name: str
    area: str
    description: str
    scope: str  # clause | document
    threshold: float
    signals: tuple[SignalSpec, ...]
    exclusions: tuple[SignalSpec, ...]
    fire: tuple[str, ...]
    no_fire: tuple[str, ...]
    path: str
    rolls_up: tuple[str, ...] = field(default=())  # principles pack: handbook ids this rule includes
    pairs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (fire text, other practices it must also fire)
    hand_threshold: float | None = None  # the rule file's threshold when ``threshold`` was fit


class _Checker:
    def __init__(self, path: Path, data: _Map):
        self.path = path
        self.data = data
        self.rule = data.get("id") if isinstance(data.get("id"), str) else None
        self.lexicons = None  # a Lexicons, for "@name" references

    def fail(self, problem: str, field: str | None = None, line: int | None = None):
        raise ConfigError(problem, path=self.path, line=line, rule=self.rule, field=field)

    def line_of(self, container, key) -> int | None:
        if isinstance(container, _Map):
            return container.lines.get(key, container.line)
        if isinstance(container, _Seq) and isinstance(key, int) and key < len(container.lines):
            return container.lines[key]
        return getattr(container, "line", None)

    def need(self, container: dict, key: str, kind: type | tuple, where: str, expected: str):
        if key not in container:
            self.fail(f"is missing; expected {expected}", field=where, line=getattr(container, "line", None))
        value = container[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.fail(f"expected {expected}, found {_show(value)}", field=where, line=self.line_of(container, key))
        return value

    def unknown_keys(self, container: dict, allowed: set[str], where: str) -> None:
        for key in container:
            if key not in allowed:
                self.fail(f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))}",
                          field=f"{where}{key}", line=self.line_of(container, key))


class _Enough(Exception):
    pass


def _show(value: object, limit: int = 60) -> str:
    """A short repr of a user's value for an error message, built piece by piece and cut at
    ``limit`` characters: a value an alias bomb shares a billion times is never written out."""
    pieces: list[str] = []
    room = [limit + 1]

    def put(text: str) -> None:
        pieces.append(text[:room[0]])
        room[0] -= len(pieces[-1])
        if room[0] <= 0:
            raise _Enough

    def walk(v: object) -> None:
        if isinstance(v, dict):
            put("{")
            for n, (k, item) in enumerate(v.items()):
                put(", " if n else "")
                walk(k)
                put(": ")
                walk(item)
            put("}")
        elif isinstance(v, (list, tuple)):
            put("[")
            for n, item in enumerate(v):
                put(", " if n else "")
                walk(item)
            put("]")
        elif isinstance(v, str):
            put(repr(v[:limit + 1]) if len(v) > limit else repr(v))
        else:
            put(repr(v)[:limit + 1])

    try:
        walk(value)
    except _Enough:
        pass
    text = "".join(pieces)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def check_rule(path: Path, data: object, known_ids: set[str] | None = None, lexicons=None) -> RuleSpec:
    """Check one rule file's data; return the rule or raise ConfigError.

    ``lexicons`` (a ``Lexicons``) resolves "@name" references in phrase lists and regexes."""
    if not isinstance(data, _Map):
        raise ConfigError(f"expected a mapping with id, name, area, signals..., found {_show(data)}",
                          path=path, line=1)
    c = _Checker(path, data)
    c.lexicons = lexicons
    c.unknown_keys(data, {"id", "name", "area", "description", "scope", "threshold", "signals", "exclusions",
                          "examples", "rolls_up"}, "")
    rid = c.need(data, "id", str, "id", "a category id such as waivers_overrides")
    if not _ID.match(rid):
        c.fail(f"expected lower_case_with_underscores, found {rid!r}", "id", c.line_of(data, "id"))
    if known_ids is not None and rid not in known_ids:
        c.fail(f"is not a category id of this pack's taxonomy (known: {', '.join(sorted(known_ids))})",
               "id", c.line_of(data, "id"))
    if path.stem != rid:
        c.fail(f"the file must be named after the rule id: {rid}.yaml", "id", c.line_of(data, "id"))
    name = c.need(data, "name", str, "name", "a short human name")
    area = c.need(data, "area", str, "area", f"an area id such as {', '.join(AREAS)}")
    description = c.need(data, "description", str, "description", "a description in plain words")
    scope = data.get("scope", "clause")
    if scope not in ("clause", "document"):
        c.fail(f"expected clause or document, found {_show(scope)}", "scope", c.line_of(data, "scope"))
    threshold = data.get("threshold", 0.5)
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold <= 1:
        c.fail(f"expected a number in (0, 1], found {_show(threshold)}", "threshold", c.line_of(data, "threshold"))
    rolls_up = data.get("rolls_up", [])
    if not isinstance(rolls_up, list) or not all(isinstance(x, str) for x in rolls_up):
        c.fail("expected a list of handbook category ids", "rolls_up", c.line_of(data, "rolls_up"))

    signals = _check_signals(c, data.get("signals", []), "signals", exclusion=False)
    exclusions = _check_signals(c, data.get("exclusions", []), "exclusions", exclusion=True)
    if not signals and not rolls_up:
        c.fail("is empty; a rule needs at least one signal", "signals", c.line_of(data, "signals"))
    if signals and not any(s.anchor for s in signals):
        c.fail("no signal is an anchor; set anchor: true on at least one", "signals", c.line_of(data, "signals"))

    examples = data.get("examples")
    if not isinstance(examples, _Map):
        c.fail("is missing; expected fire: [...] and no_fire: [...] lists of example texts", "examples",
               c.line_of(data, "examples") if "examples" in data else data.line)
    c.unknown_keys(examples, {"fire", "no_fire"}, "examples.")
    fire_items = examples.get("fire", [])
    no_fire = examples.get("no_fire", [])
    for key, items in (("fire", fire_items), ("no_fire", no_fire)):
        if not isinstance(items, list):
            c.fail("expected a list of example texts", f"examples.{key}", c.line_of(examples, key))
        if len(items) < 4:
            c.fail(f"has {len(items)} example(s); at least 4 are required", f"examples.{key}",
                   c.line_of(examples, key))
    if not all(isinstance(x, str) and x.strip() for x in no_fire):
        c.fail("expected a list of example texts", "examples.no_fire", c.line_of(examples, "no_fire"))
    fire, pairs = _check_fire(c, fire_items, rid, known_ids, c.line_of(examples, "fire"))
    return RuleSpec(rid, name.strip(), area, " ".join(description.split()), scope, float(threshold),
                    signals, exclusions, fire, tuple(no_fire), str(path), tuple(rolls_up), pairs)


def _check_fire(c: _Checker, items: list, rid: str, known_ids: set[str] | None, line: int | None):
    """Fire examples are texts, or {text, also: [ids]}: a clause that establishes this practice
    and others with it (peer review with induction, turnaround with staffing...)."""
    texts: list[str] = []
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for n, item in enumerate(items):
        here = f"examples.fire[{n}]"
        if isinstance(item, str) and item.strip():
            texts.append(item)
            continue
        if not isinstance(item, _Map):
            c.fail("expected an example text, or {text: ..., also: [practice ids]}", here, c.line_of(items, n))
        c.unknown_keys(item, {"text", "also"}, here + ".")
        text = c.need(item, "text", str, here + ".text", "the example text")
        also = item.get("also")
        if not isinstance(also, list) or not also or not all(isinstance(x, str) for x in also):
            c.fail("expected a list of the other practice ids this text must fire", here + ".also",
                   c.line_of(item, "also"))
        for other in also:
            if other == rid or (known_ids is not None and other not in known_ids):
                c.fail(f"expected another practice id of this pack, found {other!r}", here + ".also",
                       c.line_of(item, "also"))
        texts.append(text)
        pairs.append((text, tuple(also)))
    return tuple(texts), tuple(pairs)


def _check_signals(c: _Checker, items: object, where: str, *, exclusion: bool) -> tuple[SignalSpec, ...]:
    if not isinstance(items, list):
        c.fail(f"expected a list, found {_show(items)}", where, c.line_of(c.data, where))
    out: list[SignalSpec] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        here = f"{where}[{n}]"
        line = c.line_of(items, n)
        if not isinstance(item, _Map):
            c.fail(f"expected a mapping with id, weight and one of {', '.join(SIGNAL_KINDS)}", here, line)
        c.unknown_keys(item, {"id", "weight", "anchor", "scope", "ignore_modifiers", *SIGNAL_KINDS}, here + ".")
        sid = c.need(item, "id", str, here + ".id", "a short signal name")
        if not _SIGNAL_ID.match(sid):
            c.fail(f"expected lower-case letters, digits, '-', '_' or '.', found {sid!r}", here + ".id", line)
        if sid in seen:
            c.fail(f"the signal id {sid!r} is used twice in this rule", here + ".id", line)
        seen.add(sid)
        weight = item.get("weight", 1.0 if exclusion else None)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight <= 1:
            c.fail(f"expected a number in (0, 1], found {_show(weight)}", here + ".weight",
                   c.line_of(item, "weight"))
        anchor = item.get("anchor", True)
        if not isinstance(anchor, bool):
            c.fail(f"expected true or false, found {_show(anchor)}", here + ".anchor", c.line_of(item, "anchor"))
        scope = item.get("scope", "sentence")
        if scope not in ("sentence", "unit", "words"):
            c.fail(f"expected sentence, unit or words, found {_show(scope)}", here + ".scope", c.line_of(item, "scope"))
        ignore = item.get("ignore_modifiers", [])
        if not isinstance(ignore, list) or not all(x in MODIFIER_TYPES for x in ignore):
            c.fail(f"expected a list of modifier types ({', '.join(MODIFIER_TYPES)}), found {_show(ignore)}",
                   here + ".ignore_modifiers", c.line_of(item, "ignore_modifiers"))
        kinds = [k for k in SIGNAL_KINDS if k in item]
        if len(kinds) != 1:
            c.fail(f"expected exactly one of {', '.join(SIGNAL_KINDS)}, found {', '.join(kinds) or 'none'}",
                   here, line)
        kind = kinds[0]
        value = _check_kind(c, kind, item[kind], f"{here}.{kind}", c.line_of(item, kind))
        out.append(SignalSpec(sid, kind, float(weight), anchor, scope, value, line or 0, tuple(ignore)))
    return tuple(out)


def _string_list(c: _Checker, value: object, where: str, line: int | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x.strip() for x in value):
        c.fail(f"expected a non-empty list of phrases, found {_show(value)}", where, line)
    items = tuple(" ".join(x.split()) for x in value)
    if any(x.startswith("@") for x in items):
        from .lexicons import EMPTY
        items = (c.lexicons or EMPTY).expand(items, lambda problem: c.fail(problem, where, line))
    return items


def _check_kind(c: _Checker, kind: str, value: object, where: str, line: int | None) -> object:
    if kind in ("phrases", "heading"):
        return _string_list(c, value, where, line)
    if kind == "regex":
        pattern = value
        if not isinstance(pattern, str) or not pattern:
            c.fail(f"expected a regular expression, found {_show(value)}", where, line)
        if "@{" in pattern:
            from .lexicons import EMPTY
            pattern = (c.lexicons or EMPTY).expand_regex(
                pattern, lambda problem: c.fail(problem, where, line))
        from .regex import RegexError, compile_regex
        try:
            compile_regex(pattern)
        except RegexError as exc:
            c.fail(str(exc), where, line)
        return pattern
    if kind == "pattern":
        if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
            c.fail("expected a spaCy token pattern: a list of token attribute mappings, "
                   "e.g. [{LEMMA: waive}, {OP: '?'}, {LOWER: provision}]", where, line)
        from ..nlp.patterns import check_token_pattern
        problem = check_token_pattern([dict(t) for t in value])
        if problem:
            c.fail(f"is not a valid spaCy token pattern: {problem}", where, line)
        return tuple(_plain(t) for t in value)
    if kind == "near":
        if not isinstance(value, dict):
            c.fail("expected {terms: [[...], [...]], window: N}", where, line)
        c.unknown_keys(value, {"terms", "window", "across_sentences"}, where + ".")
        terms = value.get("terms")
        if not isinstance(terms, list) or len(terms) < 2:
            c.fail("expected at least two groups of terms that must all occur near each other", where + ".terms",
                   c.line_of(value, "terms"))
        groups = tuple(_string_list(c, g, f"{where}.terms[{i}]", c.line_of(terms, i)) for i, g in enumerate(terms))
        window = value.get("window", 10)
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 60:
            c.fail(f"expected a whole number of tokens between 1 and 60, found {_show(window)}",
                   where + ".window", c.line_of(value, "window"))
        across = value.get("across_sentences", False)
        if not isinstance(across, bool):
            c.fail(f"expected true or false, found {_show(across)}", where + ".across_sentences",
                   c.line_of(value, "across_sentences"))
        return {"terms": groups, "window": window, "across_sentences": across}
    if kind == "metric":
        if not isinstance(value, dict):
            c.fail("expected {name: words|pages|articles|words_per_article, at_most: N} or at_least", where, line)
        c.unknown_keys(value, {"name", "at_most", "at_least"}, where + ".")
        name = value.get("name")
        if name not in METRICS:
            c.fail(f"expected one of {', '.join(METRICS)}, found {_show(name)}", where + ".name",
                   c.line_of(value, "name"))
        bounds = {k: value[k] for k in ("at_most", "at_least") if k in value}
        if not bounds or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in bounds.values()):
            c.fail("expected a numeric at_most or at_least", where, line)
        return {"name": name, **bounds}
    raise AssertionError(kind)


def _plain(obj: object) -> object:
    """YAML containers with line info -> plain dicts and lists (spaCy wants those)."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj
