"""Matching: compile a rule pack into spaCy matchers once, run them over units.

Input is plain text per unit; output is plain ``UnitMatch`` data (which signal
fired in which sentence, at which characters). No spaCy object leaves here.
"""

from .engine import CompiledPack
from .hits import SignalHit, UnitMatch, UnitText

__all__ = ["CompiledPack", "SignalHit", "UnitMatch", "UnitText"]
