"""A deadline for tests that drive the CLI in-process: a hang fails the test, not the run."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

TIMEOUT = 20  # seconds for any one case


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (not hang) when the body runs longer than seconds: SIGALRM interrupts blocking calls."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds}s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
