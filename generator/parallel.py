"""Spread a pure step over the machine's cores: processes forked by a standard
`concurrent.futures.ProcessPoolExecutor` share the catalogue without copying or pickling it
(it is in their memory from the fork), and send back only their results."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import resource
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The largest peak memory (max RSS, KiB) of a worker process so far: reported by the benchmark.
worker_peak_kb = 0

# The work of the current `map_in_processes` call: set before the pool forks its processes,
# which find it in their copy of this module. Only the indexes of a share cross the pipe.
_work: tuple[Callable, Sequence] | None = None


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
    global _work
    if workers <= 1 or len(items) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [function(item) for item in items]
    workers = min(workers, len(items))
    results: list = [None] * len(items)
    shares = [range(start, len(items), workers) for start in range(1, workers)]
    # Keep the collector from touching, hence copying, the memory the children share. What is
    # alive now lives as long as the build: it stays out of the collector's scans afterwards too.
    gc.freeze()
    _work = (function, items)
    try:
        # With fork, the pool starts all its processes at the first submit, before its own thread.
        with ProcessPoolExecutor(len(shares), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_share, share) for share in shares]
            for index in range(0, len(items), workers):  # this process's share, meanwhile
                results[index] = function(items[index])
            outcomes = [pickle.loads(future.result()) for future in futures]
    finally:
        _work = None
    for share, (ok, value, peak_kb) in zip(shares, outcomes):
        note_peak(peak_kb)
        if not ok:
            raise value
        for index, result in zip(share, value):
            results[index] = result
    return results


def _run_share(share: range) -> bytes:
    """In a worker: the results of one share, pickled here so that a result or an error that
    does not pickle is reported as such (with the worker's peak memory)."""
    function, items = _work
    try:
        outcome = (True, [function(items[index]) for index in share])
        data = pickle.dumps((*outcome, own_peak_kb()), pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        data = pickle.dumps((False, _portable(exc), own_peak_kb()), pickle.HIGHEST_PROTOCOL)
    return data


def own_peak_kb() -> int:
    """This process's peak memory (max RSS, KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def note_peak(peak_kb: int) -> None:
    """Record a worker's peak memory (see `worker_peak_kb`)."""
    global worker_peak_kb
    worker_peak_kb = max(worker_peak_kb, peak_kb)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError("".join(traceback.format_exception(exc)))
