"""Old import path of the result types: they live in ``contractlens.model`` now."""

from .model.document import (Contract, Page, PageReading, RawDocument, RawPage, Source,  # noqa: F401
                             StructureReport, TocEntry, Unit)
from .model.findings import (NOT_FOUND, PRESENT, WEAK, Evidence, Modifier, PracticeResult,  # noqa: F401
                             ScanResult, Tag)
