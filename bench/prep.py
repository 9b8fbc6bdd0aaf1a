#!/usr/bin/python3
"""Prepare benchmark inputs from the shared corpora into a scratch directory.

    prep.py corpora DATA_DIR WORK [--quick]
        For R8, R52, 20 Newsgroups (message bodies) and ModApte-90, writes
          WORK/<c>_{train,test}.tsv  tenor TSV: labels<TAB>text (\\n \\t \\\\ escaped)
          WORK/<c>_{train,test}.ft   fastText: __label__x ... text (lower-cased,
                                     punctuation split off; train lines shuffled, seed 1)
        The same texts feed scikit-learn and liblinear (skl.py reads the .tsv files).
    prep.py scaling DATA_DIR WORK N
        WORK/scale_N.tsv: N paragraphs drawn from BBC (5 sections) + Reuters paragraphs
        (5 largest topics), 10 labels, 32,242 distinct paragraphs, repeated
        with small perturbations (each copy drops ~10% of its words at random).
    prep.py throughput DATA_DIR WORK MB
        WORK/tp.jsonl  articles {"id","paragraphs":[...]} (BBC + 20NG test bodies split
                       into paragraphs, repeated until >= MB megabytes of text)
        WORK/tp.txt    the same paragraphs, one per line (fasttext predict input)
        WORK/bbc_train.ft  BBC paragraphs with the section labels, for a fastText model
    prep.py parallel DATA_DIR OUT N
        OUT: N articles as JSONL (BBC articles, repeated), for bench/parallel.sh
"""
import json
import random
import re
import sys


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", " ").replace("\n", "\\n")


def unesc(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(n, "\\" + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


_punct = re.compile(r"([.!?,'/()\"\-:;])")


def ft_text(s):
    # The preprocessing of fastText's own classification examples: lower-case,
    # punctuation as separate tokens, one line.
    s = _punct.sub(r" \1 ", s.lower())
    return " ".join(s.split())


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


def write_pair(work, name, split, rows, shuffle):
    """rows: list of (labels list, text)."""
    with open(f"{work}/{name}_{split}.tsv", "w", encoding="utf-8") as f:
        for labels, text in rows:
            f.write(",".join(labels) + "\t" + esc(text) + "\n")
    ft = list(rows)
    if shuffle:
        random.Random(1).shuffle(ft)
    with open(f"{work}/{name}_{split}.ft", "w", encoding="utf-8") as f:
        for labels, text in ft:
            f.write(" ".join("__label__" + l for l in labels) + " " + ft_text(text) + "\n")


def corpora(data, work, quick):
    r = f"{data}/topic/reuters21578"
    sets = {}
    for c, label_col in (("r8", "label"), ("r52", "label"), ("modapte90", "topics")):
        for split in ("train", "test"):
            rows = [(d[label_col].split(","), unesc(d["title"]) + ". " + unesc(d["body"]))
                    for d in read_tsv(f"{r}/{c}_{split}.tsv")]
            sets[(c, split)] = rows
    ng = {"train": [], "test": []}
    with open(f"{data}/topic/20newsgroups/docs.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            ng[d["split"]].append(([d["label"]], d["body"]))
    for split in ("train", "test"):
        sets[("ng", split)] = ng[split]
    names = ["r8", "r52", "ng", "modapte90"]
    if quick:
        # small subsets: 1500 training and 500 test examples of R8 and 20NG
        names = ["r8", "ng"]
        for c in names:
            for split, k in (("train", 1500), ("test", 500)):
                rows = sets[(c, split)]  # every n-th row: 20NG is sorted by label
                sets[(c, split)] = rows[:: max(1, len(rows) // k)][:k]
    for c in names:
        for split in ("train", "test"):
            write_pair(work, c, split, sets[(c, split)], shuffle=(split == "train"))
    print(" ".join(names))


def base_paragraphs(data):
    rows = []
    for d in read_tsv(f"{data}/topic/bbc/paragraphs.tsv"):
        rows.append((d["label"], unesc(d["text"])))
    # Reuters paragraphs of the five largest single topics, labelled with it: 10 labels
    for d in read_tsv(f"{data}/topic/reuters21578/paragraphs.tsv"):
        t = d["topics"]
        if t in ("earn", "acq", "crude", "trade", "money-fx") and len(d["text"]) > 40:
            rows.append(("reuters-" + t, unesc(d["text"])))
    return rows


def scaling(data, work, n):
    base = base_paragraphs(data)
    rnd = random.Random(n)
    rnd.shuffle(base)
    with open(f"{work}/scale_{n}.tsv", "w", encoding="utf-8") as f:
        for i in range(n):
            label, text = base[i % len(base)]
            if i >= len(base):
                words = text.split()
                words = [w for w in words if rnd.random() >= 0.1] or words
                text = " ".join(words)
            f.write(label + "\t" + esc(text) + "\n")


def throughput(data, work, mb):
    arts = []
    with open(f"{data}/topic/bbc/articles.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            arts.append([p for p in d["paragraphs"] if p.strip()])
    with open(f"{data}/topic/20newsgroups/docs.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["split"] != "test":
                continue
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", d["body"])]
            paras = [p for p in paras if p]
            if paras:
                arts.append(paras)
    total, k = 0, 0
    with open(f"{work}/tp.jsonl", "w", encoding="utf-8") as fj, \
         open(f"{work}/tp.txt", "w", encoding="utf-8") as ft:
        while total < mb * 1e6:
            for paras in arts:
                paras = [" ".join(p.split()) for p in paras]
                fj.write(json.dumps({"id": k, "paragraphs": paras}, ensure_ascii=False) + "\n")
                for p in paras:
                    ft.write(p + "\n")
                    total += len(p.encode("utf-8")) + 1
                k += 1
                if total >= mb * 1e6:
                    break
    with open(f"{work}/bbc_train.ft", "w", encoding="utf-8") as f:
        rows = [(d["label"], unesc(d["text"])) for d in read_tsv(f"{data}/topic/bbc/paragraphs.tsv")]
        random.Random(1).shuffle(rows)
        for label, text in rows:
            f.write("__label__" + label + " " + ft_text(text) + "\n")


def parallel_input(data, out, n):
    arts = []
    with open(f"{data}/topic/bbc/articles.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            arts.append(d)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            d = arts[i % len(arts)]
            obj = {"id": f"{d['id']}#{i}", "title": d["title"], "paragraphs": d["paragraphs"]}
            if i % 3 == 0:  # also the plain-text form, split by tenor
                obj = {"id": i, "text": "\n\n".join(d["paragraphs"])}
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    cmd, data, work = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "corpora":
        corpora(data, work, "--quick" in sys.argv[4:])
    elif cmd == "scaling":
        scaling(data, work, int(sys.argv[4]))
    elif cmd == "throughput":
        throughput(data, work, float(sys.argv[4]))
    elif cmd == "parallel":
        parallel_input(data, work, int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)
