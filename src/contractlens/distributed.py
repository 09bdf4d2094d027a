"""Scanning on a Dask cluster (``compare --scheduler ADDRESS``).

The per-document work (read, OCR, structure, match, score: ``compare._scan_one``)
runs on the cluster's workers. Documents travel by content, a name and the bytes,
because a worker need not see the client's files; the rule pack travels once,
loaded. Results come back as the same frozen data a local process returns, and
only this process writes the store, one result as each future completes: a
worker that dies loses only the documents it held, which the scheduler runs
again elsewhere, and the store never holds half a document.

dask is imported here alone, and only when --scheduler is given: it costs a
second at start-up that no other command should pay.
"""

from __future__ import annotations

import pickle
import time
import uuid
from pathlib import Path
from typing import Iterator

from .errors import ConfigError, InputError
from .compare import failure

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler and find a worker before giving up
RETRIES = 2  # a document whose task raises is run again this often (a worker's death is the scheduler's count)
PER_THREAD = 2  # documents handed out per worker thread at a time: bounds the bytes held in memory
POLL = 2.0  # seconds between looks at the cluster while nothing completes
WORKERLESS = 30.0  # seconds without any worker before the batch stops (it would wait forever)
# the cluster's failure, not the file's: never recorded in the store as the file's (compare.run)
WORKERS_DIED = "every worker that scanned it died (the scheduler gave up; too large for a worker's memory?)"


def scan_on_cluster(address: str, tasks: list[tuple]) -> Iterator[tuple]:
    """Yield what ``compare._scan_one`` returns for each task, computed on the cluster at
    ``address``, in the order they complete. Tasks are (path, pack path, engine, OcrOptions)."""
    from .rules import load_pack

    client = _connect(address)
    try:
        path0, pack_path, engine, options = tasks[0]
        blob = pickle.dumps(load_pack(pack_path))
        run = uuid.uuid4().hex[:8]
        # a future, not scattered data: if the worker holding it dies the scheduler loads it again
        pack = client.submit(pickle.loads, blob, key=f"contractlens-pack-{run}", pure=False)
        yield from _results(client, address, tasks, pack, engine, options.mode, run)
    finally:
        client.close()


def _scan_document(name: str, data: bytes, pack, engine: str, ocr_mode: str):
    """On a worker: the same work as a local process; no OCR cache (the store is the client's)."""
    from . import __version__
    from .compare import _scan_one
    from .ingest import OcrOptions

    return __version__, _scan_one((name, pack, engine, OcrOptions(mode=ocr_mode, jobs=1, cache=None), data))


def _connect(address: str):
    import logging

    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--scheduler needs dask.distributed, which is not installed "
                          "(pip install dask distributed)") from None
    # connection retries log tracebacks; the user gets one line from us instead. Dask's own
    # configuration gives some children a level of their own (distributed.client: WARNING, which
    # logs "Couldn't gather 1 keys, rescheduling" when a worker dies holding a result), so
    # each configured logger is quieted, not only the parent.
    for name in ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    target = _address(address)
    try:
        client = Client(target, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT:g} s "
                          f"({_reason(exc)})") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        client.close()
        raise ConfigError(f"the Dask scheduler at {address} has no workers (start one: dask worker {address})") from None
    return client


def _address(address: str) -> str:
    """The scheduler's address in full (tcp://host:8786), or a one-line ConfigError: a Client
    given a malformed one fails late, and noisily, when it is collected."""
    from distributed.comm.addressing import normalize_address, parse_address, parse_host_port, unparse_host_port
    from distributed.comm.registry import backends

    try:
        protocol, location = parse_address(normalize_address(address.strip()))
        host, port = parse_host_port(location, 8786)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"--scheduler {address}: not a scheduler address ({_reason(exc)}); "
                          "expected tcp://host:8786") from None
    if protocol not in backends or not host:
        raise ConfigError(f"--scheduler {address}: not a scheduler address (expected tcp://host:8786)")
    return f"{protocol}://{unparse_host_port(host, port)}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.rstrip(".: ")


def _results(client, address: str, tasks: list[tuple], pack, engine: str, ocr_mode: str, run: str):
    from distributed import wait
    from distributed.scheduler import KilledWorker

    from . import __version__

    queue = list(tasks)
    pending: dict = {}  # future -> path
    done = 0
    workerless_since = None
    while queue or pending:
        limit = max(1, PER_THREAD * sum(client.nthreads().values()))
        while queue and len(pending) < limit:
            path = queue.pop(0)[0]
            try:
                data = _read(path)
            except InputError as exc:
                done += 1
                yield path, None, failure(exc.path, exc.problem)
                continue
            future = client.submit(_scan_document, path, data, pack, engine, ocr_mode, retries=RETRIES,
                                   key=f"contractlens-scan-{run}-{len(tasks) - len(queue)}", pure=False)
            pending[future] = path
        if not pending:
            continue
        try:
            with client.as_current():  # wait() looks for the default client; this one is not made it
                finished = wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            finished = set()
        if not finished:
            if client.status != "running":
                raise _lost(address, done, len(tasks))
            if client.nthreads():
                workerless_since = None
            elif workerless_since is None:
                workerless_since = time.monotonic()
            elif time.monotonic() - workerless_since > WORKERLESS:
                raise ConfigError(f"the Dask scheduler at {address} has had no workers for {WORKERLESS:g} s: "
                                  f"{done} of {len(tasks)} documents done and saved; run again to resume")
            continue
        for future in finished:
            path = pending.pop(future)
            done += 1
            if future.status == "cancelled":
                raise _lost(address, done - 1, len(tasks))
            if future.status == "error":
                exc = future.exception()
                if isinstance(exc, KilledWorker):
                    yield path, None, failure(path, WORKERS_DIED)
                    continue
                if isinstance(exc, ModuleNotFoundError) and "contractlens" in str(exc):
                    raise ConfigError(f"the workers of {address} cannot import contractlens: install it "
                                      "on every worker (the same version as here)") from None
                raise exc
            version, answer = future.result()
            if version != __version__:
                raise ConfigError(f"a worker of {address} runs contractlens {version}, this client {__version__}: "
                                  "install the same version everywhere (results must not depend on the machine)")
            future.release()
            yield answer


def _read(path: str) -> bytes:
    from .ingest.limits import read_input_bytes
    return read_input_bytes(Path(path))


def _lost(address: str, done: int, total: int) -> ConfigError:
    return ConfigError(f"lost the Dask scheduler at {address}: {done} of {total} documents done and saved; "
                       "run again to resume")
