/* SPDX-License-Identifier: MIT */
/* lm3s6965evb's memory map: the same board. */
#include "../lm3s6965evb/memlayout.h"
