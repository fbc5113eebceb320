"""Every shipped query file parses as it is, with no prefixes declared by the caller, in two SPARQL
1.1 implementations nobody here wrote: pyoxigraph (run on an empty store) and rdflib (parsed and
translated to algebra). A query file is meant to be pasted into any tool (Jena, YASGUI, Virtuoso,
a notebook), so it declares every prefix it uses.

    python3 tests/compat/standalone_queries.py
"""
import glob
import os
import sys

import pyoxigraph
from rdflib.plugins.sparql import prepareQuery

root = os.path.join(os.path.dirname(__file__), "..", "..")
paths = sorted(glob.glob(os.path.join(root, "queries", "*.rq")))
failed = 0
for path in paths:
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    # a placeholder for the values a caller binds (zhkg query --bind) is no problem: unbound
    for tool, parse in (
        ("pyoxigraph", lambda t: pyoxigraph.Store().query(t)),
        ("rdflib", prepareQuery),
    ):
        try:
            parse(text)
        except Exception as e:  # the message is what matters
            failed += 1
            print(f"{name}: {tool}: {e}")
print(f"{len(paths) * 2 - failed} passed, {failed} failed")
sys.exit(1 if failed or not paths else 0)
