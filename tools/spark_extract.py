#!/usr/bin/env python3
"""zhkg as a Spark map step: a JSON Lines corpus in, N-Quads part files out.

    spark-submit --master 'local[2]' tools/spark_extract.py --bin target/release/zhkg corpus.jsonl out/
    spark-submit --master yarn tools/spark_extract.py --bin zhkg --gzip 'hdfs:///news/2025/*.jsonl' hdfs:///kg/nq

INPUT is a file, a folder or a glob, local or any URI Spark's Hadoop readers take (hdfs://, s3a://).
The binary is shipped to the executors (SparkContext.addFile); it must run there (build it on, or
for, the executors' platform). Each partition's lines are piped through
`zhkg extract --emit nquads --stdin-format jsonl -`, one process per partition, and its quads
written as OUTDIR/part-NNNNN (.gz with --gzip). A document's graph depends only on the document,
so the union of the parts is the graph one `zhkg extract --emit nquads` of the whole corpus gives
(the vocabulary's quads are in every part; bulk loaders keep one of each).

Failures: a bad record (broken JSON, no text, too large) is skipped and reported as zhkg reports it,
with the partition and the record's line in it, in the side output OUTDIR.skipped/ (and counted on
the driver's stderr); a task whose zhkg fails (exit status 2) raises, and Spark retries it. The
same input with the same number of partitions gives the same files.

The reduce side is a store's own bulk loader: `oxigraph load --location DB --file OUTDIR/part-*`,
then `zhkg resolve --store DB`; or Virtuoso's `ld_dir('OUTDIR', 'part-*', ...)` and
`rdf_loader_run()` (README, "Scaling out").
"""
import argparse
import json
import os
import subprocess
import sys
import threading

# the size of the pieces of N-Quads handed to Spark (a whole number of lines each)
CHUNK = 4 << 20


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the zhkg binary (shipped to the executors)")
    ap.add_argument("--gzip", action="store_true", help="write part-NNNNN.gz")
    ap.add_argument("--partitions", type=int, default=0, help="minimum number of partitions (default: Spark's parallelism)")
    ap.add_argument("--max-doc-size", type=int, default=16, metavar="MIB", help="zhkg's --max-doc-size")
    ap.add_argument("input", help="JSON Lines: a file, a folder or a glob (local, hdfs://, s3a:// …)")
    ap.add_argument("outdir", help="where the part files go (must not exist)")
    return ap.parse_args(argv)


def extract_partition(binary_name, max_doc_size):
    """The function Spark runs on each partition: its lines through one zhkg process."""

    def run(index, lines):
        from pyspark import SparkFiles

        binary = SparkFiles.get(binary_name)
        if not os.access(binary, os.X_OK):
            os.chmod(binary, 0o755)
        cmd = [binary, "extract", "--emit", "nquads", "-j", "1", "--stdin-format", "jsonl",
               "--max-doc-size", str(max_doc_size), "-"]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ids = []  # each line's record id, where it has one, to name a skipped record

        def feed():
            try:
                for line in lines:
                    try:
                        rid = json.loads(line).get("id")
                    except (ValueError, AttributeError):
                        rid = None
                    ids.append(rid)
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        errors = []
        writer = threading.Thread(target=feed)
        reader = threading.Thread(target=lambda: errors.extend(proc.stderr.read().decode("utf-8", "replace").splitlines()))
        writer.start()
        reader.start()
        # quads in chunks of whole lines (each written as it is, plus the line break that ends it):
        # one record per chunk, not per quad, keeps the Python-to-JVM traffic cheap
        chunk = []
        size = 0
        for out in proc.stdout:
            chunk.append(out)
            size += len(out)
            if size >= CHUNK:
                yield ("q", b"".join(chunk).decode("utf-8")[:-1])
                chunk, size = [], 0
        if chunk:
            yield ("q", b"".join(chunk).decode("utf-8")[:-1])
        writer.join()
        reader.join()
        status = proc.wait()
        if status not in (0, 1):
            # 2: an error, not a bad record; Spark retries the task
            raise RuntimeError("zhkg exited with status %d on partition %d: %s" % (status, index, "\n".join(errors[-5:])))
        for e in errors:
            if e.startswith("zhkg: skipped"):
                # "zhkg: skipped -:12: reason" → the partition, the line, and the record's id
                line_no = None
                rest = e[len("zhkg: skipped "):]
                if rest.startswith("-:"):
                    head = rest[2:].split(":", 1)[0]
                    line_no = int(head) if head.isdigit() else None
                rid = ids[line_no - 1] if line_no and line_no <= len(ids) else None
                where = "partition %d line %s" % (index, line_no if line_no else "?")
                yield ("s", "%s%s: %s" % (where, " (id %s)" % rid if rid else "", rest))

    return run


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("zhkg-extract").getOrCreate()
    sc = spark.sparkContext
    binary = os.path.abspath(args.bin)
    if not os.path.isfile(binary):
        sys.exit("spark_extract.py: no zhkg binary at %s" % args.bin)
    sc.addFile(binary)
    lines = sc.textFile(args.input, minPartitions=args.partitions or sc.defaultParallelism)
    results = lines.mapPartitionsWithIndex(extract_partition(os.path.basename(binary), args.max_doc_size)).persist()
    codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
    results.filter(lambda kv: kv[0] == "q").map(lambda kv: kv[1]).saveAsTextFile(args.outdir, codec)
    skipped = results.filter(lambda kv: kv[0] == "s").map(lambda kv: kv[1])
    n = skipped.count()
    if n:
        skipped.coalesce(1).saveAsTextFile(args.outdir.rstrip("/") + ".skipped")
        for line in skipped.take(20):
            print("zhkg: skipped " + line, file=sys.stderr)
    print("spark_extract.py: %d partition(s) → %s; %d record(s) skipped%s"
          % (lines.getNumPartitions(), args.outdir, n, " (listed in %s.skipped)" % args.outdir.rstrip("/") if n else ""),
          file=sys.stderr)
    results.unpersist()
    spark.stop()
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main())
