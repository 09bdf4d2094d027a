"""A policy's value types: what a draft must codify, keep and how long it may be, and the
violations accepted (policy suppressions and baseline entries). Read by ``policy.load_policy``,
applied by ``check.run_check``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    practice: str
    min_confidence: float | None  # None: the rule's own threshold


@dataclass(frozen=True)
class Suppression:
    rule: str
    reason: str
    practice: str | None = None
    unit: str | None = None  # a unit fingerprint
    area: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Policy:
    path: str
    pack: str
    require: tuple[Requirement, ...] = ()
    keep: tuple[str, ...] | str = ()  # "all" or practice ids
    min_per_area: tuple[tuple[str, int], ...] = ()
    max_pages: int | None = None
    max_words: int | None = None
    suppressions: tuple[Suppression, ...] = ()


@dataclass(frozen=True)
class BaselineEntry(Suppression):
    """A violation accepted by ``check --write-baseline``: matched by its fingerprint."""

    fingerprint: str = ""
