/* SPDX-License-Identifier: MIT */
/*
 * Reports of caller mistakes (mm/report.c).
 */
#ifndef MM_REPORT_H
#define MM_REPORT_H

#include "base.h"

/* Caller mistakes: report once, count, and leave the heap as it was. */
void kfree_report_bad(const void *p, unsigned long caller,
			const char *why);
extern unsigned long kfree_bad_count;

#endif
