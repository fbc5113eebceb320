#!/usr/bin/env python3
"""The store zhkg writes is an Oxigraph store: pyoxigraph of the same version opens it read-only
and gives the same answers as `zhkg query` to every shipped query file; so does the Oxigraph
server (`oxigraph serve-read-only`) when its CLI is installed.

    python3 tests/compat/pyoxigraph_same_answers.py [--bin target/release/zhkg]

Builds a store from the repository's articles (the sample and the evaluation sets) and two written
here (one person in both, so that people are merged across documents), then, for each queries/*.rq, compares zhkg's answer (SPARQL JSON
results) with pyoxigraph's over the store opened with Store.read_only, the union of the named
graphs as default graph (as zhkg does) and zhkg's predeclared prefixes (`zhkg prefixes --format
json`). Queries that need values get the same ones on both sides: `--bind` for zhkg, substitutions
for pyoxigraph. Needs pyoxigraph (pip install pyoxigraph==<the oxigraph version in Cargo.lock>).
Exit status 0 when every query agrees; prints 'N passed, N failed'.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from common import BINDS, ROOT, agree, written_in, build_store, cargo_lock_oxigraph, free_port, from_json, query_files, row_term, zhkg, zhkg_rows

def from_pyoxigraph(solutions, pyox):
    rows = []
    variables = [v.value for v in solutions.variables]
    for s in solutions:
        row = []
        for var in variables:
            t = s[var]
            if t is None:
                continue
            if isinstance(t, pyox.NamedNode):
                row.append(row_term(var, "iri", t.value, ""))
            elif isinstance(t, pyox.BlankNode):
                row.append(row_term(var, "bnode", t.value, ""))
            else:
                row.append(row_term(var, "literal", t.value, t.language or (t.datatype.value if t.datatype else "")))
        rows.append(tuple(row))
    return sorted(rows)


def server_agrees(binary, cli, store, prefixes):
    """`oxigraph serve-read-only` on the store answers queries/people.rq as zhkg does."""
    port = free_port()
    server = subprocess.Popen([cli, "serve-read-only", "--location", store, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        path = os.path.join(ROOT, "queries", "people.rq")
        text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + open(path, encoding="utf-8").read()
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": text, "union-default-graph": ""})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    theirs = from_json(json.load(r))
                break
            except (ConnectionError, urllib.error.URLError):
                if server.poll() is not None:
                    print(f"FAIL oxigraph serve-read-only: {server.stderr.read().decode(errors='replace').strip()}")
                    return False
                time.sleep(0.1)
        else:
            print("FAIL oxigraph serve-read-only: no answer")
            return False
        ours = zhkg_rows(binary, store, path)
        return agree("oxigraph serve-read-only, people.rq", ours, theirs, "server")
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhkg"))
    args = ap.parse_args()
    try:
        import pyoxigraph as pyox
    except ImportError:
        raise SystemExit(f"pyoxigraph is not installed: pip install pyoxigraph=={cargo_lock_oxigraph()}")
    want = cargo_lock_oxigraph()
    if want and pyox.__version__ != want:
        raise SystemExit(f"pyoxigraph {pyox.__version__} is not the version zhkg is built with ({want})")

    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(args.bin, tmp)
        prefixes = json.loads(zhkg(args.bin, "prefixes", "--format", "json"))
        ox = pyox.Store.read_only(store)

        # the same quads
        n = int(json.loads(zhkg(args.bin, "query", "--store", store, "--format", "json", "-e",
                                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
                           )["results"]["bindings"][0]["n"]["value"])
        if n == len(ox) and n > 1000:
            passed += 1
        else:
            failed += 1
            print(f"FAIL quads: zhkg counts {n}, pyoxigraph {len(ox)}")

        for path in query_files():
            name = os.path.basename(path)
            text = open(path, encoding="utf-8").read()
            binds = BINDS.get(name, {})
            ours = zhkg_rows(args.bin, store, path, binds)
            subs = {pyox.Variable(k): pyox.Literal(v) for k, v in binds.items()}
            theirs = from_pyoxigraph(ox.query(written_in(text, binds), prefixes=prefixes, use_default_graph_as_union=True, substitutions=subs), pyox)
            ok = agree(name, ours, theirs, "pyoxigraph")
            passed, failed = passed + ok, failed + (not ok)
        del ox
        # the Oxigraph server, read-only, over the same directory (when its CLI is installed:
        # pip install oxigraph==<version>)
        cli = os.environ.get("ZHKG_OXIGRAPH_BIN") or shutil.which("oxigraph")
        if cli:
            ok = server_agrees(args.bin, cli, store, prefixes)
            passed, failed = passed + ok, failed + (not ok)
        else:
            print("note: the oxigraph CLI is not installed; the server check was skipped")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
