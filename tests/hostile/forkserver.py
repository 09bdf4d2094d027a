"""A fork server for the hostile harness: one warm interpreter per test session, one fork per case.

A fresh ``python -m contractlens`` costs 1.5-3 s before any work (interpreter start, imports with
spaCy, the default rule pack's compile). This process pays that once, with a neutral environment,
then forks a child per case. The child is a real process: it takes the case's environment
(``os.environ`` replaced), working directory, stdin and stdout/stderr files, runs the fault hook
the fresh path would run as ``sitecustomize``, runs ``contractlens/__main__.py`` as ``__main__``
the way ``-m`` does, and exits with the code a fresh interpreter would (SystemExit codes, 1 and the
traceback on stderr for an uncaught exception, non-daemon threads joined, atexit run, streams
flushed). The caller enforces the timeout by killing the child's process group.

Every child is a fork of the same warm state, so cases cannot leak into one another. What is warm:
the modules, spaCy's blank pipeline and the default rule pack (loaded and compiled from the
repository's rules/, which no case changes or fault-injects). Nothing warmed reads the
environment at import (contractlens reads XDG_CACHE_HOME, COLUMNS and the like when a command
runs); the caller sends a case to a fresh interpreter when its environment differs from this
server's in anything but the keys the harness sets per case.

Protocol, one JSON object per line: the caller writes a request on our stdin; we answer
``{"pid": n}`` once forked and ``{"status": s, "maxrss": k}`` (waitpid status, and the child's peak
resident memory in KiB as getrusage gives it) when the child has gone.
Run as ``python forkserver.py`` with PYTHONPATH naming the tree's src/.
"""

from __future__ import annotations

import json
import os
import sys


def warm() -> None:
    """Import and build what every case would, so each fork starts with it done."""
    import importlib
    import pkgutil

    import contractlens
    import contractlens.cli  # noqa: F401  (typer, rich, the commands)

    for info in pkgutil.walk_packages(contractlens.__path__, "contractlens."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # an optional dependency missing: the case imports it (and fails) itself
            pass
    from contractlens.nlp.pipeline import build_nlp
    from contractlens.rules import load_pack
    from contractlens.scanner import compiled

    build_nlp()
    compiled(load_pack(None))
    import gc
    gc.collect()
    gc.freeze()  # keep the warm objects out of the children's collections (and their pages shared)


def _stream(fd: int, like, mode: str):
    import io
    raw = io.FileIO(fd, mode, closefd=False)
    buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding=like.encoding, errors=like.errors,
                            line_buffering=like.line_buffering, write_through=getattr(like, "write_through", False))


def child(request: dict) -> None:
    """In the forked child: become the case's process, run the CLI, exit. Never returns."""
    code = 1
    try:
        os.setpgid(0, 0)  # the caller kills the group on a timeout
        for fd, path, flags in ((0, request["stdin"], os.O_RDONLY),
                                (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = sys.__stdin__ = _stream(0, sys.__stdin__, "r")
        sys.stdout = sys.__stdout__ = _stream(1, sys.__stdout__, "w")
        sys.stderr = sys.__stderr__ = _stream(2, sys.__stderr__, "w")
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # sys.path as `python -m` with PYTHONPATH=<cwd>/.hooks:<src> builds it
        sys.path[:] = [request["cwd"], *request["pythonpath"], *sys.path[1 + len(request["server_pythonpath"]):]]
        code = _run(request)
    except BaseException:  # the harness itself failed: say so on the case's stderr
        import traceback
        traceback.print_exc()
    finally:
        os._exit(_finish(code))


def _run(request: dict) -> int:
    import runpy
    import threading
    try:
        try:
            exec(compile(request["hook"], os.path.join(request["pythonpath"][0], "sitecustomize.py"), "exec"),
                 {"__name__": "sitecustomize"})
            sys.argv = ["contractlens", *request["args"]]  # run_module puts __main__.py's path first
            runpy.run_module("contractlens", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
        threading._shutdown()  # what the interpreter does at exit: wait for non-daemon threads
    except SystemExit as exc:
        code = _exit_code(exc.code)
    return code


def _exit_code(value) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


def _finish(code: int) -> int:
    import atexit
    try:
        atexit._run_exitfuncs()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = 120  # the interpreter's code when flushing the standard streams fails at exit
    return code & 0xFF


def serve() -> None:
    requests = os.fdopen(0, "rb", buffering=0, closefd=False)
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    warm()
    replies.write(json.dumps({"ready": os.getpid()}) + "\n")
    buffer = b""
    while True:
        while b"\n" not in buffer:
            chunk = requests.read(65536)
            if not chunk:
                return  # the session is over
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            child(request)
        try:
            os.setpgid(pid, pid)  # as the child does: whichever runs first, the group exists before the reply
        except OSError:
            pass
        replies.write(json.dumps({"pid": pid}) + "\n")
        _, status, usage = os.wait4(pid, 0)  # its peak memory too (KiB; its reaped children's included)
        replies.write(json.dumps({"status": status, "maxrss": usage.ru_maxrss}) + "\n")


if __name__ == "__main__":
    serve()


# --- the caller's side (in the pytest process) ---------------------------------------------------

SERVER_KEYS = ("XDG_CACHE_HOME", "HOME", "PYTHONPATH",  # set per case; read when a command runs
               "PYTEST_CURRENT_TEST")  # pytest sets it per test; contractlens never reads it


class ForkServer:
    """The pytest side: start the server on first use, send it cases, stop it at session end."""

    def __init__(self, env: dict[str, str], src: str, log: str) -> None:
        self.env, self.src, self.log = env, src, log
        self.proc = None
        self._buffer = b""
        self.maxrss_kib: int | None = None  # the last case's peak resident memory (None: timed out)

    def suits(self, env: dict[str, str]) -> bool:
        """A case whose environment differs from the server's only in what is read at run time."""
        keys = set(env) | set(self.env)
        return all(env.get(k) == self.env.get(k) for k in keys
                   if k not in SERVER_KEYS and not k.startswith("HOSTILE_"))

    def _start(self) -> None:
        import subprocess
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__)], env=self.env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                         cwd=os.path.dirname(self.log))
        self._buffer = b""
        ready = self._reply(120)
        if ready is None or "ready" not in ready:
            self.close()
            raise RuntimeError(f"the hostile fork server did not start; see {self.log}")

    def _reply(self, timeout: float):
        import select
        import time
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError(f"the hostile fork server died; see {self.log}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, args: list[str], *, cwd: str, env: dict[str, str], hook: str, stdin: bytes | None,
            timeout: float) -> tuple[int | None, bytes, bytes]:
        """(exit code as subprocess gives it, stdout, stderr); code None when the case timed out."""
        import signal
        import tempfile
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        with tempfile.TemporaryDirectory(prefix="hostile-io-") as io_dir:
            stdin_path = os.devnull
            if stdin is not None:
                stdin_path = os.path.join(io_dir, "stdin")
                with open(stdin_path, "wb") as f:
                    f.write(stdin)
            out, err = os.path.join(io_dir, "stdout"), os.path.join(io_dir, "stderr")
            request = {"args": args, "cwd": cwd, "env": env, "hook": hook, "stdin": stdin_path,
                       "stdout": out, "stderr": err,
                       "pythonpath": env["PYTHONPATH"].split(os.pathsep),
                       "server_pythonpath": self.env["PYTHONPATH"].split(os.pathsep)}
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
            pid = self._reply(30)["pid"]
            done = self._reply(timeout)
            code = None
            self.maxrss_kib = None
            if done is None:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self._reply(30)
            else:
                code = os.waitstatus_to_exitcode(done["status"])
                self.maxrss_kib = done["maxrss"]
            with open(out, "rb") as f_out, open(err, "rb") as f_err:
                return code, f_out.read(), f_err.read()

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc = None
