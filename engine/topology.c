/* engine/topology.c — host topology (hwloc), oversubscription and binding.
 *
 * Oversubscribed = on some host, ranks x threads exceed its cores. Then the
 * polite wait is chosen (SS_WAIT_AUTO) and threads are not bound (SS_BIND_AUTO):
 * pinning more threads than cores only makes them queue behind each other.
 * A binding set by the launcher (srun, taskset, mpiexec -bind-to) is respected:
 * threads are then placed on the cores inside it. */
#include "kernel_impl.h"

static int count_cores(hwloc_topology_t topo, hwloc_const_bitmap_t set)
{
    int n = 0, all = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    for (int i = 0; i < all; ++i) {
        hwloc_obj_t c = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, (unsigned)i);
        if (hwloc_bitmap_intersects(c->cpuset, set))
            ++n;
    }
    return n;
}

int ss_k_topology_init(ss_kernel *k, ss_wait_mode wait, ss_err *err)
{
    if (hwloc_topology_init(&k->topo) != 0 || hwloc_topology_load(k->topo) != 0)
        return ss_fail(err, "hwloc: cannot load the host topology");
    k->avail = hwloc_bitmap_alloc();
    hwloc_const_bitmap_t machine = hwloc_topology_get_allowed_cpuset(k->topo);
    if (!k->avail || hwloc_get_cpubind(k->topo, k->avail, HWLOC_CPUBIND_PROCESS) != 0)
        hwloc_bitmap_copy(k->avail, machine);
    hwloc_bitmap_and(k->avail, k->avail, machine);
    k->launcher_bound = !hwloc_bitmap_isequal(k->avail, machine);

    MPI_Comm host;
    MPI_Comm_split_type(k->comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &host);
    MPI_Comm_rank(host, &k->local_rank);
    MPI_Comm_size(host, &k->local_size);
    MPI_Comm_free(&host);

    int cores = count_cores(k->topo, machine);
    if (cores <= 0)
        cores = 1;
    int mine = k->local_size * k->n_threads > cores, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, k->comm);
    k->oversubscribed = any != 0;
    k->polite = wait == SS_WAIT_POLITE || (wait == SS_WAIT_AUTO && k->oversubscribed);
    return 0;
}

/* The n-th core (modulo their number) among those intersecting avail. */
static hwloc_obj_t nth_core(hwloc_topology_t topo, hwloc_const_bitmap_t avail, int n)
{
    int total = count_cores(topo, avail);
    if (total <= 0)
        return NULL;
    n %= total;
    int all = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    for (int i = 0; i < all; ++i) {
        hwloc_obj_t c = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, (unsigned)i);
        if (hwloc_bitmap_intersects(c->cpuset, avail) && n-- == 0)
            return c;
    }
    return NULL;
}

int ss_k_bind_thread(ss_kernel *k, int thread)
{
    ss_thread *th = &k->threads[thread];
    bool want = k->bind == SS_BIND_YES || (k->bind == SS_BIND_AUTO && !k->oversubscribed);
    if (!want) {
        th->bound_core = -1;
        return 0;
    }
    /* Inside a launcher binding each rank has its own cores; otherwise ranks on
     * a host take consecutive blocks of n_threads cores. */
    int slot = k->launcher_bound ? thread : k->local_rank * k->n_threads + thread;
    hwloc_obj_t core = nth_core(k->topo, k->avail, slot);
    if (!core) {
        th->bound_core = -1;
        return -1;
    }
    hwloc_bitmap_t set = hwloc_bitmap_dup(core->cpuset);
    hwloc_bitmap_and(set, set, k->avail);
    int rc = hwloc_set_cpubind(k->topo, set, HWLOC_CPUBIND_THREAD);
    hwloc_bitmap_free(set);
    th->bound_core = rc == 0 ? (int)core->os_index : -1;
    return rc;
}
