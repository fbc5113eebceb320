#!/usr/bin/env python3
"""People found by general-purpose taggers, scored beside zhkg's (not run in CI).

    pip install jieba thulac
    python3 tools/peer_people.py real  jieba|thulac   # tests/eval/real: must/optional/entities as score.py
    python3 tools/peer_people.py pd98  jieba|thulac   # ../shared/corpora/ner/pd1998-test.bio, names per sentence

jieba: words tagged nr; THULAC: np. Names of two to four characters, NFKC, quotes and spaces removed.
"""
import glob, json, os, re, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")


def norm(s):
    return re.sub(r"[“”‘’\"'《》「」\s]", "", unicodedata.normalize("NFKC", s))


def tagger(which):
    if which == "thulac":
        import thulac
        th = thulac.thulac()
        return lambda s: [w for w, f in th.cut(s) if f == "np"]
    import jieba, jieba.posseg as pseg
    jieba.setLogLevel(60)
    return lambda s: [w for w, f in pseg.cut(s) if f == "nr"]


def real(cut):
    tp = fp = fn = 0
    for g in sorted(glob.glob(os.path.join(ROOT, "tests/eval/real/gold/*.json"))):
        d = json.load(open(g, encoding="utf-8"))
        text = open(os.path.join(SHARED, "eval/real/docs", d["doc"]), encoding="utf-8").read()
        body = text.split("\n\n", 1)[1]
        alias = {}
        for canon, al in d.get("entities", {}).items():
            for a in al + [canon]:
                alias[norm(a)] = norm(canon)
        must = {alias.get(norm(x), norm(x)) for x in d["people"]["must"]}
        opt = {alias.get(norm(x), norm(x)) for x in d["people"]["optional"]}
        pred = {alias.get(norm(w), norm(w)) for line in body.split("\n") if line.strip() for w in cut(line) if 2 <= len(w) <= 4}
        tp += len(pred & must); fp += len(pred - must - opt); fn += len(must - pred)
    return tp, fp, fn


def pd98(cut):
    tp = fp = fn = 0
    chars, tags = [], []
    lines = open(os.path.join(SHARED, "corpora/ner/pd1998-test.bio"), encoding="utf-8").read().split("\n") + [""]
    for line in lines:
        parts = line.split()
        if len(parts) >= 2:
            chars.append(parts[0]); tags.append(parts[1]); continue
        if not chars:
            continue
        t = "".join(chars)
        gold, k = set(), 0
        while k < len(tags):
            if tags[k] == "B-PER":
                s = k; k += 1
                while k < len(tags) and tags[k] == "I-PER":
                    k += 1
                gold.add(unicodedata.normalize("NFKC", t[s:k]))
            else:
                k += 1
        pred = {unicodedata.normalize("NFKC", w) for w in cut(t)}
        tp += len(gold & pred); fp += len(pred - gold); fn += len(gold - pred)
        chars, tags = [], []
    return tp, fp, fn


if __name__ == "__main__":
    where, which = sys.argv[1], sys.argv[2]
    tp, fp, fn = (real if where == "real" else pd98)(tagger(which))
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"{which} people on {where}: tp {tp} fp {fp} fn {fn} P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}")
