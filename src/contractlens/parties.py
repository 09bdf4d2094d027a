"""Who the employer is: the district named by a contract, read from its title page and
its recognition/parties clause together, the file name only as a last resort.

Each place a name is found is a vote for its core (the place word: "Portland",
"Lee County"); a name seen both on the title page and in the parties clause is
sure, one seen in one place is likely, the file name alone is a guess and says so.
Court cases cited on the first pages ("Smith v. North Haven Board of Education")
and bare generic words ("City School District") never vote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_PAGE = "title page"
RECOGNITION = "recognition clause"
FILE_NAME = "file name"
MANIFEST = "manifest"


@dataclass(frozen=True)
class DistrictName:
    name: str          # as the contract writes it, tidied: "Duval County School Board"
    source: str        # TITLE_PAGE, RECOGNITION, FILE_NAME or MANIFEST
    confidence: float  # 0..1
    core: str = ""     # the place: "Duval County"

    @property
    def warning(self) -> str:
        if self.source == FILE_NAME:
            return f"district name {self.name!r} taken from the file name: no employer found on the title page " \
                   f"or in the recognition clause (give a --manifest to name it)"
        return ""


_GENERIC = {"the", "a", "an", "between", "and", "of", "agreement", "contractual", "collective", "bargaining", "board",
            "education", "trustees", "contract", "master", "teachers", "teacher", "union", "association",
            "federation", "for", "in", "city", "school", "schools", "public", "unified", "independent", "district",
            "by", "with", "this", "is", "made", "entered", "into", "committee", "state", "local", "municipal",
            "consolidated", "community", "area", "regional", "joint", "central", "no", "hereinafter", "called",
            "referred", "to", "as", "that", "its", "all", "classroom", "negotiated", "memorandum", "understanding",
            "tentative", "employees", "employee", "inc", "effective", "through", "professional", "educators"}
_PLACE_TAIL = {"county", "parish", "borough", "township"}
_W = r"[A-Z][A-Za-z'’.-]*"           # a capitalised word
_NAME = rf"((?:{_W}\s+){{0,4}}?{_W})"  # up to five of them, shortest first
_KIND = (r"(?:(?:unified|independent|consolidated|community|city|county|public|area|regional|union|joint|central|"
         r"municipal)\s+)*")
# (pattern, group holding the place, whether the place comes after the kind words)
_EMPLOYER = [
    re.compile(rf"\b{_NAME}\s+({_KIND}school\s+district|public\s+schools|city\s+schools|county\s+schools|"
               rf"county\s+school\s+board|school\s+board|board\s+of\s+school\s+committee|school\s+committee|"
               rf"board\s+of\s+education|board\s+of\s+trustees)\b", re.I),
    re.compile(rf"\b(school\s+district|school\s+board|board\s+of\s+education|board\s+of\s+trustees|public\s+schools)"
               rf"\s+of\s+(?:the\s+)?(?:city\s+(?:and\s+county\s+)?of\s+)?((?:{_W}\s+){{0,4}}{_W})", re.I),
]
_COURT = re.compile(r"\bv(?:s)?\.\s*$|\bvs?\.?\s+$", re.I)
_RECOGNITION = re.compile(r"recogni[sz]es?|entered\s+into|by\s+and\s+between|between\s+the|parties\s+to\s+this",
                          re.I)


def _tidy(text: str) -> str:
    text = " ".join(text.split()).replace("’", "'")
    if text.isupper() or text.islower():
        text = re.sub(r"(?<=\w)'S\b", "'s", text.title())
        text = re.sub(r"(?<=\s)(Of|And|The)\b", lambda m: m.group(1).lower(), text)
    return text


def core_of(name: str) -> str:
    """The place in an employer's name: "Lee County" from "The School Board of Lee County"."""
    words = [w.strip(".,'’") for w in _tidy(name).split()]
    kept = [w for w in words if w and (w.lower() not in _GENERIC or w.lower() in _PLACE_TAIL)]
    while kept and kept[0].lower() in _PLACE_TAIL:
        kept.pop(0)
    return " ".join(kept)


def _candidates(text: str) -> list[tuple[str, str]]:
    """(employer name, core) in the order they occur; court citations and generic names left out."""
    flat = " ".join(text.split())
    found: list[tuple[int, str, str]] = []
    for n, rx in enumerate(_EMPLOYER):
        for m in rx.finditer(flat):
            if _COURT.search(flat[max(0, m.start() - 6):m.start()]) or re.match(r"\s*vs?\.\s", flat[m.end():]):
                continue  # "Smith v. North Haven Board of Education": a court case, not a party
            if n == 0:
                place = m.group(1)
                # keep only the capitalised run that ends at the kind words
                words = place.split()
                run: list[str] = []
                for w in reversed(words):
                    if not w[:1].isupper() or (w.lower() in _GENERIC and w.lower() not in _PLACE_TAIL):
                        break
                    run.insert(0, w)
                before = words[len(words) - len(run) - 1] if len(words) > len(run) else \
                    (flat[max(0, m.start() - 5):m.start()].split() or [""])[-1]
                if before.lower().rstrip(".") in ("v", "vs"):
                    continue  # the run follows "v.": a court case
                place = " ".join(run)
                name = f"{_tidy(place)} {_tidy(m.group(2))}"
            else:
                place = m.group(2)
                words = place.split()
                run = []
                for w in words:
                    if not w[:1].isupper() or (w.lower() in _GENERIC and w.lower() not in _PLACE_TAIL):
                        break
                    run.append(w)
                place = " ".join(run)
                name = f"{_tidy(m.group(1))} of {_tidy(place)}"
            core = core_of(place)
            if core:
                found.append((m.start(), _tidy(name), core))
    found.sort()
    return [(name, core) for _, name, core in found]


def _recognition_text(text: str, limit: int = 60000) -> str:
    """The sentences around "recognizes" / "by and between" in the contract's opening part."""
    head = " ".join(text[:limit].split())
    return " … ".join(head[max(0, m.start() - 200):m.end() + 250] for m in _RECOGNITION.finditer(head))


def _rank(name: str) -> int:
    """The district's own name is the better label than its board's."""
    return 0 if re.search(r"school\s+district|schools\b", name, re.I) else 1


def _key(core: str) -> str:
    return re.sub(r"[^a-z]", "", core.lower().replace("county", "").replace("parish", ""))


def read_district(text: str, file_stem: str) -> DistrictName:
    """The employer district of a contract, how it was found and how sure that is."""
    title = _candidates(text[:2500])
    recog = _candidates(_recognition_text(text))
    file_core, _ = name_from_file(file_stem)
    votes: dict[str, dict] = {}
    for source, cands in ((TITLE_PAGE, title), (RECOGNITION, recog)):
        for name, core in cands:
            v = votes.setdefault(_key(core), {"name": name, "core": core, "sources": set(), "count": 0,
                                              "source": source})
            v["sources"].add(source)
            v["count"] += 1
            if len(core) > len(v["core"]):
                v["core"] = core
            if _rank(name) < _rank(v["name"]):
                v["name"] = name  # "Harbor Valley Unified School District" over "Board of Education of ..."
    file_key = _key(file_core)
    for k, v in votes.items():
        if file_key and (k.startswith(file_key) or file_key.startswith(k)):
            v["sources"].add(FILE_NAME)
    if votes:
        best = max(votes.values(), key=lambda v: (len(v["sources"]), v["count"]))
        confidence = {3: 0.95, 2: 0.85}.get(len(best["sources"]), 0.6)
        return DistrictName(best["name"], best["source"], confidence, best["core"])
    return DistrictName(file_core, FILE_NAME, 0.3, file_core)


def name_from_file(stem: str) -> tuple[str, str]:
    """("Cincinnati", "OH") from "cincinnati_oh_2007-2009_cft_contract"."""
    words = [w for w in re.split(r"[_\s-]+", stem) if w]
    name: list[str] = []
    state = ""
    for w in words:
        if re.search(r"\d", w):
            break
        if len(w) == 2 and name and w.isalpha():
            state = w.upper()
            break
        name.append(w)
    return (" ".join(name).title() or stem), state
