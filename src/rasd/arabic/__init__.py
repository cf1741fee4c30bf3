"""The Arabic text layer: pure functions on ``str`` that know nothing of articles.

normalize (with an offset map), tokenize, sentences, clitics; lexicons live in data/.
"""

from rasd.arabic.clitics import Segmented, segment, strip_proclitics
from rasd.arabic.normalize import Normalized, normalize, normalize_text
from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import Token, tokenize, words

__all__ = [
    "Normalized",
    "Segmented",
    "Token",
    "normalize",
    "normalize_text",
    "segment",
    "split_sentences",
    "strip_proclitics",
    "tokenize",
    "words",
]
