/* models_builtin/static_synapse.c — fixed weight (NEST's static_synapse).
 * Per connection only the weight is stored; the delay belongs to the synapse
 * type. No parameters, no presynaptic state. */
#include "synapse.h"

static void static_deliver(const void *common, void *presyn, ss_syn_span span,
                           const ss_syn_context *ctx)
{
    (void)common;
    (void)presyn;
    double *const *slot = ctx->slot;
    for (size_t j = 0; j < span.n; ++j) {
        ss_syn_prefetch_slot(span, j, slot);
        uint32_t t = span.target[j];
        slot[t >> SS_SYN_TARGET_BITS][t & SS_SYN_TARGET_MASK] += span.weight[j];
    }
}

const ss_synapse_model ss_model_static_synapse = {
    .abi_version = SS_MODEL_ABI_VERSION,
    .name = "static_synapse",
    .summary = "synapse with a fixed weight (NEST's static_synapse)",
    .provenance = NULL,
    .n_params = 0,
    .params = NULL,
    .common_size = 0,
    .presyn_size = 0,
    .needs_archive = false,
    .init_common = NULL,
    .set_param = NULL,
    .get_param = NULL,
    .calibrate = NULL,
    .init_presyn = NULL,
    .deliver = static_deliver,
};
