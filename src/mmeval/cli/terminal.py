"""The terminal as mmeval uses it: consoles that never let a file drive the terminal, output that
degrades (ASCII stand-ins, a sane width) instead of failing, and closed standard streams."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

MIN_WIDTH = 60  # narrower, table columns shrink to nothing: draw at this width and let lines wrap
ENCODING_ERRORS = "mmeval-ascii"  # codec error handler: ASCII stand-ins for what cannot be shown
_ASCII = {
    "\u2014": "--", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2026": "...", "\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u00d7": "x", "\u00b7": "-",
    "\u2713": "v", "\u2717": "x", "\u2022": "*", "\u2588": "#", "\u2591": ".", "\u00a0": " ",
}  # fmt: skip


def _ascii_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character the output encoding lacks becomes an ASCII stand-in."""
    import unicodedata

    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start : err.end]:
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(_ASCII.get(ch) or plain or "?")
    return "".join(out), err.end


def prepare_streams() -> None:
    """Output degrades instead of failing: ASCII stand-ins for unencodable text, COLUMNS<=0 is 80."""
    import codecs
    import io

    try:
        codecs.lookup_error(ENCODING_ERRORS)
    except LookupError:
        codecs.register_error(ENCODING_ERRORS, _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.encoding.lower().startswith("utf"):
            stream.reconfigure(errors=ENCODING_ERRORS)
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and not value.isascii():  # "²": Rich's isdigit() passes it, int() fails
            del os.environ[name]
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.lstrip("-").isdigit() and int(columns) <= 0:
        os.environ["COLUMNS"] = "80"  # Rich (and Typer's help) would print nothing at width 0


@functools.cache
def _console_class() -> type[Console]:
    """Built on first use, so commands that print nothing for people never import Rich."""
    from rich.console import Console

    class TextConsole(Console):
        """Strips control characters (escape sequences, bells...) and invisible ones (direction
        controls, zero-width characters): a file can neither drive the terminal nor reorder a line."""

        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            from rich.cells import cell_len
            from rich.segment import Segment

            from mmeval.reader import UNSAFE

            for seg in super().render(renderable, options):
                if seg.control is None and UNSAFE.search(seg.text):
                    kept = UNSAFE.sub("", seg.text)
                    # stripped after layout: pad what took cells (a soft hyphen) so tables stay aligned
                    yield Segment(kept + " " * (cell_len(seg.text) - cell_len(kept)), seg.style)
                else:
                    yield seg

        def on_broken_pipe(self) -> None:
            """Rich would exit 1 here; the error boundary ends the run quietly with 0 instead."""
            raise BrokenPipeError

    return TextConsole


def _console(*, stderr: bool, markup: bool) -> Console:
    console = _console_class()(stderr=stderr, highlight=False, markup=markup)
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    return console


def err_console() -> Console:
    return _console(stderr=True, markup=True)


def out_console() -> Console:
    """stdout for people. markup=False: text from program and result files is never markup."""
    return _console(stderr=False, markup=False)


def stdin_is_tty() -> bool:
    """True when a person can answer prompts (stdin may even be closed: `<&-`)."""
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def detach_stdout() -> None:
    """Point fd 1 at /dev/null so the interpreter's last flush cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):  # no real stdout (None, or a test's buffer)
        pass


def stderr_is_tty() -> bool:
    return sys.stderr is not None and not sys.stderr.closed and sys.stderr.isatty()


@contextlib.contextmanager
def working(message: str, *, delay: float = 0.5) -> Iterator[None]:
    """A spinner with a message on stderr while slow work runs: only when stderr is a terminal and
    the output is for people (never in pipes, never for JSON or TOML), and only once the work has
    taken `delay` seconds, so quick runs print nothing. It is erased when the work ends."""
    if not stderr_is_tty() or RUN.machine:
        yield
        return
    import threading

    status = err_console().status(f"{message}…", spinner="dots")
    lock = threading.Lock()
    started = False

    def start() -> None:
        nonlocal started
        with lock:
            if not stopped:
                status.start()
                started = True

    stopped = False
    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            stopped = True
            if started:
                status.stop()


class _Run:
    """What the running command was told about its output (set as its options are parsed)."""

    no_pager = False  # --no-pager
    machine = False  # --format json or toml


RUN = _Run()
