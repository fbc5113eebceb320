#!/usr/bin/env python3
"""Validate a zhkg export against the SHACL shapes in ontology/shapes.ttl.

    python3 tools/validate.py EXPORT.ttl [--shapes ontology/shapes.ttl] [--ontology ontology/zhkg.ttl]

EXPORT is the union of all graphs as Turtle (a TriG or N-Quads file is also accepted: its graphs are
merged into one). The vocabulary (--ontology) is mixed into the data graph, so an export that already
contains graph:vocabulary is fine. Validation uses pyshacl with inference none and SHACL-SPARQL
constraints (advanced=True). Results of severity sh:Warning are printed but do not fail.

Exit status: 0 conforms, 1 does not conform (the report is printed), 2 bad arguments or unreadable input.
Needs rdflib and pyshacl (pip install rdflib pyshacl); otherwise only the standard library.
"""
import argparse
import os
import sys
import time

try:
    import rdflib
    import rdflib.util
    from rdflib.namespace import RDF, SH
    import pyshacl
except ImportError as exc:  # pragma: no cover
    sys.exit(f"validate.py: {exc}; install with: pip install rdflib pyshacl")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SHAPES = os.path.join(ROOT, "ontology", "shapes.ttl")
DEFAULT_ONTOLOGY = os.path.join(ROOT, "ontology", "zhkg.ttl")
DATASET_FORMATS = {"trig", "nquads", "trix"}


def load(path, what):
    """Parse an RDF file into one rdflib Graph (named graphs merged); exit 2 on failure."""
    fmt = rdflib.util.guess_format(path) or "turtle"
    try:
        if fmt in DATASET_FORMATS:
            ds = rdflib.Dataset()
            ds.parse(path, format=fmt)
            graph = rdflib.Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = rdflib.Graph()
            graph.parse(path, format=fmt)
    except FileNotFoundError:
        print(f"validate.py: {what} {path}: no such file", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # rdflib raises several unrelated types for syntax errors
        print(f"validate.py: cannot parse {what} {path} as {fmt}: {exc}", file=sys.stderr)
        sys.exit(2)
    return graph


def count_results(report_graph):
    """Return {severity local name: number of validation results}."""
    counts = {}
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        sev = report_graph.value(result, SH.resultSeverity)
        name = sev.split("#")[-1] if sev is not None else "Violation"
        counts[name] = counts.get(name, 0) + 1
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description="Validate a zhkg export (Turtle) against the zhkg SHACL shapes.")
    ap.add_argument("export", help="the export: union of all graphs as Turtle (TriG/N-Quads also accepted)")
    ap.add_argument("--shapes", default=DEFAULT_SHAPES, help="SHACL shapes (default: %(default)s)")
    ap.add_argument("--ontology", default=DEFAULT_ONTOLOGY,
                    help="vocabulary mixed into the data graph (default: %(default)s; '' to skip)")
    args = ap.parse_args(argv)

    data = load(args.export, "export")
    print(f"{args.export}: {len(data)} triples")
    shapes = load(args.shapes, "shapes")
    ontology = load(args.ontology, "ontology") if args.ontology else None

    start = time.monotonic()
    conforms, report_graph, report_text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        meta_shacl=False,
        debug=False,
    )
    elapsed = time.monotonic() - start
    counts = count_results(report_graph)
    detail = ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in sorted(counts.items())) or "no results"

    if not conforms:
        print(report_text)
        print(f"DOES NOT CONFORM: {detail} ({args.export} against {args.shapes}, {elapsed:.1f}s)")
        return 1
    if counts:
        print(report_text)
    print(f"conforms: {len(data)} triples, {detail} ({args.export} against {args.shapes}, {elapsed:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
