"""Spread a pure step over the machine's cores: forked processes share the catalogue without
copying or pickling it, and send back only their results."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
import threading
import traceback
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The largest peak memory (max RSS, KiB) of a worker process so far: reported by the benchmark.
worker_peak_kb = 0


def default_workers() -> int:
    """One process per core, at most four (more adds memory and little speed)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def map_in_processes(function: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """`[function(item) for item in items]`, with the items dealt out in turn to `workers`
    processes (this one included). Results come back in order; an exception raised by any
    process is raised here. Without fork, with one worker, or in a process running other
    threads (another plugin's, a server's: forking them can deadlock the child), everything
    runs here.

    Only for functions without side effects that matter: what a child changes besides its
    results is lost."""
    if workers <= 1 or len(items) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [function(item) for item in items]
    workers = min(workers, len(items))
    results: list = [None] * len(items)
    children: list[tuple[int, str, range]] = []
    # Keep the collector from touching, hence copying, the memory the children share. What is
    # alive now lives as long as the build: it stays out of the collector's scans afterwards too.
    gc.freeze()
    try:
        for start in range(1, workers):
            share = range(start, len(items), workers)
            descriptor, path = tempfile.mkstemp(prefix=f"portraits-worker-{os.getpid()}-")  # the owner, for leftovers
            try:
                pid = os.fork()
            except OSError:  # no more processes or memory; children already started are collected below
                os.close(descriptor)
                os.unlink(path)
                raise
            if pid == 0:  # pragma: no cover - the child process; its results are checked in the parent
                _child(function, items, share, descriptor)
            os.close(descriptor)
            children.append((pid, path, share))
        for index in range(0, len(items), workers):
            results[index] = function(items[index])
    finally:
        outcomes = [_collect(pid, path) for pid, path, _ in children]
    for (_, _, share), (ok, value) in zip(children, outcomes):
        if not ok:
            raise value
        for index, result in zip(share, value):
            results[index] = result
    return results


def _child(function, items, share, descriptor) -> None:
    try:
        try:
            data = pickle.dumps((True, [function(items[index]) for index in share]), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
            data = pickle.dumps((False, _portable(exc)), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers twice


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError("".join(traceback.format_exception(exc)))


def _collect(pid: int, path: str) -> tuple[bool, object]:
    global worker_peak_kb
    try:
        _, status, usage = os.wait4(pid, 0)
        worker_peak_kb = max(worker_peak_kb, usage.ru_maxrss)
        try:
            with open(path, "rb") as result:
                return pickle.load(result)
        except (OSError, EOFError, pickle.UnpicklingError):
            return False, RuntimeError(f"a worker process stopped without a result (status {status})")
    finally:
        os.unlink(path)
