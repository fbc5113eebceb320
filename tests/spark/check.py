#!/usr/bin/env python3
"""CI check of tools/spark_extract.py (issue: zhkg as a Spark map step).

On a generated corpus of a few MB with two broken records added:
1. `spark-submit --master local[2] tools/spark_extract.py` writes part files whose quads, as a set,
   are exactly those of one `zhkg extract --emit nquads` of the corpus;
2. a second run writes the same files, byte for byte;
3. the broken records are in the side output, each named, and the run's exit status is 1;
4. the parts bulk-loaded by `oxigraph load`, then `zhkg resolve`, answer every shipped query as a
   store built directly by `zhkg extract --store` does.

    python3 tests/spark/check.py --bin target/release/zhkg [--mb 3]
Needs pyspark (pip), a Java runtime and the oxigraph CLI (pip install oxigraph) on PATH.
"""
import argparse
import filecmp
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(cmd, ok=(0,), **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode not in ok:
        sys.exit("check.py: %s exited %d\n%s" % (" ".join(cmd), p.returncode, p.stderr[-3000:]))
    return p


def spark(binary, corpus, out):
    t = time.time()
    p = run(["spark-submit", "--master", "local[2]", os.path.join(ROOT, "tools", "spark_extract.py"),
             "--bin", binary, corpus, out], ok=(0, 1))
    return p, time.time() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhkg"))
    ap.add_argument("--mb", type=float, default=3)
    ap.add_argument("--oxigraph", default=os.environ.get("ZHKG_OXIGRAPH_BIN") or shutil.which("oxigraph") or "oxigraph")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    tmp = tempfile.mkdtemp(prefix="zhkg-spark-")
    try:
        gen = os.path.join(tmp, "gen.jsonl")
        run([sys.executable, os.path.join(ROOT, "..", "shared", "bench", "make_corpus.py"), "--mb", str(args.mb), "-o", gen])
        lines = open(gen, encoding="utf-8").read().splitlines()
        half = len(lines) // 2
        corpus = os.path.join(tmp, "corpus.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:half] + ['{"id": "broken-json", "text": "未写完', '{"id": "no-text"}'] + lines[half:]) + "\n")

        # 1. the union of the parts is one direct run's quads
        p1, secs = spark(binary, corpus, os.path.join(tmp, "out1"))
        direct = run([binary, "extract", "--emit", "nquads", corpus], ok=(0, 1)).stdout
        want = set(direct.splitlines())
        parts = sorted(glob.glob(os.path.join(tmp, "out1", "part-*")))
        got = set()
        for part in parts:
            got.update(open(part, encoding="utf-8").read().splitlines())
        assert len(parts) >= 2, "one partition only: %s" % parts
        assert got == want, "the parts' quads differ from one run: %d missing, %d extra" % (len(want - got), len(got - want))
        print("spark: %d parts, %d distinct quads = one direct run's (%.1f s, %.1f MB)" % (len(parts), len(got), secs, os.path.getsize(corpus) / 1e6))

        # 2. a rerun gives the same files
        spark(binary, corpus, os.path.join(tmp, "out2"))
        for part in parts:
            other = os.path.join(tmp, "out2", os.path.basename(part))
            assert filecmp.cmp(part, other, shallow=False), "rerun differs: %s" % os.path.basename(part)
        print("spark: a rerun writes the same part files")

        # 3. the broken records are reported, named, and the job says so
        assert p1.returncode == 1, "exit status %d with broken records" % p1.returncode
        skipped = "".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(tmp, "out1.skipped", "part-*")))
        assert "(id no-text)" in skipped and "invalid JSON" in skipped, skipped
        print("spark: skipped records listed in the side output:\n  " + "\n  ".join(skipped.strip().splitlines()))

        # 4. the parts bulk-loaded by oxigraph answer the shipped queries as a direct store does
        loaded = os.path.join(tmp, "loaded")
        run([args.oxigraph, "load", "--location", loaded, "--format", "nq", "--file"] + parts)
        run([binary, "resolve", "--store", loaded])
        built = os.path.join(tmp, "built")
        run([binary, "extract", "--store", built, corpus], ok=(0, 1))
        queries = sorted(glob.glob(os.path.join(ROOT, "queries", "*.rq")))
        for q in queries:
            a = run([binary, "query", "--format", "csv", "--store", loaded, q]).stdout
            b = run([binary, "query", "--format", "csv", "--store", built, q]).stdout
            assert a == b, "%s answers differently on the bulk-loaded store" % os.path.basename(q)
        print("oxigraph load + zhkg resolve: all %d shipped queries answer as on a store built directly" % len(queries))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
