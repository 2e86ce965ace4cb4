"""Work spread over processes: same results, in the same order, errors raised here."""

import os
import shutil
from datetime import date
from pathlib import Path

import jinja2
import pytest

from generator.parallel import map_in_processes
from generator.pipeline import Settings, run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_other_threads(request, monkeypatch):
    """Earlier tests (the browser's) may leave threads in this process, and a process running
    threads does not fork; these tests are about forking."""
    if "threads" not in request.node.name:
        monkeypatch.setattr("generator.parallel.threading.active_count", lambda: 1)


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_come_back_in_order_from_several_processes():
    results = map_in_processes(square_and_pid, list(range(50)), workers=3)
    assert [value for value, _ in results] == [n * n for n in range(50)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) >= 2  # this process took its share, the pool's processes the rest
    assert results[0][1] == os.getpid() and results[1][1] != os.getpid()


def test_one_worker_runs_everything_here():
    assert {pid for _, pid in map_in_processes(square_and_pid, [1, 2, 3], workers=1)} == {os.getpid()}


def fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"bad item {n}")
    return n


def test_an_error_in_a_child_is_raised_here():
    with pytest.raises(ValueError, match="bad item 7"):
        map_in_processes(fail_on_seven, list(range(10)), workers=2)  # 7 is a child's item


def test_an_error_that_does_not_pickle_arrives_as_its_traceback():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fail(n):
        if n == 1:
            raise Local("no pickle for me")
        return n

    with pytest.raises(RuntimeError, match="no pickle for me"):
        map_in_processes(fail, [0, 1, 2, 3], workers=2)


def test_a_template_error_keeps_its_type_and_line():
    env = jinja2.Environment()

    def compile_(n):
        return env.from_string("{% if %}" if n == 1 else "ok").render()

    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        map_in_processes(compile_, [0, 1], workers=2)
    assert error.value.lineno == 1


def test_results_that_do_not_pickle_are_reported():
    with pytest.raises(AttributeError, match="pickle"):
        map_in_processes(lambda n: (lambda: n), [0, 1], workers=2)


def test_no_worker_files_are_left_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    map_in_processes(square_and_pid, list(range(8)), workers=2)
    with pytest.raises(ValueError):
        map_in_processes(fail_on_seven, list(range(8)), workers=2)
    assert list(tmp_path.iterdir()) == []


def test_the_site_is_the_same_whatever_the_number_of_processes(tmp_path):
    shutil.copytree(ROOT / "portraits", tmp_path / "portraits")
    rendered = []
    for workers in (1, 2, 3):
        settings = Settings(portraits_dir=tmp_path / "portraits", today=date(2026, 1, 1), site_url="https://example.org/",
                            search=True, workers=workers)
        batches: list[tuple[str, ...]] = []
        result = run(settings, portraits=lambda pages: batches.append(tuple(page.url for page in pages)))
        assert result.ok, result.problems
        rendered.append(result.rendered)
        portraits = [page for page in result.rendered.pages if page.src_uri.startswith("portraits/")]
        assert batches == [tuple(page.url for page in portraits)]  # one batch: every portrait page, in order
    assert rendered[0].pages and all(r == rendered[0] for r in rendered[1:])


def test_a_process_running_threads_does_not_fork():
    import threading
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for _, pid in map_in_processes(square_and_pid, list(range(6)), workers=2)} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_portraits_are_rendered_in_batches_one_per_search_index(tmp_path):
    shutil.copytree(ROOT / "portraits", tmp_path / "portraits")
    seen: list[int] = []
    settings = Settings(portraits_dir=tmp_path / "portraits", today=date(2026, 1, 1), search=True, workers=2,
                        search_batch=3)
    lines: list[str] = []
    pids: set[int] = set()

    def consume(pages) -> None:
        pids.add(os.getpid())
        seen.append((seen[-1] if seen else 0) + len(pages))

    result = run(settings, progress=lines.append, portraits=consume)
    assert pids == {os.getpid()}  # the batches are consumed here, never in a render process
    count = len(result.catalogue.portraits)
    assert count >= 7
    assert seen == [*range(3, count, 3), count]  # after each batch of three, every page of the batch written
    progress = [line.split(" (")[0] for line in lines if " portrait pages (" in line]
    assert progress == [f"portraits: rendered {n} of {count} portrait pages" for n in seen]
    home = next(page for page in result.rendered.pages if page.src_uri == "index.md").body
    assert 'data-merge=""' in home  # the batches' indexes are merged into one
