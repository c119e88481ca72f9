/* engine/phases.h — phase and memory-category names shared by the kernel, the
 * results struct and the run record (docs/run-record.md, /timers and /memory). */
#ifndef SS_PHASES_H
#define SS_PHASES_H

typedef enum ss_phase {
    SS_PHASE_CREATE,
    SS_PHASE_CONNECT,
    SS_PHASE_PREPARE,
    SS_PHASE_UPDATE,
    SS_PHASE_COLLECT,
    SS_PHASE_COMMUNICATE,
    SS_PHASE_DELIVER,
    SS_PHASE_WAIT,
    SS_N_PHASES
} ss_phase;

typedef enum ss_mem_category {
    SS_MEM_NEURONS,
    SS_MEM_RING_BUFFERS,
    SS_MEM_CONNECTIONS,
    SS_MEM_SOURCE_INDEX,
    SS_MEM_PRESYNAPTIC_STATE,
    SS_MEM_POST_HISTORY,
    SS_MEM_SPIKE_BUFFERS,
    SS_MEM_MPI_BUFFERS,
    SS_N_MEM
} ss_mem_category;

/* "create", "connect", ... in enum order (the order of /timers attribute phases). */
const char *ss_phase_name(ss_phase p);
/* "neurons", "ring_buffers", ... in enum order (/memory attribute categories). */
const char *ss_mem_category_name(ss_mem_category c);

#endif
