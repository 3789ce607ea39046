// SPDX-License-Identifier: MIT
/*
 * newlib's reentrant allocator entries (CONFIG_NEWLIB_GLUE_REENT): the
 * _malloc_r family that newlib's own code calls, stdio's buffers and FILE
 * glue, strdup, asprintf, open_memstream, and __malloc_lock and
 * __malloc_unlock. Each does what its plain twin in malloc.c does and puts
 * errno in the caller's struct _reent instead of the current one.
 *
 * _malloc_trim_r, _malloc_stats_r and _mallopt_r are here because newlib's
 * archive keeps them in members beside _free_r and mallinfo: were one of
 * them pulled from the library, its member's twin would clash with ours.
 */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdlib.h>

#include "malloc_glue.h"
#include "malloc_lock.h"

static void *set_errno(struct _reent *r, void *p, int err)
{
	if (err)
		r->_errno = err;
	return p;
}

void *_malloc_r(struct _reent *r, size_t size)
{
	void *p = glue_alloc(size);

	return set_errno(r, p, p ? 0 : ENOMEM);
}

void _free_r(struct _reent *r, void *p)
{
	(void)r;
	free(p);
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	void *p = glue_zalloc(n, size);

	return set_errno(r, p, p ? 0 : ENOMEM);
}

void *_realloc_r(struct _reent *r, void *p, size_t size)
{
	void *n;
	int err = glue_realloc(p, size, &n);

	return set_errno(r, n, err);
}

void *_memalign_r(struct _reent *r, size_t align, size_t size)
{
	void *p = NULL;
	int err = glue_memalign(align, size, &p);

	return set_errno(r, p, err);
}

size_t _malloc_usable_size_r(struct _reent *r, void *p)
{
	(void)r;
	return malloc_usable_size(p);
}

struct mallinfo _mallinfo_r(struct _reent *r)
{
	(void)r;
	return glue_mallinfo();
}

void _malloc_stats_r(struct _reent *r)
{
	(void)r;
	malloc_stats();
}

int _mallopt_r(struct _reent *r, int param, int value)
{
	(void)r;
	return mallopt(param, value);
}

int _malloc_trim_r(struct _reent *r, size_t pad)
{
	(void)r;
	return malloc_trim(pad);
}

/*
 * newlib's allocator takes __malloc_lock around its own heap; baremm's
 * entries lock inside, so nothing here needs it. It stays a real lock for
 * code that brackets a sequence of calls with it: recursive, one holder
 * at a time, interrupts masked on the holder's CPU (malloc_lock.c).
 */
void __malloc_lock(struct _reent *r)
{
	(void)r;
	glue_lock();
}

void __malloc_unlock(struct _reent *r)
{
	(void)r;
	glue_unlock();
}
