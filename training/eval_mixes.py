#!/usr/bin/env python3
"""Compare data mixes with a scikit-learn stand-in for tenor's trainer.

Experiment helper only (needs scikit-learn; prepare.py itself is stdlib-only):

    python3 training/eval_mixes.py section --data /work/shared/data --work /tmp/prep-eval
    python3 training/eval_mixes.py tone    --data /work/shared/data --work /tmp/prep-eval

For each candidate mix it runs prepare.py into WORK/<task>-<name>/, fits
TfidfVectorizer(sublinear_tf=True, ngram_range=(1,2), min_df=2) + LinearSVC()
(one-vs-rest, C=1; some rows class_weight="balanced") on train.tsv and prints macro-F1 on every held-out file.
Results table is printed as Markdown.
"""

import argparse
import os
import re
import subprocess
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, recall_score, roc_auc_score
from sklearn.svm import LinearSVC

HERE = os.path.dirname(os.path.abspath(__file__))

BAL = {"class_weight": "balanced"}
SECTION_MIXES = [
    ("bbc", ["--mix", "bbc"]),
    ("bbc, balanced", ["--mix", "bbc"], BAL),
    ("bbc+20ng", ["--mix", "bbc+20ng", "--extra-cap", "0"]),
    ("bbc+reuters", ["--mix", "bbc+reuters", "--extra-cap", "0"]),
    ("bbc+20ng+reuters (cap = min BBC class)", ["--mix", "bbc+20ng+reuters", "--extra-cap", "0"]),
    ("bbc+20ng+reuters, balanced", ["--mix", "bbc+20ng+reuters", "--extra-cap", "0"], BAL),
    ("bbc+20ng+reuters cap500", ["--mix", "bbc+20ng+reuters", "--extra-cap", "500"]),
    ("bbc+20ng+reuters cap500, balanced", ["--mix", "bbc+20ng+reuters", "--extra-cap", "500"], BAL),
    ("bbc+20ng+reuters cap250", ["--mix", "bbc+20ng+reuters", "--extra-cap", "250"]),
    ("bbc+20ng+reuters cap250, balanced", ["--mix", "bbc+20ng+reuters", "--extra-cap", "250"], BAL),
]

TONE_MIXES = [
    ("cb", ["--mix", "cb"]),
    ("un", ["--mix", "un"]),
    ("cb+un", ["--mix", "cb+un"]),
    ("cb+un, balanced", ["--mix", "cb+un"], {"class_weight": "balanced"}),
    ("cb x3 + un", ["--mix", "cb+un", "--cb-repeat", "3"]),
    ("cb+un+synth (stories, weak)", ["--mix", "cb+un+synth"]),
    ("cb+un+synthpara (paras, weak)", ["--mix", "cb+un+synthpara"]),
    ("synth only (weak)", ["--mix", "synth"]),
    ("un+synth", ["--mix", "un+synth"]),
]


def unescape(t):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(0)), t)


def load(path):
    y, x = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            y.append(label)
            x.append(unescape(text))
    return x, y


def score(name, y, p, tense_score=None):
    """Return (short result string, macro-F1) for one held-out file."""
    if name == "heldout_unscon.tsv":
        # tense vs no_conflict: a "cooperative" prediction counts as not-tense
        p = ["tense" if v == "tense" else "no_conflict" for v in p]
        labels = ["no_conflict", "tense"]
        f1 = f1_score(y, p, labels=labels, average="macro")
        rt = recall_score(y, p, labels=["tense"], average="macro")
        auc = roc_auc_score([v == "tense" for v in y], tense_score)
        return "%.3f (tense R %.2f, AUC %.2f)" % (f1, rt, auc), f1
    labels = sorted(set(y))
    f1 = f1_score(y, p, labels=labels, average="macro")
    if name == "heldout_wa.tsv":  # ~93% politics: macro-F1 is meaningless, give accuracy
        return "acc %.3f" % accuracy_score(y, p), f1
    if name == "heldout_xoutlet.tsv":
        rec = recall_score(y, p, labels=labels, average=None)
        return "%.3f (R %s)" % (f1, "/".join("%.2f" % r for r in rec)), f1
    return "%.3f" % f1, f1


def fit_eval(out, kw):
    x, y = load(os.path.join(out, "train.tsv"))
    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    clf = LinearSVC(C=1.0, **kw).fit(vec.fit_transform(x), y)
    res = {}
    for fn in sorted(os.listdir(out)):
        if fn.startswith("heldout") and fn.endswith(".tsv"):
            hx, hy = load(os.path.join(out, fn))
            hX = vec.transform(hx)
            ts = None
            if "tense" in clf.classes_:
                ts = clf.decision_function(hX)
                if ts.ndim == 2:
                    ts = ts[:, list(clf.classes_).index("tense")]
                elif clf.classes_[1] != "tense":
                    ts = -ts
            res[fn] = score(fn, hy, clf.predict(hX), ts)
    return len(y), res


def run(task, data, work, mixes, seeds):
    rows = []
    done = {}
    for mix in mixes:
        name, extra = mix[0], mix[1]
        kw = mix[2] if len(mix) > 2 else {}
        t0 = time.time()
        per_seed = []
        for seed in seeds:
            args = extra + (["--seed", str(seed)] if seed else [])
            out = os.path.join(work, task + "-" + re.sub(r"[^a-z0-9]+", "_", " ".join(args)).strip("_"))
            if out not in done:  # same data, different classifier settings: prepare once
                cmd = [sys.executable, os.path.join(HERE, "prepare.py"), task, "--data", data, "--out", out] + args
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                done[out] = True
            per_seed.append(fit_eval(out, kw))
        n = per_seed[0][0]
        res = {}
        for fn, (txt, _) in per_seed[0][1].items():
            vals = [r[fn][1] for _, r in per_seed if fn in r]
            if len(seeds) > 1 and not fn.startswith(("heldout_wa", "heldout_xoutlet", "heldout_unscon")):
                # split-dependent sets: seed-0 value, then mean [min-max] over seeds
                txt += " / %.3f [%.3f-%.3f]" % (sum(vals) / len(vals), min(vals), max(vals))
            res[fn] = txt
        rows.append((name, n, res))
        print("%-40s n=%-6d %s  [%.1fs]" % (name, n, res, time.time() - t0), file=sys.stderr)
    cols = sorted({c for _, _, r in rows for c in r})
    print("| mix | train rows | " + " | ".join(c.replace(".tsv", "") for c in cols) + " |")
    print("|---|---:|" + "---|" * len(cols))
    for name, n, r in rows:
        print("| %s | %d | %s |" % (name, n, " | ".join(r.get(c, "-") for c in cols)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=("section", "tone"))
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", default="/tmp/prep-eval")
    ap.add_argument("--seeds", default="0", help="comma-separated prepare.py --seed values (split variance)")
    a = ap.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    run(a.task, a.data, a.work, SECTION_MIXES if a.task == "section" else TONE_MIXES, seeds)


if __name__ == "__main__":
    main()
