/* SPDX-License-Identifier: MIT */
/*
 * __aeabi_read_tp for picolibc on a single-threaded ARM image: the thread
 * pointer is a link-time constant, __tls_base (picolibc-tls.ld) less the
 * 8-byte thread control block of TLS variant 1. Replaces picolibc's own,
 * which reads a variable its crt0 would set. The run-time ABI lets it
 * change r0 only.
 */
	.syntax unified
	.thumb

	.text
	.global	__aeabi_read_tp
	.type	__aeabi_read_tp, %function
	.thumb_func
__aeabi_read_tp:
	ldr	r0, =__tls_base - 8
	bx	lr
	.size	__aeabi_read_tp, . - __aeabi_read_tp
