"""gcd_mpi's run time past one machine: the analytic model that
scripts/scaling-model fits to measurements here.

For N pairs on P ranks in batches of b pairs (B = ceil(N/b)). Rank 0 reads
batch k+1 and writes batch k-1 in its own threads while batch k is
distributed and computed, so each batch takes its slowest stage:
  T(P, N) = b rho_read + sum_k max(read_k+1, D_k, write_k-1) + b rho_write
  read_k  = n_k rho_read,  write_k = n_k rho_write        rank 0's serial parse / format
  D_k (block/balanced) = (alpha_s + alpha_g)(P - 1)       linear scatterv + gatherv: a message per rank
                       + 16 n_k (1 - 1/P)(1/beta_s + 1/beta_g)   16-byte pairs out, results back
                       + max(W_k / P, c_max) / r          the slowest rank
  D_k (dynamic)        = bytes + max(max(W_k / P, c_max) / r, C(n_k, P)(alpha_s + alpha_g))
W_k = candidates of batch k, r = candidates per second of one core, c_max =
the costliest pair (with P near N it, not W/P, sets the pace), C = chunks
rank 0 hands out (dynamic_chunks). Root's memory: m0 + mu * pairs in flight
(up to three batches).
"""
import math

PAIR_BYTES = 16     # struct Pair: two uint64 (what scatterv sends per pair)
RESULT_BYTES = 16   # struct PairResult: gcd + candidates (what gatherv returns)
BATCH = 1 << 18     # gcd_mpi's default --batch-size (the report's batch_pairs)
# The model's parameters, the keys of Model's dict.
PARAMETERS = ["rho_read", "rho_write", "alpha_s", "alpha_g", "inv_beta_s", "inv_beta_g", "rate"]


def dynamic_chunks(n, P):
    """Chunks the dynamic schedule hands out for n pairs on P ranks: guided
    chunks of remaining/(2P), costliest first. Fitted to a simulation of
    guided_chunk() (uniform costs, P = 10..1000, m = n/P = 1..1000 pairs per
    rank): about P (10 log10(m) - 0.9), and never more than n."""
    if P <= 1 or n <= 0:
        return 0.0
    m = n / P
    return min(float(n), P * max(1.0, 10 * math.log10(max(m, 1.0)) - 0.9))



def in_flight(n, batch):
    """Pairs rank 0 holds at once: the reader's, the main thread's and the
    writer's batch (one-slot hand-overs: at most three batches)."""
    return min(n, min(3, math.ceil(n / batch)) * batch)


class Model:
    """The model with one set of parameters (PARAMETERS: seconds per pair
    read and written by rank 0, seconds per message and per byte of scatter
    and gather, candidates per second of one core)."""

    def __init__(self, p):
        self.p = p  # dict of parameters

    def terms(self, P, N, c_mean, c_max, batch=BATCH, cores=None):
        """Seconds per term for P ranks and N pairs of mean cost c_mean.
        'static' = block/balanced (one scatterv + one gatherv per batch);
        'dynamic' = chunks on demand from rank 0 (the default schedule).
        Rank 0 reads batch b+1 and writes batch b-1 in its own threads while
        batch b is distributed and computed: a three-stage pipeline whose
        pace per batch is the slowest stage."""
        p = self.p
        full, last = divmod(N, batch)
        batches = [batch] * full + ([last] if last else [])
        per_msg = p["alpha_s"] + p["alpha_g"]
        # On a machine with fewer cores than ranks, ranks share cores.
        share = max(1.0, P / cores) if cores else 1.0
        out = {"latency": 0.0, "dispatch": 0.0, "bandwidth": 0.0, "compute": 0.0, "imbalance": 0.0,
               "read": N * p["rho_read"], "write": N * p["rho_write"]}
        middle = {"static": [], "dynamic": []}
        for nb in batches:
            lat = per_msg * (P - 1) if P > 1 else 0.0
            byt = nb * (1 - 1 / P) * (PAIR_BYTES * p["inv_beta_s"] + RESULT_BYTES * p["inv_beta_g"])
            work = nb * c_mean / P / p["rate"] * share
            slowest = max(nb * c_mean / P, c_max) / p["rate"] * share
            disp = dynamic_chunks(nb, P) * per_msg
            out["latency"] += lat
            out["bandwidth"] += byt
            out["dispatch"] += disp
            out["compute"] += work
            out["imbalance"] += slowest - work
            middle["static"].append(lat + byt + slowest)
            # Rank 0 serves chunks while the others compute: whichever is
            # longer sets the batch's pace.
            middle["dynamic"].append(byt + max(slowest, disp))
        for sched, mids in middle.items():
            t = batches[0] * p["rho_read"]                      # the first read fills the pipeline
            for i, mid in enumerate(mids):
                nxt_read = batches[i + 1] * p["rho_read"] if i + 1 < len(batches) else 0.0
                prev_write = batches[i - 1] * p["rho_write"] if i > 0 else 0.0
                t += max(mid, nxt_read, prev_write)
            t += batches[-1] * p["rho_write"]                   # the last write drains it
            out[f"{sched}_total"] = t
            # What rank 0's serial I/O adds on top of distributing and computing.
            out[f"{sched}_io"] = t - sum(mids)
        out["total"] = out["dynamic_total"]
        out["io"] = out["dynamic_io"]
        return out

