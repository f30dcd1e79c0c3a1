"""A process and its descendants, read from /proc (Linux): their listening sockets and resident memory."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def tree(pid: int) -> list[int]:
    """``pid`` and every live descendant of it."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task ended meanwhile
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in os.scandir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(fd.path)
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    except OSError:
        pass
    return inodes


def listening_sockets(pids: list[int]) -> list[str]:
    """The listening sockets any of ``pids`` holds: TCP in LISTEN, bound UDP, and listening Unix sockets
    (``"tcp 127.0.0.1:port"``-like descriptions)."""
    inodes = set().union(*(_socket_inodes(p) for p in pids))
    found = []
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/net/{proto}").read_text().splitlines()[1:]:
            cols = line.split()
            listening = cols[3] == "0A" if proto.startswith("tcp") else cols[3] == "07"
            if listening and cols[9] in inodes:
                found.append(f"{proto} {cols[1]}")
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        cols = line.split()
        if int(cols[3], 16) & 0x10000 and cols[6] in inodes:  # __SO_ACCEPTCON: a listening socket
            found.append(f"unix {cols[7] if len(cols) > 7 else '(unnamed)'}")
    return found


def rss_mb(pids: list[int]) -> float:
    """The summed resident set size of ``pids`` in MB."""
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) ``pid`` has used so far, in s; 0 for a process that has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_use(root: int, seconds: float = 1.0) -> float:
    """The CPU use of ``root``'s process tree over the next ``seconds``, in cores (1.0: one core busy)."""
    import time

    pids = tree(root)
    before = {p: cpu_seconds(p) for p in pids}
    time.sleep(seconds)
    return sum(max(0.0, cpu_seconds(p) - before[p]) for p in pids) / seconds
