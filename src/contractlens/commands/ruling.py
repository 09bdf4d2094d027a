"""The ``rules`` commands: list a pack, show one rule, validate a pack, run its examples."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import ConfigError
from ..model import ExamplesRun, PackRun, RuleDetail, RuleRun, RuleSummary, SignalInfo


def _summary(pack, rule) -> RuleSummary:
    return RuleSummary(rule.id, rule.name, pack.area_name(rule.area), len(rule.signals), len(rule.exclusions),
                       rule.threshold)


def _pack_run(pack) -> PackRun:
    return PackRun(pack.name, pack.title, pack.version, str(pack.path), tuple(_summary(pack, r) for r in pack.rules),
                   tuple(str(r.path) for r in pack.rules))


def rules_list(pack: str | Path = "handbook") -> PackRun:
    """The practices a pack (a bundled name or a directory of rule files) looks for."""
    from ..rules import load_pack

    return _pack_run(load_pack(pack))


def rules_validate(path: str | Path = "handbook") -> PackRun:
    """Load a pack, a directory or a rule file and check it against the schema; a problem is a
    ConfigError naming file:line, the rule and the field."""
    from ..rules import load_pack

    return _pack_run(load_pack(path))


def rules_show(rule_id: str, pack: str | Path = "handbook") -> RuleRun:
    """One rule in full: what it means, its signals, exclusions and examples."""
    from ..rules import load_pack

    p = load_pack(pack)
    try:
        r = p.rule(rule_id)
    except KeyError:
        raise ConfigError(f"no rule {rule_id!r} in pack {p.name} (try: contractlens rules list)") from None

    def info(specs) -> tuple[SignalInfo, ...]:
        return tuple(SignalInfo(s.id, s.kind, s.weight, s.anchor, s.value) for s in specs)

    return RuleRun(p.name, RuleDetail(r.id, r.name, p.area_name(r.area), r.description, str(r.path), r.scope,
                                      r.threshold, info(r.signals), info(r.exclusions), tuple(r.fire),
                                      tuple(r.no_fire)))


def rules_test(path: str | Path = "handbook") -> ExamplesRun:
    """Run every example of every rule of the pack; a failed example makes the exit status 1."""
    from ..rules import load_pack
    from ..examples import run_examples

    start = time.perf_counter()
    p = load_pack(path)
    results = run_examples(p)
    return ExamplesRun(p.name, len(p.rules), tuple(results), time.perf_counter() - start)
