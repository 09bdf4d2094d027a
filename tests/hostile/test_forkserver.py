"""The harness itself: a forked case behaves as the fresh interpreter it stands in for."""

from __future__ import annotations

import pytest

from .conftest import POLICY, SAMPLES, _SERVER, run_cli


@pytest.mark.parametrize("args, stdin", [
    (("scan", "good.txt", "-f", "json"), None),
    (("scan", "-", "-f", "json"), (SAMPLES / "reform.txt").read_bytes()),
    (("scan", "nowhere.pdf"), None),
    (("scan", "--nope"), None),
    (("check", "good.txt", "--policy", str(POLICY), "-o", "no/such/out.txt"), None),
])
def test_a_forked_case_matches_a_fresh_interpreter(work, args, stdin):
    forked, fresh = run_cli(*args, cwd=work, stdin=stdin), run_cli(*args, cwd=work, stdin=stdin, fresh=True)
    assert (forked.code, forked.out, forked.err) == (fresh.code, fresh.out, fresh.err)


def test_only_keys_read_at_run_time_may_differ_from_the_server():
    server = _SERVER[0]
    assert server.suits({**server.env, "XDG_CACHE_HOME": "/x", "HOME": "/h", "HOSTILE_DB_FULL": "1"})
    assert not server.suits({**server.env, "COLUMNS": "60"})
    assert not server.suits({**server.env, "PYTHONIOENCODING": "latin-1"})
    assert not server.suits({k: v for k, v in server.env.items() if k != "COLUMNS"})
