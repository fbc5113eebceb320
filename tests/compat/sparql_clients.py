#!/usr/bin/env python3
"""Python's SPARQL clients against `zhkg serve`: SPARQLWrapper and rdflib's SPARQLStore send every
shipped query to the endpoint and get the answers `zhkg query` gives.

    python3 tests/compat/sparql_clients.py [--bin target/release/zhkg]

Builds the store of tests/compat/common.py, starts `zhkg serve` on a free loopback port, and for
each queries/*.rq (but those whose variables must be given values, which these clients have no
portable way to pass) compares the rows. Needs SPARQLWrapper and rdflib (pip install sparqlwrapper
rdflib). Exit status 0 when every query agrees; prints 'N passed, N failed'.
"""
import argparse
import os
import subprocess
import sys
import tempfile

from common import BINDS, ROOT, agree, build_store, free_port, from_json, query_files, row_term, zhkg_rows


def start_serve(binary, store):
    """`zhkg serve` on a free port; the process and the endpoint's URL, once it listens."""
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--store", store, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in server.stderr:
        if line.startswith("zhkg: endpoint"):
            return server, line.split()[-1]
    raise SystemExit(f"zhkg serve stopped before listening (status {server.wait()})")


def rdflib_rows(result):
    """rdflib's answer as the rows of common.from_json."""
    from rdflib import BNode, Literal, URIRef
    rows = []
    for r in result:
        row = []
        for var in result.vars:
            t = r[var]
            if t is None:
                continue
            if isinstance(t, URIRef):
                row.append(row_term(str(var), "iri", str(t), ""))
            elif isinstance(t, BNode):
                row.append(row_term(str(var), "bnode", str(t), ""))
            elif isinstance(t, Literal):
                row.append(row_term(str(var), "literal", str(t), t.language or (str(t.datatype) if t.datatype else "")))
        rows.append(tuple(row))
    return sorted(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "zhkg"))
    args = ap.parse_args()
    try:
        from SPARQLWrapper import JSON, SPARQLWrapper
        from rdflib import Graph
    except ImportError as e:
        raise SystemExit(f"{e.name} is not installed: pip install sparqlwrapper rdflib")

    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(args.bin, tmp)
        server, endpoint = start_serve(args.bin, store)
        try:
            graph = Graph(store="SPARQLStore")
            graph.open(endpoint)
            for path in query_files():
                name = os.path.basename(path)
                if name in BINDS:
                    continue
                text = open(path, encoding="utf-8").read()
                ours = zhkg_rows(args.bin, store, path)
                wrapper = SPARQLWrapper(endpoint)
                wrapper.setQuery(text)
                wrapper.setReturnFormat(JSON)
                answers = {"SPARQLWrapper": from_json(wrapper.query().convert()), "rdflib SPARQLStore": rdflib_rows(graph.query(text))}
                for client, theirs in answers.items():
                    ok = agree(f"{client}, {name}", ours, theirs, client)
                    passed, failed = passed + ok, failed + (not ok)
        finally:
            server.terminate()
            server.wait()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
