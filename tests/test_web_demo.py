"""``rasd demo`` builds the store from the bundled articles, then serves the pages and prints the address."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def test_demo_builds_the_store_serves_it_and_prints_the_address(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "demo.db"
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "demo", "--limit", "3", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address = None
        deadline = time.monotonic() + 60
        assert proc.stderr is not None
        while address is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                raise AssertionError(f"demo exited with {proc.returncode}")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                address = m.group(0)
        assert address == f"http://127.0.0.1:{port}/"
        for _ in range(50):
            try:
                with urllib.request.urlopen(address + "api/stats", timeout=2) as r:
                    assert json.loads(r.read())["articles"] == 3
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the demo server did not answer")
        with urllib.request.urlopen(address, timeout=5) as r:
            assert 'dir="rtl"' in r.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_demo_store_is_rebuilt_the_same(tmp_path: Path) -> None:
    from rasd.cli import main
    from rasd.store import open_store

    db = tmp_path / "d.db"
    counts = []
    for _ in range(2):
        assert main(["demo", "--limit", "4", "--no-serve", "--db", str(db)]) == 0
        with open_store(db) as s:
            counts.append(s.stats()["articles"])
    assert counts == [4, 4] and not (tmp_path / "d.db.building").exists()
