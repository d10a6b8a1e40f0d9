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

Two terms of rank 0's own serial work, found by simulation (docs/scaling.md,
"Simulated"): plan (seconds per pair: the cost estimates, the LPT plan and
the layout in plan order and back, before the scatter and after the gather
of every batch of more than one rank) and startup (seconds per run: MPI_Init
to the first batch and the last batch to MPI_Finalize) plus per_rank
(seconds per rank per run: rank 0's share of the final gathers). Both are
optional in the parameters (0 when missing), so a model fitted without them
predicts as before.

When the model is compared with the SMPI simulation, its network is the
simulated platform's (simulated_parameters): SMPI charges rank 0 no CPU per
message (a linear scatterv posts its P-1 sends at once; they share rank 0's
link), so alpha is 0 per rank, and the collectives pay the platform's
latency (times SMPI's default lat-factor) and bandwidth (times its
bw-factor). This machine's TCP loopback alpha (~9 us per rank and
collective) is a software cost of Open MPI over TCP, not a network's.
"""
import math
import re
import xml.etree.ElementTree as ET

PAIR_BYTES = 16     # struct Pair: two uint64 (what scatterv sends per pair)
RESULT_BYTES = 16   # struct PairResult: gcd + candidates (what gatherv returns)
BATCH = 1 << 18     # gcd_mpi's default --batch-size (the report's batch_pairs)
# The model's parameters, the keys of Model's dict.
PARAMETERS = ["rho_read", "rho_write", "alpha_s", "alpha_g", "inv_beta_s", "inv_beta_g", "rate"]
# Optional parameters (0 when missing): rank 0's serial work, and a fixed
# latency per collective (the simulated platform's).
OPTIONAL = ["plan", "startup", "per_rank", "collective_latency"]

# SimGrid 3.32's default SMPI network factors (smpi/lat-factor, smpi/bw-factor;
# the strings in libsimgrid.so.3.32): a message of s bytes takes the factor of
# the largest threshold <= s.
SMPI_LAT_FACTOR = [(65472, 11.6436), (15424, 3.48845), (9376, 2.59299), (5776, 2.18796), (3484, 1.88101),
                   (1426, 1.61075), (732, 1.9503), (257, 1.95341), (0, 2.01467)]
SMPI_BW_FACTOR = [(65472, 0.940694), (15424, 0.697866), (9376, 0.58729), (5776, 1.08739), (3484, 0.77493),
                  (1426, 0.608902), (732, 0.341987), (257, 0.338112), (0, 0.812084)]
# Polite waits (src/mpi/mpi_team.cpp, wait_politely): after the spins, pauses
# of 20 us doubling up to 1 ms, in simulated time under SMPI.
FIRST_PAUSE, LONGEST_PAUSE = 20e-6, 1e-3


def smpi_factor(table, size):
    """The factor SMPI applies to a message of `size` bytes."""
    return next(value for threshold, value in table if size >= threshold)


def _si(text, unit):
    """SimGrid's unit notation: '0.5us' -> 5e-7, '12.5GBps' -> 1.25e10."""
    match = re.fullmatch(r"([0-9.eE+-]+)\s*([munkMGT]?)" + unit, text.strip())
    if not match:
        raise ValueError(f"cannot read {text!r} as {unit}")
    scale = {"": 1, "m": 1e-3, "u": 1e-6, "n": 1e-9, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}[match.group(2)]
    return float(match.group(1)) * scale


def platform_network(path):
    """Node-to-node latency (seconds, the longest route) and a node link's
    bandwidth (bytes/s) of a sim/platforms <cluster>: a crossbar cluster is
    two private links plus the backbone; a FAT_TREE of L levels is up to 2L
    links."""
    cluster = next(ET.parse(path).getroot().iter("cluster"))
    lat, bw = _si(cluster.get("lat"), "s"), _si(cluster.get("bw"), "Bps")
    if cluster.get("topology") == "FAT_TREE":
        levels = int(cluster.get("topo_parameters").split(";")[0])
        return {"latency": 2 * levels * lat, "bandwidth": bw}
    return {"latency": 2 * lat + _si(cluster.get("bb_lat", "0s"), "s"), "bandwidth": bw}


def simulated_parameters(fitted, network, message_bytes=PAIR_BYTES * 16):
    """Parameters for comparing with the SMPI simulation: `fitted`'s rank-0
    terms (plan, startup, per_rank, rate) on the simulated platform's
    network. No per-rank alpha (SMPI charges rank 0 no CPU per message), the
    platform's latency times SMPI's lat-factor per collective, its bandwidth
    times the bw-factor for `message_bytes` (a typical message). Rank 0's
    read and write are 0: its reader and writer threads' CPU time is not
    charged by SMPI (a thread CPU clock of the rank's own context), and its
    main thread's waits for them are blocked, not charged, time."""
    inv_beta = 1.0 / (network["bandwidth"] * smpi_factor(SMPI_BW_FACTOR, message_bytes))
    return dict(fitted, rho_read=0.0, rho_write=0.0, alpha_s=0.0, alpha_g=0.0, inv_beta_s=inv_beta,
                inv_beta_g=inv_beta,
                collective_latency=network["latency"] * smpi_factor(SMPI_LAT_FACTOR, message_bytes))


def polite_wait(seconds):
    """When a polite wait of `seconds` returns: the first pause boundary at
    or after it (the spins cost no simulated time at smpi/test 0)."""
    t, pause = 0.0, FIRST_PAUSE
    while t < seconds:
        t += pause
        pause = min(2 * pause, LONGEST_PAUSE)
    return t


def collectives_latency(P):
    """Latencies on the critical path of a batch: two binomial broadcasts
    (log2 P hops each), two barriers (a message in and out), scatterv and
    gatherv (one each)."""
    return 2 * math.ceil(math.log2(P)) + 2 * 2 + 2 if P > 1 else 0


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

    def terms(self, P, N, c_mean, c_max, batch=BATCH, cores=None, waits=False):
        """Seconds per term for P ranks and N pairs of mean cost c_mean.
        'static' = block/balanced (one scatterv + one gatherv per batch);
        'dynamic' = chunks on demand from rank 0 (the default schedule).
        Rank 0 reads batch b+1 and writes batch b-1 in its own threads while
        batch b is distributed and computed: a three-stage pipeline whose
        pace per batch is the slowest stage. waits: rank 0 waits for the
        slowest rank politely (wakes at a pause boundary, polite_wait), as the
        simulation shows it."""
        p = self.p
        full, last = divmod(N, batch)
        batches = [batch] * full + ([last] if last else [])
        per_msg = p["alpha_s"] + p["alpha_g"]
        # On a machine with fewer cores than ranks, ranks share cores.
        share = max(1.0, P / cores) if cores else 1.0
        out = {"latency": 0.0, "dispatch": 0.0, "bandwidth": 0.0, "compute": 0.0, "imbalance": 0.0,
               "read": N * p["rho_read"], "write": N * p["rho_write"], "plan": 0.0,
               "startup": p.get("startup", 0.0) + p.get("per_rank", 0.0) * P}
        middle = {"static": [], "dynamic": []}
        for nb in batches:
            lat = per_msg * (P - 1) + p.get("collective_latency", 0.0) * collectives_latency(P) if P > 1 else 0.0
            plan = nb * p.get("plan", 0.0) if P > 1 else 0.0
            byt = nb * (1 - 1 / P) * (PAIR_BYTES * p["inv_beta_s"] + RESULT_BYTES * p["inv_beta_g"])
            work = nb * c_mean / P / p["rate"] * share
            slowest = max(nb * c_mean / P, c_max) / p["rate"] * share
            disp = dynamic_chunks(nb, P) * per_msg
            out["latency"] += lat
            out["plan"] += plan
            out["bandwidth"] += byt
            out["dispatch"] += disp
            out["compute"] += work
            out["imbalance"] += slowest - work
            if waits:
                # Rank 0 waits politely for the slowest rank: it wakes at a pause boundary.
                slowest = polite_wait(slowest)
            middle["static"].append(plan + lat + byt + slowest)
            # Rank 0 serves chunks while the others compute: whichever is
            # longer sets the batch's pace.
            middle["dynamic"].append(plan + byt + max(slowest, disp))
        for sched, mids in middle.items():
            t = batches[0] * p["rho_read"]                      # the first read fills the pipeline
            for i, mid in enumerate(mids):
                nxt_read = batches[i + 1] * p["rho_read"] if i + 1 < len(batches) else 0.0
                prev_write = batches[i - 1] * p["rho_write"] if i > 0 else 0.0
                t += max(mid, nxt_read, prev_write)
            t += batches[-1] * p["rho_write"]                   # the last write drains it
            t += out["startup"]
            out[f"{sched}_total"] = t
            # What rank 0's serial I/O adds on top of distributing and computing.
            out[f"{sched}_io"] = t - out["startup"] - sum(mids)
        out["total"] = out["dynamic_total"]
        out["io"] = out["dynamic_io"]
        return out

