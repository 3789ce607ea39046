/* SPDX-License-Identifier: MIT */
/* Allocation flags. */
#ifndef MM_GFP_H
#define MM_GFP_H

typedef unsigned int gfp_t;

#define __GFP_ATOMIC	0x01u	/* caller may be in IRQ context: never wait */
#define __GFP_ZERO	0x02u	/* return zeroed memory */
#define __GFP_NOSCAN	0x04u	/* object holds no pointers (heap bitmap) */
#define __GFP_NOWARN	0x08u	/* no message when the allocation fails */

#define GFP_KERNEL	0u
#define GFP_ATOMIC	__GFP_ATOMIC

#endif
