#!/usr/bin/python3
"""scikit-learn side of the benchmark (run with /usr/bin/python3, which has sklearn).

    skl.py svc TRAIN.tsv TEST.tsv      TfidfVectorizer + LinearSVC (OneVsRest for multi-label);
                                       prints "metric value fit_seconds"
    skl.py dump TRAIN.tsv TEST.tsv DIR the same TF-IDF vectors as svmlight files DIR/train.svm,
                                       DIR/test.svm (labels as integers) for liblinear-train;
                                       prints "rows nnz features matrix_MB"
    skl.py nnz FILE.tsv                rows, non-zeros and CSR size of FILE's TF-IDF matrix
    skl.py ftscore PRED GOLD.tsv       score `fasttext predict` output against gold labels:
                                       prints "accuracy micro_f1"
Input TSVs are tenor's (labels<TAB>escaped text). Vectoriser everywhere:
TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2), LinearSVC(C=1).
"""
import sys
import time


def unesc(s):
    return s.replace("\\\\", "\0").replace("\\n", "\n").replace("\\t", "\t").replace("\0", "\\")


def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            lab, _, text = line.rstrip("\n").partition("\t")
            labels.append([l for l in lab.split(",") if l])
            texts.append(unesc(text))
    return labels, texts


def vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)


def micro_f1(gold, pred):
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def svc(train, test):
    from sklearn.svm import LinearSVC
    ytr, xtr = read(train)
    yte, xte = read(test)
    multi = any(len(y) != 1 for y in ytr)
    t0 = time.perf_counter()
    vec = vectoriser()
    Xtr = vec.fit_transform(xtr)
    if multi:
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer
        mlb = MultiLabelBinarizer()
        Y = mlb.fit_transform(ytr)
        clf = OneVsRestClassifier(LinearSVC(C=1.0)).fit(Xtr, Y)
    else:
        clf = LinearSVC(C=1.0).fit(Xtr, [y[0] for y in ytr])
    fit = time.perf_counter() - t0
    P = clf.predict(vec.transform(xte))
    if multi:
        pred = mlb.inverse_transform(P)
        print("micro_f1", round(micro_f1(yte, pred), 4), round(fit, 2))
    else:
        acc = sum(p == y[0] for p, y in zip(P, yte)) / len(yte)
        print("accuracy", round(acc, 4), round(fit, 2))


def dump(train, test, out):
    from sklearn.datasets import dump_svmlight_file
    ytr, xtr = read(train)
    yte, xte = read(test)
    ids = {l: i + 1 for i, l in enumerate(sorted({y[0] for y in ytr + yte}))}
    vec = vectoriser()
    Xtr = vec.fit_transform(xtr)
    Xte = vec.transform(xte)
    dump_svmlight_file(Xtr, [ids[y[0]] for y in ytr], f"{out}/train.svm", zero_based=False)
    dump_svmlight_file(Xte, [ids[y[0]] for y in yte], f"{out}/test.svm", zero_based=False)
    # liblinear stores each non-zero as a feature_node {int index; double value} (16 bytes
    # with padding) plus a terminator and a bias node per row.
    print(Xtr.shape[0], Xtr.nnz, Xtr.shape[1], round((Xtr.nnz + 2 * Xtr.shape[0]) * 16 / 2**20, 1))


def nnz(path):
    _, x = read(path)
    X = vectoriser().fit_transform(x)
    print(X.shape[0], X.nnz, X.shape[1], round((X.nnz + 2 * X.shape[0]) * 16 / 2**20, 1))


def ftscore(pred, gold):
    yte, _ = read(gold)
    with open(pred, encoding="utf-8") as f:
        P = [[t[len("__label__"):] for t in line.split() if t.startswith("__label__")] for line in f]
    acc = sum(set(p) == set(g) for p, g in zip(P, yte)) / len(yte)
    print(round(acc, 4), round(micro_f1(yte, P), 4))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "svc":
        svc(sys.argv[2], sys.argv[3])
    elif cmd == "dump":
        dump(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "nnz":
        nnz(sys.argv[2])
    elif cmd == "ftscore":
        ftscore(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + cmd)
