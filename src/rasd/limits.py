"""How much one input may expand to, and the readers that hold it to that.

Three limits, all configurable by environment variable (read at each use, so a
test or a long-running server can change them):

``RASD_MAX_INPUT_MB`` (default 100)
    The most bytes rasd holds in memory for one input read whole: a text or HTML
    file, a JSON array file, one JSON Lines line, one WARC response, a feed.
    JSON Lines are streamed, so a dump may be any size; only each line is bounded.

``RASD_MAX_RATIO`` (default 100)
    The most a compressed input (``.gz``, a zip archive, a ``.warc.gz``, a gzipped
    HTTP response) may expand per compressed byte, counted over the whole input as it
    is read, once the first :data:`RATIO_FREE_BYTES` are out.  News text compresses
    3 to 10 times; a decompression bomb (1 MB of gzip that is 1 GB of spaces)
    compresses a thousand times and is refused after a few megabytes, in
    milliseconds and bounded memory, instead of after minutes and gigabytes.

``RASD_MAX_ARTICLE_CHARS`` (default 1,000,000)
    The longest article text rasd analyses.  Analysis is linear but not cheap (about
    17 s and 300 MB for a million characters); news articles are a few thousand
    characters, so a longer "article" is a dump or an attack, refused before analysis.

Every refusal is a :class:`rasd.errors.LimitError` (an ``InputError``) naming the
input, the limit and the variable that raises it.  What came out of the input
before the refusal (the records before it) is kept.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol

from rasd.errors import InputError, LimitError

MB = 1 << 20
DEFAULT_MAX_INPUT_MB = 100
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000
#: Output allowed before the ratio is checked: small archives of repetitive text
#: (a feed of one template) legitimately reach high ratios.
RATIO_FREE_BYTES = 4 * MB


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force (see the module docstring)."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_MB * MB
    max_ratio: float = DEFAULT_MAX_RATIO
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS

    def too_large(self, where: str, what: str = "input") -> LimitError:
        """The error for an input (or one record of it) above ``max_input_bytes``."""
        return LimitError(f"{where}: {what} larger than {_mb(self.max_input_bytes)}, refused "
                          f"(RASD_MAX_INPUT_MB raises the limit)")

    def too_long(self, n: int) -> LimitError:
        """The error for an article text above ``max_article_chars`` (the caller names the input)."""
        return LimitError(f"text of {n:,} characters is longer than the longest article rasd analyses "
                          f"({self.max_article_chars:,}; RASD_MAX_ARTICLE_CHARS raises the limit); record refused")

    def bomb(self, where: str, out: int, compressed: int) -> LimitError:
        """The error for a compressed input expanding beyond ``max_ratio``."""
        return LimitError(f"{where}: compressed input expands more than {self.max_ratio:g} times "
                          f"({_mb(out)} from {_mb(compressed)} read), refused as a decompression bomb; "
                          "what came before is kept (RASD_MAX_RATIO raises the limit)")


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n} bytes"


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise InputError(f"{name}={raw!r} is not a number") from exc
    if value <= 0:
        raise InputError(f"{name}={raw!r} must be positive")
    return value


def current() -> Limits:
    """The limits from the environment (defaults when unset)."""
    return Limits(max_input_bytes=int(_env_number("RASD_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB) * MB),
                  max_ratio=_env_number("RASD_MAX_RATIO", DEFAULT_MAX_RATIO),
                  max_article_chars=int(_env_number("RASD_MAX_ARTICLE_CHARS", DEFAULT_MAX_ARTICLE_CHARS)))


class Readable(Protocol):
    """Anything with ``read`` (a file, a gzip or zip member stream)."""

    def read(self, size: int = -1, /) -> bytes: ...


class CountingReader(io.RawIOBase):
    """A file that counts the bytes read through it: the compressed side of a stream,
    whose count the expanded side is measured against.  Seeks pass through (zip
    archives read their directory at the end first)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.count += len(data)
        return data

    def close(self) -> None:
        self._raw.close()
        super().close()


class ExpansionGuard:
    """Running check of expanded bytes against compressed bytes read, for one input.

    Shared by every stream that comes out of the input (the members of a zip), so a
    thousand small members of spaces are one bomb, not a thousand harmless files.
    """

    def __init__(self, where: str, compressed: Callable[[], int], limits: Limits | None = None) -> None:
        self.where = where
        self.limits = limits or current()
        self._compressed = compressed
        self.out = 0

    def add(self, n: int) -> None:
        """Count ``n`` more expanded bytes; raise :class:`LimitError` past the ratio."""
        self.out += n
        if self.out > RATIO_FREE_BYTES:
            seen = max(1, self._compressed())
            if self.out > self.limits.max_ratio * seen:
                raise self.limits.bomb(self.where, self.out, seen)


class GuardedReader(io.RawIOBase):
    """The expanded side of a compressed stream, counted by an :class:`ExpansionGuard`."""

    def __init__(self, stream: Readable, guard: ExpansionGuard) -> None:
        super().__init__()
        self._stream = stream
        self._guard = guard

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._guard.add(n)
        return n


def read_at_most(stream: Readable, limit: int, where: str, what: str = "input",
                 limits: Limits | None = None) -> bytes:
    """All of ``stream``, or :class:`LimitError` as soon as it passes ``limit`` bytes.

    Read in blocks, so a guarded stream (:class:`GuardedReader`) can refuse a bomb
    after its first megabytes, before ``limit`` bytes are ever held."""
    parts: list[bytes] = []
    total = 0
    while True:
        block = stream.read(min(MB, limit + 1 - total))
        if not block:
            return b"".join(parts)
        parts.append(block)
        total += len(block)
        if total > limit:
            raise (limits or current()).too_large(where, what)


def read_line(stream: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """One line of at most ``limit`` bytes: (line, whole).  A longer line is skipped to
    its end in bounded memory and returned as (its first ``limit`` bytes, False)."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, True
    head = line[:limit]
    while line and not line.endswith(b"\n"):
        line = stream.readline(MB)
    return head, False
