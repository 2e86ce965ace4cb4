"""Measurements: each build in a fresh process (wall time, CPU, peak memory), the core's steps
as the pipeline's own step clock reports them (`Result.times`), the search index as the
adapter's indexer reports it, page weight, a live-preview rebuild, a profile."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import CODE_ROOTS, ENV, SCRIPT
from .corpus import make_corpus, slugify, write_full_site, write_plain_site


def run_measured(command: list[str], cwd: Path, log: Path) -> dict:
    """Run one build in a fresh subprocess: wall time, peak RSS (of that process alone), exit code."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": wall, "peak_mb": usage.ru_maxrss / 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "returncode": proc.returncode}


def fastest(runs: int, measure) -> dict:
    """The fastest of `runs` measurements (the least disturbed by other work on the machine)."""
    results = [measure() for _ in range(max(1, runs))]
    best = min(results, key=lambda r: r.get("seconds", r.get("total", 0)))
    return {**best, "runs": len(results)}


def build(folder: Path, config: str = "mkdocs.yml", retries: int = 0, label: str = "build",
          instrumented: bool = False) -> dict:
    """`python -m mkdocs build` in `folder` (with `instrumented`, the same build run through
    `build_main`, which also records the core's phases); on failure (the code may be mid-edit)
    wait and retry."""
    command = ([sys.executable, str(SCRIPT), "--_build", config] if instrumented
               else [sys.executable, "-m", "mkdocs", "build", "-f", config])
    phases = folder / "phases.json"
    for attempt in range(retries + 1):
        phases.unlink(missing_ok=True)
        result = run_measured(command, folder, folder / f"{label}.log")
        if result["returncode"] == 0:
            if instrumented and phases.is_file():
                result["phases"] = json.loads(phases.read_text(encoding="utf-8"))
            return result
        tail = (folder / f"{label}.log").read_text(errors="replace")[-2000:]
        print(f"  {label} failed (exit {result['returncode']}):\n{tail}", file=sys.stderr)
        if attempt < retries:
            print("  waiting 60 s before retrying…", file=sys.stderr)
            time.sleep(60)
    raise SystemExit(f"bench: {label} failed in {folder}; see {folder / (label + '.log')}")


def step_times(times) -> dict[str, float]:
    """The pipeline's step clock (`Result.times`: load, validate, link, render, each with its
    CPU time) under the names of the report; "core" is the whole of `pipeline.run`."""
    found = dict(times)
    if "total" in found:
        found["core"], found["core_cpu"] = found.pop("total"), found.pop("total_cpu", 0.0)
    return found


def build_main(config_file: str) -> None:
    """Hidden entry point: `mkdocs build` in this process, as `portraits build` runs it; the
    core's step times (from the plugin's pipeline result), the search index's (from the
    plugin's indexer) and the peaks of memory go to phases.json beside the config."""
    import logging
    import resource

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    config = load_config(config_file=config_file)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    from generator import parallel
    plugin = config.plugins["portraits"]
    timings = step_times(plugin.result.times)
    if plugin.search is not None:
        # The index is built in a process of its own while MkDocs writes the pages: "search" is
        # its whole duration, "search_wait" the part the build waited for it at the end.
        timings.update(plugin.search.times)
    # The build process's own peak, its forked workers' (they share its memory until they
    # write to it) and the search indexer's (Pagefind, as the indexer reports it).
    timings["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["worker_peak_mb"] = parallel.worker_peak_kb / 1024
    out = Path(config_file).resolve().parent / "phases.json"
    out.write_text(json.dumps(timings), encoding="utf-8")


def core_phases(folder: Path, retries: int = 0) -> dict:
    """The portraits core alone, in a fresh process (see `core_main`)."""
    for attempt in range(retries + 1):
        log = folder / "core.log"
        result = run_measured([sys.executable, str(SCRIPT), "--_core", str(folder)], folder, log)
        lines = log.read_text(errors="replace").strip().splitlines()
        if result["returncode"] == 0 and lines:
            return {**json.loads(lines[-1]), "peak_mb": result["peak_mb"], "seconds": result["seconds"]}
        print(f"  core run failed:\n{chr(10).join(lines[-20:])}", file=sys.stderr)
        if attempt < retries:
            time.sleep(60)
    raise SystemExit(f"bench: the core run failed in {folder}")


def core_main(folder: Path) -> None:
    """Hidden entry point: generator.pipeline.run alone, with the settings the plugin uses for
    `mkdocs build` (no MkDocs). Prints one JSON line of step timings."""
    import yaml

    imported = time.perf_counter()
    from generator import pipeline
    from generator.config import DEFAULTS, PORTRAITS_DIR, TEMPLATES_DIR
    imported = time.perf_counter() - imported
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next((p["portraits"] or {} for p in config.get("plugins", []) if isinstance(p, dict) and "portraits" in p), {})
    settings = pipeline.Settings(
        portraits_dir=(folder / options.get("portraits_dir", PORTRAITS_DIR)).resolve(),
        templates_dir=folder / options.get("templates_dir", TEMPLATES_DIR),
        language=options.get("language", DEFAULTS.language), site_name=config.get("site_name", ""),
        site_url=config.get("site_url") or "", site_description=config.get("site_description") or "",
        search=options.get("search", "pagefind") != "none", preview=False)
    result = pipeline.run(settings)
    if not result.ok:
        print("\n".join(map(str, result.problems[:20])))
        sys.exit(1)
    print(json.dumps({"import": imported, **step_times(result.times), "pages": len(result.rendered.pages),
                      "problems": len(result.problems)}))


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def transfer_size(path: Path) -> int:
    """Bytes over the wire: text files gzip-compressed (as any server does), others as they are
    (Pagefind's data files are compressed already)."""
    return gzip_size(path) if path.suffix in (".js", ".css", ".json", ".html") else path.stat().st_size


def pagefind_query_bytes(site: Path) -> int | None:
    """Bytes a reader downloads for a one-word Pagefind query: the UI files the search page
    loads, the loader and its worker, the entry file, the wasm and metadata of the site's
    language, one index chunk and five result fragments (average sizes), plus the entry file,
    metadata and one chunk of each further index of a large series. None without Pagefind."""
    folder = site / "pagefind"
    entry_file = folder / "pagefind-entry.json"
    if not entry_file.is_file():
        return None
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    code, language = max(entry.get("languages", {}).items(), key=lambda item: item[1].get("page_count", 0),
                         default=("", {}))
    needed = {folder / "pagefind.js", folder / "pagefind-worker.js", entry_file}
    if language:
        needed.add(folder / f"wasm.{language.get('wasm') or 'unknown'}.pagefind")
        needed.add(folder / f"pagefind.{language['hash']}.pf_meta")
    search_page = site / "search" / "index.html"
    if search_page.is_file():  # the UI scripts and styles the search page loads
        for name in re.findall(r'pagefind/([\w.-]+\.(?:js|css))', search_page.read_text(encoding="utf-8")):
            needed.add(folder / name)
    chunks = [p.stat().st_size for p in (folder / "index").glob(f"{code}_*.pf_index")]
    fragments = [p.stat().st_size for p in (folder / "fragment").glob(f"{code}_*.pf_fragment")]
    fixed = sum(transfer_size(p) for p in needed if p.is_file())
    total = fixed + (statistics.mean(chunks) if chunks else 0) + 5 * (statistics.mean(fragments) if fragments else 0)
    # A large series has more indexes (pagefind-2/, …), searched together: each adds its entry
    # file, its metadata and one index chunk (the wasm is the first bundle's).
    for extra in sorted(site.glob("pagefind-*")):
        extra_entry = extra / "pagefind-entry.json"
        if not extra_entry.is_file():
            continue
        info = json.loads(extra_entry.read_text(encoding="utf-8")).get("languages", {}).get(code, {})
        meta = extra / f"pagefind.{info.get('hash', '')}.pf_meta"
        extra_chunks = [p.stat().st_size for p in (extra / "index").glob(f"{code}_*.pf_index")]
        total += transfer_size(extra_entry) + (meta.stat().st_size if meta.is_file() else 0)
        total += statistics.mean(extra_chunks) if extra_chunks else 0
    return int(total)


def lunr_query_bytes(site: Path) -> int:
    """Material's lunr search downloads its worker and the whole index before the first result."""
    worker = list((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    index = site / "search" / "search_index.json"
    return sum(transfer_size(p) for p in [*worker[:1], index] if p.is_file())


def page_weight(site: Path) -> dict:
    """Home page, average portrait page, search index, what one search downloads, site size."""
    portraits = [p / "index.html" for p in (site / "portraits").iterdir() if (p / "index.html").is_file()] \
        if (site / "portraits").is_dir() else []
    index = site / "search" / "search_index.json"
    files = [p for p in site.rglob("*") if p.is_file()]
    weight = {
        "home_bytes": (site / "index.html").stat().st_size,
        "portrait_bytes": statistics.mean(p.stat().st_size for p in portraits) if portraits else 0,
        "search_index_bytes": index.stat().st_size if index.is_file() else 0,
        "search_index_gzip": gzip_size(index) if index.is_file() else 0,
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
    }
    pagefind = pagefind_query_bytes(site)
    weight["search_engine"] = "pagefind" if pagefind is not None else "lunr"
    weight["search_bytes"] = (sum(p.stat().st_size for bundle in site.glob("pagefind*") for p in bundle.rglob("*")
                                  if p.is_file()) if pagefind is not None else weight["search_index_bytes"])
    weight["query_bytes"] = pagefind if pagefind is not None else lunr_query_bytes(site)
    return weight


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, predicate, timeout: float) -> float | None:
    """Poll `url` every 50 ms until `predicate(body)`; seconds waited, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and predicate(body):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def serve_rebuild(folder: Path, slug: str, edits: int = 5, timeout: float = 900) -> dict:
    """Start `mkdocs serve`, edit one answer of `slug` (append a unique word) `edits` times,
    and time each change until the served portrait page shows the word."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/portraits/{slug}/"
    path = folder / "portraits" / f"{slug}.yml"
    original = path.read_text(encoding="utf-8")
    log = open(folder / "serve.log", "wb")
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    result: dict = {"edits": []}
    try:
        waited = wait_for(url, lambda body: True, timeout)
        if waited is None:
            raise SystemExit(f"bench: mkdocs serve did not answer in {timeout} s; see {folder / 'serve.log'}")
        result["startup_seconds"] = time.perf_counter() - start
        # the search index is built after the pages are served, in the background: the edits
        # start once it is there (a writer who edits sooner stops it; the next refresh ends it)
        base = url.split("/portraits/")[0]
        if wait_for(f"{base}/pagefind/pagefind-entry.json", lambda body: True, timeout) is not None:
            result["search_ready_seconds"] = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle
        text = original
        for n in range(edits):
            word = f"benchmarque{random.Random(time.time_ns()).getrandbits(40):x}{n}"
            lines = text.split("\n")
            at = lines.index("    answer: |") + 1  # first line of the first answer
            lines[at] += f" {word}"
            text = "\n".join(lines)
            edited = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            seen = wait_for(url, lambda body: word in body, timeout)
            result["edits"].append(None if seen is None else time.perf_counter() - edited)
            time.sleep(1.0)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        path.write_text(original, encoding="utf-8")
    return result


# =========================================================================================
# 3. One size, all measurements
# =========================================================================================

def bench_size(n: int, args, work: Path) -> dict:
    print(f"\n== {n} portraits ==", flush=True)
    start = time.perf_counter()
    corpus = make_corpus(n, args.seed, photos=min(args.photos, n))
    full, plain = work / f"full-{n}", work / f"plain-{n}"
    for folder in (full, plain):
        shutil.rmtree(folder, ignore_errors=True)
    stats = write_full_site(full, corpus, args.seed)
    if not args.skip_plain:
        write_plain_site(plain, corpus)
    result: dict = {"n": n, "generate_seconds": time.perf_counter() - start, "corpus": stats}
    print(f"  generated in {result['generate_seconds']:.1f} s: {stats['words_per_portrait']:.0f} words and "
          f"{stats['answers_per_portrait']:.1f} answers per portrait", flush=True)

    result["load_average"] = os.getloadavg()[0]
    runs = args.repeat if n <= args.repeat_up_to else 1
    result["full"] = fastest(runs, lambda: build(full, retries=args.retries, label="build", instrumented=True))
    phases = result["full"].get("phases", {})
    print("  core inside the build: " + ", ".join(f"{k} {phases[k]:.2f} s" for k in
                                                  ("load", "validate", "link", "render", "core", "search", "search_wait")
                                                  if k in phases),
          flush=True)
    result["full"]["weight"] = page_weight(full / "site")
    print(f"  full build: {result['full']['seconds']:.1f} s, peak {result['full']['peak_mb']:.0f} MB", flush=True)
    result["core"] = core_phases(full, args.retries)  # once: its memory without MkDocs
    print(f"  core alone: {result['core'].get('core', 0):.1f} s, peak {result['core']['peak_mb']:.0f} MB", flush=True)
    if not args.skip_plain:
        result["plain"] = fastest(runs, lambda: build(plain, label="build"))
        result["plain"]["weight"] = page_weight(plain / "site")
        print(f"  plain build: {result['plain']['seconds']:.1f} s, peak {result['plain']['peak_mb']:.0f} MB", flush=True)
        if n <= args.autonav_max:
            result["plain_autonav"] = build(plain, "mkdocs-autonav.yml", label="build-autonav")
            result["plain_autonav"]["weight"] = page_weight(plain / "site-autonav")
            print(f"  plain build, auto nav: {result['plain_autonav']['seconds']:.1f} s", flush=True)
    result["load_average_after"] = os.getloadavg()[0]
    if str(n) in args.serve_at.split(","):
        slug = slugify(corpus["portraits"][n // 2]["name"])
        serves = [serve_rebuild(full, slug, edits=5) for _ in range(runs)]
        result["serve"] = {**min(serves, key=lambda s: s["startup_seconds"]),
                           "startups": [s["startup_seconds"] for s in serves]}
        print(f"  mkdocs serve: up in {result['serve']['startup_seconds']:.1f} s, edits visible after "
              + ", ".join("timeout" if s is None else f"{s:.1f} s" for s in result["serve"]["edits"]), flush=True)
    if n == args.profile:
        result["profile"] = profile_build(full, args.profile_top)
    return result


def profile_build(folder: Path, top: int) -> dict:
    """cProfile of the full build; hot spots by own time and by cumulative time, ours marked."""
    import pstats
    out = folder / "build.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build"], cwd=folder,
                   env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stats = pstats.Stats(str(out))
    rows, packages = [], {}
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():
        where, package = profile_place(filename)
        rows.append({"function": f"{where}:{line}({function})" if where else function, "calls": calls,
                     "tottime": tottime, "cumtime": cumtime, "ours": package == "generator (ours)"})
        packages[package] = packages.get(package, 0.0) + tottime
    total = max(r["cumtime"] for r in rows)
    return {"total": total, "file": str(out),
            "by_tottime": sorted(rows, key=lambda r: -r["tottime"])[:top],
            "by_cumtime": sorted(rows, key=lambda r: -r["cumtime"])[:top],
            "ours_by_cumtime": sorted((r for r in rows if r["ours"]), key=lambda r: -r["cumtime"])[:top],
            "ours_by_tottime": sorted((r for r in rows if r["ours"]), key=lambda r: -r["tottime"])[:top],
            "packages": sorted(packages.items(), key=lambda item: -item[1]),
            "ours_tottime": packages.get("generator (ours)", 0.0)}


def profile_place(filename: str) -> tuple[str, str]:
    """(short file name, package) of a profiled function: ours, a site-package, the standard
    library, or C built-ins (filename '~')."""
    if filename == "~":
        return "", "built-ins (C)"
    for root in CODE_ROOTS:
        if filename.startswith(str(root / "generator")):
            return filename[len(str(root)) + 1:], "generator (ours)"
    match = re.search(r"site-packages/(.+)", filename)
    if match:
        return match.group(1), match.group(1).split("/")[0].removesuffix(".py")
    match = re.search(r"/lib/python3\.\d+/(.+)", filename)
    if match:
        return match.group(1), "stdlib " + match.group(1).split("/")[0].removesuffix(".py")
    return filename, "other"

