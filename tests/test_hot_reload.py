"""State-preserving GUI hot reload (issue 3): each semantic guarantee, under Xvfb with the real shell."""

from __future__ import annotations

import threading
import time

import dearpygui.dearpygui as dpg
import pytest
from conftest import write
from hot_fixture import HotGui

from storydesk.gui import tint
from storydesk.gui.hot import HotModule, HotReloader

pytestmark = pytest.mark.gui

STORY = "actions/button/primary"


@pytest.fixture
def gui(display, demo_copy, tmp_path):
    g = HotGui(demo_copy, tmp_path)
    yield g
    g.close()


def test_successful_reload_runs_new_code(gui):
    gui.edit("status", 'label="Build phases"', 'label="Phase timings"')
    assert gui.reload()
    assert dpg.get_item_label("sd:hdr:phases") == "Phase timings"
    assert gui.reloader.last_error == "" and not gui.reloader.is_error_state


def test_syntax_error_changes_nothing_and_names_file_and_line(gui):
    build_before = gui.module("tree").build
    path = gui.edit("tree", "def fill(app) -> None:", "def fill(app) -> None\n")
    assert not gui.reload()
    assert gui.module("tree").build is build_before  # nothing was re-executed
    assert str(path) in gui.app.reload_error and "line" in gui.app.reload_error
    assert "SyntaxError" in gui.app.reload_error
    assert gui.app.error_tint and dpg.does_item_exist(tint.TAG)
    assert "SyntaxError" in dpg.get_value("sd:errors")  # shown in the error panel
    assert dpg.does_item_exist("sd:filter")  # the UI is still there


def test_exception_at_import_restores_every_module_exactly(gui):
    status_describe = gui.module("status").describe
    tree_dict_before = dict(vars(gui.module("tree")))
    gui.edit("tree", "FAILED_COLOUR =", "ADDED_BY_FAILED_RUN = 1\nFAILED_COLOUR =")
    gui.edit("status", "def describe(app)", "raise RuntimeError('boom at import')\n\n\ndef describe(app)")
    assert not gui.reload()
    assert "boom at import" in gui.app.reload_error
    assert "ADDED_BY_FAILED_RUN" not in vars(gui.module("tree"))
    assert vars(gui.module("tree")) == tree_dict_before
    assert gui.module("status").describe is status_describe
    assert dpg.does_item_exist("sd:status") and dpg.does_item_exist("sd:tree")
    assert "boom at import" in dpg.get_value("sd:errors")


def test_exception_while_rebuilding_ui_rolls_back_and_next_success_clears_tint(gui):
    gui.edit(
        "tree",
        '    """Add the filter box and the tree to ``parent``."""',
        '    """Add the filter box and the tree to ``parent``."""\n    raise ValueError("broken view")',
    )
    assert not gui.reload()
    assert "broken view" in gui.app.reload_error
    assert dpg.does_item_exist("sd:filter") and dpg.does_item_exist(f"sd:story:{STORY}")  # old code rebuilt
    assert dpg.does_item_exist(tint.TAG)
    gui.edit("tree", '\n    raise ValueError("broken view")', "")
    assert gui.reload()
    assert not dpg.does_item_exist(tint.TAG) and gui.app.reload_error == ""


def test_same_second_same_size_edits_are_picked_up(gui):
    for label in ("ReBUILD", "REBUILD"):
        old = dpg.get_item_label("sd:btn:rebuild")
        gui.edit("toolbar", f'label="{old}"', f'label="{label}"', keep_mtime=True)
        assert gui.reload()
        assert dpg.get_item_label("sd:btn:rebuild") == label


def test_callbacks_resolve_their_target_at_call_time(gui):
    gui.edit(
        "tree",
        '    """A story clicked: select it (and show it in the pane), unselect the previous one."""',
        '    """A story clicked."""\n    app.ui_state.items["picked_by_new_code"] = user_data',
    )
    assert gui.reload()
    item = f"sd:story:{STORY}"
    dpg.get_item_callback(item)(item, True, dpg.get_item_user_data(item))
    assert gui.app.ui_state.items["picked_by_new_code"] == STORY
    assert gui.app.ui_state.selected_story == STORY


def test_reloads_never_duplicate_items_or_handlers(gui):
    def census():
        items = dpg.get_all_items()
        kinds = [dpg.get_item_info(i)["type"] for i in items]
        return len(items), kinds.count("mvAppItemType::mvHandlerRegistry"), sorted(dpg.get_aliases())

    before = census()
    for _ in range(3):
        assert gui.reload()
    assert census() == before


def set_everything(gui):
    app = gui.app
    dpg.set_value("sd:tabs", "sd:tab:stories")
    gui.frames(2)
    item = f"sd:story:{STORY}"
    dpg.get_item_callback(item)(item, True, STORY)
    dpg.set_value("sd:hdr:phases", True)
    dpg.set_value("sd:auto-reload", True)
    dpg.get_item_callback("sd:auto-reload")("sd:auto-reload", True, None)
    dpg.set_value("sd:node:actions/badge", False)
    dpg.set_value("sd:node:actions/button", True)
    dpg.set_item_width("sd:control", 470)
    app.pane.page = "layout/card/plain.html"
    gui.frames(3)


def expect_everything(gui):
    app = gui.app
    assert app.ui_state.selected_story == STORY and dpg.get_value(f"sd:story:{STORY}") is True
    assert dpg.get_value("sd:hdr:phases") is True
    assert app.ui_state.auto_reload is True and dpg.get_value("sd:auto-reload") is True
    assert dpg.get_value("sd:node:actions/badge") is False
    assert dpg.get_value("sd:node:actions/button") is True
    assert dpg.get_item_width("sd:control") == 470
    assert app.pane.page == "layout/card/plain.html"


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_state_survives_reload(gui, outcome):
    set_everything(gui)
    if outcome == "failure":
        gui.edit("logpanel", "MAX_LINES = 300", "MAX_LINES = 300\nraise ImportError('nope')")
    assert gui.reload() is (outcome == "success")
    gui.frames(3)
    expect_everything(gui)


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_tab_scroll_and_window_state_survive_reload(gui, outcome):
    # a view that owns a floating window (with teardown), as a new module would
    gui.edit(
        "layout",
        "def tick(app) -> None:",
        """def teardown(app) -> None:
    if dpg.does_item_exist("sd:win:extra"):
        dpg.delete_item("sd:win:extra")


def tick(app) -> None:""",
    )
    gui.edit(
        "layout",
        '            logpanel.build(app, "sd:tab:log")',
        """            logpanel.build(app, "sd:tab:log")
    with dpg.window(label="Extra", tag="sd:win:extra", pos=(600, 100), width=200, height=150):
        dpg.add_input_text(tag="sd:extra:input")""",
    )
    assert gui.reload()
    for node in [a for a in dpg.get_aliases() if a.startswith("sd:node:")]:
        dpg.set_value(node, True)
    gui.frames(3)
    dpg.set_y_scroll("sd:tree", 120.0)
    dpg.set_value("sd:extra:input", "typed text")
    dpg.set_item_pos("sd:win:extra", [650, 220])
    dpg.set_item_width("sd:win:extra", 260)
    gui.frames(3)
    assert dpg.get_y_scroll("sd:tree") == 120.0
    dpg.set_value("sd:tabs", "sd:tab:log")
    gui.frames(2)
    if outcome == "failure":
        gui.edit("status", "def describe(app)", "1/0\n\n\ndef describe(app)")
    assert gui.reload() is (outcome == "success")
    gui.frames(4)
    assert dpg.get_item_alias(dpg.get_value("sd:tabs")) == "sd:tab:log" or dpg.get_value("sd:tabs") == "sd:tab:log"
    assert dpg.get_value("sd:extra:input") == "typed text"
    assert dpg.get_item_pos("sd:win:extra") == [650, 220] and dpg.get_item_width("sd:win:extra") == 260
    dpg.set_value("sd:tabs", "sd:tab:stories")
    gui.frames(3)
    assert dpg.get_y_scroll("sd:tree") == 120.0


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_filter_and_selection_survive_reload(gui, outcome):
    dpg.set_value("sd:filter", "button")
    dpg.get_item_callback("sd:filter")("sd:filter", "button", None)  # as typing does
    item = f"sd:story:{STORY}"
    dpg.get_item_callback(item)(item, True, STORY)
    gui.frames(2)
    assert not dpg.does_item_exist("sd:story:actions/badge/neutral")  # filtered out
    if outcome == "failure":
        gui.edit("toolbar", "def on_rebuild", "x = (\n\ndef on_rebuild")
    assert gui.reload() is (outcome == "success")
    gui.frames(2)
    assert gui.app.ui_state.filter_text == "button" and dpg.get_value("sd:filter") == "button"
    assert not dpg.does_item_exist("sd:story:actions/badge/neutral")
    assert gui.app.ui_state.selected_story == STORY and dpg.get_value(item) is True


def test_state_keys_are_restored_even_if_a_module_replaces_them(gui):
    gui.app.ui_state.selected_story = STORY
    gui.edit(
        "tree",
        '    """Add the filter box and the tree to ``parent``."""',
        '    """Add the filter box and the tree to ``parent``."""\n    app.ui_state.selected_story = None',
    )
    assert gui.reload()
    assert gui.app.ui_state.selected_story == STORY


def test_uncopyable_state_is_kept_by_reference(gui):
    lock, thread = threading.Lock(), threading.Thread(target=lambda: None)
    gui.app.build_lock, gui.app.worker = lock, thread
    gui.reloader.register(
        HotModule(f"{gui.package}.status", gui.folder / "status.py", state_keys=["build_lock", "worker", "ui_state"])
    )
    state = HotReloader.capture_state(gui.app, ["build_lock", "worker", "ui_state"])
    assert state["build_lock"] is lock and state["worker"] is thread
    assert state["ui_state"] == gui.app.ui_state and state["ui_state"] is not gui.app.ui_state  # copied
    assert gui.reload()
    assert gui.app.build_lock is lock and gui.app.worker is thread


def frame_pixel(gui, x: int, y: int) -> tuple[float, ...]:
    got = {}
    dpg.output_frame_buffer(callback=lambda sender, buffer: got.setdefault("buffer", buffer))
    for _ in range(5):
        gui.frames(1)
        if "buffer" in got:
            break
    buffer = got["buffer"]
    width = buffer.get_width()
    base = (y * width + x) * 4
    return tuple(buffer[base + i] for i in range(4))


def test_red_tint_in_the_frame_buffer(gui):
    x, y = 800, 400  # right of the control window: the bare viewport
    r, g, b, _ = frame_pixel(gui, x, y)
    assert not (r > g + 0.15 and r > b + 0.15)
    gui.edit("status", "def describe(app)", "1/0\n\n\ndef describe(app)")
    assert not gui.reload()
    r, g, b, _ = frame_pixel(gui, x, y)
    assert r > g + 0.15 and r > b + 0.15, (r, g, b)
    r2, g2, b2, _ = frame_pixel(gui, 100, 200)  # over the control window too
    assert r2 > g2 and r2 > b2
    gui.edit("status", "1/0\n\n\n", "")
    assert gui.reload()
    r, g, b, _ = frame_pixel(gui, x, y)
    assert not (r > g + 0.15 and r > b + 0.15)


def test_new_module_with_decorator_is_registered(gui):
    write(
        gui.folder / "extra_view.py",
        """
        from storydesk.gui.hot import hot_module

        @hot_module(state_keys=["filter_text"], delegation_targets=["build"])
        def build(app, parent):
            pass
    """,
    )
    names = gui.reloader.discover(gui.package)
    assert f"{gui.package}.extra_view" in names
    assert gui.reloader.modules[f"{gui.package}.extra_view"].state_keys == ["filter_text"]
    assert gui.reload()


def test_auto_mode_reloads_on_save(gui):
    gui.app.ui_state.auto_reload = True
    gui.app.watch_gui_sources(gui.folder)
    time.sleep(0.2)
    before = gui.reloader.reloads
    gui.edit("status", 'label="Build phases"', 'label="Auto phases"')
    deadline = time.monotonic() + 10
    while gui.reloader.reloads == before and time.monotonic() < deadline:
        gui.frames(1)
        time.sleep(0.02)
    assert dpg.get_item_label("sd:hdr:phases") == "Auto phases"


def test_delegation_target_lost_fails_the_reload(gui):
    gui.edit("tree", "def on_select(app", "def on_select_renamed(app")
    assert not gui.reload()
    assert "no longer defines on_select" in gui.app.reload_error
    assert hasattr(gui.module("tree"), "on_select")


def test_reload_order_follows_imports_and_groups_cycles(tmp_path):
    files = {
        "a": "from pkg import b\n",
        "b": "from . import c\n",
        "c": "x = 1\n",
        "x": "import pkg.y\n",
        "y": "from pkg.x import z\n",
    }
    r = HotReloader()
    for name, text in files.items():
        write(tmp_path / f"{name}.py", text)
        r.register(HotModule(f"pkg.{name}", tmp_path / f"{name}.py"))
    order = [[m.name for m in group] for group in r.order()]
    flat = [n for group in order for n in group]
    assert flat.index("pkg.c") < flat.index("pkg.b") < flat.index("pkg.a")
    assert ["pkg.x", "pkg.y"] in order
