/* bench/run/provenance.c — collecting provenance at run time. */
#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <hwloc.h>
#include <papi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_info.h"
#include "git_info.h"
#include "provenance.h"

#define HOST_LEN 256

static char *fmt_dup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *fmt_dup(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

static char *mpi_version(void)
{
    char v[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    if (MPI_Get_library_version(v, &len) != MPI_SUCCESS)
        return strdup("unknown");
    /* MPICH's string spans lines; the first line names it and its version. */
    char *nl = strchr(v, '\n');
    if (nl)
        *nl = '\0';
    return strdup(v);
}

static char *papi_version(void)
{
    if (PAPI_is_initialized() == PAPI_NOT_INITED &&
        PAPI_library_init(PAPI_VER_CURRENT) != (int)PAPI_VER_CURRENT)
        return fmt_dup("%d.%d.%d.%d (headers; library did not initialise)",
                       PAPI_VERSION_MAJOR(PAPI_VERSION), PAPI_VERSION_MINOR(PAPI_VERSION),
                       PAPI_VERSION_REVISION(PAPI_VERSION), PAPI_VERSION_INCREMENT(PAPI_VERSION));
    int v = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
    return fmt_dup("%d.%d.%d.%d", PAPI_VERSION_MAJOR(v), PAPI_VERSION_MINOR(v),
                   PAPI_VERSION_REVISION(v), PAPI_VERSION_INCREMENT(v));
}

static char *hwloc_version(void)
{
    unsigned v = hwloc_get_api_version();
    return fmt_dup("%s (API %u.%u.%u)", SS_HWLOC_BUILD_VERSION, v >> 16, (v >> 8) & 0xff, v & 0xff);
}

static char *topology_xml(void)
{
    hwloc_topology_t topo;
    char *xml = NULL, *copy = NULL;
    int len = 0;
    if (hwloc_topology_init(&topo) != 0)
        return strdup("");
    if (hwloc_topology_load(topo) == 0 && hwloc_topology_export_xmlbuffer(topo, &xml, &len, 0) == 0) {
        copy = strdup(xml);
        hwloc_free_xmlbuffer(topo, xml);
    }
    hwloc_topology_destroy(topo);
    return copy ? copy : strdup("");
}

static int gather_hosts(ss_provenance *p, MPI_Comm comm, ss_err *err)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &p->n_ranks);
    char mine[HOST_LEN] = {0};
    if (gethostname(mine, sizeof mine - 1) != 0)
        snprintf(mine, sizeof mine, "unknown");
    char *all = rank == 0 ? calloc((size_t)p->n_ranks, HOST_LEN) : NULL;
    int bad = rank == 0 && !all;
    MPI_Gather(mine, HOST_LEN, MPI_CHAR, all, HOST_LEN, MPI_CHAR, 0, comm);
    if (rank == 0 && all) {
        p->hosts = calloc((size_t)p->n_ranks, sizeof(char *));
        for (int r = 0; p->hosts && r < p->n_ranks; r++)
            bad |= !(p->hosts[r] = strndup(all + (size_t)r * HOST_LEN, HOST_LEN - 1));
        bad |= !p->hosts;
    }
    free(all);
    return bad ? ss_fail(err, "provenance: out of memory") : 0;
}

static void build_strings(ss_provenance *p)
{
    p->tool_version = strdup(SS_VERSION);
    p->git_commit = strdup(SS_GIT_DESCRIBE);
    p->git_dirty = ss_git_is_dirty(SS_GIT_DESCRIBE);
    p->compiler = strdup(SS_COMPILER);
    p->c_flags = fmt_dup("%s%s%s", SS_RUN_OPT_FLAGS, SS_C_ARGS[0] ? " " : "", SS_C_ARGS);
    p->build_type = strdup(SS_BUILDTYPE);
    p->sanitize = strdup(SS_SANITIZE);
    p->lib_mpi = mpi_version();
    unsigned maj = 0, min = 0, rel = 0;
    H5get_libversion(&maj, &min, &rel);
    p->lib_hdf5 = fmt_dup("%u.%u.%u", maj, min, rel);
    p->lib_papi = papi_version();
    p->lib_hwloc = hwloc_version();
    p->lib_gsl = strdup(gsl_version);
}

static bool all_set(const ss_provenance *p)
{
    return p->tool_version && p->git_commit && p->compiler && p->c_flags && p->build_type &&
           p->sanitize && p->lib_mpi && p->lib_hdf5 && p->lib_papi && p->lib_hwloc && p->lib_gsl &&
           p->command_line && p->hwloc_topology_xml;
}

int ss_provenance_collect(ss_provenance *p, int argc, char *const *argv, char *const *envp,
                          MPI_Comm comm, ss_err *err)
{
    memset(p, 0, sizeof *p);
    ss_iso8601_utc(time(NULL), p->start_time, sizeof p->start_time);
    snprintf(p->end_time, sizeof p->end_time, "%s", p->start_time);
    build_strings(p);
    p->command_line = ss_shell_quote_argv(argc, argv);
    p->hwloc_topology_xml = topology_xml();
    int rc = gather_hosts(p, comm, err);
    if (rc == 0 && ss_env_collect(envp, &p->slurm, &p->n_slurm, &p->environment, &p->n_environment) != 0)
        rc = ss_fail(err, "provenance: out of memory");
    if (rc == 0 && !all_set(p))
        rc = ss_fail(err, "provenance: out of memory");
    if (rc != 0)
        ss_provenance_free(p);
    return rc;
}

void ss_provenance_finish(ss_provenance *p)
{
    ss_iso8601_utc(time(NULL), p->end_time, sizeof p->end_time);
}

void ss_provenance_free(ss_provenance *p)
{
    char *strs[] = {p->tool_version, p->git_commit, p->compiler, p->c_flags, p->build_type,
                    p->sanitize, p->lib_mpi, p->lib_hdf5, p->lib_papi, p->lib_hwloc, p->lib_gsl,
                    p->command_line, p->hwloc_topology_xml};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    for (int r = 0; p->hosts && r < p->n_ranks; r++)
        free(p->hosts[r]);
    free(p->hosts);
    ss_env_free(p->slurm, p->n_slurm);
    ss_env_free(p->environment, p->n_environment);
    memset(p, 0, sizeof *p);
}

void ss_provenance_to_meta(const ss_provenance *p, ss_rec_meta *m)
{
    m->tool_version = p->tool_version;
    m->git_commit = p->git_commit;
    m->git_dirty = p->git_dirty;
    m->compiler = p->compiler;
    m->c_flags = p->c_flags;
    m->build_type = p->build_type;
    m->sanitize = p->sanitize;
    m->lib_mpi = p->lib_mpi;
    m->lib_hdf5 = p->lib_hdf5;
    m->lib_papi = p->lib_papi;
    m->lib_hwloc = p->lib_hwloc;
    m->lib_gsl = p->lib_gsl;
    m->command_line = p->command_line;
    m->hosts = (const char *const *)p->hosts;
    m->n_ranks = p->n_ranks;
    m->hwloc_topology_xml = p->hwloc_topology_xml;
    m->slurm = p->slurm;
    m->n_slurm = p->n_slurm;
    m->environment = p->environment;
    m->n_environment = p->n_environment;
    m->start_time = p->start_time;
    m->end_time = p->end_time;
}
