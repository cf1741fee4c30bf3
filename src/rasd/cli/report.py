"""How every command reports bad inputs: one line per problem, one summary line, one exit code.

A command that reads inputs counts what it did with each (done, failed, stored with
warnings).  Each failure is one line on stderr, ``rasd: POSITION: why``; each
warning ``rasd: POSITION: warning: what``.  When anything failed or warned, the run
ends with the same summary line whatever the command::

    rasd: ingest: 41 done, 2 failed, 1 with warnings

and the exit code is 2 when any input or record failed (the others were still
processed), 0 otherwise.  Warnings alone do not fail a run: the record was made.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rasd.article import Article

#: Exit code of a run in which some input or record failed.
EXIT_FAILED = 2


@dataclass(slots=True)
class RunReport:
    """Counts of one command's run, and the lines it prints about them."""

    command: str
    done: int = 0
    failed: int = 0
    warned: int = 0

    def fail(self, message: str) -> None:
        """One input or record failed: say so on one line."""
        self.failed += 1
        print(f"rasd: {one_line(message)}", file=sys.stderr, flush=True)

    def succeed(self, position: str, warnings: Iterable[str] = ()) -> None:
        """One record was made; print its warnings, if any."""
        self.done += 1
        shown = False
        for w in warnings:
            shown = True
            print(f"rasd: {position}: warning: {one_line(w)}", file=sys.stderr, flush=True)
        self.warned += shown

    def summary(self) -> str:
        return f"rasd: {self.command}: {self.done} done, {self.failed} failed, {self.warned} with warnings"

    def finish(self) -> int:
        """Print the summary when something went wrong; the exit code."""
        if self.failed or self.warned:
            print(self.summary(), file=sys.stderr, flush=True)
        return EXIT_FAILED if self.failed else 0


def one_line(message: str) -> str:
    """A message on one line (a record's text in an error must not break the format)."""
    return " ".join(message.split()) if "\n" in message or "\r" in message else message


def each_article(paths: list[str], report: RunReport, until: str | None = None,
                 exclude: str | None = None) -> Iterator[Article]:
    """The record of every input in ``paths`` (files, folders, ``-``, JSON, archives, WARCs,
    feeds), in order; every input or record that fails is reported on ``report`` and
    skipped, so one bad record never costs the others.  ``exclude`` is the command's own
    output file: written inside an input folder, it must not be read back as an input."""
    from rasd.errors import InputError
    from rasd.ingest.files import expand_paths
    from rasd.ingest.sources import iter_items
    from rasd.work import article_of, error_line

    names = list(expand_paths(paths))
    if exclude:
        import os

        names = [n for n in names if n == "-" or not os.path.exists(n) or not os.path.exists(exclude)
                 or not os.path.samefile(n, exclude)]
    if not names:
        report.fail("no input files found")
        return
    for item in iter_items(names):
        if isinstance(item, InputError):
            report.fail(str(item))
            continue
        try:
            article = article_of(item, until=until)
        except Exception as exc:  # rasd's errors, and a bug on one input: that input fails, the run goes on
            report.fail(error_line(item.position, exc))
            continue
        report.succeed(item.position, article.warnings)
        yield article
