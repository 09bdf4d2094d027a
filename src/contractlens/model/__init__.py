"""Plain frozen data passed between stages and handed to reporters and users.

Data flows one way: ingest -> structure -> match -> score -> report. Every stage returns
objects from this package and no logic lives here, so a reporter that imports only
``model`` cannot reach back into the pipeline. No spaCy object ever appears here.
"""

from .check import FAILED, PASSED, SUPPRESSED, CheckOutcome, CheckResult, Location, RuleInfo, Violation
from .diff import DiffResult, PracticeChange, UnitChange, UnitRef
from .document import (Contract, Page, PageReading, RawDocument, RawPage, Source, StructureReport, TocEntry,
                       Unit)
from .evaluation import EvalResult, EvalRun, GoldClause, GoldFile, PracticeScore, Prediction
from .failure import Failure
from .findings import NOT_FOUND, PRESENT, WEAK, Evidence, Modifier, PracticeResult, ScanResult, Tag
from .matrix import Label, Matrix, Row, failure_records, records
from .rules import ExampleResult, ExamplesRun, PackRun, RuleDetail, RuleRun, RuleSummary, SignalInfo
from .review import (ADDED, AGREES, CONFIRMED, MISSED, REJECTED, RIGHT, STALE, VERDICTS, WRONG, Review,
                     ReviewFile, ReviewOutcome, ReviewsApplied)
from .runs import CheckRun, CompareRun, DiffRun, ReviewListRun, ReviewRun, ScanRun, SegmentRun

__all__ = [
    "FAILED", "PASSED", "SUPPRESSED", "CheckOutcome", "CheckResult", "Location", "RuleInfo", "Violation",
    "DiffResult", "PracticeChange", "UnitChange", "UnitRef",
    "Contract", "Page", "PageReading", "RawDocument", "RawPage", "Source", "StructureReport", "TocEntry", "Unit",
    "EvalResult", "EvalRun", "GoldClause", "GoldFile", "PracticeScore", "Prediction",
    "Failure", "NOT_FOUND", "PRESENT", "WEAK", "Evidence", "Modifier", "PracticeResult", "ScanResult", "Tag",
    "Label", "Matrix", "Row", "failure_records", "records",
    "ADDED", "AGREES", "CONFIRMED", "MISSED", "REJECTED", "RIGHT", "STALE", "VERDICTS", "WRONG", "Review",
    "ReviewFile", "ReviewOutcome", "ReviewsApplied",
    "CheckRun", "CompareRun", "DiffRun", "ReviewListRun", "ReviewRun", "ScanRun", "SegmentRun",
    "ExampleResult", "ExamplesRun", "PackRun", "RuleDetail", "RuleRun", "RuleSummary", "SignalInfo",
]
