"""gcd_mpi_study: the scaling study's tools as one package.

The entry points are scripts/scaling, scripts/scaling-model and
scripts/plot-scaling (thin wrappers around cli.py), and scripts/plot-trace
(around trace_plot.py), and `python3 -m gcd_mpi_study.sim_fit` (the model
against the simulation); tests/python tests the pure parts. Modules, lowest first:

  columns    the CSV column lists (stable: jobs, docs and tests read them)
  common     the repository root, HarnessError, log()
  csvio      reading and writing the study's CSVs
  machine    cores, the Slurm allocation, how busy the machine is
  launch     the launcher ('auto', srun, mpirun, none) and its command words
  workload   generated inputs (scripts/gen-pairs) and their per-pair costs
  metrics    speedup, efficiency, medians over repeats
  summary    the Markdown tables of scripts/scaling summarize
  sweep      strong and weak sweeps, the serial-copies control, summarize
  fit        weighted non-negative least squares (numpy)
  model      the analytic run-time model past one machine (and the SMPI
             platform's network, rank 0's plan and start-up terms)
  sim_fit    the model against sim/run's SMPI CSVs: fit, compare, break-even
  measure    scripts/scaling-model measure (collectives, root's read/write)
  model_report  scripts/scaling-model fit: parameters, predictions, model.md
  model_plot    the model's gnuplot figure
  plot       scripts/plot-scaling
  trace_plot scripts/plot-trace: a gcd_mpi --trace file as a Gantt PNG
  cli        the three command lines

Only fit (and what uses it) needs numpy; columns, csvio and metrics run on
any Python 3.
"""
