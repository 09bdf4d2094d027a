"""JUnit XML: one test case per policy requirement, failed, passed or skipped (suppressed)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ..check import CheckResult
from .check_text import where


def _case_name(rule: str, subject: str | None) -> str:
    return f"{rule} {subject}" if subject else rule


def render(results: list[CheckResult], errors: list[str]) -> str:
    suites = ET.Element("testsuites", name="contractlens")
    total = failures = skipped = 0
    for r in results:
        failed = {_case_name(v.rule, v.practice or v.area): v for v in r.violations}
        accepted = {_case_name(v.rule, v.practice or v.area): (v, s) for v, s in r.suppressed}
        suite = ET.SubElement(suites, "testsuite", name=r.draft.source.path)
        n_fail = n_skip = 0
        for name in r.checked:
            case = ET.SubElement(suite, "testcase", classname="contractlens.policy", name=name)
            if name in failed:
                v = failed[name]
                fail = ET.SubElement(case, "failure", message=v.message, type=v.rule)
                fail.text = f"{v.message}\nat {where(v.location)}"
                n_fail += 1
            elif name in accepted:
                ET.SubElement(case, "skipped", message=f"suppressed: {accepted[name][1].reason}")
                n_skip += 1
        for name, v in failed.items():  # violations without a matching check line
            if name not in r.checked:
                case = ET.SubElement(suite, "testcase", classname="contractlens.policy", name=name)
                ET.SubElement(case, "failure", message=v.message, type=v.rule).text = where(v.location)
                n_fail += 1
        tests = len(suite)
        suite.set("tests", str(tests))
        suite.set("failures", str(n_fail))
        suite.set("skipped", str(n_skip))
        suite.set("errors", "0")
        total, failures, skipped = total + tests, failures + n_fail, skipped + n_skip
    for message in errors:
        suite = ET.SubElement(suites, "testsuite", name="unreadable input", tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname="contractlens.input", name=message.split(":")[0])
        ET.SubElement(case, "error", message=message)
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
