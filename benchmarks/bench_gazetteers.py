"""Gazetteer cost: load time, resident memory, and matching speed on SaudiNewsNet.

Each measurement runs in a fresh subprocess so load time and memory are not hidden by
an earlier import.  Matching speed is compared with a baseline measured in the same run
on the same sentences: splitting them into words (rasd.arabic.tokenize.words), which
every caller of match_tokens has to do anyway.

usage: python benchmarks/bench_gazetteers.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = r"""
import json, sys, time
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
base = rss_mb()
import rasd.arabic.clitics, rasd.arabic.normalize, rasd.arabic.tokenize  # the text layer every stage has
before = rss_mb()
t = time.perf_counter()
from rasd.resources import gazetteers
gazetteers.load()
gazetteers.match_tokens(["وبالعراق"])
load_s = time.perf_counter() - t
after = rss_mb()
out = {"python_mb": base, "text_layer_mb": before, "gazetteers_mb": after, "load_s": load_s}
if sys.argv[1] == "romanizer":
    t = time.perf_counter()
    from rasd.resources.english import english_name
    english_name("جون سميث", "PER")
    out["romanizer_load_s"] = time.perf_counter() - t
    out["with_romanizer_mb"] = rss_mb()
print(json.dumps(out))
"""

_SPEED = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from snn import iter_snn, rebuild_text
from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import words
from rasd.resources import gazetteers
gazetteers.load()
texts = []
for _, _, art in iter_snn():
    texts.append(rebuild_text(art))
    if len(texts) >= int(sys.argv[1]):
        break
sentences = [t[s:e] for t in texts for s, e in split_sentences(t, 0)]
t = time.perf_counter()
toks = [words(s) for s in sentences]
base = time.perf_counter() - t
ntok = sum(len(x) for x in toks)
t = time.perf_counter()
hits = sum(len(gazetteers.match_tokens(ws)) for ws in toks)
match = time.perf_counter() - t
t = time.perf_counter()
for ws in toks:
    gazetteers.gazetteer_tags(ws)
tags = time.perf_counter() - t
print(json.dumps({"articles": len(texts), "sentences": len(sentences), "tokens": ntok, "matches": hits,
                  "words_s": base, "match_tokens_s": match, "gazetteer_tags_s": tags}))
"""


def run(code: str, *args: str) -> dict:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        raise SystemExit(res.stderr)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    mem = run(_PROBE, "romanizer")
    speed = run(_SPEED, str(args.articles), str(ROOT / "benchmarks"))
    data = ROOT / "src/rasd/resources/data"
    size = sum(p.stat().st_size for p in data.iterdir() if p.is_file())
    print(f"data files: {size / 1e6:.2f} MB in {sum(1 for _ in data.iterdir())} files")
    print(f"load (gazetteers + persons + name parts, first match): {mem['load_s']:.2f} s")
    print(f"RSS: python {mem['python_mb']:.0f} MB, + text layer {mem['text_layer_mb']:.0f} MB, "
          f"+ gazetteers {mem['gazetteers_mb']:.0f} MB (gazetteers cost "
          f"{mem['gazetteers_mb'] - mem['text_layer_mb']:.0f} MB)")
    print(f"romanizer (lazy, on first unknown person): +{mem['romanizer_load_s']:.2f} s, "
          f"RSS {mem['with_romanizer_mb']:.0f} MB")
    per_art = speed["match_tokens_s"] / speed["articles"] * 1000
    print(f"{speed['articles']} SaudiNewsNet articles, {speed['sentences']} sentences, {speed['tokens']} tokens, "
          f"{speed['matches']} matches")
    print(f"baseline words(): {speed['words_s']:.2f} s; match_tokens: {speed['match_tokens_s']:.2f} s "
          f"({per_art:.2f} ms/article, {speed['match_tokens_s'] / speed['words_s']:.1f}x baseline); "
          f"gazetteer_tags: {speed['gazetteer_tags_s']:.2f} s")


if __name__ == "__main__":
    main()
