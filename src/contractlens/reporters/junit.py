"""JUnit XML: one test case per policy requirement, failed, passed or skipped (suppressed)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ..model import FAILED, SUPPRESSED, CheckResult, Failure
from ._text import location_text as where


def render(results: list[CheckResult], errors: list[Failure]) -> str:
    suites = ET.Element("testsuites", name="contractlens")
    total = failures = skipped = 0
    for r in results:
        suite = ET.SubElement(suites, "testsuite", name=r.draft.source.path)
        if r.draft.reviews is not None:  # only with --reviews
            props = ET.SubElement(suite, "properties")
            ET.SubElement(props, "property", name="reviews", value=r.draft.reviews.summary)
        n_fail = n_skip = 0
        for outcome in r.outcomes:  # each check under the name check.py gave it
            case = ET.SubElement(suite, "testcase", classname="contractlens.policy", name=outcome.name)
            if outcome.status == FAILED:
                v = outcome.violations[-1]
                fail = ET.SubElement(case, "failure", message=v.message, type=v.rule)
                fail.text = f"{v.message}\nat {where(v.location)}"
                n_fail += 1
            elif outcome.status == SUPPRESSED:
                ET.SubElement(case, "skipped", message=f"suppressed: {outcome.suppressed[-1][1].reason}")
                n_skip += 1
        tests = len(suite.findall("testcase"))
        suite.set("tests", str(tests))
        suite.set("failures", str(n_fail))
        suite.set("skipped", str(n_skip))
        suite.set("errors", "0")
        total, failures, skipped = total + tests, failures + n_fail, skipped + n_skip
    for failure in errors:
        suite = ET.SubElement(suites, "testsuite", name="unreadable input", tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname="contractlens.input", name=failure.path)
        ET.SubElement(case, "error", message=str(failure))
        total += 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("skipped", str(skipped))
    suites.set("errors", str(len(errors)))
    _scrub(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


# XML 1.0 allows tab, newline, carriage return and U+0020 upward (less surrogates, FFFE, FFFF);
# a control character from a file or rule name would make the whole report unparseable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _scrub(element: ET.Element) -> None:
    for node in element.iter():
        if node.text:
            node.text = _NOT_XML.sub("", node.text)
        for key, value in node.attrib.items():
            node.attrib[key] = _NOT_XML.sub("", value)
