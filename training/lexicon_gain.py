#!/usr/bin/env python3
"""Does a lexicon or negation feature help tone? scikit-learn stand-in (experiment only).

    python3 training/prepare.py tone --data ../shared/data --out /tmp/prep-tone-val --val-pct 15 --neutral 0
    /usr/bin/python3 training/lexicon_gain.py --prep /tmp/prep-tone-val --data ../shared/data

Base: TfidfVectorizer(sublinear_tf, 1-2-grams, min_df 2) + LinearSVC(C=1) on the
cooperative/tense training sentences (tenor's defaults). Variants append, scaled by
--scale, dense features to the TF-IDF row:
  gi      General Inquirer PowCoop, PowCon, Hostile, Affil, Positiv, Negativ counts (log1p)
  cameo   CAMEO verb-phrase hits from the PETRARCH2 dictionary: cooperative / tense counts
          (log1p) and the sum, min and max Goldstein score of the hits (/10)
  neg     negation marking: tokens after not/no/never/n't/without/neither/nor up to the
          next punctuation get a NEG_ prefix (changes the tokens, as tenor's tokenizer would)
Reports macro-F1 on val (the choice) and on the held-out sets (the gain to report).
"""
import argparse, csv, math, os, re
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

csv.field_size_limit(1 << 30)
TOK = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def rows(path):
    out = []
    for line in open(path, encoding="utf-8"):
        lab, _, t = line.rstrip("\n").partition("\t")
        out.append((lab, t.replace("\\\\", "\\")))
    return out


def load_gi(data):
    cats = ("PowCoop", "PowCon", "Hostile", "Affil", "Positiv", "Negativ")
    lex = {}
    with open(os.path.join(data, "lexicons", "general_inquirer", "gi_tone_categories.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            lex.setdefault(r["word_lower"], set()).update(c for c in r["categories"].split() if c in cats)
    return cats, lex


def load_cameo(data):
    phrases = {}
    with open(os.path.join(data, "lexicons", "petrarch2", "cameo_verb_lexicon.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            p = " ".join(TOK.findall(r["phrase_lower"].lower()))
            if p and r["goldstein"] not in ("", None):
                try:
                    phrases.setdefault(p, (r["tone"], float(r["goldstein"])))
                except ValueError:
                    pass
    maxlen = max(len(p.split()) for p in phrases)
    return phrases, maxlen


def gi_feats(texts, cats, lex):
    X = np.zeros((len(texts), len(cats)))
    for i, t in enumerate(texts):
        for w in TOK.findall(t.lower()):
            for c in lex.get(w, ()):
                X[i, cats.index(c)] += 1
    return np.log1p(X)


def cameo_feats(texts, phrases, maxlen):
    X = np.zeros((len(texts), 5))
    for i, t in enumerate(texts):
        toks = TOK.findall(t.lower())
        gs = []
        for a in range(len(toks)):
            for n in range(maxlen, 0, -1):  # longest match at each position
                p = " ".join(toks[a:a + n])
                if p in phrases:
                    tone, g = phrases[p]
                    X[i, 0] += tone == "cooperative"
                    X[i, 1] += tone == "tense"
                    gs.append(g)
                    break
        if gs:
            X[i, 2], X[i, 3], X[i, 4] = sum(gs) / 10, min(gs) / 10, max(gs) / 10
    X[:, :2] = np.log1p(X[:, :2])
    return X


NEG = re.compile(r"\b(not|no|never|without|neither|nor|cannot|\w+n't)\b([^.,;:!?]*)", re.I)


def neg_mark(t):
    return NEG.sub(lambda m: m.group(1) + " " + " ".join("NEG_" + w for w in m.group(2).split()), t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prep", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--scale", type=float, default=0.3)
    a = ap.parse_args()
    tr = [r for r in rows(os.path.join(a.prep, "train.tsv")) if r[0]]
    sets = {n: rows(os.path.join(a.prep, f)) for n, f in
            [("val", "val.tsv"), ("heldout CB+UN", "heldout.tsv"), ("heldout CB", "heldout_conflibert.tsv"),
             ("UNSCon (tense vs not)", "heldout_unscon.tsv")]}
    cats, gi = load_gi(a.data)
    phrases, maxlen = load_cameo(a.data)
    variants = ["base", "gi", "cameo", "gi+cameo", "neg", "neg+gi+cameo"]
    print("| variant | " + " | ".join(sets) + " |")
    print("|---|" + "---:|" * len(sets))
    for v in variants:
        pre = neg_mark if "neg" in v else (lambda t: t)
        vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, token_pattern=r"(?u)\b\w[\w']*\b")

        def feats(texts, fit=False):
            X = vec.fit_transform([pre(t) for t in texts]) if fit else vec.transform([pre(t) for t in texts])
            extra = []
            if "gi" in v:
                extra.append(gi_feats(texts, cats, gi))
            if "cameo" in v:
                extra.append(cameo_feats(texts, phrases, maxlen))
            if extra:
                X = hstack([X, csr_matrix(np.hstack(extra) * a.scale)]).tocsr()
            return X
        Xtr = feats([t for _, t in tr], fit=True)
        clf = LinearSVC(C=1.0).fit(Xtr, [l for l, _ in tr])
        cells = []
        for n, rs in sets.items():
            p = clf.predict(feats([t for _, t in rs]))
            g = [l for l, _ in rs]
            if n.startswith("UNSCon"):
                g = ["tense" if x == "tense" else "not" for x in g]
                p = ["tense" if x == "tense" else "not" for x in p]
            cells.append("%.3f" % f1_score(g, p, average="macro"))
        print("| %s | %s |" % (v, " | ".join(cells)), flush=True)


if __name__ == "__main__":
    main()
