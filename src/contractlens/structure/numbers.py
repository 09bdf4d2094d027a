"""Numbers as contracts print them: 12, XII, TWELVE, twenty-one, A, (a), iv."""

from __future__ import annotations

import re

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_UNITS = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
          "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN",
          "EIGHTEEN", "NINETEEN"]
_TENS = {"TWENTY": 20, "THIRTY": 30, "FORTY": 40, "FIFTY": 50, "SIXTY": 60, "SEVENTY": 70,
         "EIGHTY": 80, "NINETY": 90}
WORD_NUMBER = (r"(?:(?:TWENTY|THIRTY|FORTY|FIFTY|SIXTY|SEVENTY|EIGHTY|NINETY)(?:[\s-]+(?:ONE|TWO|THREE|"
               r"FOUR|FIVE|SIX|SEVEN|EIGHT|NINE)(?![A-Z]))?|ELEVEN|TWELVE|THIRTEEN|FOURTEEN|FIFTEEN|"
               r"SIXTEEN|SEVENTEEN|EIGHTEEN|NINETEEN|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)")


def roman_to_int(text: str) -> int | None:
    t = text.upper()
    if not t or not _ROMAN.match(t):
        return None
    total = 0
    for a, b in zip(t, t[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total



def word_to_int(text: str) -> int | None:
    parts = re.split(r"[\s-]+", text.strip().upper())
    if len(parts) == 1:
        if parts[0] in _UNITS:
            return _UNITS.index(parts[0])
        return _TENS.get(parts[0])
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS[1:10]:
        return _TENS[parts[0]] + _UNITS.index(parts[1])
    return None


def letter_value(text: str) -> int | None:
    """A=1 ... Z=26, AA=27 (contracts that run past Z double the letter)."""
    t = text.upper()
    if len(t) == 1 and t.isalpha():
        return ord(t) - 64
    if len(t) == 2 and t[0] == t[1] and t.isalpha():
        return 26 + ord(t[0]) - 64
    return None


def number_value(text: str) -> int | None:
    """The integer a printed article number stands for: 12, XII, TWELVE."""
    t = text.strip().rstrip(".")
    if t.isdigit():
        return int(t)
    return roman_to_int(t) or word_to_int(t)
