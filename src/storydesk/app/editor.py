"""Opening a file at a line in the user's editor (issue 14: from the tree, the Log tab, error cards).

The editor is the ``editor`` setting, else ``$VISUAL``, else ``$EDITOR``. A setting may be a template with
``{file}`` and ``{line}`` (``"code -g {file}:{line}"``); otherwise the editor's own convention for "at this
line" is used, by the program's name:

| editors | arguments |
|---|---|
| VS Code, VSCodium, Cursor, Windsurf | ``-g file:line`` |
| Sublime Text, Zed, Atom, Helix, Lapce | ``file:line`` |
| JetBrains IDEs (``idea``, ``pycharm``, ``charm``, ``webstorm``...), TextMate, Kate | ``--line N file`` |
| vi, vim, nvim, gvim, nano, emacs, emacsclient, micro, kak, gedit, mousepad, joe, ne | ``+N file`` |
| anything else | ``file`` |

Editors that need a terminal (vi, vim, nvim, nano, micro, kak, hx, joe, ne, ``emacs -nw``) are started in
one: ``$TERMINAL``, else the first of ``x-terminal-emulator``, ``gnome-terminal``, ``konsole``,
``xfce4-terminal``, ``alacritty``, ``kitty``, ``xterm`` found on ``PATH``, with ``-e``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

#: program name -> how it takes "this file at this line"
_G = ("code", "code-insiders", "codium", "vscodium", "cursor", "windsurf")
_COLON = ("subl", "sublime_text", "zed", "zeditor", "atom", "hx", "helix", "lapce")
_LINE_FLAG = ("idea", "idea.sh", "pycharm", "pycharm.sh", "charm", "webstorm", "clion", "goland", "mate", "kate")
_PLUS = (
    "vi",
    "vim",
    "nvim",
    "gvim",
    "mvim",
    "nano",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "gedit",
    "mousepad",
    "pluma",
    "joe",
    "ne",
    "jed",
)
#: editors that draw in a terminal, so a GUI app starts them in one
TERMINAL_EDITORS = ("vi", "vim", "nvim", "nano", "micro", "kak", "hx", "helix", "joe", "ne", "jed")
TERMINALS = ("x-terminal-emulator", "gnome-terminal", "konsole", "xfce4-terminal", "alacritty", "kitty", "xterm")


class NoEditor(Exception):
    """No editor is set (setting, ``$VISUAL``, ``$EDITOR``), or the one set cannot be started; the message says
    what to do.
    """


def editor_command(file: str, line: int, setting: str = "", env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens ``file`` at ``line`` (1-based; 0: no line) in the user's editor.

    Args:
        file: the file's path.
        line: the line to show.
        setting: the ``editor`` setting (``""``: use ``$VISUAL``, then ``$EDITOR``); may hold ``{file}`` and
            ``{line}``.
        env: the environment (default ``os.environ``).

    Raises:
        NoEditor: no editor is set, or a terminal editor is set and no terminal emulator is found.
    """
    env = os.environ if env is None else env
    configured = setting.strip() or env.get("VISUAL", "").strip() or env.get("EDITOR", "").strip()
    if not configured:
        raise NoEditor(
            'no editor is set: set $VISUAL or $EDITOR, or "editor" in storydesk\'s settings.json '
            '(e.g. "code -g {file}:{line}")'
        )
    words = shlex.split(configured)
    line = max(0, int(line))
    if "{file}" in configured:
        command = [w.replace("{file}", file).replace("{line}", str(line or 1)) for w in words]
    else:
        command = words + _arguments(Path(words[0]).name, file, line)
    name = Path(words[0]).name
    if name in TERMINAL_EDITORS or (name == "emacs" and "-nw" in words):
        terminal = _terminal(env)
        if terminal is None:
            raise NoEditor(f"{name} needs a terminal and none was found: set $TERMINAL, or a graphical editor")
        command = [terminal, "-e", *command]
    return command


def _arguments(name: str, file: str, line: int) -> list[str]:
    if not line:
        return [file]
    if name in _G:
        return ["-g", f"{file}:{line}"]
    if name in _COLON:
        return [f"{file}:{line}"]
    if name in _LINE_FLAG:
        return ["--line", str(line), file]
    if name in _PLUS:
        return [f"+{line}", file]
    return [file]


def _terminal(env: Mapping[str, str]) -> str | None:
    own = env.get("TERMINAL", "").strip()
    if own:
        return own
    return next((found for name in TERMINALS if (found := shutil.which(name, path=env.get("PATH")))), None)


def open_in_editor(file: str, line: int, setting: str = "") -> list[str]:
    """Start the user's editor on ``file`` at ``line`` (:func:`editor_command`), detached from storydesk (it
    outlives the app); return the command started.

    Raises:
        NoEditor: as :func:`editor_command`, or the editor's program cannot be started (named).
    """
    command = editor_command(file, line, setting)
    try:
        subprocess.Popen(  # noqa: S603 - the user's own editor setting
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise NoEditor(f"the editor could not be started ({shlex.join(command)}): {exc.strerror or exc}") from exc
    return command
