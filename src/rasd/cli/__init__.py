"""The ``rasd`` command line: a thin layer that parses, calls the library, prints.

Each subcommand lives in its own module with ``register(subparsers)``; adding one
means adding its module name to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rasd import __version__
from rasd.compiled import STATUS
from rasd.errors import RasdError

COMMANDS = ("analyze", "demo", "quotes", "ingest", "watch", "search", "stories", "entity", "trends", "alerts",
            "export", "serve", "events", "ner")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every registered subcommand."""
    parser = argparse.ArgumentParser(prog="rasd", description="Arabic news intelligence.")
    parser.add_argument("--version", action="version", version=f"rasd {__version__} ({STATUS.reason})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"rasd.cli.{name}").register(sub)
    for action in sub._choices_actions:  # `rasd search -h` says what the command does, as `rasd -h` does
        command = sub.choices[action.dest]
        if command.description is None and action.help:
            command.description = action.help[:1].upper() + action.help[1:] + "."
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rasd`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except RasdError as exc:
        print(f"rasd: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rasd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
