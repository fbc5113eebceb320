#!/usr/bin/env python3
"""Score the extractor on the careers sets (tests/eval/biographies, tests/eval/appointments).

The shared scorer (../shared/eval/score.py) with three more categories, as
tests/eval/careers-guidelines.md defines them:
    attributes  [person, attribute, value]          from queries/biography.rq (one column per attribute)
    careers     [person, post, unit, start, end]    from queries/careers.rq
    proposed    [person, post, unit]                from queries/proposed.rq
Its options are the shared scorer's (-v, --min-f1 CAT=F, --docs, --json).

    python3 tools/score_careers.py --bin target/release/zhkg tests/eval/biographies

Only the Python standard library is used.
"""
import csv
import importlib.util
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("ZHKG_SHARED", os.path.join(HERE, "..", "..", "shared"))
spec = importlib.util.spec_from_file_location("score", os.path.join(SHARED, "eval", "score.py"))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)

ATTRIBUTES = ["gender", "ethnicity", "birth", "native_place", "party_joined", "work_started", "education", "degree"]

score.CATEGORIES.update({
    "attributes": ("biography.rq", ["person"] + ATTRIBUTES),
    "careers": ("careers.rq", ["person", "post", "unit", "start", "end"]),
    "proposed": ("proposed.rq", ["person", "post", "unit"]),
})

shared_predicted = score.predicted


def predicted(binary, store, queries, category, gold):
    if category != "attributes":
        return shared_predicted(binary, store, queries, category, gold)
    qfile, cols = score.CATEGORIES[category]
    out = score.run([binary, "query", "--store", store, "--format", "csv", os.path.join(queries, qfile)])
    rows = list(csv.DictReader(io.StringIO(out)))
    if rows and any(c not in rows[0] for c in cols):
        raise RuntimeError("%s must return columns %s, got %s" % (qfile, cols, list(rows[0].keys())))
    items = set()
    for row in rows:
        person = gold.canon(row.get("person") or "")
        if not person:
            continue
        for a in ATTRIBUTES:
            for value in (row.get(a) or "").split("; "):
                if value:
                    items.add((person, a, gold.canon(value)))
    return items


score.predicted = predicted

if __name__ == "__main__":
    score.main()
