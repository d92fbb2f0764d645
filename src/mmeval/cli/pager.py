"""The pager, as git and gh use one: table output taller than the terminal is shown a screen at a
time, so the first screen (the verdict, the summary) is what a person sees first.

MMEVAL_PAGER, else PAGER, else `less` (with LESS=FRX unless LESS is set) if it is installed,
else Python's built-in pager. An empty value or `cat` turns paging off, as `--no-pager` does.
Never when standard output is not a terminal or TERM=dumb, and never for JSON or TOML.
"""

from __future__ import annotations

import os
import shutil
import sys

OFF = {"", "cat"}


def pager_command() -> str | None:
    """The pager command line to run, "" for Python's built-in one, None for no paging."""
    for name in ("MMEVAL_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return None if value.strip() in OFF else value
    return "less" if shutil.which("less") else ""


def wanted(no_pager: bool) -> bool:
    """Whether output may be paged at all: a person reads stdout on a terminal and asked for it."""
    stdout = sys.stdout
    if no_pager or stdout is None or stdout.closed:
        return False
    if os.environ.get("TERM") == "dumb":  # a dumb terminal, an editor's shell, a screen reader
        return False
    try:
        return stdout.isatty() and pager_command() is not None
    except (AttributeError, ValueError):
        return False


def page(text: str) -> None:
    """Show text through the pager; a pager that cannot be started prints the text instead."""
    command = pager_command()
    if command is None:
        sys.stdout.write(text)
        return
    if command == "":
        _builtin(text)
        return
    _run(command, text)


def _builtin(text: str) -> None:
    """pydoc's pager: a screen, then `-- more --` (Enter a line, space a screen, q to quit)."""
    import pydoc

    sys.stdout.flush()
    lines = os.environ.get("LINES")
    os.environ["LINES"] = str(shutil.get_terminal_size().lines)  # pydoc assumes 25 without it
    try:
        pydoc.ttypager(text)
    finally:
        if lines is None:
            del os.environ["LINES"]
        else:
            os.environ["LINES"] = lines


def _run(command: str, text: str) -> None:
    import signal
    import subprocess

    from mmeval.cli.terminal import ENCODING_ERRORS

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the text on screen
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the pager, as in git
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(encoding, errors=ENCODING_ERRORS))
            proc.stdin.close()
        except OSError:  # the reader quit before reading everything: what it wanted, it got
            pass
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if proc.returncode == 127:  # the shell did not find the pager: print rather than lose the answer
        sys.stdout.write(text)
