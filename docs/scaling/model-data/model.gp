set terminal pngcairo size 1500,1500 enhanced font 'DejaVu Sans,10'
set output '/work/main/docs/scaling/model.png'
set multiplot layout 2,2 title "gcd\\_mpi: a model past one machine, fitted to this machine (points: measured)" . "\n" . "measured points: strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "collectives (a): kernel euclid, schedule block, 1000..1000000 pairs" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed comm-micro.csv, comm.csv, scaling.csv, per git; the CSVs record no commit)" font ',12'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 12
set title '(a) scatterv + gatherv, rank 0: measured (points), fit {/Symbol a}(P-1) + bytes/{/Symbol b} (lines; dashed: extrapolated)'
set xlabel 'pairs in the batch'
set ylabel 'seconds'
set format y '10^{%T}'
set format x '10^{%T}'
plot '/work/main/docs/scaling/model-data/micro-shm-np2.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#1f77b4' title 'MPI\_Scatterv+Gatherv, shm, 2 ranks', \
  '/work/main/docs/scaling/model-data/micro-shm-np2.dat' using 1:3 with lines lw 1.5 dt 1 lc rgb '#1f77b4' notitle, \
  '/work/main/docs/scaling/model-data/micro-shm-np4.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#ff7f0e' title 'MPI\_Scatterv+Gatherv, shm, 4 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-shm-np4.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#ff7f0e' notitle, \
  '/work/main/docs/scaling/model-data/micro-shm-np8.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#2ca02c' title 'MPI\_Scatterv+Gatherv, shm, 8 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-shm-np8.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#2ca02c' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np2.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#d62728' title 'MPI\_Scatterv+Gatherv, tcp, 2 ranks', \
  '/work/main/docs/scaling/model-data/micro-tcp-np2.dat' using 1:3 with lines lw 1.5 dt 1 lc rgb '#d62728' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np4.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#9467bd' title 'MPI\_Scatterv+Gatherv, tcp, 4 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-tcp-np4.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#9467bd' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np8.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#8c564b' title 'MPI\_Scatterv+Gatherv, tcp, 8 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-tcp-np8.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#8c564b' notitle, \
  '/work/main/docs/scaling/model-data/gcd-shm-np2.dat' using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb '#e377c2' title 'gcd\_mpi scatter+gather per batch, shm, 2 ranks', \
  '/work/main/docs/scaling/model-data/gcd-tcp-np2.dat' using 1:2 with points pt 4 ps 1.6 lw 2 lc rgb '#17becf' title 'gcd\_mpi scatter+gather per batch, tcp, 2 ranks'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(b) weak scaling, 2500 pairs per rank: model terms (tcp parameters)'
set xlabel 'MPI ranks'
set ylabel 'seconds'
set xrange [1:1e5]
set yrange [1e-4:1e6]
set format x '10^{%T}'
set format y '10^{%T}'
plot '/work/main/docs/scaling/model-data/weak-model.dat' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic (one core per rank)', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps the rest)', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:5 with lines lw 1.5 dt 3 lc rgb '#8c564b' title 'scatter/gather bytes', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance', \
  '/work/main/docs/scaling/model-data/weak-model-here.dat' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, this machine (2 cores shared)', \
  '/work/main/docs/scaling/model-data/weak-measured.dat' using 1:2 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(c) strong scaling: 3000 pairs (the study) and 1e+07 pairs'
set xlabel 'MPI ranks'
set ylabel 'seconds'
set xrange [1:1e5]
set yrange [1e-3:1e6]
set format x '10^{%T}'
set format y '10^{%T}'
plot '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps), 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-small-model.dat' using 1:2 with lines lw 2 lc rgb '#e377c2' title 'total, dynamic, 3000 pairs', \
  '/work/main/docs/scaling/model-data/strong-small-model-here.dat' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, 3000 pairs, this machine', \
  '/work/main/docs/scaling/model-data/strong-measured.dat' using 1:2 with points pt 7 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'
reset
set logscale x
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(d) parallel efficiency: model (lines) and measured (points)'
set xlabel 'MPI ranks'
set ylabel 'efficiency'
set xrange [1:1e5]
set yrange [0:1.15]
set format x '10^{%T}'
plot '/work/main/docs/scaling/model-data/weak-model.dat' using 1:8 with lines lw 2 lc rgb '#1f77b4' title 'weak, 2500 pairs/rank', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:8 with lines lw 2 lc rgb 'black' title 'strong, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:11 with lines lw 1.5 dt 2 lc rgb '#555555' title 'strong, 1e+07 pairs, balanced', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:11 with lines lw 1.5 dt 2 lc rgb '#17becf' title 'weak, balanced', \
  '/work/main/docs/scaling/model-data/strong-small-model.dat' using 1:8 with lines lw 2 lc rgb '#e377c2' title 'strong, 3000 pairs', \
  '/work/main/docs/scaling/model-data/weak-model-here.dat' using 1:8 with lines lw 1.5 dt 2 lc rgb '#1f77b4' title 'weak, this machine', \
  '/work/main/docs/scaling/model-data/strong-small-model-here.dat' using 1:8 with lines lw 1.5 dt 2 lc rgb '#e377c2' title 'strong, this machine', \
  '/work/main/docs/scaling/model-data/weak-measured.dat' using 1:3 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'weak, measured', \
  '/work/main/docs/scaling/model-data/strong-measured.dat' using 1:3 with points pt 7 ps 1.5 lc rgb '#e377c2' title 'strong, measured'
unset multiplot
unset output
set terminal svg size 1500,1500 enhanced font 'DejaVu Sans,10' background rgb 'white'
set output '/work/main/docs/scaling/model.svg'
set multiplot layout 2,2 title "gcd\\_mpi: a model past one machine, fitted to this machine (points: measured)" . "\n" . "measured points: strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "collectives (a): kernel euclid, schedule block, 1000..1000000 pairs" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed comm-micro.csv, comm.csv, scaling.csv, per git; the CSVs record no commit)" font ',12'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 12
set title '(a) scatterv + gatherv, rank 0: measured (points), fit {/Symbol a}(P-1) + bytes/{/Symbol b} (lines; dashed: extrapolated)'
set xlabel 'pairs in the batch'
set ylabel 'seconds'
set format y '10^{%T}'
set format x '10^{%T}'
plot '/work/main/docs/scaling/model-data/micro-shm-np2.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#1f77b4' title 'MPI\_Scatterv+Gatherv, shm, 2 ranks', \
  '/work/main/docs/scaling/model-data/micro-shm-np2.dat' using 1:3 with lines lw 1.5 dt 1 lc rgb '#1f77b4' notitle, \
  '/work/main/docs/scaling/model-data/micro-shm-np4.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#ff7f0e' title 'MPI\_Scatterv+Gatherv, shm, 4 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-shm-np4.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#ff7f0e' notitle, \
  '/work/main/docs/scaling/model-data/micro-shm-np8.dat' using 1:2 with points pt 7 ps 1.2 lc rgb '#2ca02c' title 'MPI\_Scatterv+Gatherv, shm, 8 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-shm-np8.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#2ca02c' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np2.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#d62728' title 'MPI\_Scatterv+Gatherv, tcp, 2 ranks', \
  '/work/main/docs/scaling/model-data/micro-tcp-np2.dat' using 1:3 with lines lw 1.5 dt 1 lc rgb '#d62728' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np4.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#9467bd' title 'MPI\_Scatterv+Gatherv, tcp, 4 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-tcp-np4.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#9467bd' notitle, \
  '/work/main/docs/scaling/model-data/micro-tcp-np8.dat' using 1:2 with points pt 5 ps 1.2 lc rgb '#8c564b' title 'MPI\_Scatterv+Gatherv, tcp, 8 ranks (oversubscribed, not fitted)', \
  '/work/main/docs/scaling/model-data/micro-tcp-np8.dat' using 1:3 with lines lw 1.5 dt 2 lc rgb '#8c564b' notitle, \
  '/work/main/docs/scaling/model-data/gcd-shm-np2.dat' using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb '#e377c2' title 'gcd\_mpi scatter+gather per batch, shm, 2 ranks', \
  '/work/main/docs/scaling/model-data/gcd-tcp-np2.dat' using 1:2 with points pt 4 ps 1.6 lw 2 lc rgb '#17becf' title 'gcd\_mpi scatter+gather per batch, tcp, 2 ranks'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(b) weak scaling, 2500 pairs per rank: model terms (tcp parameters)'
set xlabel 'MPI ranks'
set ylabel 'seconds'
set xrange [1:1e5]
set yrange [1e-4:1e6]
set format x '10^{%T}'
set format y '10^{%T}'
plot '/work/main/docs/scaling/model-data/weak-model.dat' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic (one core per rank)', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps the rest)', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:5 with lines lw 1.5 dt 3 lc rgb '#8c564b' title 'scatter/gather bytes', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance', \
  '/work/main/docs/scaling/model-data/weak-model-here.dat' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, this machine (2 cores shared)', \
  '/work/main/docs/scaling/model-data/weak-measured.dat' using 1:2 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'
reset
set logscale xy
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(c) strong scaling: 3000 pairs (the study) and 1e+07 pairs'
set xlabel 'MPI ranks'
set ylabel 'seconds'
set xrange [1:1e5]
set yrange [1e-3:1e6]
set format x '10^{%T}'
set format y '10^{%T}'
plot '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:2 with lines lw 3 lc rgb 'black' title 'total, dynamic, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:9 with lines lw 2 dt 2 lc rgb '#555555' title 'total, balanced, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:10 with lines lw 1.5 dt 4 lc rgb '#17becf' title 'dynamic: rank 0 dispatch', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:6 with lines lw 1.5 dt 2 lc rgb '#2ca02c' title 'compute, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:12 with lines lw 1.5 lc rgb '#d62728' title 'rank 0 read (overlaps), 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:4 with lines lw 1.5 lc rgb '#9467bd' title 'balanced: collective latency', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:7 with lines lw 1 dt 4 lc rgb '#ff7f0e' title 'imbalance, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-small-model.dat' using 1:2 with lines lw 2 lc rgb '#e377c2' title 'total, dynamic, 3000 pairs', \
  '/work/main/docs/scaling/model-data/strong-small-model-here.dat' using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'total, 3000 pairs, this machine', \
  '/work/main/docs/scaling/model-data/strong-measured.dat' using 1:2 with points pt 7 ps 1.5 lc rgb '#1f77b4' title 'measured (median wall)'
reset
set logscale x
set grid
set key below left Left reverse horizontal maxcols 2 width -2 font ',9' box
set bmargin 10
set title '(d) parallel efficiency: model (lines) and measured (points)'
set xlabel 'MPI ranks'
set ylabel 'efficiency'
set xrange [1:1e5]
set yrange [0:1.15]
set format x '10^{%T}'
plot '/work/main/docs/scaling/model-data/weak-model.dat' using 1:8 with lines lw 2 lc rgb '#1f77b4' title 'weak, 2500 pairs/rank', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:8 with lines lw 2 lc rgb 'black' title 'strong, 1e+07 pairs', \
  '/work/main/docs/scaling/model-data/strong-big-model.dat' using 1:11 with lines lw 1.5 dt 2 lc rgb '#555555' title 'strong, 1e+07 pairs, balanced', \
  '/work/main/docs/scaling/model-data/weak-model.dat' using 1:11 with lines lw 1.5 dt 2 lc rgb '#17becf' title 'weak, balanced', \
  '/work/main/docs/scaling/model-data/strong-small-model.dat' using 1:8 with lines lw 2 lc rgb '#e377c2' title 'strong, 3000 pairs', \
  '/work/main/docs/scaling/model-data/weak-model-here.dat' using 1:8 with lines lw 1.5 dt 2 lc rgb '#1f77b4' title 'weak, this machine', \
  '/work/main/docs/scaling/model-data/strong-small-model-here.dat' using 1:8 with lines lw 1.5 dt 2 lc rgb '#e377c2' title 'strong, this machine', \
  '/work/main/docs/scaling/model-data/weak-measured.dat' using 1:3 with points pt 5 ps 1.5 lc rgb '#1f77b4' title 'weak, measured', \
  '/work/main/docs/scaling/model-data/strong-measured.dat' using 1:3 with points pt 7 ps 1.5 lc rgb '#e377c2' title 'strong, measured'
unset multiplot
unset output
