"""Rule regexes on RE2: matching takes time linear in the text, whatever the pattern.

A rule file's ``regex`` is written in Python's syntax (case-insensitive unless it says
``(?-i:...)``); ``translate`` turns it into RE2's:

- ``\\w \\d \\s`` (and ``\\W \\D \\S`` outside brackets) mean what they mean in Python,
  Unicode letters, digits and spaces, not RE2's ASCII ones ("café", a non-breaking space);
  ``\\b`` stays RE2's, a boundary between an ASCII letter, digit or ``_`` and anything else;
- a leading ``(?x)`` (verbose: spaces and ``# comments`` ignored) is applied here, since RE2
  has no verbose mode; ``\\Z`` is ``\\z`` and ``{,n}`` is ``{0,n}``.

RE2 has no lookarounds or backreferences; a pattern that uses them is refused. Two named
groups stand in for lookarounds:

- ``(?P<hit>...)``: the hit is this group's words; the rest of the match is context
  (``(?P<hit>\\bschools?\\b)\\s+(?:that|which)\\s+fail`` finds "school" where it fails);
- ``(?P<not>...)``: a match in which this group took part does not count: write first what
  must not be there (``\\b(?:(?P<not>bargaining\\s+units?)|bargaining)\\b``).

In both cases matching goes on after the group: context after a hit is not used up, and
the words a ``not`` group refused are not searched again.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_UNICODE_IN_CLASS = {
    "w": r"\p{L}\p{N}_",
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "s": r"\t-\r\x{1c}-\x{20}\x{85}\p{Z}",  # Python's str whitespace
}
_UNICODE = {
    "w": f"[{_UNICODE_IN_CLASS['w']}]",
    "W": f"[^{_UNICODE_IN_CLASS['w']}]",
    "d": _UNICODE_IN_CLASS["d"],
    "D": _UNICODE_IN_CLASS["D"],
    "s": f"[{_UNICODE_IN_CLASS['s']}]",
    "S": f"[^{_UNICODE_IN_CLASS['s']}]",
    "Z": r"\z",
}
_LEADING_FLAGS = re.compile(r"\(\?([a-zA-Z]+)\)")
_OPEN_QUANTIFIER = re.compile(r"\{,(\d+)\}")


class RegexError(ValueError):
    """A pattern RE2 cannot run; the message says why in plain words."""


def translate(pattern: str) -> str:
    """A rule's pattern (Python syntax) in RE2 syntax, with Unicode classes."""
    verbose = False
    m = _LEADING_FLAGS.match(pattern)
    if m and "x" in m.group(1):
        verbose = True
        rest = m.group(1).replace("x", "")
        pattern = (f"(?{rest})" if rest else "") + pattern[m.end():]
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            table = _UNICODE_IN_CLASS if in_class else _UNICODE
            if e in table:
                out.append(table[e])
            elif e == " " or (verbose and e == "#"):
                out.append(e if in_class or e != " " else "[ ]")
            else:
                out.append(c + e)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            for lead in ("^", "]"):  # "[]x]" and "[^]x]": a first "]" is a letter
                if i < n and pattern[i] == lead:
                    out.append(lead)
                    i += 1
            continue
        if verbose and c.isspace():
            i += 1
            continue
        if verbose and c == "#":
            while i < n and pattern[i] != "\n":
                i += 1
            continue
        out.append(c)
        i += 1
    return _OPEN_QUANTIFIER.sub(r"{0,\1}", "".join(out))


_LOOKAROUND = re.compile(r"\(\?(?:=|!|<=|<!)")


def re2_options():
    """RE2's options for every rule pattern, alone or in a set of them (match/signals/regex.py):
    a set read with other options would pick other regexes than the patterns find."""
    import re2

    found = re2.Options()
    found.case_sensitive = False
    found.log_errors = False
    return found


def compile_regex(pattern: str):
    """The RE2 program for a rule's pattern (case-insensitive); RegexError if RE2 refuses it."""
    import re2

    if _LOOKAROUND.search(pattern):
        raise RegexError("uses a lookaround ((?=, (?!, (?<=, (?<!), which the linear-time engine (RE2) "
                         "does not run; use the named groups 'hit' or 'not' (see the README)")
    try:
        compiled = re2.compile(translate(pattern), re2_options())
    except re2.error as exc:
        raise RegexError(f"is not a valid regular expression for RE2: {_problem(exc)}") from None
    names = compiled.groupindex  # the wrapper's match.start() takes group numbers only
    return compiled, names.get("hit"), names.get("not")


def _problem(exc: Exception) -> str:
    """RE2's reason without the pattern it echoes (which is the translated one)."""
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).split(": ", 1)[0]


class Text:
    """A unit's text as RE2 reads it: UTF-8 bytes, with the way back to character offsets."""

    def __init__(self, text: str):
        self.data = text.encode("utf-8")
        if len(self.data) == len(text):
            self.starts = None  # ASCII: bytes and characters agree
        else:  # where each character starts: every byte but UTF-8's continuation bytes
            import numpy

            data = numpy.frombuffer(self.data, dtype=numpy.uint8)
            self.starts = numpy.flatnonzero((data & 0xC0) != 0x80).tolist() + [len(self.data)]

    def char(self, offset: int) -> int:
        return offset if self.starts is None else bisect_left(self.starts, offset)


def spans(program, text: Text) -> list[tuple[int, int]]:
    """The (start, end) character spans a compiled rule regex finds, left to right, with the
    ``hit`` and ``not`` groups applied."""
    rx, hit, refused = program
    data = text.data
    if hit is None and refused is None:
        found = []
        for m in rx.finditer(data):
            span = (text.char(m.start()), text.char(m.end()))
            if not found or found[-1] != span:  # the wrapper gives an empty match at the end twice
                found.append(span)
        return found
    out = []
    pos, n = 0, len(data)
    while pos <= n:
        m = rx.search(data, pos)
        if m is None:
            break
        if refused is not None and m.start(refused) >= 0:
            resume = m.end(refused)
        else:
            a, b = (m.start(hit), m.end(hit)) if hit is not None and m.start(hit) >= 0 else m.span()
            out.append((text.char(a), text.char(b)))
            resume = b
        pos = resume if resume > m.start() else _next_char(data, m.start())
    return out


def _next_char(data: bytes, i: int) -> int:
    i += 1
    while i < len(data) and data[i] & 0xC0 == 0x80:  # inside a UTF-8 sequence
        i += 1
    return i
