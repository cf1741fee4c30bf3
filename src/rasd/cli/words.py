"""Small pieces of CLI wording shared by the subcommands: counts, emphasis, options.

Output that goes to a pipe or a file is read by programs and pagers: terminal escape
codes there are noise ("\\x1b[1mالعراق\\x1b[0m" in a grep), so emphasis is only for a
terminal, and never when ``NO_COLOR`` is set (no-color.org).
"""

from __future__ import annotations

import os
from typing import TextIO

from rasd.store import DEFAULT_DB

#: the help of every ``--db`` option that reads or writes the store
DB_HELP = f"the store: a SQLite file or a postgresql://user@host/db URL (default ./{DEFAULT_DB})"


def counted(n: int, one: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``: the count with its noun in the right number."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def emphasis(stream: TextIO) -> tuple[str, str]:
    """The bold on/off codes for ``stream``: empty unless it is a terminal and colour is allowed."""
    isatty = getattr(stream, "isatty", None)
    if os.environ.get("NO_COLOR") or not (isatty and isatty()):
        return "", ""
    return "\033[1m", "\033[0m"
