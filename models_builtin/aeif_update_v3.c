/* The AdEx update compiled for AVX2 (x86-64-v3; see aeif_common.h). The pragma
 * comes first so that every inlined helper is generated for this set. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SS_NO_CLONES)
#pragma GCC target("arch=x86-64-v3")
#define SS_AEIF_ISA v3
#include "aeif_update.h"
#else
/* single-variant build: ss_aeif_*_update call the baseline only */
typedef int ss_aeif_update_v3_unused;
#endif
