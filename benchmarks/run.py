"""reflectie benchmarks: every figure is a ratio against a baseline measured in the same run.

    python benchmarks/run.py            # the full run (10,000 files take a minute or two)
    python benchmarks/run.py --klein    # a quick run on small sizes (used by the tests)

Nothing here asserts a time; it prints what it measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTUP_CHILD = r"""
import asyncio, json, os, resource, sys, time
start = time.perf_counter()
which = sys.argv[1]
if which == "baseline":
    from textual.app import App
    from textual.widgets import Footer, Header, Label

    class Bare(App):
        def compose(self):
            yield Header()
            yield Label("reflectie")
            yield Footer()

    app = Bare()
    ready = lambda a: True
else:
    from reflectie.app import make_app
    from reflectie.screens.start import StartScreen

    app = make_app()
    ready = lambda a: isinstance(a.screen, StartScreen)

async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        while not ready(app):
            await pilot.pause(0.001)
        elapsed = time.perf_counter() - start
    return elapsed

elapsed = asyncio.run(main())
print(json.dumps({"seconds": elapsed, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _child(which: str, home: Path) -> dict:
    env = dict(os.environ, REFLECTIE_HOME=str(home), TEXTUAL_ANIMATIONS="none")
    out = subprocess.run([sys.executable, "-c", STARTUP_CHILD, which], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_startup(repeats: int) -> None:
    from reflectie.model import Participant
    from reflectie.profile import Profile, save_profile

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["REFLECTIE_HOME"] = str(home)
        save_profile(Profile(Participant("bench1", "", "Org", "Team", ""), welcomed=True, last_round="2026-najaar"))
        runs = {"baseline": [], "reflectie": []}
        for _ in range(repeats):
            for which in ("baseline", "reflectie"):  # interleaved, so drift hits both
                runs[which].append(_child(which, home))
    base_t = statistics.median(r["seconds"] for r in runs["baseline"])
    ours_t = statistics.median(r["seconds"] for r in runs["reflectie"])
    base_m = statistics.median(r["peak_kib"] for r in runs["baseline"])
    ours_m = statistics.median(r["peak_kib"] for r in runs["reflectie"])
    print(f"start-up (mediaan van {repeats}): reflectie {ours_t * 1000:.0f} ms, kale Textual-app {base_t * 1000:.0f} ms "
          f"-> {ours_t / base_t:.2f}x (doel <= 1.3x)")
    print(f"piekgeheugen: reflectie {ours_m / 1024:.1f} MiB, kale Textual-app {base_m / 1024:.1f} MiB "
          f"-> {ours_m / base_m:.2f}x (doel <= 1.3x)")
    help_code = "import sys; sys.argv=['reflectie','--help']\nfrom reflectie.cli import main\ntry:\n    main()\nexcept SystemExit: pass\nprint('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", help_code], capture_output=True, text=True)
    print(f"`reflectie --help` laadt Textual: {'ja' if out.stdout.strip().endswith('True') else 'nee'}")


def bench_report(sizes: list[int]) -> None:
    from reflectie.bank import load_bank
    from reflectie.compare import compare
    from reflectie.loading import answer_files, collect
    from reflectie.demo import write_demo
    from reflectie.report.group import write_reports

    bank = load_bank()
    previous = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "demo"
            write_demo(bank, folder, size)
            files = answer_files([folder])
            for path in files:  # warm the file cache for both
                path.read_bytes()
            t0 = time.perf_counter()
            for path in files:
                with open(path, "rb") as handle:
                    tomllib.load(handle)
            bare = time.perf_counter() - t0
            t0 = time.perf_counter()
            collection = collect([folder], bank)
            comparison = compare(collection, bank, "team")
            write_reports(comparison, Path(tmp) / "uit", ("html", "csv"))
            ours = time.perf_counter() - t0
        per_file = ours / size * 1000
        growth = f", {per_file / previous:.2f}x de tijd per bestand van de vorige grootte" if previous else ""
        previous = per_file
        print(f"rapport (HTML + CSV) over {size:>6} bestanden: {ours:.3f} s, kale tomllib-lus {bare:.3f} s "
              f"-> {ours / bare:.2f}x (doel <= 3x){growth}")


def bench_save(repeats: int) -> None:
    from reflectie.bank import load_bank
    from reflectie.model import Participant, TextAnswer
    from reflectie.store import new_answers, save_answers

    bank = load_bank()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFLECTIE_HOME"] = tmp
        answers = new_answers(Participant("bench1", "", "Org", "Team", ""), "2026-najaar")
        for item in bank.items.values():
            if item.scale is not None:
                answers.scores[item.id] = item.scale.max
            else:
                answers.texts[item.id] = TextAnswer("reflectie " * 205, share=True, discuss=True)  # ~2 KB
        save_answers(answers)
        size = (Path(tmp) / "antwoorden" / "2026-najaar.toml").stat().st_size
        timings = []
        import tomli_w

        from reflectie.answersfile import answers_to_dict, dumps

        t0 = time.perf_counter()
        for _ in range(repeats):
            tomli_w.dumps(answers_to_dict(answers))
        whole = (time.perf_counter() - t0) / repeats
        t0 = time.perf_counter()
        for index in range(repeats):
            answers.scores["rol.positie.micro"] = index % 5 + 1
            dumps(answers)
        serialise = (time.perf_counter() - t0) / repeats
        for index in range(repeats):
            answers.scores["rol.positie.micro"] = index % 5 + 1
            t0 = time.perf_counter()
            save_answers(answers)
            timings.append(time.perf_counter() - t0)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"één antwoord bewaren in een volledig bestand ({size // 1024} KiB, {repeats}x): mediaan "
          f"{statistics.median(timings) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms (doel p99 < 20 ms); "
          f"waarvan TOML maken {serialise * 1000:.2f} ms (het hele document in één tomli-w-aanroep: {whole * 1000:.2f} ms)")


def bench_app_big_folder(size: int) -> None:
    """While the intervisie screen loads a big folder, how long can a key press wait?

    A key is handled at the next turn of the app's event loop, so the longest gap between two
    turns of a 10 ms timer is the worst wait a key press sees. Baseline: the same timer in the
    same app while it is idle.
    """
    from reflectie.app import make_app
    from reflectie.bank import load_bank
    from reflectie.demo import write_demo
    from reflectie.model import Participant
    from reflectie.profile import Profile, save_profile
    from reflectie.screens.intervisie import IntervisieScreen

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFLECTIE_HOME"] = tmp
        bank = load_bank()
        folder = Path(tmp) / "groot"
        write_demo(bank, folder, size)
        save_profile(Profile(Participant("bench1", "", "Org", "Team", ""), welcomed=True, last_round="2026-najaar"))
        app = make_app()

        async def gaps_while(pilot, condition) -> list[float]:
            gaps: list[float] = []
            last = [time.perf_counter()]

            def tick() -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now

            timer = app.set_interval(0.01, tick)
            while condition():
                await asyncio.sleep(0.005)
            timer.stop()
            return sorted(gaps)

        async def run():
            async with app.run_test(size=(110, 34)) as pilot:
                end = time.perf_counter() + 1.0
                idle = await gaps_while(pilot, lambda: time.perf_counter() < end)
                screen = IntervisieScreen("team", folder)
                t0 = time.perf_counter()
                await app.push_screen(screen)
                await pilot.pause()  # the screen's first paint
                first_paint = time.perf_counter() - t0
                progress_seen = [0]

                def loading() -> bool:
                    bar = screen.query_one("#progress")
                    if bar.display and (bar.progress or 0) > 0:
                        progress_seen[0] += 1
                    return screen.comparison is None

                busy = await gaps_while(pilot, loading)
                return time.perf_counter() - t0, first_paint, idle, busy, progress_seen[0]

        total, first_paint, idle, busy, progress_seen = asyncio.run(run())

    def p(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else 0.0

    print(f"intervisiescherm op {size} bestanden: geladen in {total:.1f} s (eerste beeld na {first_paint * 1000:.0f} ms); "
          f"langste wachttijd voor een toets tijdens het laden {p(busy, 1.0):.0f} ms (p95 {p(busy, 0.95):.0f} ms), "
          f"in rust {p(idle, 1.0):.0f} ms (doel < 100 ms); voortgangsbalk {progress_seen}x gezien bijgewerkt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--klein", action="store_true", help="kleine groottes, snel")
    args = parser.parse_args()
    if args.klein:
        bench_startup(1)
        bench_report([20, 40])
        bench_save(20)
        bench_app_big_folder(200)
    else:
        bench_startup(5)
        bench_report([100, 1000, 10000])
        bench_save(500)
        bench_app_big_folder(10000)


if __name__ == "__main__":
    main()
