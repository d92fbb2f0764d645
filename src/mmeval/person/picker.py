"""The picker for long choices (subjects, math) on a full terminal: questionary's checkbox on
prompt_toolkit (arrow keys, space to toggle, type to filter, enter to finish), drawn on stderr.

Elsewhere (TERM=dumb or unset, stdin or stderr not a terminal, MMEVAL_NO_PICKER=1 for screen
readers) the questionnaire shows a numbered list in columns instead (docs/cli.md).
"""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Callable, Mapping, Sequence
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


def squeeze(text: str) -> str:
    """Text as the filter compares it: lower case letters and digits only ("Data sci" -> "datasci")."""
    return "".join(c for c in text.lower() if c.isalnum())


def _filtering(layout: Any, control: Any, searched: Mapping[str, str]) -> None:
    """Make questionary's list control filter by letters and digits only, in titles and in the
    words for each choice (`searched`: value -> squeezed text), and say when nothing matches
    (questionary then shows the whole list, from which a space must not choose)."""

    class Filtering(type(control)):  # type: ignore[misc]
        def matched(self) -> list[Any]:
            typed = squeeze(self.search_filter or "")
            return [c for c in self.choices if not typed or typed in searched.get(c.value, "")]

        @property
        def filtered_choices(self) -> list[Any]:
            found = self.matched()
            self.found_in_search = bool(found)
            return found or list(self.choices)

        def get_search_string_tokens(self) -> Any:
            tokens = super().get_search_string_tokens()
            if tokens is not None and not self.matched():
                tokens.append(("class:search_none", f"  no match for '{self.search_filter}'"))
            return tokens

    control.__class__ = Filtering
    said = control.get_search_string_tokens
    for window in layout.find_all_windows():  # the line under the list holds the old class's method
        content: Any = window.content
        text: Any = getattr(content, "text", None)
        if getattr(text, "__self__", None) is control and text.__name__ == "get_search_string_tokens":
            content.text = said


def pick(
    question: str,
    choices: Sequence[tuple[str, str]],
    nothing: str,
    validate: Callable[[list[str]], bool | str] = lambda chosen: True,
    words: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The values of the choices (title, value) chosen, in the list's order; [] when none is.
    `validate` returns True or what is wrong, shown under the list until the choice is changed.
    Typing filters by title or by `words` for a value ("stats" finds statistics), ignoring case,
    spaces and dashes; a space between typed words ("data sci") is part of the filter, not a choice.
    Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError, as at a prompt."""
    import questionary  # ~60 ms of prompt_toolkit: only when a question is asked
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.output import create_output
    from questionary.prompts.common import InquirerControl

    question_ = questionary.checkbox(
        question,
        choices=[questionary.Choice(title, value=value) for title, value in choices],
        validate=validate,
        use_search_filter=True,
        use_jk_keys=False,
        instruction=f"\n  type: filter · space: choose · enter: done\n  (none chosen = {nothing})",
        output=create_output(stdout=sys.stderr),
    )
    app = question_.application
    control: Any = next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )
    searched = {v: "|".join(squeeze(w) for w in (t, *(words or {}).get(v, ()))) for t, v in choices}
    _filtering(app.layout, control, searched)
    original = app.key_bindings or KeyBindings()
    toggle = original.get_bindings_for_keys((" ",))[-1]
    chose_at: list[str | None] = [None]  # the filter when the last space chose something
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    @keys.add(" ", eager=True)
    def _choose(event: Any) -> None:
        chose_at[0] = None
        if control.matched():  # when nothing matched, the list shown is not to choose from
            toggle.call(event)
            chose_at[0] = control.search_filter

    def _type(event: Any) -> None:
        char = event.key_sequence[0].key
        after_space = bool(event.previous_key_sequence) and event.previous_key_sequence[-1].key == " "
        if after_space and chose_at[0] and chose_at[0] == control.search_filter:
            typed = squeeze(chose_at[0] + char)
            if any(typed in text for text in searched.values()):  # "data sci": one phrase, no choice
                toggle.call(event)
        chose_at[0] = None
        control.add_search_character(char)

    for char in string.printable:
        if char not in string.whitespace:
            keys.add(char, eager=True)(_type)

    app.key_bindings = merge_key_bindings([original, keys])
    chosen: list[str] = question_.unsafe_ask()
    order = [value for _, value in choices]
    return sorted(chosen, key=order.index)
