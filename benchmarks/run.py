"""storydesk's benchmark suite: ``make bench`` (or ``python benchmarks/run.py [--only NAME] [--quick]``).

Prints one table of figures; every figure is measured here, on this machine, when it runs:

* build: whole-process ``storydesk build`` (CLI) time; rebuild in the subinterpreter pool (standby handoff,
  build, discard) and in-process after an edit of the root ``stories.py`` (a full build); pool handoff
  overhead; output size; peak memory; memory growth over 200 pool rebuilds; after an edit of one subject's
  ``stories.py``, the incremental and the full pool rebuild and their ratio (issue 13). For the demo catalog
  and a generated 300-story catalog (10 x 10 x 3), and a 3,000-story one (10 x 30 x 10, not with --quick).
* app: the real app under X (Xvfb when DISPLAY is unset): launch -> the remembered story shown (a relaunch),
  time from a file save to the new site swapped in and to the pane showing the new text (demo, 300 and
  3,000 stories); the app's and the pane's memory; the idle window's CPU.
* pane: the preview pane on its own: the time to update a demo story page in place with idiomorph, and to
  reload it (issue 13), each as the pane measures it (command to page updated).
* gui: GUI ``reload_all`` (all view modules, UI rebuild and state restore) with the demo's tree fully
  expanded; idle main-loop Python work per frame.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from gen_catalog import generate  # noqa: E402

from storydesk.paths import demo_catalog  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []


def row(group: str, name: str, value: str, target: str = "") -> None:
    """Record and print one figure."""
    ROWS.append((group, name, value, target))
    print(f"  {group:<6} {name:<66} {value:>14}  {target}", flush=True)


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size in MB from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# -- build ----------------------------------------------------------------------------------------------
def bench_build(label: str, catalog: Path, tmp: Path, rebuilds: int, growth_rebuilds: int) -> None:
    from storydesk.build.pipeline import build
    from storydesk.build.pool import InterpreterPool

    out = tmp / f"site-{label}"
    cli = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "storydesk", "build", str(catalog), str(out)], check=True, capture_output=True
        )
        cli.append(time.perf_counter() - t0)
    row(
        "build",
        f"{label}: storydesk build, whole process (median of 5)",
        median_ms(cli),
        "< 480 ms (Storyville, 300 stories)" if "300" in label else "",
    )
    result = build(catalog, out)
    row(
        "build",
        f"{label}: stories / output size",
        f"{result.story_count} / {dir_mb(out):.1f} MB",
        "< 5 MB (300 stories)" if "300" in label else "",
    )
    edit = saver(catalog / "stories.py")
    direct = []
    for _ in range(rebuilds):
        edit()
        t0 = time.perf_counter()
        build(catalog, out)
        direct.append(time.perf_counter() - t0)
    row("build", f"{label}: in-process rebuild (median of {rebuilds})", median_ms(direct))
    pool = InterpreterPool()
    times, handoffs, parts = pool_rebuilds(pool, catalog, out, rebuilds, edit)
    mode = f"{parts} interpreters" if parts > 1 else "1 interpreter"
    row(
        "build",
        f"{label}: pool rebuild, warm standby, {mode} (median of {rebuilds})",
        median_ms(times),
        "< 100 ms (300 stories); Storyville 250 ms" if "300" in label else "",
    )
    handoff_target = "< 2 ms" if "3,000" not in label else ""
    if parts == 1:
        row("build", f"{label}: pool handoff overhead (median)", median_ms(handoffs), handoff_target)
    if "stories" in label:  # the other mode, for comparison (parallel rendering, issue 4)
        other = InterpreterPool(parallel_min_stories=None if parts > 1 else 1)
        o_times, o_handoffs, o_parts = pool_rebuilds(other, catalog, out, rebuilds, edit)
        other.close()
        o_mode = f"{o_parts} interpreters" if o_parts > 1 else "1 interpreter"
        row("build", f"{label}: pool rebuild, {o_mode} (median of {rebuilds})", median_ms(o_times))
        if o_parts == 1:
            row("build", f"{label}: pool handoff overhead (median)", median_ms(o_handoffs), handoff_target)
    if "300" in label:
        bench_process(label, catalog, out, pool, rebuilds, edit)
    if "stories" in label:
        bench_incremental(label, catalog, tmp, rebuilds)
    if growth_rebuilds:
        for _ in range(10):
            pool.wait_ready(60)
            pool.build(catalog, out)
        base = rss_mb()
        for _ in range(growth_rebuilds):
            edit()
            pool.wait_ready(60)
            pool.build(catalog, out)
        row(
            "build",
            f"{label}: RSS growth over {growth_rebuilds} pool rebuilds",
            f"{rss_mb() - base:+.1f} MB",
            "< 10 MB",
        )
    pool.close()


def bench_process(label: str, catalog: Path, out: Path, pool, rebuilds: int, edit) -> None:
    """The build process's cost (issue 10): rebuilds through it and through a pool in this process, alternated,
    a person's pace apart (0.5 s: both standbys warm); the figure is the difference of the medians, and the
    median of the "process" phase (the client's wall time less the build's own)."""
    from storydesk.build.client import BuildProcess

    process = BuildProcess(stderr_path=out.parent / "build-process.log")
    try:
        process.wait_ready(60)
        process.build(catalog, out)
        direct, through, phase = [], [], []
        for _ in range(rebuilds):
            for builder, times in ((pool, direct), (process, through)):
                edit()
                time.sleep(0.5)
                t0 = time.perf_counter()
                r = builder.build(catalog, out)
                times.append(time.perf_counter() - t0)
                assert r.ok, r.error
                if builder is process:
                    phase.append(r.phases["process"] / 1000)
    finally:
        process.close()
    row("build", f"{label}: rebuild through the build process (median of {rebuilds})", median_ms(through))
    row("build", f"{label}: rebuild in this process's pool, same runs (median of {rebuilds})", median_ms(direct))
    overhead = (statistics.median(through) - statistics.median(direct)) * 1000
    row("build", f"{label}: build process cost per rebuild (difference of medians)", f"{overhead:.1f} ms", "< 5 ms")
    row("build", f"{label}: build process frames and wake-up (median 'process' phase)", median_ms(phase), "< 5 ms")


def bench_incremental(label: str, catalog: Path, tmp: Path, rebuilds: int) -> None:
    """Pool rebuilds after an edit of one subject's ``stories.py``, with incremental builds on (the default) and
    off (``STORYDESK_INCREMENTAL=0``, read as interpreters start: a pool of its own), and their ratio (issue 13).
    """
    from storydesk.build.pool import InterpreterPool
    from storydesk.catalog.incremental import INCREMENTAL_ENV

    edit = saver(catalog / "section_03" / "subject_04" / "stories.py")
    out = tmp / f"site-inc-{label}"
    pool = InterpreterPool()
    on, _, _ = pool_rebuilds(pool, catalog, out, rebuilds, edit)
    pool.close()
    os.environ[INCREMENTAL_ENV] = "0"
    try:
        pool = InterpreterPool()
        off, _, parts = pool_rebuilds(pool, catalog, tmp / f"site-full-{label}", rebuilds, edit)
        pool.close()
    finally:
        del os.environ[INCREMENTAL_ENV]
    row("build", f"{label}: one-file edit, incremental pool rebuild (median of {rebuilds})", median_ms(on))
    row(
        "build",
        f"{label}: one-file edit, full pool rebuild, {parts} interpreter(s) (median of {rebuilds})",
        median_ms(off),
    )
    ratio = statistics.median(on) / statistics.median(off)
    row(
        "build",
        f"{label}: rebuild after a one-file edit / full rebuild",
        f"{ratio:.2f}",
        "< 0.3" if "3,000" in label else "",
    )


def saver(path: Path):
    """Return ``edit()``, which saves ``path`` with a different trailing comment each call (as a person's save:
    the bytes change, so nothing compiled ahead is reused for it)."""
    original = path.read_text()
    count = [0]

    def edit() -> None:
        count[0] += 1
        path.write_text(f"{original}# bench save {count[0]}\n")

    return edit


def pool_rebuilds(pool, catalog: Path, out: Path, rebuilds: int, edit) -> tuple[list[float], list[float], int]:
    """Rebuild ``rebuilds`` times after an edit each, the standby warm (as when saves are a second apart);
    return the build times and handoffs (s) and the number of interpreters the last build used."""
    pool.wait_ready(60)
    pool.build(catalog, out)  # the pool learns the catalog: its size, its imports
    times, handoffs, parts = [], [], 1
    for _ in range(rebuilds):
        edit()
        pool.wait_ready(60)
        r = pool.build(catalog, out)
        assert r.ok, r.error
        times.append(r.total_ms / 1000)
        handoffs.append(r.phases["handoff"] / 1000)
        parts = r.parts
    return times, handoffs, parts


# -- app ------------------------------------------------------------------------------------------------
def bench_app(
    label: str,
    catalog: Path,
    tmp: Path,
    edits: int,
    story: str,
    stories: Path,
    current: str,
    target: str = "",
    only_saves: bool = False,
) -> None:
    """Edit ``stories`` (replacing the quoted ``current`` text) ``edits`` times in the running app; ``target``:
    of save -> pane shows it; ``only_saves``: measure nothing else.
    """
    from gui_driver import RunningApp

    tmp.mkdir(parents=True, exist_ok=True)
    launched = time.time()
    app = RunningApp(catalog, tmp, "--story", story)
    try:
        state = app.wait(lambda s: s.get("pane_ready") and current in s.get("pane_text", ""), 90, "the app")
        row(
            "app",
            f"{label}: first launch (no site yet) -> the story shown in the pane",
            f"{(state['pane_loaded_at'] - launched) * 1000:.0f} ms",
        )
        time.sleep(1.0)
        swapped, loaded = [], []
        for i in range(edits):
            new = f"Label number {i:04d}"
            builds = app.state()["status"]["builds"]
            text = stories.read_text().replace(f'"{current}"', f'"{new}"').replace(f"'{current}'", f"'{new}'")
            t0 = time.time()
            stories.write_text(text)
            state = app.wait(lambda s, new=new: new in s.get("pane_text", ""), 30, "the pane reload")
            app.wait(lambda s, b=builds: s["status"]["builds"] > b, 30, "the build")
            swapped.append(app.state()["status"].get("swapped_at", 0) - t0)
            loaded.append(state["pane_loaded_at"] - t0)
            current = new
            time.sleep(0.6)  # let the standby interpreter warm, as between a person's saves
        row("app", f"{label}: save -> new site swapped in (median of {edits})", median_ms(swapped))
        row("app", f"{label}: save -> pane shows the change (median of {edits})", median_ms(loaded), target)
        if only_saves:
            return
        pane_pid = app.state().get("pane_pid")
        row("app", "memory: app process RSS", f"{rss_mb(app.proc.pid):.0f} MB")
        if pane_pid:
            children = subprocess.run(["pgrep", "-P", str(pane_pid)], capture_output=True, text=True).stdout.split()
            total = rss_mb(pane_pid) + sum(rss_mb(c) for c in children if Path(f"/proc/{c}").exists())
            row("app", "memory: pane process tree RSS (Qt WebEngine)", f"{total:.0f} MB")
        restarts = []
        for _ in range(3):  # the Restart pane button, until the new pane shows the story again (issue 11)
            pid = app.state()["pane_pid"]
            app.click_widget("sd:btn:restart-pane")
            t0 = time.time() - 0.2  # click_widget returns 0.2 s after releasing the button
            state = app.wait(
                lambda s, p=pid, t=t0: s["pane_pid"] != p and s["pane_loaded_at"] > t and current in s["pane_text"],
                30,
                "the restarted pane on the story",
            )
            restarts.append(state["pane_loaded_at"] - t0)
            time.sleep(1.0)
        row("app", "Restart pane -> story shown again (median of 3)", median_ms(restarts), "< 2000 ms")
        t0 = time.monotonic()
        app.proc.send_signal(signal.SIGTERM)  # as the session ending, or the window's close button
        app.proc.wait(30)
        row(
            "app",
            "SIGTERM -> app process ended",
            f"{(time.monotonic() - t0) * 1000:.0f} ms",
            "< 1000 ms",
        )
    finally:
        app.stop()


def bench_launch(tmp: Path, launches: int) -> None:
    """Launch -> the remembered story shown in the pane, on the demo (issue 13): a first session selects a story
    and quits; each relaunch (no ``--story``: the one remembered) is timed until the pane shows it.
    """
    from gui_driver import RunningApp

    catalog = shutil.copytree(demo_catalog(), tmp / "launch" / "storydesk_demo")
    story, text = "forms/text_input/filled", "Filled"
    app = RunningApp(catalog, tmp / "launch", "--story", story)
    try:
        app.wait(lambda s: shown(s, story, text), 90, "the first session")
        time.sleep(1.0)
    finally:
        app.stop()
    samples = []
    for _ in range(launches):
        time.sleep(1.0)
        launched = time.time()
        app = RunningApp(catalog, tmp / "launch")
        try:
            state = app.wait(lambda s: shown(s, story, text), 90, "the relaunch")
            samples.append(state["pane_loaded_at"] - launched)
            time.sleep(0.5)
        finally:
            app.stop()
    row("app", f"demo: launch -> the remembered story shown (median of {launches})", median_ms(samples), "< 1500 ms")


def shown(state: dict, story: str, text: str) -> bool:
    """Whether the app's ``state`` says the pane shows ``story``'s page with ``text`` on it."""
    return (
        bool(state.get("pane_ready"))
        and state.get("pane_page") == f"{story}.html"
        and text in state.get("pane_text", "")
    )


def bench_idle(tmp: Path, seconds: float) -> None:
    """CPU of the idle app's process tree (app, pane, build process) over ``seconds`` (issue 13)."""
    from gui_driver import RunningApp

    from storydesk.gui.governor import IDLE_WAKE_S

    catalog = shutil.copytree(demo_catalog(), tmp / "idle" / "storydesk_demo")
    os.environ["STORYDESK_IDLE_WAKE_S"] = str(IDLE_WAKE_S)  # as for a user: no state-file reporting pace
    try:
        app = RunningApp(catalog, tmp / "idle", "--story", "actions/button/primary")
    finally:
        del os.environ["STORYDESK_IDLE_WAKE_S"]
    try:
        app.wait(lambda s: s.get("pane_ready") and "Save changes" in s.get("pane_text", ""), 90, "the app")
        time.sleep(3.0)
        pids = process_tree(app.proc.pid)
        before, t0 = cpu_ticks(pids), time.monotonic()
        time.sleep(seconds)
        used = (cpu_ticks(pids) - before) / os.sysconf("SC_CLK_TCK")
        row(
            "app",
            f"idle window: CPU of the app's process tree ({len(pids)} processes, {seconds:.0f} s)",
            f"{used / (time.monotonic() - t0) * 100:.1f}% core",
            "< 3% core",
        )
    finally:
        app.stop()


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from ``ps``)."""
    children: dict[int, list[int]] = {}
    for line in subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout.splitlines():
        if line.strip():
            child, parent = map(int, line.split())
            children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found


def cpu_ticks(pids: list[int]) -> int:
    """User + system CPU clock ticks used so far by the processes ``pids`` (gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


# -- props ----------------------------------------------------------------------------------------------
def bench_props(catalog: Path, tmp: Path, edits: int) -> None:
    """Edit a prop through the App (as the props panel does) and time until the pane reports the page."""
    from storydesk.app.controller import App

    story = "actions/button/primary"
    app = App(catalog, tmp / "site", initial_story=story)
    app.start()

    def until(predicate, timeout=60.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            app.poll()
            if predicate():
                return
            time.sleep(0.002)
        raise AssertionError("timed out")

    try:
        until(lambda: app.pane.ready and "Save changes" in app.pane.text)
        samples = []
        for i in range(edits):
            time.sleep(0.6)  # a person's pace: the standby interpreter is warm
            label = f"Edited {i:03d}"
            t0 = time.time()
            app.set_prop(story, "label", label)
            until(lambda label=label: label in app.pane.text)
            samples.append(app.pane.loaded_at - t0)
        row("props", f"demo: prop edited -> pane shows it (median of {edits})", median_ms(samples), "< 40 ms")
    finally:
        app.shutdown()


# -- gui ------------------------------------------------------------------------------------------------
# -- pane -----------------------------------------------------------------------------------------------
def bench_pane(tmp: Path, updates: int) -> None:
    """Update a demo story page in the pane ``updates`` times in place (morph) and by reload; each figure is the
    pane's own time from the command to the page updated (``morph_ms``, ``reload_ms`` of its events).
    """
    from test_pane import Pane

    from storydesk.build.pipeline import build

    catalog = shutil.copytree(demo_catalog(), tmp / "pane" / "storydesk_demo")
    out = tmp / "pane" / "site"
    assert build(catalog, out).ok
    page = out / "forms" / "text_input" / "filled.html"
    original = page.read_text()
    pane = Pane(page.as_uri())
    try:
        pane.expect(lambda e: e["event"] == "ready")
        pane.expect(lambda e: e["event"] == "loaded" and e.get("url") == page.as_uri())
        morphs, reloads = [], []
        for i in range(updates + 1):  # the first morph also defines idiomorph in the page: not counted
            page.write_text(original.replace("ada@example.com", f"ada{i}@example.com"))
            pane.send(cmd="morph", url=page.as_uri(), html=page.read_text())
            event = pane.expect(lambda e: e["event"] == "loaded")
            assert event.get("morphed"), event
            if i:
                morphs.append(event["morph_ms"] / 1000)
        for _ in range(updates):
            pane.send(cmd="reload")
            reloads.append(pane.expect(lambda e: e["event"] == "loaded")["reload_ms"] / 1000)
    finally:
        pane.close()
    row("pane", f"demo story page updated in place, idiomorph (median of {updates})", median_ms(morphs), "< 10 ms")
    row("pane", f"demo story page reloaded (median of {updates})", median_ms(reloads))


def bench_audit(tmp: Path) -> None:
    """Audit all on the demo (issue 15): every story page audited with axe-core in the pane's hidden view; the
    per-story figure is axe's own time in the page, the whole figure the wall time from the command to the
    last progress event.
    """
    from test_pane import Pane

    from storydesk.build.pipeline import build

    catalog = shutil.copytree(demo_catalog(), tmp / "audit" / "storydesk_demo")
    out = tmp / "audit" / "site"
    assert build(catalog, out).ok
    manifest = json.loads((out / "storydesk.json").read_text())
    urls = [(out / s["href"]).as_uri() for s in manifest["stories"] if not s.get("error")]
    shown = out / "actions" / "button" / "primary.html"
    pane = Pane(shown.as_uri())
    try:
        pane.expect(lambda e: e["event"] == "audit", 60)  # the shown story's own audit: axe defined, warm
        started = time.perf_counter()
        pane.send(cmd="audit_all", urls=urls)
        audits = []
        while True:
            event = pane.expect(lambda e: e["event"] in ("audit", "audit_progress"), 120)
            if event["event"] == "audit":
                audits.append(event["ms"] / 1000)
            elif event["finished"]:
                break
        whole = time.perf_counter() - started
    finally:
        pane.close()
    row("pane", f"demo: accessibility audit of one story, axe-core (median of {len(audits)})", median_ms(audits))
    row("pane", f"demo: Audit all, {len(urls)} stories, in the background (wall time)", f"{whole * 1000:.0f} ms")


def bench_gui(tmp: Path, reloads: int, frames: int) -> None:
    import dearpygui.dearpygui as dpg
    from hot_fixture import HotGui

    catalog = tmp / "storydesk_demo"
    if not catalog.exists():
        shutil.copytree(demo_catalog(), catalog)
    gui = HotGui(catalog, tmp / "gui")
    for alias in [a for a in dpg.get_aliases() if a.startswith("sd:node:")]:
        dpg.set_value(alias, True)
    gui.frames(3)
    nodes = sum(1 for a in dpg.get_aliases() if a.startswith(("sd:node:", "sd:story:")))
    samples = []
    for _ in range(reloads):
        t0 = time.perf_counter()
        assert gui.reloader.reload_all(gui.app)
        samples.append(time.perf_counter() - t0)
        gui.frames(2)
    assert all(dpg.get_value(a) for a in dpg.get_aliases() if a.startswith("sd:node:"))
    row("gui", f"reload_all, tree fully expanded ({nodes} nodes; median of {reloads})", median_ms(samples), "< 50 ms")
    ticks = []
    for _ in range(frames):
        t0 = time.perf_counter()
        gui.shell.tick()
        ticks.append(time.perf_counter() - t0)
        dpg.render_dearpygui_frame()
    row(
        "gui",
        f"idle main-loop Python work per frame (median of {frames})",
        f"{statistics.median(ticks) * 1e6:.1f} us",
        "< 100 us",
    )
    gui.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", choices=["build", "app", "props", "pane", "gui"], action="append")
    p.add_argument("--quick", action="store_true", help="fewer repetitions, no 3,000-story catalog")
    a = p.parse_args()
    only = set(a.only or ["build", "app", "props", "pane", "gui"])
    xvfb = None
    if not os.environ.get("DISPLAY") and only & {"app", "props", "pane", "gui"}:
        from pyvirtualdisplay.display import Display

        xvfb = Display(backend="xvfb", size=(1400, 900), color_depth=24).start()  # sets DISPLAY
    print(f"storydesk benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"  {'group':<6} {'figure':<66} {'value':>14}  target")
    with tempfile.TemporaryDirectory(prefix="storydesk-bench-") as tmpname:
        tmp = Path(tmpname)
        try:
            if "build" in only:
                demo = shutil.copytree(demo_catalog(), tmp / "build" / "storydesk_demo")  # it is edited
                bench_build("demo", demo, tmp, 10 if a.quick else 20, 0)
                big = generate(tmp / "gencat", 10, 10, 3)
                bench_build("300 stories", big, tmp, 10 if a.quick else 20, 50 if a.quick else 200)
                if not a.quick:
                    huge = generate(tmp / "gencat3k", 10, 30, 10)
                    bench_build("3,000 stories", huge, tmp, 5, 0)
                row(
                    "build",
                    "peak RSS of this benchmark process",
                    f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
                )
            if "app" in only:
                demo = tmp / "app" / "storydesk_demo"
                shutil.copytree(demo_catalog(), demo)
                edits = 5 if a.quick else 15
                bench_idle(tmp, 5 if a.quick else 10)
                bench_launch(tmp, 3 if a.quick else 5)
                bench_app(
                    "demo",
                    demo,
                    tmp / "app",
                    edits,
                    "actions/button/primary",
                    demo / "actions" / "button" / "stories.py",
                    "Save changes",
                )
                for label, size, target in (
                    ("300 stories", (10, 10, 3), "< 100 ms"),
                    ("3,000 stories", (10, 30, 10), "< 150 ms"),
                ):
                    if a.quick and "3,000" in label:
                        continue
                    folder = tmp / f"app{size[0] * size[1] * size[2]}"
                    big = generate(folder / "gencat", *size)
                    bench_app(
                        label,
                        big,
                        folder,
                        edits,
                        "section_00/subject_00/story-0",
                        big / "section_00" / "subject_00" / "stories.py",
                        "Save",
                        target,
                        only_saves=True,
                    )
            if "props" in only:
                demo = tmp / "props" / "storydesk_demo"
                shutil.copytree(demo_catalog(), demo)
                bench_props(demo, tmp / "props", 5 if a.quick else 15)
            if "pane" in only:
                bench_pane(tmp, 10 if a.quick else 30)
                bench_audit(tmp)
            if "gui" in only:
                bench_gui(tmp, 10 if a.quick else 30, 300 if a.quick else 1000)
        finally:
            if xvfb:
                xvfb.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
