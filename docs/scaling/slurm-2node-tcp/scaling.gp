set terminal pngcairo size 1000,760 enhanced font 'DejaVu Sans,11'
set output 'docs/scaling/slurm-2node-tcp/speedup.png'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: strong scaling speedup (median; bars: min-max over repeats)" . "\n" . "strong: 3000 pairs (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'speedup  t_1 / t_p'
set logscale y 2
set yrange [0.5:5.6]
set ytics ("1" 1, "2" 2, "4" 4)
set bmargin 6
plot x with lines lw 2 dt 2 lc rgb 'black' title 'ideal (speedup = ranks)', \
     2 with lines lw 1 dt 3 lc rgb '#a94442' title 'core count (2): the ceiling here', \
     'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp"
set terminal pngcairo size 1000,760 enhanced font 'DejaVu Sans,11'
set output 'docs/scaling/slurm-2node-tcp/efficiency.png'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: parallel efficiency (strong: t\\_1/(p t\\_p), weak: t\\_1/t\\_p)" . "\n" . "strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'efficiency'
unset logscale y
set yrange [0:1.30]
set ytics 0.1
set bmargin 7
plot 1 with lines lw 2 dt 2 lc rgb 'black' title 'ideal', \
     'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:5:6:7 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:5:6:7 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series2-weak.dat' using 1:5:6:7 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#2ca02c' title "weak, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series3-weak.dat' using 1:5:6:7 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#9467bd' title "weak, dynamic, srun, 2node-tcp"
set terminal pngcairo size 1000,760 enhanced font 'DejaVu Sans,11'
set output 'docs/scaling/slurm-2node-tcp/time.png'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: wall time on rank 0 (median; bars: min-max)" . "\n" . "strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'seconds'
unset logscale y
set yrange [0:9.05]
set ytics autofreq
set bmargin 6
plot 'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:8:9:10 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:8:9:10 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series2-weak.dat' using 1:8:9:10 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#2ca02c' title "weak, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series3-weak.dat' using 1:8:9:10 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#9467bd' title "weak, dynamic, srun, 2node-tcp"
set terminal svg size 1000,760 enhanced font 'DejaVu Sans,11' background rgb 'white'
set output 'docs/scaling/slurm-2node-tcp/speedup.svg'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: strong scaling speedup (median; bars: min-max over repeats)" . "\n" . "strong: 3000 pairs (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'speedup  t_1 / t_p'
set logscale y 2
set yrange [0.5:5.6]
set ytics ("1" 1, "2" 2, "4" 4)
set bmargin 6
plot x with lines lw 2 dt 2 lc rgb 'black' title 'ideal (speedup = ranks)', \
     2 with lines lw 1 dt 3 lc rgb '#a94442' title 'core count (2): the ceiling here', \
     'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp"
set terminal svg size 1000,760 enhanced font 'DejaVu Sans,11' background rgb 'white'
set output 'docs/scaling/slurm-2node-tcp/efficiency.svg'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: parallel efficiency (strong: t\\_1/(p t\\_p), weak: t\\_1/t\\_p)" . "\n" . "strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'efficiency'
unset logscale y
set yrange [0:1.30]
set ytics 0.1
set bmargin 7
plot 1 with lines lw 2 dt 2 lc rgb 'black' title 'ideal', \
     'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:5:6:7 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:5:6:7 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series2-weak.dat' using 1:5:6:7 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#2ca02c' title "weak, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series3-weak.dat' using 1:5:6:7 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#9467bd' title "weak, dynamic, srun, 2node-tcp"
set terminal svg size 1000,760 enhanced font 'DejaVu Sans,11' background rgb 'white'
set output 'docs/scaling/slurm-2node-tcp/time.svg'
reset
set logscale x 2
set xrange [0.8:5.6]
set xtics ("1" 1, "2" 2, "4" 4)
set grid
set xlabel 'MPI ranks'
set key below center horizontal Left reverse box maxcols 2 width 2
set tmargin 5
set object 1 rect from 2.8284271247461903,graph 0 to graph 1,graph 1 fc rgb '#f2dede' fs solid 0.6 noborder behind
set label 1 "oversubscribed\n(ranks > 2 cores)" at 3.0,graph 0.93 left tc rgb '#a94442'
set title "gcd\\_mpi on 2 Slurm nodes, TCP: wall time on rank 0 (median; bars: min-max)" . "\n" . "strong: 3000 pairs; weak: 2500 pairs per rank (uniform values <= 50000000, seed 1); kernel trial; schedule dynamic" . "\n" . "data from commit 024460c, 2026-11-27 (the commit that last changed scaling.csv, per git; the CSV records no commit)"
set ylabel 'seconds'
unset logscale y
set yrange [0:9.05]
set ytics autofreq
set bmargin 6
plot 'docs/scaling/slurm-2node-tcp/plot-data/series0-strong.dat' using 1:8:9:10 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#1f77b4' title "strong, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series1-strong.dat' using 1:8:9:10 with yerrorlines lw 2 pt 7 ps 1.2 lc rgb '#d62728' title "strong, dynamic, srun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series2-weak.dat' using 1:8:9:10 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#2ca02c' title "weak, dynamic, mpirun, 2node-tcp", \
     'docs/scaling/slurm-2node-tcp/plot-data/series3-weak.dat' using 1:8:9:10 with yerrorlines lw 2 pt 5 ps 1.2 lc rgb '#9467bd' title "weak, dynamic, srun, 2node-tcp"
unset output
