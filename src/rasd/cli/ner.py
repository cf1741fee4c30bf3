"""``rasd ner --conll IN --output OUT [--ner fast|accurate]``: tag pre-tokenised CoNLL with the NER model.

IN has one token per line (a bare token or ``token TAG``; any tag is ignored),
a blank line between sentences.  OUT has ``token TAG`` lines in the same order,
tokens exactly as given.  Tags are BIO over PER, ORG, GPE, LOC, MISC (a place the
gazetteer knows as a country, city or province is GPE).  CoNLL has no article
boundaries, so the document-level steps (second pass, spreading a name to its
other occurrences) read a window of sentences around each one, as in training.
The gazetteer does not move the model's spans here (ANERcorp's span conventions
differ from rasd's: it tags "مكة" in "مكة المكرمة"); it only tells GPE from LOC.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rasd.cli.report import RunReport
from rasd.errors import InputError
from rasd.ingest.decode import decode_text
from rasd.ingest.files import read_bytes
from rasd.ner.combine import to_bio
from rasd.ner.conll import read_conll, write_conll
from rasd.ner.document import CONLL_WINDOW
from rasd.ner.tiers import name_chunks
from rasd.settings import NER_HELP, NER_TIERS, configure


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ner", help="tag a pre-tokenised CoNLL file with entity labels",
                       description="Tag a CoNLL file (one token per line, blank line between sentences) "
                                   "and write 'token TAG' lines.")
    p.add_argument("--conll", required=True, metavar="IN", help="input CoNLL file ('-' for stdin)")
    p.add_argument("--output", "-o", metavar="OUT", default="-", help="output file (default: stdout)")
    p.add_argument("--ner", choices=NER_TIERS, help=NER_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure(ner=args.ner)
    report = RunReport("ner")
    try:  # bounded and decoded like every other input (UTF-8, UTF-16, cp1256)
        decoded = decode_text(read_bytes(args.conll), args.conll)
    except InputError as exc:
        report.fail(str(exc))
        return report.finish()
    sents = read_conll(decoded.text)
    found = name_chunks(sents, CONLL_WINDOW, spread=True, gazetteer=False)
    tags = [to_bio(len(s), f) for s, f in zip(sents, found, strict=True)]
    out = write_conll(sents, tags)
    if args.output == "-":
        sys.stdout.write(out)
    else:
        try:
            Path(args.output).write_text(out, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.output}: {exc}") from exc
    report.succeed(args.conll, decoded.warnings)
    return report.finish()
