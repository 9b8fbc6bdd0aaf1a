#!/usr/bin/env python3
"""Choose the section bundle's scoring settings (bundle.h) on BBC validation splits.

    python3 training/scoring_sweep.py --data ../shared/data --work /tmp/scoring-sweep

For each validation seed (prepare.py section --val-pct 15 --seed S) it trains the
shipped recipe without context, classifies the validation articles whole (their own
scores, `alone`), and recomputes every paragraph's score in context for a grid of
weights c and sharpnesses t with the formula of include/tenor/scorer.h:
    P'(l) ~ (P(l)^(1-c) R(l)^c)^t,  R = the article's summary without the paragraph.
and a context prior k (the rest of the article is taken as if it also held k
paragraphs of evenly spread scores, so a short text leans less; scorer.h):
    R(l) = (sum of w P(l) over the other paragraphs + 10k / L) / (their sum of w + 10k).
Three sets: the validation articles as they are; "two-article" ones (each article
joined with the next of another section); and "briefs" (news in brief: 2-6 items of
the first one or two paragraphs of articles in shuffled order, each item its own
section), where leaning on the article can mislead. Paragraphs counted are those of
val.tsv (prose), gold = their article's section. Prints paragraph macro-F1, log-loss
and ECE per (c, k, t), mean over the seeds. Choice: (c, k) maximise the mean of the
three macro-F1s (each set as likely an input as the others; the smallest of the three
is flat, about 0.001 apart, over c 0.3-0.4, k 0.5-1); then t minimises the mean
log-loss.
Then the summary sharpness s (the article's scores S^s, normalised): the s that
minimises the log-loss of the validation articles' section.
Never reads the held-out test files.
"""

import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from evaluate import briefs, classify, f1_table, reliability, two_article  # noqa: E402
from prepare import key, unescape  # noqa: E402

SEEDS = (0, 11, 22, 33, 44)
SECTION_SETTINGS = ["--class-weight", "balanced", "--max-features", "100000"]  # as build.sh
WORDS_MAX = 10  # TENOR_SCORER_WEIGHT_WORDS_MAX


def articles_of_split(tenor, data, work, seed):
    """[(kind, [paragraph rows])]; a row is (gold, counted, P, weight, boilerplate)."""
    d = os.path.join(work, "s%d" % seed)
    model = os.path.join(d, "model")
    if not os.path.exists(os.path.join(model, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "prepare.py"), "section", "--data", data,
                        "--out", d, "--val-pct", "15", "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([tenor, "train", "--quiet", "--output", model, "--name", "section", "--seed", "1"]
                       + SECTION_SETTINGS + [os.path.join(d, "train.tsv")], check=True)
    with open(os.path.join(d, "val.tsv"), encoding="utf-8") as f:
        prose = {key(unescape(line.rstrip("\n").partition("\t")[2])) for line in f if line.strip()}
    with open(os.path.join(d, "val_articles.jsonl"), encoding="utf-8") as f:
        arts = [json.loads(line) for line in f if line.strip()]
    pure = [(a["paragraphs"], [a["label"]] * len(a["paragraphs"])) for a in arts]
    out = []
    for kind, items in (("articles", pure), ("two-article", two_article(arts)), ("briefs", briefs(arts, seed))):
        res = classify(tenor, model, [{"id": str(i), "paragraphs": p} for i, (p, _) in enumerate(items)])
        for (paras, golds), r in zip(items, res):
            rows = []
            for text, gold, pr in zip(paras, golds, r["paragraphs"]):
                P = pr["section"].get("alone", pr["section"])["scores"]  # its own scores
                # words as a whitespace count: boilerplate.h counts alike on prose. Unlike
                # scorer.c, a paragraph with no known term weighs here too: over the seed-0
                # sets the labels agree with tenor's and probabilities differ by < 0.01.
                w = min(len(text.split()), WORDS_MAX) * max(P.values())
                rows.append((gold, key(text) in prose, P, w, pr["boilerplate"]))
            out.append((kind, rows))
    return out


def in_context(rows, c, t, k=0.0):
    """Yields (gold, probabilities in context) for the counted paragraphs of one article."""
    labels = list(rows[0][2])
    k *= WORDS_MAX  # k counts paragraphs; one of WORDS_MAX words, sure of its label, weighs that
    even = k / len(labels)
    total = sum(w for _, _, _, w, b in rows if not b)
    S = {l: sum(w * P[l] for _, _, P, w, b in rows if not b) for l in labels}
    for gold, counted, P, w, boiler in rows:
        if not counted:
            continue
        own_w = w
        rest = total - own_w
        if boiler or total <= 0 or rest <= total * 1e-9:
            yield gold, P  # boilerplate, or nothing else to lean on: its own scores
            continue
        z = {l: t * ((1 - c) * math.log(max(P[l], 1e-9)) + c * math.log(max((S[l] - own_w * P[l] + even) / (rest + k), 1e-9)))
             for l in labels}
        top = max(z.values())
        e = {l: math.exp(v - top) for l, v in z.items()}
        s = sum(e.values())
        yield gold, {l: v / s for l, v in e.items()}


def score(articles, c, t, k):
    golds, preds, nll, confs, hits = [], [], 0.0, [], []
    for rows in articles:
        for gold, q in in_context(rows, c, t, k):
            top = max(q, key=q.get)
            golds.append({gold})
            preds.append({top})
            nll -= math.log(max(q[gold], 1e-12))
            confs.append(q[top])
            hits.append(1 if top == gold else 0)
    labels = sorted(set().union(*golds))
    return f1_table(golds, preds, labels)[0], nll / len(golds), reliability(confs, hits)[0]


def summary_score(articles, sharpness):
    """Log-loss, ECE and accuracy of the articles' sharpened summary (scorer.h)."""
    nll, confs, hits = 0.0, [], []
    for rows in articles:
        scored = [(P, w) for _, _, P, w, boiler in rows if not boiler]
        total = sum(w for _, w in scored)
        if total <= 0:
            continue
        s = sharpness if len(scored) > 1 else 1.0  # one paragraph: as it is (scorer.h)
        z = {l: s * math.log(max(sum(w * P[l] for P, w in scored) / total, 1e-300))
             for l in rows[0][2]}
        top = max(z.values())
        e = {l: math.exp(v - top) for l, v in z.items()}
        q = {l: v / sum(e.values()) for l, v in e.items()}
        gold, label = rows[0][0], max(q, key=q.get)
        nll -= math.log(max(q[gold], 1e-12))
        confs.append(q[label])
        hits.append(1 if label == gold else 0)
    return nll / len(hits), reliability(confs, hits)[0], sum(hits) / len(hits)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True, help="scratch directory (models are kept for reruns)")
    ap.add_argument("--tenor", default=os.environ.get("TENOR", os.path.join(HERE, "..", "build", "tenor")))
    ap.add_argument("--weights", default="0,0.3,0.4,0.5,0.6,0.7,0.8")
    ap.add_argument("--priors", default="0,0.25,0.5,1,2")
    ap.add_argument("--sharpness", default="1,1.5,1.75,2,2.5")
    ap.add_argument("--summary-sharpness", default="1,1.5,2,2.5,3")
    args = ap.parse_args()
    splits = [articles_of_split(args.tenor, args.data, args.work, s) for s in SEEDS]
    kinds = ("articles", "two-article", "briefs")

    def mean_over_seeds(kind, c, t, k):
        rs = [score([rows for x, rows in split if x == kind], c, t, k) for split in splits]
        return [sum(r[i] for r in rs) / len(rs) for i in range(3)]

    print("| c | k | t | " + " | ".join("%s macro-F1 | log-loss | ECE" % x for x in kinds) + " |")
    print("|---:|---:|---:|" + "---:|---:|---:|" * len(kinds))

    def row(c, k, t):
        res = [mean_over_seeds(kind, c, t, k) for kind in kinds]
        print("| %.2f | %g | %.2f | " % (c, k, t) + " | ".join("%.4f | %.4f | %.4f" % tuple(r) for r in res) + " |")
        return res

    best_c, best_k, best_mean = 0.0, 0.0, -1.0
    for c in [float(x) for x in args.weights.split(",")]:
        for k in [float(x) for x in args.priors.split(",")] if c > 0 else [0.0]:
            res = row(c, k, 1.0)
            mean = sum(r[0] for r in res) / len(res)
            if mean > best_mean + 1e-9:
                best_c, best_k, best_mean = c, k, mean
    best_t, best_nll = 1.0, float("inf")
    for t in [float(x) for x in args.sharpness.split(",")]:
        res = row(best_c, best_k, t)
        if sum(r[1] for r in res) / len(res) < best_nll:
            best_t, best_nll = t, sum(r[1] for r in res) / len(res)
    print("\n| summary sharpness s | articles log-loss | ECE | accuracy |")
    print("|---:|---:|---:|---:|")
    best_s, best_loss = 1.0, float("inf")
    for sh in [float(x) for x in args.summary_sharpness.split(",")]:
        rs = [summary_score([rows for k, rows in split if k == "articles"], sh) for split in splits]
        loss, ece, acc = [sum(r[i] for r in rs) / len(rs) for i in range(3)]
        print("| %.2f | %.4f | %.4f | %.4f |" % (sh, loss, ece, acc))
        if loss < best_loss:
            best_s, best_loss = sh, loss
    print("\nchosen: --context-weight %g --context-prior %g --context-sharpness %g "
          "--summary-sharpness %g" % (best_c, best_k, best_t, best_s))


if __name__ == "__main__":
    main()
