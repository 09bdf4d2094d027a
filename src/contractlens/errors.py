"""Errors a user can cause, each with the exit code the CLI maps it to.

The CLI prints ``contractlens: error: <message>`` on one line and exits with
``exit_code``; nothing else in the package prints or exits.
"""

from __future__ import annotations

# Documented in the README and in `contractlens --help`.
EXIT_OK = 0
EXIT_FINDINGS = 1  # a check failed (policy violated)
EXIT_USAGE = 2  # bad arguments, bad configuration or rule file
EXIT_INPUT = 3  # an input file could not be read
EXIT_PARTIAL = 4  # batch work (scan, check, compare): some files failed, the rest completed
EXIT_INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


def partial_exit(done: int, failed: int) -> int:
    """A batch's exit code: 0 when nothing failed, 4 when some files failed, 3 when all did."""
    if not failed:
        return EXIT_OK
    return EXIT_PARTIAL if done else EXIT_INPUT


_CONTROL = {c: None for c in range(32) if c != 9} | {127: None} | {c: None for c in range(0x80, 0xA0)}


def printable(text: str) -> str:
    """A user's string fit for one terminal line: control characters (ESC, newlines, NUL) removed,
    so a file name cannot clear the screen, fake text or break the one-line promise."""
    return text.translate(_CONTROL)


MAX_MESSAGE = 1000  # characters; a message echoing a user's value never grows past one screen line or so


def _short(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    return message[:MAX_MESSAGE * 2 // 3] + " [...] " + message[-(MAX_MESSAGE // 3):]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM from the CLI) stopped the work. A KeyboardInterrupt, so that code
    which cleans up after one (a process pool, a cluster client) does so; a batch that knows
    how far it got says so: ``done`` of ``total`` documents finished, and ``saved`` when those
    are in the results store (a re-run resumes)."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, done: int | None = None, total: int | None = None, *, saved: bool = False):
        super().__init__(done, total)
        self.done, self.total, self.saved = done, total, saved

    def __str__(self) -> str:
        if self.done is None or self.total is None:
            return "interrupted"
        return f"interrupted: {self.done} of {self.total} done" + (", run again to resume" if self.saved else "")


class ContractLensError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str):
        message = _short(printable(message))
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ContractLensError):
    """An input file is missing, unreadable, or not a contract we can read."""

    exit_code = EXIT_INPUT

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(ContractLensError):
    """A rule file, policy or option is wrong; names file:line and field."""

    exit_code = EXIT_USAGE

    def __init__(self, problem: str, *, path: object = None, line: int | None = None,
                 rule: str | None = None, field: str | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        self.rule = rule
        self.field = field
        self.problem = problem
        where = ""
        if self.path:
            where = self.path + (f":{line}" if line else "") + ": "
        what = ""
        if rule:
            what += f"rule {rule!r}"
        if field:
            what += (", " if what else "") + f"field {field!r}"
        super().__init__(where + (what + ": " if what else "") + problem)
