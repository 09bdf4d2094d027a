"""How a reader cites a unit, and how big the agreement proper is.

Both read only the outline, so the diff and the policy check use them without the matcher.
"""

from __future__ import annotations

from ..models import Contract, Unit

BACK_MATTER = {"appendix", "exhibit", "memorandum", "side_letter"}


def chain(u: Unit, by_id: dict[str, Unit]) -> list[Unit]:
    """The unit and its parents, outermost first."""
    line = [u]
    while line[-1].parent:
        line.append(by_id[line[-1].parent])
    return line[::-1]


def citation(u: Unit, by_id: dict[str, Unit]) -> str:
    """How a reader cites a unit: "Article III, B.2", "Article 5, 5-3-3(a)", "§210, 1.g(2)"."""
    segments: list[list[str]] = []
    for n in chain(u, by_id):
        if n.level == 1 or n.kind in ("article", "part") or n.kind in BACK_MATTER:
            head = n.label or n.heading or n.kind.replace("_", " ").title()
            segments.append([_titled(head)])
            continue
        if not segments:
            segments.append([])
        segments[-1].append(n.number)
    out = []
    for seg in segments:
        head, numbers = (seg[0], seg[1:]) if seg else ("", [])
        tail = ""
        for num in numbers:
            if "." in num or "-" in num:
                tail = num  # "13.3.1" names its own parents
            elif tail and ("." in tail or "-" in tail) and not tail.endswith(")"):
                tail += f"({num})"
            elif tail.endswith(")"):
                tail += f"({num})"
            else:
                tail = f"{tail}.{num}" if tail else num
        out.append(f"{head}, {tail}" if tail and head else head or tail)
    return "; ".join(out)


def _titled(label: str) -> str:
    """ "ARTICLE 12" -> "Article 12"; "§210" and "Appendix C" unchanged."""
    words = label.split()
    if words and words[0].isupper() and words[0].lower() in ("article", "section", "appendix", "exhibit", "part"):
        return " ".join([words[0].title()] + words[1:])
    return label


def contract_metrics(contract: Contract) -> dict[str, float]:
    """Size of the agreement proper (appendices, exhibits and side letters left out)."""
    body = [u for u in contract.units if u.level == 1 and u.kind not in BACK_MATTER]
    if not body:
        return {}
    words = sum(len(contract.text[u.start:u.end].split()) for u in body)
    pages = {p for u in body for p in range(u.page_start, u.page_end + 1)}
    articles = sum(1 for u in body if u.kind in ("article", "section"))
    return {"words": words, "pages": len(pages), "articles": articles,
            "words_per_article": words / articles if articles else words}
