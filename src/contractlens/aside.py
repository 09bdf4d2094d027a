"""Work done aside: a function run in a forked child process while this process goes on.

A cold scan has three pieces of pure-Python work that one process would run one after
another on one core, whatever threads it starts (the GIL): reading and structuring the
file, importing spaCy and loading the rule pack, and matching. ``start`` forks a child
for one of them; the child sends its result back down a pipe as a pickle, and ``wait``
returns it. The child is a copy of this process at the fork, so nothing is handed to it.

``wait`` returns None when the child failed in any way (an error, a crash of a C library,
a result that cannot be pickled, an interruption): the caller then does the work itself,
so every error is raised as it always is, from this process. A work function must
therefore not return None.

Whoever starts a child calls its ``wait`` once, also when it fails meanwhile
(``wait(cancel=True)``): the garbage collector of this process is held until then.

``start`` returns None where forking is not safe: no ``os.fork`` (Windows), macOS (system
frameworks that refuse to run in a forked child), other Python threads running (the child
inherits only this one, and a lock another thread holds stays held in the child forever),
or ``CONTRACTLENS_NO_FORK`` set.
"""

from __future__ import annotations

import gc
import os
import pickle
import struct
import sys
import threading
from typing import Callable

try:
    import fcntl
except ImportError:  # Windows, where nothing is forked anyway
    fcntl = None

NO_FORK_ENV = "CONTRACTLENS_NO_FORK"  # set (to anything) to do all work in one process
_FRAME = struct.Struct("<Q")  # the length of the pickle that follows

Progress = Callable[..., None]


def available() -> bool:
    return (hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1
            and not os.environ.get(NO_FORK_ENV))


def start(work: Callable[[Progress], object], progress: Progress | None = None) -> Callable[[], object] | None:
    """Run ``work(report)`` in a forked child; the function returned waits for its result.

    ``report(*args)`` in the child calls ``progress(*args)`` here, while this process waits
    (an OCR progress bar is drawn by this process, as without the child)."""
    if not available():
        return None
    for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    inlet, outlet = os.pipe()
    _widen(outlet)
    # The garbage collector leaves the objects of the fork alone in both processes while the
    # child runs: a collection writes to every object it visits, and each page written to is
    # copied, which would cost the child's share of memory twice over (40 MB on Boston).
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # no memory or no process slots for a child: the caller does the work
        gc.unfreeze()
        os.close(inlet)
        os.close(outlet)
        return None
    if pid == 0:
        _child(inlet, outlet, work)
    os.close(outlet)

    def wait(cancel: bool = False) -> object:
        """The child's result (None: it failed). ``cancel``: stop the child instead (the
        caller failed meanwhile); every wait reaps the child and closes the pipe."""
        kind, payload = "failed", None
        if cancel:
            os.close(inlet)
            gc.unfreeze()
            _reap(pid, kill=True)
            return None
        try:
            with os.fdopen(inlet, "rb") as pipe:
                while True:
                    head = pipe.read(_FRAME.size)
                    if len(head) < _FRAME.size:
                        kind = "failed"  # the child died without a word (a crash in a C library)
                        break
                    kind, payload = pickle.loads(pipe.read(_FRAME.unpack(head)[0]))
                    if kind != "progress":
                        break
                    if progress is not None:
                        progress(*payload)
        except BaseException:  # Ctrl-C, SIGTERM, a failing progress callback: the child goes too
            _reap(pid, kill=True)
            raise
        finally:
            gc.unfreeze()
        _reap(pid)
        return payload if kind == "done" else None
    return wait


def _child(inlet: int, outlet: int, work: Callable[[Progress], object]) -> None:
    """The forked child: work, send, and leave at once (os._exit: no exit handlers, no
    flushing of buffers copied from the parent, no finally blocks of the parent's stack)."""
    code = 1
    try:
        import signal

        os.close(inlet)
        for sig in (signal.SIGINT, signal.SIGTERM):  # the parent reports an interruption, not the child
            signal.signal(sig, signal.SIG_DFL)
        with os.fdopen(outlet, "wb") as out:
            def send(kind: str, payload) -> None:
                blob = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
                out.write(_FRAME.pack(len(blob)) + blob)
                out.flush()

            try:
                result = work(lambda *args: send("progress", args))
                blob = pickle.dumps(("done", result), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent does the work again and raises it
                send("failed", None)
            else:
                out.write(_FRAME.pack(len(blob)) + blob)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        code = 0
    finally:
        os._exit(code)


def _widen(fd: int) -> None:
    """A pipe as large as the system allows (Linux: 1 MB, not 64 KB), so a result of some
    megabytes crosses in a few writes: on a busy machine each time the child fills the pipe
    it waits for this process to be scheduled to empty it, a few milliseconds each time."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if size is None:
        return
    try:
        with open("/proc/sys/fs/pipe-max-size") as f:
            wanted = int(f.read())
    except (OSError, ValueError):
        wanted = 1 << 20
    try:
        fcntl.fcntl(fd, size, wanted)
    except OSError:  # over a per-user limit: the default size works, only slower
        pass


def _reap(pid: int, kill: bool = False) -> None:
    import signal

    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
