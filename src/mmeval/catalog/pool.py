"""A few forked worker processes for the first read of a large catalog (catalog.parse_files).

Not multiprocessing.Pool, which waits forever for a task whose worker died (SIGKILL, the OOM
killer), needs POSIX semaphores (so a read-only or missing /dev/shm stops it with an OSError),
and whose workers print BrokenPipeError tracebacks when the parent is killed. Here each worker
has one pipe, and the parent waits on the pipes and on the workers' exit together: a dead worker
is noticed at once (`Died`), nothing needs /dev/shm, and a worker that loses its parent exits
without a word.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 2  # tasks sent to a worker before its first answer: it never waits for the next


class Unavailable(Exception):
    """Worker processes cannot be started here (fork refused, no pipes): run in this process."""


class Died(Exception):
    """A worker stopped before answering; the message says how ("killed by SIGKILL")."""


def imap(
    work: Callable[[T], R], items: Sequence[T], workers: int, *, initializer: Callable[[], None]
) -> Generator[R, None, None]:
    """work(item) for each item, in order, on `workers` forked processes.

    Raises Unavailable before the first result when no worker can start, Died when one stops
    before answering. However it ends (Ctrl-C and SIGTERM included), every worker is gone when
    the iterator is."""
    import multiprocessing
    from multiprocessing.connection import Connection, wait

    ctx = multiprocessing.get_context("fork")  # the workers start with everything imported
    started: list[tuple[Any, Connection]] = []
    # Ctrl-C and SIGTERM wait (blocked, not lost) while the workers fork: a worker starts with them
    # blocked, so one cannot interrupt its start-up before `initializer` decides what they do there
    # (_serve unblocks them after it); the parent gets any that came once the workers are started.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        for _ in range(min(workers, len(items))):
            mine, theirs = ctx.Pipe()
            ours = [c for _, c in started] + [mine]  # the child closes its copies of these
            proc = ctx.Process(
                target=_serve, args=(work, items, theirs, ours, initializer, held), daemon=True
            )
            proc.start()
            theirs.close()
            started.append((proc, mine))
    except OSError as err:  # EAGAIN (process limit), EMFILE (no pipes), ENOMEM
        _stop(started)
        raise Unavailable(err.strerror or str(err)) from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    try:
        yield from _collect(started, len(items), wait)
    finally:
        _stop(started)


def _collect(started: list[tuple[Any, Any]], n: int, wait: Callable[..., list[Any]]) -> Iterator[Any]:
    """Hand out task numbers, gather the answers, and yield them in order."""
    todo = iter(range(n))
    busy: dict[Any, deque[int]] = {conn: deque() for _, conn in started}
    proc_of = {conn: proc for proc, conn in started}
    done: dict[int, Any] = {}
    following = 0

    def feed(conn: Any) -> None:
        for i in todo:
            conn.send(i)
            busy[conn].append(i)
            if len(busy[conn]) >= IN_FLIGHT:
                return

    try:
        for conn in busy:
            feed(conn)
        while following < n:
            waiting = [c for c in busy if busy[c]]
            sentinels = {proc_of[c].sentinel: c for c in waiting}
            for ready in wait([*waiting, *sentinels]):
                conn = sentinels.get(ready, ready)
                if not conn.poll():  # exited (its sentinel) with no answer left to read
                    raise Died(_how(proc_of[conn]))
                i, result = conn.recv()
                busy[conn].popleft()
                done[i] = result
                feed(conn)
            while following in done:
                yield done.pop(following)
                following += 1
    except (EOFError, OSError):  # a pipe closed under a dying worker
        raise Died(_how(proc_of[conn])) from None
    for conn in busy:
        conn.send(None)  # no more work: the worker exits


def _how(proc: Any) -> str:
    import signal

    proc.join(1)
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}" if code is not None else "its pipe closed"


def _stop(started: list[tuple[Any, Any]]) -> None:
    """Stop every worker now (they hold nothing worth finishing) and close the pipes."""
    for proc, conn in started:
        if proc.exitcode is None:
            proc.kill()
        conn.close()
    for proc, _ in started:
        proc.join(5)


def _serve(
    work: Callable[[Any], Any], items: Sequence[Any], conn: Any, ours: list[Any], init: Any, mask: Any
) -> None:
    """A worker: answer task numbers until told to stop; exit quietly when the parent is gone."""
    code = 0
    try:
        for c in ours:
            c.close()  # the parent's ends: only the parent may hold them, so its death closes the pipe
        init()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # blocked since the fork: see imap
        while (i := conn.recv()) is not None:
            conn.send((i, work(items[i])))
    except BaseException:  # EOF or EPIPE (the parent died), or a bug the parent meets again itself
        code = 1
    os._exit(code)  # no atexit handlers, no flushing of buffers copied from the parent
