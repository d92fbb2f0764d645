"""Saved profiles: answers kept by name in the user config folder, for `--profile NAME`.

The folder is platformdirs' user config folder for mmeval (MMEVAL_CONFIG_DIR overrides it, `~`
expanded); profiles are `<folder>/profiles/<NAME>.toml`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mmeval.errors import ProfileInvalid, UsageError

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def config_dir() -> Path:
    """The user config folder for mmeval (MMEVAL_CONFIG_DIR, `~` expanded, else platformdirs' choice)."""
    if configured := os.environ.get("MMEVAL_CONFIG_DIR"):
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("mmeval", appauthor=False))


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def is_name(text: str) -> bool:
    """Whether text names a saved profile ("me", "client-2") rather than a file: no folder, no .toml."""
    return "/" not in text and os.sep not in text and not text.lower().endswith(".toml")


def check_name(name: str) -> str:
    """name, if it can name a saved profile; raises UsageError saying what a name may hold."""
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"'{name}' cannot name a saved profile",
            hint="use letters, digits, '-', '_' or '.' (up to 64, not starting with '.' or '-'),"
            " or give a file path ending in .toml",
        )
    return name


def saved_path(name: str) -> Path:
    """Where the profile saved as name lives (it may not exist yet); the folder is made on demand."""
    return profiles_dir() / f"{check_name(name)}.toml"


def make_folder() -> None:
    """Create the saved-profiles folder; raises UsageError when the file system refuses."""
    try:
        profiles_dir().mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(
            f"cannot create the profiles folder '{profiles_dir()}': {err.strerror}",
            hint="set MMEVAL_CONFIG_DIR to a folder you can write, or give --save-profile a file path",
        ) from None


def saved_names() -> list[str]:
    """The names of the saved profiles, sorted."""
    try:
        return sorted(p.stem for p in profiles_dir().glob("*.toml") if _NAME.fullmatch(p.stem))
    except OSError:
        return []


def find_profile(given: Path) -> Path:
    """The file `--profile` means: a saved profile by name, else the path as given.

    A bare name ("me") is looked up in the profiles folder first; when no profile is saved under
    it and no file of that name is here, ProfileInvalid lists the saved ones.
    """
    text = str(given)
    if not is_name(text):
        return given
    if _NAME.fullmatch(text) and (path := saved_path(text)).is_file():
        return path
    if given.exists():
        return given
    names = saved_names()
    known = f"saved profiles: {', '.join(names)}" if names else "no profile is saved yet"
    raise ProfileInvalid(
        f"no saved profile named '{text}' (in {profiles_dir()}), and no file '{text}' here",
        hint=f"{known}; save one with `mmeval recommend ... --save-profile NAME`, or give a file path",
    )
