"""Finding program IDs that a view broke across lines or cut with an ellipsis."""

from __future__ import annotations

import re

BOX = "│┃║|╭╮╰╯─━┏┓┗┛┡┩╇┳┻┼┠┨ "
TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*(?:…|\.\.\.)?")


def _first_token(line: str, start: int = 0) -> str:
    m = TOKEN.match(line[start:].lstrip(BOX)) if start < len(line) else None
    return m.group(0) if m else ""


def broken_ids(text: str, ids: list[str]) -> list[str]:
    """Each place an ID is folded onto the next line or shortened ("…", "..."), as `line: token`."""
    lines = text.splitlines()
    found = []
    for n, line in enumerate(lines):
        for m in TOKEN.finditer(line):
            token = m.group(0)
            if m.start() and (line[m.start() - 1].isalnum() or line[m.start() - 1] in "-_"):
                continue
            stem = token.removesuffix("…").removesuffix("...")
            partial = [i for i in ids if i.startswith(stem) and i != stem and len(stem) >= 3]
            if not partial:
                continue
            if stem != token:
                found.append(f"{n}: {token}")
                continue
            if line[m.end() :].strip(BOX):  # more text follows on this line: not a fold
                continue
            after = lines[n + 1] if n + 1 < len(lines) else ""
            for cont in (_first_token(after, m.start()), _first_token(after)):
                if cont and any(i.startswith(stem + cont) for i in partial):
                    found.append(f"{n}: {stem}|{cont}")
                    break
    return found


def whole(text: str, program_id: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(program_id)}(?![\w-])", text) is not None
