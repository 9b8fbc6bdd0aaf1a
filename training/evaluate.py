#!/usr/bin/env python3
"""Held-out evaluation and calibration report for a shipped bundle (stdlib only).

    python3 training/evaluate.py section --model models/section --data ../shared/data
    python3 training/evaluate.py tone    --model models/tone    --data ../shared/data
    python3 training/evaluate.py tone --model DIR --prep /tmp/prep-tone   # reuse prepared TSVs

Runs `prepare.py TASK` into a temporary directory (or reads --prep DIR), scores every
held-out file with `tenor classify --format json` (each file is one article whose
paragraphs are the rows, taken as given), and prints, per file: macro-F1, accuracy,
expected calibration error (ECE, 10 equal-width bins over the top label's probability)
and a reliability table. For section it also classifies the held-out BBC articles
whole (`heldout_articles.jsonl`) and reports article accuracy (summary.section.label,
the mean of paragraph probabilities).

Scoring rules:
- single-label rows: prediction = the top label; ECE over P(top label) vs correct.
- tone, multi-label bundle: macro-F1 is over cooperative/tense with `labels` (the
  thresholded set, possibly empty) as prediction; "top-label" metrics use the top label.
  Per-label ECE uses every row (neutral rows are negatives for both labels).
- neutral rows (empty gold label): share predicted with no label, and mean max-probability.
- UNSCon (`tense` / `no_conflict`): tense vs not, a predicted `cooperative` or no label = not.
--json FILE writes every number for the README.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from prepare import key, unescape  # noqa: E402  (prepare.py's TSV escaping and text key)


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            lab, _, text = line.partition("\t")
            rows.append(([l for l in lab.split(",") if l], unescape(text)))
    return rows


def classify(tenor, model, articles):
    """articles: list of {"id", "paragraphs"}; returns tenor's JSON list."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(articles, f, ensure_ascii=False)
        path = f.name
    try:
        out = subprocess.run([tenor, "classify", "--format", "json", "--model", model, path],
                             check=True, stdout=subprocess.PIPE).stdout
    finally:
        os.unlink(path)
    return json.loads(out)


def bundle_name(model):
    with open(os.path.join(model, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)["name"]


def f1_table(golds, preds, labels):
    """golds/preds: lists of label sets. Per-label P/R/F1 and macro-F1 over `labels`."""
    per = {}
    for l in labels:
        tp = sum(1 for g, p in zip(golds, preds) if l in g and l in p)
        fp = sum(1 for g, p in zip(golds, preds) if l not in g and l in p)
        fn = sum(1 for g, p in zip(golds, preds) if l in g and l not in p)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[l] = {"precision": pr, "recall": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0,
                  "support": tp + fn}
    return sum(v["f1"] for v in per.values()) / len(per), per


def reliability(confs, hits, bins=10):
    """Equal-width bins; returns (ECE, rows of (lo, hi, n, mean conf, accuracy))."""
    table, ece, n = [], 0.0, len(confs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confs) if (lo <= c < hi) or (b == bins - 1 and c == 1.0)]
        if not idx:
            table.append((lo, hi, 0, None, None))
            continue
        mc = sum(confs[i] for i in idx) / len(idx)
        acc = sum(hits[i] for i in idx) / len(idx)
        ece += len(idx) / n * abs(acc - mc)
        table.append((lo, hi, len(idx), mc, acc))
    return ece, table


def fmt_rel(table, what="P(top)", hit="accuracy"):
    lines = ["| %s bin | n | mean P | %s |" % (what, hit), "|---|---:|---:|---:|"]
    for lo, hi, n, mc, acc in table:
        if n:
            lines.append("| %.1f-%.1f | %d | %.3f | %.3f |" % (lo, hi, n, mc, acc))
    return "\n".join(lines)


def alone(head):
    """A paragraph's head result without its article's context (scorer.h)."""
    if "alone" not in head:
        return head
    return {"label": head["alone"]["label"], "labels": [head["alone"]["label"]],
            "scores": head["alone"]["scores"]}


def evaluate_file(tenor, model, name, path, task):
    rows = read_rows(path)
    base = os.path.basename(path)
    res = classify(tenor, model, [{"id": base, "paragraphs": [t for _, t in rows]}])[0]
    paras = res["paragraphs"]
    assert len(paras) == len(rows), (len(paras), len(rows))
    # Each row is scored on its own: a head with a context weight also reports the
    # row's own scores ("alone"), which are what a paragraph file measures.
    heads = [alone(p[name]) for p in paras]
    labels = sorted(heads[0]["scores"])
    r = {"file": base, "n": len(rows)}
    if "unscon" in base:
        golds = [{"tense"} if "tense" in g else {"not"} for g, _ in rows]
        preds = [{"tense"} if "tense" in h["labels"] else {"not"} for h in heads]
        r["macro_f1"], per = f1_table(golds, preds, ["tense", "not"])
        r["accuracy"] = sum(g == p for g, p in zip(golds, preds)) / len(rows)
        r["tense_recall"] = per["tense"]["recall"]
        # ECE of P(tense) as a binary forecast of tense
        conf = [h["scores"]["tense"] for h in heads]
        hit = [1 if "tense" in g else 0 for g in golds]
        r["ece_tense"], r["reliability_per_label"] = reliability(conf, hit)
        r["reliability_per_label"] = {"tense": r["reliability_per_label"]}
        return r
    lab_idx = [i for i, (g, _) in enumerate(rows) if g]
    neu_idx = [i for i, (g, _) in enumerate(rows) if not g]
    golds = [set(rows[i][0]) for i in lab_idx]
    top = [{heads[i]["label"]} for i in lab_idx]
    sel = [set(heads[i]["labels"]) for i in lab_idx]
    present = sorted(set().union(*golds)) if golds else labels
    if golds:
        r["macro_f1"], r["per_label"] = f1_table(golds, sel, present)
        r["accuracy"] = sum(g == p for g, p in zip(golds, sel)) / len(golds)
        r["macro_f1_top"], _ = f1_table(golds, top, present)
        r["accuracy_top"] = sum(g == p for g, p in zip(golds, top)) / len(golds)
        confs = [heads[i]["scores"][heads[i]["label"]] for i in lab_idx]
        hits = [1 if heads[i]["label"] in rows[i][0] else 0 for i in lab_idx]
        r["ece"], r["reliability"] = reliability(confs, hits)
    if len(labels) == 2 and all(abs(sum(h["scores"].values()) - 1) > 1e-3 for h in heads[:50]):
        # multi-label head: each label's probability as a binary forecast, all rows
        r["ece_per_label"], r["reliability_per_label"] = {}, {}
        for l in labels:
            conf = [h["scores"][l] for h in heads]
            hit = [1 if l in rows[i][0] else 0 for i in range(len(rows))]
            r["ece_per_label"][l], r["reliability_per_label"][l] = reliability(conf, hit)
    if neu_idx:
        r["neutral_n"] = len(neu_idx)
        r["neutral_no_label"] = sum(1 for i in neu_idx if not heads[i]["labels"]) / len(neu_idx)
        r["neutral_mean_maxp"] = sum(max(heads[i]["scores"].values()) for i in neu_idx) / len(neu_idx)
        r["neutral_confident"] = sum(1 for i in neu_idx if max(heads[i]["scores"].values()) >= 0.8) / len(neu_idx)
    return r


def paragraph_scores(res, arts, golds_of, name, keep):
    """Paragraph macro-F1 in context and alone, and the ECE in context, over the
    paragraphs keep() accepts."""
    golds, ctx, own, confs = [], [], [], []
    for a, r in zip(arts, res):
        for text, gold, p in zip(a["paragraphs"], golds_of(a), r["paragraphs"]):
            if keep(text):
                golds.append({gold})
                ctx.append({p[name]["label"]})
                own.append({alone(p[name])["label"]})
                confs.append(p[name]["scores"][p[name]["label"]])
    labels = sorted(set().union(*golds))
    ece, _ = reliability(confs, [1 if g == c else 0 for g, c in zip(golds, ctx)])
    return len(golds), f1_table(golds, ctx, labels)[0], f1_table(golds, own, labels)[0], ece


def two_article(arts):
    """Each article joined with the next one of another section: [(paragraphs, golds)]."""
    out = []
    for i, a in enumerate(arts):
        b = next((b for b in arts[i + 1:] if b["label"] != a["label"]), None)
        if b:
            out.append((a["paragraphs"] + b["paragraphs"],
                        [a["label"]] * len(a["paragraphs"]) + [b["label"]] * len(b["paragraphs"])))
    return out


def briefs(arts, seed):
    """News in brief: 2, 3, ... 6 items a brief, each item the first one or two paragraphs
    of an article taken in shuffled order, labelled with its own section."""
    out, order = [], list(range(len(arts)))
    random.Random(seed).shuffle(order)
    at, size = 0, 2
    while at + size <= len(order):
        paras, golds = [], []
        for j in order[at:at + size]:
            item = arts[j]["paragraphs"][:1 + j % 2]
            paras += item
            golds += [arts[j]["label"]] * len(item)
        out.append((paras, golds))
        at, size = at + size, 2 + (size - 1) % 5
    return out


def evaluate_articles(tenor, model, name, path):
    """Whole held-out articles: the summary's label, and every paragraph in context.

    Paragraphs are scored over those in heldout.tsv (prose, as a paragraph file has
    them), gold = their article's section. Also on "two-article" joins and "briefs"
    (above), where leaning on the article can mislead."""
    arts = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    res = classify(tenor, model, [{"id": a["id"], "paragraphs": a["paragraphs"]} for a in arts])
    golds = [a["label"] for a in arts]
    preds = [r["summary"][name]["label"] for r in res]
    confs = [r["summary"][name]["scores"][p] for r, p in zip(res, preds)]
    hits = [1 if g == p else 0 for g, p in zip(golds, preds)]
    ece, table = reliability(confs, hits)
    mf1, _ = f1_table([{g} for g in golds], [{p} for p in preds], sorted(set(golds)))
    out = {"file": os.path.basename(path), "n": len(arts), "accuracy": sum(hits) / len(hits),
           "macro_f1": mf1, "ece": ece, "reliability": table,
           "errors": [(a["id"], g, p) for a, g, p in zip(arts, golds, preds) if g != p]}
    tsv = os.path.join(os.path.dirname(path), "heldout.tsv")
    if os.path.exists(tsv):
        prose = {key(t) for _, t in read_rows(tsv)}
        keep = lambda text: key(text) in prose  # noqa: E731
        out["paragraphs"] = paragraph_scores(res, arts, lambda a: [a["label"]] * len(a["paragraphs"]),
                                             name, keep)
        for what, joined in (("pair_paragraphs", two_article(arts)), ("brief_paragraphs", briefs(arts, 1))):
            items = [{"paragraphs": p, "golds": g} for p, g in joined]
            res = classify(tenor, model, [{"id": str(i), "paragraphs": x["paragraphs"]} for i, x in enumerate(items)])
            out[what] = paragraph_scores(res, items, lambda x: x["golds"], name, keep)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("task", choices=("section", "tone"))
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--prep", help="directory with prepared held-out files (default: run prepare.py)")
    ap.add_argument("--tenor", default=os.environ.get("TENOR", os.path.join(HERE, "..", "build", "tenor")))
    ap.add_argument("--files", default=None, help="comma-separated held-out file names to use (default: all)")
    ap.add_argument("--json", help="write all results here")
    ap.add_argument("--no-tables", action="store_true", help="summary only, no reliability tables")
    args = ap.parse_args()
    name = bundle_name(args.model)
    tmp = None
    prep = args.prep
    if not prep:
        tmp = tempfile.TemporaryDirectory(prefix="tenor-eval-")
        prep = tmp.name
        subprocess.run([sys.executable, os.path.join(HERE, "prepare.py"), args.task, "--data", args.data,
                        "--out", prep], check=True, stdout=subprocess.DEVNULL)
    files = sorted(f for f in os.listdir(prep) if f.startswith("heldout") and f.endswith(".tsv"))
    if args.files:
        files = [f for f in files if f in args.files.split(",")]
    results = [evaluate_file(args.tenor, args.model, name, os.path.join(prep, f), args.task) for f in files]
    arts = os.path.join(prep, "heldout_articles.jsonl")
    if args.task == "section" and os.path.exists(arts) and (not args.files or "heldout_articles.jsonl" in args.files):
        results.append(evaluate_articles(args.tenor, args.model, name, arts))
    print("| held-out file | n | macro-F1 | accuracy | ECE (10 bins) | other |")
    print("|---|---:|---:|---:|---:|---|")
    for r in results:
        other = []
        if "macro_f1_top" in r and abs(r["macro_f1_top"] - r["macro_f1"]) > 1e-9:
            other.append("top-label macro-F1 %.3f, acc %.3f" % (r["macro_f1_top"], r["accuracy_top"]))
        if "ece_per_label" in r:
            other.append("per-label ECE " + ", ".join("%s %.3f" % kv for kv in sorted(r["ece_per_label"].items())))
        if "neutral_n" in r:
            other.append("neutral rows %d: no label %.2f, mean max-P %.2f, max-P>=0.8 %.2f"
                         % (r["neutral_n"], r["neutral_no_label"], r["neutral_mean_maxp"], r["neutral_confident"]))
        if "paragraphs" in r:
            for what, k in (("paragraphs", "paragraphs"), ("two-article paragraphs", "pair_paragraphs"),
                            ("brief paragraphs", "brief_paragraphs")):
                n, ctx, own, ece = r[k]
                other.append("%s (%d): macro-F1 in context %.3f (ECE %.3f), alone %.3f" % (what, n, ctx, ece, own))
        if "tense_recall" in r:
            other.append("tense recall %.3f, ECE of P(tense) %.3f" % (r["tense_recall"], r["ece_tense"]))
        ece = r.get("ece")
        print("| %s | %d | %s | %s | %s | %s |" % (
            r["file"], r["n"], "%.3f" % r["macro_f1"] if "macro_f1" in r else "-",
            "%.3f" % r["accuracy"] if "accuracy" in r else "-", "%.3f" % ece if ece is not None else "-",
            "; ".join(other)))
    if not args.no_tables:
        for r in results:
            if r.get("reliability"):
                print("\nReliability, %s (top label):\n" % r["file"])
                print(fmt_rel(r["reliability"]))
            # a multi-label head's probabilities: each label's as a forecast of that label
            for l, table in sorted(r.get("reliability_per_label", {}).items()):
                print("\nReliability, %s, P(%s) over every row:\n" % (r["file"], l))
                print(fmt_rel(table, "P(%s)" % l, "share %s" % l))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
