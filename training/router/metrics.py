"""Router evaluation: metrics per head, the two baselines, and confusion-matrix plots."""
from __future__ import annotations

from collections import Counter
from pathlib import Path


def single_label_metrics(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict:
    """Accuracy, macro-F1 over `labels`, per-class precision/recall/F1/support and the confusion
    matrix (rows: truth, columns: prediction, in `labels` order).

    >>> single_label_metrics(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])["accuracy"]
    0.6666666666666666
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f.mean()),
        "per_class": {l: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                          "support": int(s[i])} for i, l in enumerate(labels)},
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def multi_label_metrics(y_true: list[list[str]], y_pred: list[list[str]], labels: list[str]) -> dict:
    """Subset accuracy (exact set match), macro-F1 over labels, per-label scores and one 2×2
    confusion matrix per label ([[TN, FP], [FN, TP]])."""
    from sklearn.metrics import accuracy_score, multilabel_confusion_matrix, precision_recall_fscore_support

    def onehot(rows):
        return [[int(l in row) for l in labels] for row in rows]

    t, pr = onehot(y_true), onehot(y_pred)
    p, r, f, s = precision_recall_fscore_support(t, pr, zero_division=0)
    # A label present in every row (behavioural and technical in each synthetic posting) adds an F1 of
    # 1.0 to the mean for any model that always says it: macro-F1 is then met by a constant. Exact-set
    # accuracy and the macro-F1 of the labels that vary say what the head adds.
    varying = [i for i, l in enumerate(labels) if 0 < s[i] < len(t)]
    return {
        "accuracy": float(accuracy_score(t, pr)),            # = exact_set_accuracy (kept for old readers)
        "exact_set_accuracy": float(accuracy_score(t, pr)),  # the predicted set equals the true set
        "macro_f1": float(f.mean()),
        "macro_f1_varying_labels": float(f[varying].mean()) if varying else None,
        "labels_in_every_row": [labels[i] for i in range(len(labels)) if s[i] == len(t)],
        "per_class": {l: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                          "support": int(s[i])} for i, l in enumerate(labels)},
        "confusion": {l: m.tolist() for l, m in zip(labels, multilabel_confusion_matrix(t, pr))},
    }


def majority_single(train: list[str], n: int) -> list[str]:
    """The majority-class baseline: the most frequent training label, n times."""
    return [Counter(train).most_common(1)[0][0]] * n


def majority_multi(train: list[list[str]], labels: list[str], n: int) -> list[list[str]]:
    """Multi-label majority baseline, a constant: each label predicted when it is on in most training rows."""
    on = [l for l in labels if sum(l in row for row in train) * 2 > len(train)]
    return [on] * n


def plot_confusion(matrix, labels: list[str], title: str, path: Path) -> Path:
    """A row-normalised confusion matrix with counts in the cells, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    m = np.asarray(matrix, dtype=float)
    norm = m / np.clip(m.sum(1, keepdims=True), 1, None)
    size = 2.2 + 0.55 * len(labels)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    im = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(j, i, int(m[i, j]), ha="center", va="center",
                    color="white" if norm[i, j] > 0.5 else "black", fontsize=8)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_multilabel_confusion(per_label: dict, title: str, path: Path) -> Path:
    """One 2×2 panel (absent/present) per label of a multi-label head."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(1, len(per_label), figsize=(3.0 * len(per_label), 3.2))
    for ax, (label, m) in zip(np.atleast_1d(axes), per_label.items()):
        m = np.asarray(m, dtype=float)
        norm = m / np.clip(m.sum(1, keepdims=True), 1, None)
        ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_yticks([0, 1], ["no", "yes"])
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("predicted")
        for i in range(2):
            for j in range(2):
                ax.text(j, i, int(m[i, j]), ha="center", va="center",
                        color="white" if norm[i, j] > 0.5 else "black")
    np.atleast_1d(axes)[0].set_ylabel("true")
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def summary_table(metrics: dict) -> str:
    """Markdown table: macro-F1 and accuracy per head for the model and both baselines."""
    lines = ["| head | fine-tuned F1 | zero-shot F1 | majority F1 | fine-tuned acc |",
             "|---|---|---|---|---|"]
    for head, m in metrics["test"].items():
        zs = metrics["baselines"]["zero_shot"].get(head, {}).get("macro_f1")
        mj = metrics["baselines"]["majority"].get(head, {}).get("macro_f1")
        lines.append(f"| {head} | {m['macro_f1']:.3f} | {zs:.3f} | {mj:.3f} | {m['accuracy']:.3f} |")
    lines += ["", "interview types (multi-label), exact set / macro-F1 of the labels that vary (not in every row):"]
    for who, m in (("fine-tuned", metrics["test"]), *metrics["baselines"].items()):
        t = m.get("interview_types", {})
        if "exact_set_accuracy" in t:
            varying = t["macro_f1_varying_labels"]
            lines.append(f"  {who}: {t['exact_set_accuracy']:.3f} / " + ("–" if varying is None else f"{varying:.3f}"))
    return "\n".join(lines)
