"""The picker for long choices (subjects, math) on a full terminal: questionary's checkbox on
prompt_toolkit (arrow keys, space to toggle, type to filter, enter to finish), drawn on stderr.

Elsewhere (TERM=dumb or unset, stdin or stderr not a terminal, MMEVAL_NO_PICKER=1 for screen
readers) the questionnaire shows a numbered list in columns instead (docs/cli.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

OFF = ("", "0", "false", "no", "off")


def available() -> bool:
    """Whether the picker can be drawn: a real terminal on stdin and stderr, and not turned off."""
    if os.environ.get("MMEVAL_NO_PICKER", "").strip().lower() not in OFF:
        return False
    if os.environ.get("TERM", "").strip().lower() in ("", "dumb", "unknown"):
        return False
    streams = (sys.stdin, sys.stderr)
    return all(s is not None and not s.closed and s.isatty() for s in streams)


def pick(
    question: str,
    choices: Sequence[tuple[str, str]],
    nothing: str,
    validate: Callable[[list[str]], bool | str] = lambda chosen: True,
) -> list[str]:
    """The values of the choices (title, value) chosen, in the list's order; [] when none is.
    `validate` returns True or what is wrong, shown under the list until the choice is changed.
    Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError, as at a prompt."""
    import questionary  # ~60 ms of prompt_toolkit: only when a question is asked
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.output import create_output

    question_ = questionary.checkbox(
        question,
        choices=[questionary.Choice(title, value=value) for title, value in choices],
        validate=validate,
        use_search_filter=True,
        use_jk_keys=False,
        instruction=f"(type to filter, space to choose, enter when done; nothing chosen = {nothing})",
        output=create_output(stdout=sys.stderr),
    )
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    app = question_.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
    chosen: list[str] = question_.unsafe_ask()
    order = [value for _, value in choices]
    return sorted(chosen, key=order.index)
