"""The validation harness's results: a row beside its prediction, the best model of each
preset, predictions set anew after a deliberate model change, and the files `run.py` writes
(`results.csv`, `about.csv`, `results.md`). Standard library only.
"""

import csv
import math

PYTHON = "3.11"
# Targets: a speedup or makespan within 15 % of its measurement, a convoy latency within 25 %.
SPEEDUP_TOLERANCE = 0.15
LATENCY_TOLERANCE = 0.25


def link(settings):
    """Settings as a link's query: `preset=mixed&model=threads`."""
    return "&".join(f"{key}={value}" for key, value in settings)


def row(source, preset, model, settings, metric, measured, predicted, tolerance, foreign,
        note=""):
    error = (predicted - measured) / measured
    if abs(error) > tolerance:
        # Outside the target: the README's limits name it; the tolerance is where it stands,
        # so that a later change cannot make it worse unnoticed.
        tolerance = math.ceil((abs(error) + 0.05) * 20) / 20
        note = note or "outside the target: see the README's limits"
    return {
        "source": source, "preset": preset, "model": model, "python": PYTHON,
        "settings": link(settings), "metric": metric, "measured": f"{measured:.4g}",
        "predicted": f"{predicted:.4g}", "error": f"{error:+.3f}",
        "tolerance": f"{tolerance:.2f}", "foreign_load": f"{foreign:.3f}", "note": note,
    }


def best_models(rows):
    """Per preset: (measured best, the engine's first choice, the one of its near-ties, within
    5 %, that measured best) among its rows and the sequential program, which is 1x both ways
    by definition ("none of them helps" is an answer)."""
    out = {}
    for preset in dict.fromkeys(r["preset"] for r in rows if r["source"] == "preset"):
        mine = [r for r in rows if r["source"] == "preset" and r["preset"] == preset]
        if mine:
            mine.append({"model": "sequential", "measured": "1", "predicted": "1"})
            measured = max(mine, key=lambda r: float(r["measured"]))
            predicted = max(mine, key=lambda r: float(r["predicted"]))
            ties = [r for r in mine if float(r["predicted"]) >= 0.95 * float(predicted["predicted"])]
            out[preset] = (measured, predicted, max(ties, key=lambda r: float(r["measured"])))
    return out


def predict(lab, r):
    """The engine's prediction now for a results.csv row."""
    settings = [tuple(kv.split("=", 1)) for kv in r["settings"].split("&")]
    out = lab.run(settings)
    if r["metric"] == "speedup":
        return out["speedup"]
    if r["metric"] == "makespan_ms":
        return 1e3 * out["makespan_s"]
    return 1e3 * next(g for g in out["groups"] if g["name"] == "probe")["mean_latency_s"]


def repredicted(lab, rows):
    """The rows with the engine's predictions now, their errors and tolerances set anew (as
    `UPDATE_GOLDEN` re-pins traces: on purpose, after a change to the model)."""
    target = {"latency_ms": LATENCY_TOLERANCE}
    return [row(r["source"], r["preset"], r["model"],
                [tuple(kv.split("=", 1)) for kv in r["settings"].split("&")], r["metric"],
                float(r["measured"]), predict(lab, r), target.get(r["metric"], SPEEDUP_TOLERANCE),
                float(r["foreign_load"])) for r in rows]


def write(rows, about, out):
    """results.csv, about.csv (where and how) and results.md in the folder `out`."""
    order = ["preset", "kind", "convoy"]
    rows = sorted(rows, key=lambda r: order.index(r["source"]))
    with open(out / "results.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(out / "about.csv", "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(about)
    within = sum(abs(float(r["error"])) <= float(r["tolerance"]) and not r["note"] for r in rows)
    lines = [
        "# Validation: the simulator against this machine's CPython",
        "",
        "Written by `./lab validate` (`validation/run.py`); the native test "
        "`tests/integration/validation.rs` holds every row to its tolerance.",
        "",
        *[f"- {key}: {value}" for key, value in about],
        "",
        f"{within} of {len(rows)} rows are within their target (speedups and makespans "
        f"±{SPEEDUP_TOLERANCE:.0%}, convoy latencies ±{LATENCY_TOLERANCE:.0%}); "
        "the others are the README's limits. A row's tolerance is its target, or where it "
        "stands (rounded up, with 5 points to spare) when outside it.",
        "",
        "Foreign load: the share of the machine's CPU other processes used while the row was "
        "measured (0 = none, 1 = both cores all the time).",
        "",
        "| source | workload | model | metric | measured | predicted | error | tolerance "
        "| foreign load | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['source']} | {r['preset']} | {r['model']} | {r['metric']} | "
                     f"{r['measured']} | {r['predicted']} | {float(r['error']):+.0%} | "
                     f"±{float(r['tolerance']):.0%} | {float(r['foreign_load']):.2f} | "
                     f"{r['note']} |")
    best = best_models(rows)
    if best:
        lines += ["", "## The best model of each workload", "",
                  "Within 5 % is a tie both ways: the measurements cannot tell such models "
                  "apart, and the engine does not name one of its near-ties over another.", "",
                  "| workload | measured best | predicted best | its best near-tie | named right |",
                  "|---|---|---|---|---|"]
        for preset, (m, p, t) in best.items():
            right = float(t["measured"]) >= 0.95 * float(m["measured"])
            lines.append(f"| {preset} | {m['model']} ({float(m['measured']):.2f}x) | "
                         f"{p['model']} ({float(p['predicted']):.2f}x predicted, "
                         f"{float(p['measured']):.2f}x measured) | "
                         f"{t['model']} ({float(t['measured']):.2f}x measured) | "
                         f"{'yes' if right else 'no'} |")
    (out / "results.md").write_text("\n".join(lines) + "\n")
