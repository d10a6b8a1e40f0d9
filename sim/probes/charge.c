/* What SMPI charges between two MPI calls: a fixed busy loop, and a real
   (not intercepted) 0.3 s sleep. Prints simulated seconds (MPI_Wtime) and
   real seconds (raw clock_gettime syscall, which smpicc does not redirect).
   smpicc -O1 sim/probes/charge.c -o /tmp/charge && printf "node-0\n" >/tmp/hosts &&
   smpirun -np 1 -platform sim/platforms/cluster-1024.xml -hostfile /tmp/hosts \
     --cfg=smpi/host-speed:1000000000f /tmp/charge
   (sim/README.md, "Compute calibration"). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static double real_now(void) {
    struct timespec ts; syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}
int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    long n = argc > 1 ? atol(argv[1]) : 300000000L;
    volatile unsigned long x = 1;
    double s0 = MPI_Wtime(), r0 = real_now();
    for (long i = 0; i < n; ++i) x = x * 6364136223846793005UL + 1442695040888963407UL;
    double s1 = MPI_Wtime(), r1 = real_now();
    struct timespec ts = {0, 300000000L};
    syscall(SYS_nanosleep, &ts, NULL);
    double s2 = MPI_Wtime(), r2 = real_now();
    printf("busy loop: simulated %.3f s, real %.3f s; real 0.3 s sleep: simulated %.3f s, real %.3f s\n",
           s1 - s0, r1 - r0, s2 - s1, r2 - r1);
    MPI_Finalize();
}
