/* The AdEx update for the baseline instruction set (see aeif_common.h). */
#define SS_AEIF_ISA base
#include "aeif_update.h"
