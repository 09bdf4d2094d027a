"""A file that could not be read, as an object: callers never split an error string."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str
    district: str = ""  # named from the file, for the matrix's failure rows
    state: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
