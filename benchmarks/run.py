"""reflectie benchmarks: every figure is a ratio to a baseline measured in the same run.

    python benchmarks/run.py             # the full run: 100, 1.000, 5.000 and 10.000 files (some minutes)
    python benchmarks/run.py --groot     # also 50.000 files (the size sweep up to the largest folders)
    python benchmarks/run.py --klein     # small sizes, one repetition (used by the tests)

Rules this script keeps, so that its figures can be trusted:

* Every figure has a baseline measured in the same run, and both are printed with their ratio.
* Timings are medians (or p95) of several runs, taken in alternating order, so that a machine that
  gets busier or quieter during the run hits the baseline and reflectie alike.
* Like for like: reflectie reading in one process is compared with a single-process ``tomllib`` loop,
  reflectie reading with helper processes with a ``tomllib`` loop in as many helper processes; each
  is a fresh interpreter (one interpreter start each).
* Start-up is timed in a real terminal (tmux): from launching the process until the expected text
  shows in ``tmux capture-pane``.
* Saves are timed on a real disk folder (never tmpfs) with fsync, against writing the same bytes
  with a plain ``tomli_w.dumps`` and an atomic write.
* Key waits on a screen are measured from the moment the screen is pushed, not from its first paint.

It asserts no time. Results are also written as JSON to ``benchmarks/results/`` (or ``--uit``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = ROOT / "benchmarks" / ".werkmap"  # on the repository's disk, never /tmp (often tmpfs)
TMUX = ["tmux", "-L", "reflectie-bench"]
BARE_TEXT = "Dit is een kale Textual-app"
WELCOME_TEXT = "Welkom bij reflectie"
START_TEXT = "Wat wil je doen?"
WELCOME_FORM_TEXT = "Je profiel"


# --- helpers -------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-quantile by the nearest-rank method (p95 of 20 values is the 19th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-int(q * 100) * len(ordered) // 100)))
    return ordered[rank - 1]


def alternating(names: list[str], round_index: int) -> list[str]:
    """The order of one round: rotated and, every other round, reversed."""
    shift = round_index % len(names)
    order = names[shift:] + names[:shift]
    return order[::-1] if round_index % 2 else order


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def ratio(ours: float, base: float) -> float:
    return ours / base if base else float("nan")


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def filesystem_of(path: Path) -> str:
    """The file system type of ``path`` (from /proc/mounts; 'onbekend' elsewhere)."""
    try:
        mounts = [line.split()[:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "onbekend"
    path = path.resolve()
    best, kind = "", "onbekend"
    for _device, point, fstype in mounts:
        point = point.replace("\\040", " ")
        if (str(path) == point or str(path).startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fstype
    return kind


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, REFLECTIE_HOME=str(home), REFLECTIE_EXPORTMAP=str(home / "export"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(code: str, args: list[str], home: Path, timeout: float = 1800) -> tuple[float, dict]:
    """Run ``code`` in a fresh interpreter; the wall time includes the interpreter's start.

    The child's CPU time (its helper processes included) is added to the result as ``cpu``: unlike
    the wall time it hardly depends on what else the machine is doing."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=child_env(home), timeout=timeout, check=False, cwd=ROOT)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"code {out.returncode}")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    detail = json.loads(lines[-1]) if lines else {}
    detail["cpu"] = cpu
    return wall, detail


def make_home(name: str, welcomed: bool) -> Path:
    home = WORK / "homes" / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if welcomed:
        code = ("from reflectie.model import Participant\nfrom reflectie.profile import Profile, save_profile\n"
                "save_profile(Profile(Participant('bench1', '', 'CAW Demo-Oost', 'Team Noord', ''), "
                "welcomed=True, last_round='2026-najaar'))")
        subprocess.run([sys.executable, "-c", code], env=child_env(home), check=True)
    return home


def demo_folder(size: int) -> Path:
    """``size`` demo answers files on the repository's disk (same bytes as ``reflectie demo``)."""
    from reflectie.answersfile import dumps
    from reflectie.bank import load_bank
    from reflectie.demo import make_demo_answers

    folder = WORK / f"demo-{size}"
    marker = folder / ".klaar"
    if marker.exists() and marker.read_text() == str(size):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for answers, sub in make_demo_answers(load_bank(), size):
        target = folder / sub
        target.mkdir(parents=True, exist_ok=True)
        (target / f"reflectie-{answers.round.id}-{answers.participant.id}.toml").write_bytes(dumps(answers))
    marker.write_text(str(size))
    return folder


def warm(folder: Path) -> None:
    for path in folder.rglob("*.toml"):
        path.read_bytes()


# --- reading: the parsers side by side ---------------------------------------------------------


def bench_reading(results: dict, size: int, repeats: int) -> None:
    """Parse the same files with tomllib, tomli (if installed) and rtoml; validation per file."""
    import tomllib

    from reflectie.answersfile import answers_from_dict, loads_toml, parse_answers
    from reflectie.bank import load_bank

    bank = load_bank()
    files = sorted(demo_folder(size).rglob("*.toml"))
    texts = [p.read_bytes().decode("utf-8") for p in files]
    datas = [p.read_bytes() for p in files]
    parsers = {"tomllib": tomllib.loads}
    try:
        import tomli

        parsers["tomli"] = tomli.loads
    except ImportError:
        pass
    try:
        import rtoml

        parsers["rtoml"] = rtoml.loads
    except ImportError:
        pass
    docs = [loads_toml(t) for t in texts]

    def validate() -> None:
        for doc, path in zip(docs, files):
            answers_from_dict(doc, path, bank)

    def whole() -> None:
        for data, path in zip(datas, files):
            parse_answers(data, path, bank)

    jobs = {name: (lambda f=f: [f(t) for t in texts]) for name, f in parsers.items()}
    jobs["validatie"] = validate
    jobs["parse_answers"] = whole
    timings: dict[str, list[float]] = {name: [] for name in jobs}
    names = list(jobs)
    for index in range(repeats):
        for name in alternating(names, index):
            t0 = time.perf_counter()
            jobs[name]()
            timings[name].append((time.perf_counter() - t0) / len(files))
    per_file = {name: median(v) for name, v in timings.items()}
    base = per_file["tomllib"]
    results["lezen"] = {"files": len(files), "bytes_per_file": sum(map(len, datas)) // len(datas),
                        "ms_per_file": {k: v * 1000 for k, v in per_file.items()},
                        "ratio_to_tomllib": {k: ratio(v, base) for k, v in per_file.items()}}
    print(f"\nLezen ({len(files)} demobestanden van gemiddeld {results['lezen']['bytes_per_file'] // 1024} KiB, "
          f"mediaan van {repeats}, per bestand):")
    for name, value in per_file.items():
        label = {"validatie": "validatie (answers_from_dict)",
                 "parse_answers": "reflectie: tekst -> Answers (parse + validatie)"}.get(name, f"parser {name}")
        print(f"  {label:48} {value * 1000:6.3f} ms  ({ratio(value, base):.2f}x tomllib)")


# --- start-up in a real terminal ---------------------------------------------------------------


BARE_APP = f'''
from textual.app import App
from textual.widgets import Footer, Header, Label


class Bare(App):
    def compose(self):
        yield Header()
        yield Label("{BARE_TEXT}")
        yield Footer()


Bare().run()
'''


def _reflectie_command() -> list[str]:
    script = Path(sys.executable).parent / ("reflectie.exe" if os.name == "nt" else "reflectie")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reflectie"]


def _shell_quote(parts: list[str]) -> str:
    return " ".join("'" + p.replace("'", "'\\''") + "'" for p in parts)


def bench_startup(results: dict, repeats: int) -> None:
    """Launch the process in a tmux pane; time until the expected text is on the screen."""
    if shutil.which("tmux") is None:
        results["opstart"] = {"fout": "tmux ontbreekt"}
        print("\nOpstart: niet gemeten (tmux ontbreekt).")
        return
    bare = WORK / "kale_app.py"
    bare.write_text(BARE_APP)
    welcomed = make_home("opstart-start", welcomed=True)
    kinds = {
        "kale app": ([sys.executable, str(bare)], BARE_TEXT, None),
        "welkomscherm (nieuwe gebruiker)": (_reflectie_command(), WELCOME_TEXT, "fresh"),
        "startscherm (bekende gebruiker)": (_reflectie_command(), START_TEXT, welcomed),
    }
    # the welcome shows its words first and its form right after: the form's button is timed too
    complete = {"welkomscherm (nieuwe gebruiker)": WELCOME_FORM_TEXT}
    finished: dict[str, list[float]] = {name: [] for name in complete}
    session = "opstart"
    subprocess.run([*TMUX, "kill-server"], capture_output=True, check=False)
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "36", "sleep 100000"], check=True)
    subprocess.run([*TMUX, "set-option", "-t", session, "remain-on-exit", "on"], check=True)
    runs: dict[str, list[float]] = {name: [] for name in kinds}
    fresh = 0
    try:
        for index in range(repeats):
            for name in alternating(list(kinds), index):
                command, text, home = kinds[name]
                if home == "fresh":
                    fresh += 1
                    home = make_home(f"opstart-nieuw-{fresh}", welcomed=False)
                elif home is None:
                    home = WORK / "homes" / "kaal"
                env = child_env(home)
                assignments = " ".join(f"{key}={_shell_quote([env[key]])}" for key in
                                       ("REFLECTIE_HOME", "REFLECTIE_EXPORTMAP", "PYTHONPATH"))
                shell = f"unset PYTHONDONTWRITEBYTECODE; {assignments} exec {_shell_quote(command)}"
                t0 = time.perf_counter()
                subprocess.run([*TMUX, "respawn-pane", "-k", "-t", session, shell], check=True)
                elapsed = float("nan")
                whole = complete.get(name)
                while time.perf_counter() - t0 < 30:
                    screen = subprocess.run([*TMUX, "capture-pane", "-p", "-t", session],
                                            capture_output=True, text=True, check=False).stdout
                    if text in screen and math.isnan(elapsed):
                        elapsed = time.perf_counter() - t0
                    if not math.isnan(elapsed) and (whole is None or whole in screen):
                        if whole is not None:
                            finished[name].append(time.perf_counter() - t0)
                        break
                    time.sleep(0.004)
                subprocess.run([*TMUX, "respawn-pane", "-k", "-t", session, "sleep 100000"], check=True)
                time.sleep(0.3)
                if math.isnan(elapsed):
                    raise RuntimeError(f"'{text}' verscheen niet binnen 30 s ({name})")
                runs[name].append(elapsed)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True, check=False)
    base = median(runs["kale app"])
    results["opstart"] = {"repeats": repeats, "runs_s": runs, "complete_s": finished,
                          "median_s": {k: median(v) for k, v in runs.items()},
                          "ratio_to_bare": {k: ratio(median(v), base) for k, v in runs.items()}}
    print(f"\nOpstart in een echte terminal (tmux), tot de eerste verwachte tekst, mediaan van {repeats}, "
          "afwisselende volgorde:")
    for name, values in runs.items():
        extra = "" if name == "kale app" else f"  -> {ratio(median(values), base):.2f}x de kale app (doel <= 1,3x)"
        print(f"  {name:34} {ms(median(values)):>8}{extra}")
        if finished.get(name):
            done = median(finished[name])
            print(f"  {'  ...met het formulier erbij':34} {ms(done):>8}  -> {ratio(done, base):.2f}x")
    help_code = ("import sys; sys.argv=['reflectie','--help']\nfrom reflectie.launch import main\n"
                 "try:\n    main()\nexcept SystemExit: pass\nprint('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", help_code], capture_output=True, text=True,
                         env=child_env(welcomed), check=False)
    loads_textual = out.stdout.strip().endswith("True")
    results["opstart"]["help_loads_textual"] = loads_textual
    print(f"  `reflectie --help` laadt Textual: {'ja' if loads_textual else 'nee'}")


# --- report and loading: the size sweep -----------------------------------------------------------


BASELINE_SEQUENTIAL = r'''
import json, os, sys, tomllib
count = 0
for folder, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in names:
        if name.endswith(".toml") and not name.startswith("."):
            with open(os.path.join(folder, name), "rb") as handle:
                tomllib.load(handle)
            count += 1
print(json.dumps({"files": count}))
'''

BASELINE_PARALLEL = r'''
import json, os, sys, tomllib
from concurrent.futures import ProcessPoolExecutor

def parse(paths):
    out = []
    for path in paths:
        with open(path, "rb") as handle:
            out.append(tomllib.load(handle))
    return out

if __name__ == "__main__":
    files = []
    for folder, dirs, names in os.walk(sys.argv[1]):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [os.path.join(folder, n) for n in names if n.endswith(".toml") and not n.startswith(".")]
    files.sort()
    workers = int(sys.argv[2])
    chunks = [files[i:i + 200] for i in range(0, len(files), 200)]
    docs = []
    with ProcessPoolExecutor(workers) as pool:
        for part in pool.map(parse, chunks):
            docs += part
    print(json.dumps({"files": len(docs)}))
'''

REPORT_CHILD = r'''
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reflectie.bank import load_bank
from reflectie.compare import compare
from reflectie.loading import collect
import reflectie.report.group as group
t1 = time.perf_counter()
spent = {"html": 0.0, "csv": 0.0}

def timed(name, render):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return render(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return run

group.render_html = timed("html", group.render_html)  # write_reports calls them by these names
group.render_csv = timed("csv", group.render_csv)
folder, mode, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
bank = load_bank()
collection = collect([folder], bank) if mode == "standaard" else collect([folder], bank, workers=int(mode))
t2 = time.perf_counter()
comparison = compare(collection, bank, "team")
t3 = time.perf_counter()
group.write_reports(comparison, out, ("html", "csv"))
t4 = time.perf_counter()
print(json.dumps({"files": collection.files_seen, "imports": t1 - t0, "load": t2 - t1, "compare": t3 - t2,
                  "html": spent["html"], "csv": spent["csv"],
                  "write_both": t4 - t3 - spent["html"] - spent["csv"]}))
'''


def bench_report(results: dict, sizes: list[int], repeats: int) -> None:
    """Report (HTML + CSV) end to end, each in a fresh interpreter, against tomllib loops."""
    home = make_home("rapport", welcomed=False)
    workers = 2
    print(f"\nRapport (HTML + CSV) over demobestanden, telkens een nieuw proces (+1 interpreterstart), "
          f"mediaan van {repeats}, afwisselende volgorde; tussen haakjes de processortijd:")
    sweep = []
    for size in sizes:
        folder = demo_folder(size)
        warm(folder)
        out = WORK / "rapporten"
        jobs = {
            "tomllib-lus, 1 proces": (BASELINE_SEQUENTIAL, [str(folder)]),
            f"tomllib-lus, {workers} helperprocessen": (BASELINE_PARALLEL, [str(folder), str(workers)]),
            "reflectie, 1 proces": (REPORT_CHILD, [str(folder), "1", str(out)]),
            f"reflectie, {workers} helperprocessen": (REPORT_CHILD, [str(folder), str(workers), str(out)]),
            "reflectie rapport (standaard)": (REPORT_CHILD, [str(folder), "standaard", str(out)]),
        }
        walls: dict[str, list[float]] = {name: [] for name in jobs}
        stages: dict[str, list[dict]] = {name: [] for name in jobs}
        for index in range(repeats):
            for name in alternating(list(jobs), index):
                wall, detail = run_child(*jobs[name], home)
                walls[name].append(wall)
                stages[name].append(detail)
        m = {name: median(v) for name, v in walls.items()}
        cpu = {name: median([d["cpu"] for d in stages[name]]) for name in jobs}
        seq_base, par_base = m["tomllib-lus, 1 proces"], m[f"tomllib-lus, {workers} helperprocessen"]
        row = {
            "files": size,
            "median_s": m,
            "runs_s": walls,
            "cpu_s": cpu,
            "ratio_sequential": ratio(m["reflectie, 1 proces"], seq_base),
            "ratio_parallel": ratio(m[f"reflectie, {workers} helperprocessen"], par_base),
            "ratio_default_to_sequential_tomllib": ratio(m["reflectie rapport (standaard)"], seq_base),
            "ms_per_file_default": m["reflectie rapport (standaard)"] / size * 1000,
            "stages_default_s": {key: median([s[key] for s in stages["reflectie rapport (standaard)"]])
                                 for key in ("imports", "load", "compare", "html", "csv", "write_both")},
        }
        sweep.append(row)
        st = row["stages_default_s"]
        print(f"  {size:>6} bestanden:")
        seq_cpu, par_cpu = cpu["reflectie, 1 proces"], cpu[f"reflectie, {workers} helperprocessen"]
        print(f"    1 proces:          reflectie {m['reflectie, 1 proces']:6.2f} s, tomllib-lus {seq_base:6.2f} s "
              f"-> {row['ratio_sequential']:.2f}x   (processortijd reflectie {seq_cpu:.2f} s, "
              f"tomllib {cpu['tomllib-lus, 1 proces']:.2f} s)")
        print(f"    {workers} helperprocessen: reflectie {m[f'reflectie, {workers} helperprocessen']:6.2f} s, "
              f"tomllib-lus {par_base:6.2f} s -> {row['ratio_parallel']:.2f}x   (processortijd reflectie "
              f"{par_cpu:.2f} s, tomllib {cpu[f'tomllib-lus, {workers} helperprocessen']:.2f} s)")
        print(f"    standaard:         reflectie {m['reflectie rapport (standaard)']:6.2f} s "
              f"({row['ms_per_file_default']:.3f} ms per bestand) -> {row['ratio_default_to_sequential_tomllib']:.2f}x "
              "de tomllib-lus in 1 proces (doel <= 0,5x bij 5.000; 10.000 < 4 s)")
        print(f"      waarvan importeren {st['imports']:.2f} s, lezen {st['load']:.2f} s, "
              f"vergelijken {st['compare']:.2f} s, HTML maken {st['html']:.2f} s, CSV maken {st['csv']:.2f} s, "
              f"beide schrijven {st['write_both']:.2f} s; de rest is de interpreter starten en afsluiten")
    results["rapport"] = sweep
    print_growth(sweep, lambda row: row["median_s"]["reflectie rapport (standaard)"], "rapport")


def print_growth(rows: list[dict], seconds, what: str) -> None:
    """Linear growth shows as a steady cost per extra file between one size and the next."""
    for before, after in itertools.pairwise(rows):
        extra = (seconds(after) - seconds(before)) / (after["files"] - before["files"]) * 1000
        after.setdefault("ms_per_extra_file", {})[what] = extra
        print(f"  {what} van {before['files']} naar {after['files']} bestanden: "
              f"{extra:.3f} ms per extra bestand")


# --- the intervisie screen: loading a big folder in the app -----------------------------------------


INTERVISIE_CHILD = r'''
import asyncio, json, os, resource, sys, time
from pathlib import Path
folder = Path(sys.argv[1])

def rss():
    try:
        return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0

from reflectie.app import make_app
from reflectie.screens.intervisie import IntervisieScreen

app = make_app()

async def painted(screen):
    done = asyncio.Event()
    screen.call_after_refresh(done.set)
    await done.wait()

async def main():
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.session.bank
        await pilot.pause(0.3)
        gaps = []
        last = [time.perf_counter()]
        def tick():
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
        timer = app.set_interval(0.01, tick)
        await asyncio.sleep(1.0)
        idle = list(gaps)
        before = rss()
        gaps.clear()
        t0 = time.perf_counter()
        last[0] = t0
        screen = IntervisieScreen("team", folder)
        app.push_screen(screen)  # the key-wait window is open from here
        while not screen.is_mounted:
            await asyncio.sleep(0.001)
        await painted(screen)
        first_paint = time.perf_counter() - t0
        mount_gaps = list(gaps)
        deadline = time.perf_counter() + 600
        while screen.comparison is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        await painted(screen)
        shown = time.perf_counter() - t0
        busy = list(gaps)
        timer.stop()
        after = rss()
        print(json.dumps({"first_paint": first_paint, "shown": shown, "idle_gaps": idle, "mount_gaps": mount_gaps,
                          "busy_gaps": busy, "rss_before": before, "rss_after": after,
                          "people": screen.comparison.people_shown if screen.comparison else None,
                          "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

asyncio.run(main())
'''


def bench_intervisie(results: dict, sizes: list[int], repeats: int) -> None:
    """Push the intervisie screen on a folder; how long until it shows, how long a key can wait."""
    home = make_home("intervisie", welcomed=True)
    print(f"\nIntervisiescherm (in de app, zonder terminal): van het openen van het scherm tot de vergelijking "
          f"getoond is; het meetvenster voor toetsen opent bij het openen; mediaan van {repeats}:")
    rows = []
    baselines = {row["files"]: row["median_s"]["tomllib-lus, 1 proces"] for row in results.get("rapport", [])}
    for size in sizes:
        folder = demo_folder(size)
        warm(folder)
        runs = [run_child(INTERVISIE_CHILD, [str(folder)], home)[1] for _ in range(repeats)]

        def med(key: str, runs: list[dict] = runs) -> float:
            return median([r[key] for r in runs])

        def worst(key: str, runs: list[dict] = runs) -> float:
            return median([max(r[key]) - 0.01 if r[key] else 0.0 for r in runs])

        row = {
            "files": size,
            "shown_s": med("shown"),
            "first_paint_s": med("first_paint"),
            "worst_wait_mount_s": worst("mount_gaps"),
            "worst_wait_loading_s": worst("busy_gaps"),
            "p95_wait_loading_s": median([percentile(r["busy_gaps"], 0.95) - 0.01 for r in runs]),
            "worst_wait_idle_s": worst("idle_gaps"),
            "memory_mib": median([(r["rss_after"] - r["rss_before"]) / 2**20 for r in runs]),
            "process_rss_mib": median([r["rss_after"] / 2**20 for r in runs]),
            "ms_per_file": med("shown") / size * 1000,
            "tomllib_loop_s": baselines.get(size),
        }
        rows.append(row)
        base = row["tomllib_loop_s"]
        versus = f" (tomllib-lus in 1 proces: {base:.2f} s -> {ratio(row['shown_s'], base):.2f}x)" if base else ""
        print(f"  {size:>6} bestanden: getoond na {row['shown_s']:.2f} s{versus}, "
              f"{row['ms_per_file']:.3f} ms per bestand; eerste beeld na {ms(row['first_paint_s'])}")
        print(f"      langste wachttijd voor een toets: bij het openen {ms(row['worst_wait_mount_s'])}, "
              f"tijdens het laden {ms(row['worst_wait_loading_s'])} (p95 {ms(row['p95_wait_loading_s'])}); "
              f"in rust {ms(row['worst_wait_idle_s'])} (doel < 100 ms)")
        print(f"      geheugen van het scherm: +{row['memory_mib']:.0f} MiB "
              f"(proces {row['process_rss_mib']:.0f} MiB; doel < 300 MB)")
    results["intervisie"] = rows
    print_growth(rows, lambda row: row["shown_s"], "intervisiescherm")


# --- screen changes ------------------------------------------------------------------------------------


SCREENS_CHILD = r'''
import asyncio, json, sys, time
from pathlib import Path
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

folder = Path(sys.argv[1])
repeats = int(sys.argv[2])

from reflectie.app import make_app

app = make_app()

class Bare(Screen):
    def compose(self):
        yield Header()
        yield Label("kaal")
        yield Footer()

async def settle(pilot):
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()

async def timed(pilot, action):
    t0 = time.perf_counter()
    result = action()
    if hasattr(result, "__await__"):
        await result
    await settle(pilot)
    return time.perf_counter() - t0

async def back(pilot, depth):
    while len(app.screen_stack) > depth:
        app.pop_screen()
        await settle(pilot)

async def main():
    out = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        bank = app.session.bank
        await pilot.pause(0.2)
        depth = len(app.screen_stack)
        from reflectie.compare import compare
        from reflectie.loading import collect
        comparison = compare(collect([folder], bank), bank, "team")
        theme = bank.profile_themes()[0].id
        def questionnaire():
            from reflectie.screens.questionnaire import QuestionnaireScreen
            app.ensure_round()
            return app.push_screen(QuestionnaireScreen(theme, "micro", ("micro",)))
        def discuss():
            from reflectie.screens.bespreek import DiscussScreen
            return app.push_screen(DiscussScreen(comparison))
        pushes = {"kaal scherm": lambda: app.push_screen(Bare()), "Vragenbank": app.open_bank,
                  "vragenlijst": questionnaire}
        times = {name: [] for name in pushes}
        times["thema wisselen"] = []
        times["bespreekmodus: volgende"] = []
        names = list(pushes) + ["thema wisselen"]
        for index in range(repeats):
            order = names[index % len(names):] + names[:index % len(names)]
            for name in (order if index % 2 == 0 else order[::-1]):
                if name == "thema wisselen":
                    times[name].append(await timed(pilot, app.action_toggle_theme))
                else:
                    times[name].append(await timed(pilot, pushes[name]))
                    await back(pilot, depth)
        await timed(pilot, discuss)
        for _ in range(repeats):
            times["bespreekmodus: volgende"].append(await timed(pilot, lambda: pilot.press("right")))
        await back(pilot, depth)
        out = times
    print(json.dumps(out))

asyncio.run(main())
'''


def bench_screens(results: dict, repeats: int) -> None:
    """Screen changes and keys in the app (no terminal): p95 against pushing a bare screen."""
    home = make_home("schermen", welcomed=True)
    folder = demo_folder(200)
    try:
        _wall, times = run_child(SCREENS_CHILD, [str(folder), str(repeats)], home)
    except RuntimeError as exc:
        results["schermen"] = {"fout": str(exc)}
        print(f"\nSchermwissels: niet gemeten ({exc}).")
        return
    times.pop("cpu", None)
    base = percentile(times["kaal scherm"], 0.95)
    results["schermen"] = {"repeats": repeats, "runs_s": times,
                           "p95_s": {k: percentile(v, 0.95) for k, v in times.items()},
                           "ratio_p95_to_bare_screen": {k: ratio(percentile(v, 0.95), base) for k, v in times.items()}}
    print(f"\nSchermwissels en toetsen (in de app, zonder terminal; tot het scherm getekend is), p95 van {repeats}, "
          "afwisselend:")
    for name, values in times.items():
        extra = "" if name == "kaal scherm" else f"  -> {ratio(percentile(values, 0.95), base):.1f}x een kaal scherm"
        print(f"  {name:26} p95 {ms(percentile(values, 0.95)):>8} (mediaan {ms(median(values))}){extra}"
              "  (doel < 100 ms)")


# --- saving one answer -----------------------------------------------------------------------------------


def _plain_atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if os.name != "nt":
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def bench_save(results: dict, repeats: int) -> None:
    """One answer changed and saved in a full answers file, on the repository's disk, with fsync."""
    import tomli_w

    from reflectie.answersfile import answers_to_dict
    from reflectie.bank import load_bank
    from reflectie.model import Participant, TextAnswer
    from reflectie.store import new_answers, save_answers

    bank = load_bank()
    home = make_home("bewaren", welcomed=False)
    os.environ["REFLECTIE_HOME"] = str(home)
    answers = new_answers(Participant("bench1", "", "Org", "Team", ""), "2026-najaar")
    scored = [item for item in bank.items.values() if item.scale is not None]
    open_items = [item for item in bank.items.values() if item.scale is None]
    for item in scored:
        answers.scores[item.id] = item.scale.max
    for item in open_items:
        answers.texts[item.id] = TextAnswer("reflectie " * 205, share=True, discuss=True)  # ~2 KB each
    path = save_answers(answers)
    base_path = path.with_name("basis.toml")
    ours: list[float] = []
    base: list[float] = []
    for index in range(repeats):
        # as when someone answers: one score changes, and one text grows by a word
        item = scored[index % len(scored)]
        answers.set_choice(item.id, item.scale.min if index % 2 else item.scale.max)
        text_item = open_items[index % len(open_items)]
        answers.texts[text_item.id].text += f" woord{index}"
        for which in (("ours", "base") if index % 2 == 0 else ("base", "ours")):
            t0 = time.perf_counter()
            if which == "ours":
                save_answers(answers)
                ours.append(time.perf_counter() - t0)
            else:
                _plain_atomic_write(base_path, tomli_w.dumps(answers_to_dict(answers)).encode("utf-8"))
                base.append(time.perf_counter() - t0)
    size = path.stat().st_size
    results["bewaren"] = {"file_kib": size // 1024, "repeats": repeats, "filesystem": filesystem_of(path),
                          "median_s": median(ours), "p99_s": percentile(ours, 0.99),
                          "baseline_median_s": median(base), "baseline_p99_s": percentile(base, 0.99),
                          "ratio_median": ratio(median(ours), median(base)),
                          "ratio_p99": ratio(percentile(ours, 0.99), percentile(base, 0.99))}
    r = results["bewaren"]
    print(f"\nEén antwoord bewaren in een volledig bestand ({size // 1024} KiB, {repeats}x, fsync, schijf: "
          f"{r['filesystem']}), afwisselend met de basis (tomli_w.dumps + atomisch schrijven van dezelfde bytes):")
    print(f"  reflectie mediaan {r['median_s'] * 1000:.2f} ms, p99 {r['p99_s'] * 1000:.2f} ms; basis mediaan "
          f"{r['baseline_median_s'] * 1000:.2f} ms, p99 {r['baseline_p99_s'] * 1000:.2f} ms "
          f"-> {r['ratio_median']:.2f}x (mediaan), {r['ratio_p99']:.2f}x (p99)")


# --- the table for the README -------------------------------------------------------------------------


def _nl(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def markdown_table(results: dict) -> str:
    """The README's table (Dutch), from a results dict; parts that were not measured are left out."""
    m = results["machine"]
    rows = ["| wat | reflectie | basis in dezelfde run | verhouding | doel |", "|---|---|---|---|---|"]
    startup = results.get("opstart", {})
    if "median_s" in startup:
        base = startup["median_s"]["kale app"]
        for name, label in (("welkomscherm (nieuwe gebruiker)", "opstart tot het welkomscherm (tmux)"),
                            ("startscherm (bekende gebruiker)", "opstart tot het startscherm (tmux)")):
            ours = startup["median_s"][name]
            rows.append(f"| {label} | {ours * 1000:.0f} ms | kale Textual-app {base * 1000:.0f} ms | "
                        f"{_nl(ours / base)}x | <= 1,3x |")
    for row in results.get("rapport", []):
        if row["files"] not in (5000, 10000, 50000):
            continue
        ours = row["median_s"]["reflectie rapport (standaard)"]
        base = row["median_s"]["tomllib-lus, 1 proces"]
        goal = {5000: "<= 0,5x", 10000: "< 4 s"}.get(row["files"], "lineair")
        rows.append(f"| rapport HTML + CSV, {_count(row['files'])} bestanden (nieuw proces) | {_nl(ours)} s | "
                    f"tomllib-lus, 1 proces: {_nl(base)} s | {_nl(ours / base)}x | {goal} |")
    for row in results.get("intervisie", []):
        if row["files"] < 10000:
            continue
        base = row.get("tomllib_loop_s")
        versus = f"tomllib-lus: {_nl(base)} s | {_nl(row['shown_s'] / base)}x" if base else "– | –"
        rows.append(f"| intervisiescherm, {_count(row['files'])} bestanden: getoond na | {_nl(row['shown_s'])} s | "
                    f"{versus} | < 3 s |")
        rows.append(f"| ... langste wachttijd voor een toets (openen en laden) | "
                    f"{max(row['worst_wait_mount_s'], row['worst_wait_loading_s']) * 1000:.0f} ms | "
                    f"in rust {row['worst_wait_idle_s'] * 1000:.0f} ms | – | < 100 ms |")
        rows.append(f"| ... geheugen van het scherm | +{row['memory_mib']:.0f} MiB | "
                    f"proces in totaal {row['process_rss_mib']:.0f} MiB | – | < 300 MB |")
    screens = results.get("schermen", {})
    if "p95_s" in screens:
        base = screens["p95_s"]["kaal scherm"]
        for name, ours in screens["p95_s"].items():
            if name != "kaal scherm":
                rows.append(f"| {name}, p95 van {screens['repeats']} | {ours * 1000:.0f} ms | "
                            f"kaal scherm {base * 1000:.0f} ms | {_nl(ours / base, 1)}x | < 100 ms |")
    save = results.get("bewaren")
    if save:
        rows.append(f"| één antwoord bewaren ({save['file_kib']} KiB, fsync, {save['filesystem']}), mediaan / p99 | "
                    f"{_nl(save['median_s'] * 1000, 1)} / {_nl(save['p99_s'] * 1000, 1)} ms | tomli_w + atomisch "
                    f"schrijven: {_nl(save['baseline_median_s'] * 1000, 1)} / "
                    f"{_nl(save['baseline_p99_s'] * 1000, 1)} ms"
                    f" | {_nl(save['ratio_median'])}x / {_nl(save['ratio_p99'])}x | – |")
    reading = results.get("lezen")
    if reading:
        per = reading["ms_per_file"]
        rows.append(f"| één antwoordenbestand lezen en nakijken ({reading['bytes_per_file'] // 1024} KiB) | "
                    f"{_nl(per['parse_answers'], 3)} ms | tomllib alleen: {_nl(per['tomllib'], 3)} ms | "
                    f"{_nl(reading['ratio_to_tomllib']['parse_answers'])}x | – |")
    load = m.get("load_average_start")
    machine = (f"Gemeten op {m['date'][:10]}: {m['cores']} kernen, Python {m['python']}, {m['system']}, "
               f"Textual {m['textual']}, rtoml {m['rtoml']}; belasting (1/5/15 min) bij de start {load}, "
               f"op het einde {m.get('load_average_end')}.")
    return machine + "\n\n" + "\n".join(rows)


# --- main -----------------------------------------------------------------------------------------------


def machine() -> dict:
    import textual

    try:
        import rtoml

        rtoml_version = rtoml.__version__
    except ImportError:
        rtoml_version = None
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "textual": getattr(textual, "__version__", "?"),
        "rtoml": rtoml_version,
        "load_average_start": load_average(),
        "work_filesystem": filesystem_of(WORK),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--klein", action="store_true", help="kleine groottes, één herhaling (voor de tests)")
    parser.add_argument("--groot", action="store_true", help="ook 50.000 bestanden")
    parser.add_argument("--uit", type=Path, default=ROOT / "benchmarks" / "results", help="map voor de JSON")
    parser.add_argument("--label", default="", help="naam in de JSON-bestandsnaam (geen hostnaam)")
    parser.add_argument("--alleen", default="", help="enkel deze onderdelen, bv. lezen,opstart")
    parser.add_argument("--tabel", type=Path, help="druk enkel de README-tabel van dit JSON-bestand af")
    args = parser.parse_args()
    if args.tabel:
        print(markdown_table(json.loads(args.tabel.read_text(encoding="utf-8"))))
        return

    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reflectie")], check=False)
    results: dict = {"machine": machine(), "klein": args.klein, "groot": args.groot}
    m = results["machine"]
    print(f"Machine: {m['cores']} kernen, Python {m['python']}, {m['system']}, Textual {m['textual']}, "
          f"rtoml {m['rtoml']}; belasting (1/5/15 min) bij de start: {m['load_average_start']}; "
          f"werkmap op {m['work_filesystem']}.")
    if m["work_filesystem"] in ("tmpfs", "ramfs"):
        print("Let op: de werkmap staat in het geheugen; bewaren met fsync is hier niet echt.")
    wanted = set(filter(None, args.alleen.split(",")))

    def part(name: str) -> bool:
        return not wanted or name in wanted

    if args.klein:
        sizes, repeats, reading_size, startup_runs, screen_runs, save_runs = [20, 40], 1, 40, 1, 3, 10
    else:
        sizes = [100, 1000, 5000, 10000] + ([50000] if args.groot else [])
        repeats, reading_size, startup_runs, screen_runs, save_runs = 3, 200, 7, 20, 300
    if part("lezen"):
        bench_reading(results, reading_size, 3 if args.klein else 7)
    if part("opstart"):
        bench_startup(results, startup_runs)
    if part("rapport"):
        bench_report(results, sizes, 1 if args.klein or len(sizes) == 0 else repeats)
    if part("intervisie"):
        bench_intervisie(results, [s for s in sizes if s != 5000], 1 if args.klein else 2)
    if part("schermen"):
        bench_screens(results, screen_runs)
    if part("bewaren"):
        bench_save(results, save_runs)
    results["machine"]["load_average_end"] = load_average()
    print(f"\nBelasting (1/5/15 min) op het einde: {results['machine']['load_average_end']}.")
    args.uit.mkdir(parents=True, exist_ok=True)
    label = args.label or ("klein" if args.klein else "groot" if args.groot else "volledig")
    target = args.uit / f"{datetime.now():%Y-%m-%d-%H%M}-{label}.json"
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultaten: {target}\n")
    print(markdown_table(results))


if __name__ == "__main__":
    main()
