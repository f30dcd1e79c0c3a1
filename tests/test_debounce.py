"""The trailing-edge debounce: bursts give one run of the final state; nothing is dropped."""

from __future__ import annotations

import threading
import time

from storydesk.build.debounce import Debouncer


def test_burst_gives_one_run_with_every_change():
    runs: list[set[str]] = []
    d = Debouncer(runs.append, quiet_s=0.1)
    for i in range(10):
        d.trigger(f"f{i}")
        time.sleep(0.01)
    assert d.wait_idle(5)
    d.stop()
    assert runs == [{f"f{i}" for i in range(10)}]


def test_changes_during_a_run_queue_exactly_one_more():
    started = threading.Event()
    release = threading.Event()
    runs: list[set[str]] = []

    def action(changes):
        runs.append(changes)
        if len(runs) == 1:
            started.set()
            release.wait(5)

    d = Debouncer(action, quiet_s=0.02)
    d.trigger("a")
    assert started.wait(5)
    for name in ("b", "c", "d"):
        d.trigger(name)
    release.set()
    assert d.wait_idle(5)
    d.stop()
    assert runs == [{"a"}, {"b", "c", "d"}]


def test_run_waits_for_the_quiet_period_after_the_last_change():
    times: list[float] = []
    d = Debouncer(lambda changes: times.append(time.monotonic()), quiet_s=0.2)
    d.trigger("a")
    time.sleep(0.15)
    last = time.monotonic()
    d.trigger("b")
    assert d.wait_idle(5)
    d.stop()
    assert len(times) == 1 and times[0] - last >= 0.2


def test_immediate_skips_the_quiet_period_and_errors_do_not_stop_the_worker():
    calls = []

    def action(changes):
        calls.append(changes)
        if len(calls) == 1:
            raise RuntimeError("first run fails")

    d = Debouncer(action, quiet_s=10)
    d.trigger("x", immediate=True)
    assert d.wait_idle(5)
    d.trigger("y", immediate=True)
    assert d.wait_idle(5)
    d.stop()
    assert calls == [{"x"}, {"y"}]
