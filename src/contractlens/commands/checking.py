"""`check` and `diff`: drafts against a policy and their previous version; what changed between two."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import ConfigError, InputError
from ..model import CheckRun, DiffRun, Failure
from ._common import refuse_overwrite
from .reviewing import ALL_EVIDENCE, load_for, thresholds

CHECK_EVIDENCE = 5  # quotes kept per practice: a violation cites the best, diff compares them


def check(drafts, policy: str | Path | None = None, *, against: str | Path | None = None, baseline: str | Path | None = None,
          write_baseline: str | Path | None = None, reason: str = "accepted when the baseline was taken",
          output: str | Path | None = None, pdf_engine: str = "pdfium",
          reviews: str | Path | None = None) -> CheckRun:
    """Check each draft against a policy (and, with ``against``, its previous version).

    ``output`` is where the caller will write the report; it is refused when it is an input.
    ``write_baseline`` records every draft's violations as accepted. ``reviews``: a review file
    applied to the scans of the drafts (and of the previous version) before they are checked.
    Without ``policy``, the policy is found from the current directory up (``policy.find_policy``)."""
    from .. import segment
    from ..check import read_baseline, rule_infos, run_check, write_baseline as save_baseline
    from ..policy import find_policy, load_policy
    from ..rules import load_pack

    drafts = [Path(d) for d in ([drafts] if isinstance(drafts, (str, Path)) else drafts)]
    if policy is None:
        policy = find_policy(Path.cwd())
    pol = load_policy(policy)
    pack = load_pack(pol.pack)
    accepted = read_baseline(baseline) if baseline else []
    reviewed = load_for(reviews, pack) if reviews is not None else None
    if against is not None and len(drafts) != 1:
        raise ConfigError("--against compares one draft with its previous version; give one draft")
    refuse_overwrite([*drafts, policy, against, baseline, reviews], (output, "--output"), (write_baseline, "--write-baseline"))
    if write_baseline is not None and Path(write_baseline).exists() and (
            baseline is None or Path(write_baseline).resolve() != Path(baseline).resolve()):
        raise ConfigError(f"--write-baseline {write_baseline} exists; remove it first or pass it as --baseline too")

    previous = previous_scan = None
    if against is not None:
        previous = segment(against, pdf_engine=pdf_engine)  # unreadable: InputError
        previous_scan = _scanned(previous, pack, reviewed)
    results, failures, timings = [], [], []
    for draft in drafts:
        start = time.perf_counter()
        try:
            contract = segment(draft, pdf_engine=pdf_engine)
        except InputError as exc:
            if len(drafts) == 1:
                raise
            failures.append(Failure(exc.path, exc.problem))
            continue
        results.append(run_check(pol, pack, contract, _scanned(contract, pack, reviewed),
                                 previous, previous_scan, accepted))
        timings.append((str(draft), time.perf_counter() - start))
    written = None
    count = 0
    if write_baseline is not None:
        count = save_baseline(write_baseline, results, reason)
        written = str(write_baseline)
    return CheckRun(tuple(results), tuple(failures), rule_infos(pack), written, count, str(policy), tuple(timings))


def _scanned(contract, pack, reviewed):
    """The scan a check reads: CHECK_EVIDENCE quotes per practice, the reviews applied if any."""
    from ..reviews import apply
    from ..scanner import scan_contract

    if reviewed is None:
        return scan_contract(contract, pack, evidence=CHECK_EVIDENCE)
    return apply(scan_contract(contract, pack, evidence=ALL_EVIDENCE), contract, reviewed, thresholds(pack),
                 evidence=CHECK_EVIDENCE)


def diff(old: str | Path, new: str | Path, *, pack: str = "handbook", pdf_engine: str = "pdfium",
         output: str | Path | None = None, fail_on_lost: bool = False) -> DiffRun:
    """Practices gained and lost; units added, removed or changed. ``output`` is where the
    caller will write the report; it is refused when it is one of the two versions. With
    ``fail_on_lost`` the run's exit status is 1 when a practice of ``old`` is lost in ``new``."""
    from .. import segment
    from ..diff import diff_contracts
    from ..rules import load_pack
    from ..scanner import scan_contract

    refuse_overwrite([old, new], (output, "--output"))
    start = time.perf_counter()
    rule_pack = load_pack(pack)
    a = segment(old, pdf_engine=pdf_engine)
    b = segment(new, pdf_engine=pdf_engine)
    return DiffRun(diff_contracts(a, b, scan_contract(a, rule_pack), scan_contract(b, rule_pack)),
                   time.perf_counter() - start, fail_on_lost)
