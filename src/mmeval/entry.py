"""The console script. `mmeval --version` (or -V) answers before Typer, Rich or Pydantic is imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from mmeval import __version__

        try:
            sys.stdout.write(f"mmeval {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `mmeval --version | head -c0`: exit 0, as every command does
            sys.stdout = None
        return
    import gc

    gc.disable()  # before the imports too: see cli.app.main (a short run frees memory by ending)
    try:
        from mmeval.cli import main as run

        run()
    except KeyboardInterrupt:  # Ctrl-C while starting or parsing: as anywhere else, one line, 130
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(130) from None
