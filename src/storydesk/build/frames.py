"""Frames between the app and its build process: a 4-byte little-endian length, then ``marshal`` bytes of a
dict (the same encoding builds already use across interpreters, :mod:`storydesk.build.result`).
"""

from __future__ import annotations

import marshal
import os
from typing import Any

HEADER = 4
#: Bytes of the progress memory the app shares with its build process: 1,024 per interpreter of a build (the
#: pool uses at most 2 on 2 cores and at most 1 + ``parts`` elsewhere; 4 fit).
PROGRESS_BYTES = 4096


def encode(message: dict[str, Any]) -> bytes:
    """Return ``message`` as one frame.

    Raises:
        ValueError: a value ``marshal`` cannot encode.
    """
    data = marshal.dumps(message)
    return len(data).to_bytes(HEADER, "little") + data


def write(fd: int, message: dict[str, Any]) -> None:
    """Write ``message`` as one frame to the file descriptor ``fd`` (all of it)."""
    view = memoryview(encode(message))
    while view:
        view = view[os.write(fd, view) :]


def read(fd: int) -> dict[str, Any] | None:
    """Read one frame from the file descriptor ``fd``, blocking until it is whole; ``None`` at end of file
    (the other side exited).
    """
    header = _exactly(fd, HEADER)
    if header is None:
        return None
    body = _exactly(fd, int.from_bytes(header, "little"))
    return None if body is None else marshal.loads(body)  # noqa: S302 - frames our own process wrote


def _exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
