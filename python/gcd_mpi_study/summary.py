"""The Markdown tables of `scripts/scaling summarize`: medians over repeats,
one table per curve."""
from .columns import GROUP_KEY
from .metrics import fnum, medians


def markdown_summary(rows):
    meds = medians(rows)
    lines = []
    groups = []
    for m in meds:
        g = tuple(m[k] for k in GROUP_KEY)
        if g not in groups:
            groups.append(g)
    for g in groups:
        ms = [m for m in meds if tuple(m[k] for k in GROUP_KEY) == g]
        study, label, kernel, schedule, threads, launcher = g
        first = ms[0]
        lines.append(f"### {study} scaling: {label}, kernel {kernel}, schedule {schedule}, "
                     f"{threads} thread(s) per rank, `{launcher}`")
        lines.append("")
        if study == "weak":
            lines.append("Work grows with the ranks (P x the 1-rank pairs). Efficiency = t_ref / t_P; "
                         "work-normalised efficiency also divides by the actual work (candidates) ratio.")
        else:
            lines.append(f"Fixed workload: {first['pairs']} pairs, {int(fnum(first['candidates']) or 0):.3e} candidates. "
                         "Speedup = t_ref x p_ref / t_P, efficiency = speedup / P.")
        lines.append(f"Physical cores available: {first['cores']}. Medians over repeats; "
                     "times in seconds (gcd_mpi's own wall time on rank 0).")
        lines.append("")
        if study == "weak":
            lines.append("| ranks | nodes | oversubscribed | runs | pairs | wall median | wall min-max | "
                         "efficiency | work-norm. eff. | compute max/avg | imbalance | scatter+gather | launch+run |")
            lines.append("|---:|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        else:
            lines.append("| ranks | nodes | oversubscribed | runs | wall median | wall min-max | "
                         "speedup | efficiency | compute max/avg | imbalance | scatter+gather | launch+run |")
            lines.append("|---:|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for m in ms:
            over = f"**yes** ({m['np']} > {m['cores']} cores)" if m["oversubscribed"] else "no"
            ratio = (m["compute_max_median"] / m["compute_avg_median"]) if m["compute_avg_median"] else float("nan")
            common = [str(m["np"]), str(m["nodes"]), over, str(m["runs"])]
            if study == "weak":
                we = m.get("work_efficiency")
                cells = common + [str(m["pairs"]), f"{m['wall_median']:.3f}",
                                  f"{m['wall_min']:.3f}-{m['wall_max']:.3f}", f"{m['efficiency']:.2f}",
                                  f"{we:.2f}" if we else "", f"{ratio:.2f}", f"{m['imbalance_median']:.3f}",
                                  f"{m['comm_median']:.4f}", f"{m['elapsed_median']:.2f}"]
            else:
                cells = common + [f"{m['wall_median']:.3f}", f"{m['wall_min']:.3f}-{m['wall_max']:.3f}",
                                  f"{m['speedup']:.2f}", f"{m['efficiency']:.2f}", f"{ratio:.2f}",
                                  f"{m['imbalance_median']:.3f}", f"{m['comm_median']:.4f}",
                                  f"{m['elapsed_median']:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
        busiest = max(m["busy_max"] for m in ms)
        lines.append("")
        lines.append(f"_Machine busy before a run: at most {busiest:.0%} of its CPU time "
                     "(other load distorts timings)._ "
                     "_launch+run = the launcher command's elapsed time, MPI start-up included._")
        lines.append("")
    return "\n".join(lines)

