/* Cost of one MPI_Test on a pending MPI_Ibarrier, real Open MPI (not SMPI):
   mpicc -O2 sim/probes/mpi-test-cost.c -o /tmp/mpi-test-cost && mpirun -np 2 /tmp/mpi-test-cost
   (sim/README.md, "Polling"). */
#include <mpi.h>
#include <stdio.h>
#include <unistd.h>
int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank, size; MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int rep = 0; rep < 5; ++rep) {
        MPI_Request req; int done = 0; long tests = 0;
        if (rank != 0) usleep(20000);          /* the others arrive 20 ms late */
        MPI_Ibarrier(MPI_COMM_WORLD, &req);
        double t0 = MPI_Wtime(), t_pending = 0;
        while (!done) { MPI_Test(&req, &done, MPI_STATUS_IGNORE); ++tests; }
        t_pending = MPI_Wtime() - t0;
        if (rank == 0) printf("np %d: %ld tests of a pending Ibarrier in %.4f s: %.3f us a test\n",
                              size, tests, t_pending, 1e6 * t_pending / tests);
    }
    MPI_Finalize();
}
