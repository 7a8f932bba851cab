"""atheris harness for the readers: any bytes, under any file kind, give Articles or Rejections, never an exception.

    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=60 [corpus_dir]

tests/test_fuzz.py runs it for a bounded time in CI."""
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from khaldun.io.readers import read_path
    from khaldun.model import Article, Rejection

SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".txt.gz", ".jsonl.gz", ""]
WORK = tempfile.mkdtemp(prefix="khaldun-fuzz-")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    path = os.path.join(WORK, "input" + suffix)
    with open(path, "wb") as f:
        f.write(body)
    from pathlib import Path

    for item in read_path(Path(path)):
        assert isinstance(item, (Article, Rejection)), type(item)
        if isinstance(item, Article):
            assert isinstance(item.text, str) and item.text.strip()


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
