"""One function per command. Each returns a frozen result (``contractlens.model``) that knows
its exit status (``.exit_code``); the CLI only parses arguments, calls one of these, renders
the result and exits with that status."""

from .checking import check, diff
from .comparing import compare, practice_definitions
from .evaluating import evaluate
from .reading import scan, segment
from .reviewing import evaluate_reviews, list_reviews, review
from .ruling import rules_list, rules_show, rules_test, rules_validate
from .serialize import to_data, to_json

__all__ = ["segment", "scan", "check", "diff", "compare", "practice_definitions", "evaluate", "review", "list_reviews",
           "evaluate_reviews", "rules_list", "rules_show", "rules_validate", "rules_test", "to_json", "to_data"]
