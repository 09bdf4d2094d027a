"""The loaded and the compiled rule pack, cached on disk so a cold scan does not rebuild them.

Compiling a pack (the phrase and token matchers, the lemmas of every "near" term,
the literal gates of every regex) costs a few hundred milliseconds per process.
The result is pickled into ``<cache dir>/contractlens/packs/`` (the directory the
results store uses), keyed by a digest of

- the pack: its version (rule files, fitted weights, lexicons, context lexicons),
  its path, its ``pack.yaml`` and the handbook rules it rolls up;
- the engine: the bytes of contractlens's own source files and its version;
- spaCy's and Python's versions.

The spaCy pipeline itself is not in the file: the pickler names it and its vocabulary,
and loading binds them to this process's pipeline (after adding the strings the compile
had added, so every hash the matchers hold reads back as before).

The loaded pack (its rule files parsed and checked, ``rules.load_pack``) is cached too,
keyed by the bytes of every file it is read from.

A missing, stale, corrupt or unreadable file means compile as before; a cache directory
that cannot be written means compile every time. Neither stops a scan. The file is
written to a temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable

FORMAT = b"contractlens-pack-cache 1\n"
DISABLE_ENV = "CONTRACTLENS_NO_PACK_CACHE"  # set (to anything) to compile every time


def cache_dir() -> Path:
    from .files import default_db

    return default_db().parent / "packs"


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """A digest of the code that compiles and reads a pack: every source file of the package."""
    from . import __version__

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for f in sorted(root.rglob("*.py")):
        h.update(str(f.relative_to(root)).encode() + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def pack_key(pack, rules) -> str:
    import spacy

    h = hashlib.sha256()
    for part in (pack.name, pack.path, pack.version, str(pack.fitted), engine_digest(), spacy.__version__,
                 sys.version, ",".join(r.id for r in rules)):
        h.update(part.encode() + b"\0")
    meta = Path(pack.path) / "pack.yaml"
    if meta.is_file():
        h.update(meta.read_bytes())
    return h.hexdigest()[:32]


def _persistent(nlp, to_doc) -> dict[int, str]:
    return {id(nlp): "nlp", id(nlp.vocab): "vocab", id(nlp.vocab.strings): "strings", id(to_doc): "to_doc",
            id(nlp.tokenizer): "tokenizer"}


def dumps(compiled, nlp, to_doc) -> bytes:
    names = _persistent(nlp, to_doc)

    class _Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return names.get(id(obj))

    buf = io.BytesIO()
    buf.write(FORMAT)
    pickle.dump(list(nlp.vocab.strings), buf, protocol=pickle.HIGHEST_PROTOCOL)
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(compiled)
    return buf.getvalue()


def loads(data: bytes, nlp, to_doc):
    if not data.startswith(FORMAT):
        raise ValueError("not a contractlens pack cache")
    objects = {"nlp": nlp, "vocab": nlp.vocab, "strings": nlp.vocab.strings, "to_doc": to_doc,
               "tokenizer": nlp.tokenizer}

    class _Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            return objects[pid]

    buf = io.BytesIO(data)
    buf.seek(len(FORMAT))
    for s in pickle.load(buf):
        nlp.vocab.strings.add(s)
    with _decoders_read_once():
        return _Unpickler(buf).load()


@contextmanager
def _decoders_read_once():
    """Every Doc the pack holds (hundreds: the phrase patterns) unpickles through
    ``Doc.from_bytes``, whose msgpack reader asks srsly's decoder registry for all its
    decoders, and the registry scans the installed packages' entry points each time: 0.3 s
    of a cold scan's 0.4 s of cache loading on the Boston benchmark. The decoders cannot
    change while one file is read, so the registry answers from one reading meanwhile."""
    try:
        from srsly.msgpack import msgpack_decoders as registry
    except ImportError:  # another srsly: read as it reads
        yield
        return
    decoders = registry.get_all()
    registry.get_all = lambda: dict(decoders)  # an instance attribute: shadows the method
    try:
        yield
    finally:
        del registry.get_all


def compiled(pack, rules, build: Callable[[], object]):
    """The compiled pack from the cache, else ``build()`` (and store it for next time)."""
    if os.environ.get(DISABLE_ENV):
        return build()
    from .nlp import build_nlp, to_doc

    nlp = build_nlp()
    try:
        path = cache_dir() / f"compiled-{pack_key(pack, rules)}.pickle"
    except OSError:  # a pack or source file vanished under us: no cache this time
        return build()
    try:
        engine = loads(path.read_bytes(), nlp, to_doc)
        if type(engine).__name__ == "CompiledPack" and getattr(engine, "nlp", None) is nlp:
            return engine
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or from other code: compile afresh
        pass
    engine = build()
    try:
        _write(path, dumps(engine, nlp, to_doc))
    except Exception:  # noqa: BLE001 - an unwritable cache, or something unpicklable: scan on without it
        pass
    return engine


def loaded_pack(path: Path, fitted: bool, inputs: list[Path], build: Callable[[], object]):
    """A checked rule pack (``rules.RulePack``) from the cache, else ``build()``. The key is a
    digest of the bytes of every file the pack is read from (``inputs``) and of the engine;
    only a pack that loaded without error is stored, so a bad rule file is reported every time."""
    if os.environ.get(DISABLE_ENV):
        return build()
    try:
        h = hashlib.sha256(b"rules\0" + engine_digest().encode() + str(path).encode() + b"\0" + str(fitted).encode())
        for f in inputs:
            h.update(b"\0" + str(f).encode() + b"\0")
            h.update(f.read_bytes() if f.is_file() else b"(absent)")
        target = cache_dir() / f"rules-{h.hexdigest()[:32]}.pickle"
    except OSError:
        return build()
    try:
        data = target.read_bytes()
        if data.startswith(FORMAT):
            pack = pickle.loads(data[len(FORMAT):])
            if type(pack).__name__ == "RulePack" and pack.path == str(path):
                return pack
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt: load the files as before
        pass
    pack = build()
    try:
        _write(target, FORMAT + pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an unwritable cache: load the files every time
        pass
    return pack


def _write(path: Path, data: bytes) -> None:
    from .files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
