"""``metric``: the agreement's size (pages, words, articles, words per article) within
bounds. Document-level: scored from the whole contract (score.py), never matched in a unit."""

from __future__ import annotations

from .base import Kind


class Metric(Kind):
    name = "metric"
    level = "document"

    @staticmethod
    def fires(spec, metrics: dict[str, float]) -> bool:
        value = metrics.get(spec.value["name"])
        if value is None:
            return False
        if "at_most" in spec.value and value > spec.value["at_most"]:
            return False
        return not ("at_least" in spec.value and value < spec.value["at_least"])

    @staticmethod
    def explain(spec) -> str:
        bounds = " and ".join(f"{k.replace('_', ' ')} {spec.value[k]:g}" for k in ("at_least", "at_most")
                              if k in spec.value)
        return f"the agreement's {spec.value['name'].replace('_', ' ')}: {bounds}"
