// SPDX-License-Identifier: MIT
/*
 * mm_init() on regions too small, just big enough and ordinary, one child
 * process per case (the allocator opens once per process). A host check
 * (tests/host-checks), built against the host board's libmm.a by
 * tests/init-sizes/run.
 *
 * - too small: mm_init() returns -ENOMEM and prints how many bytes it
 *   needed, and nothing panics;
 * - just enough: the smallest region that works, found from those
 *   figures, opens, serves objects and validates; one page less fails;
 * - ordinary (1 MiB, 16 MiB): opens and serves objects.
 * - a first bank fully reserved (the image fills it) under a larger one,
 *   each in its own arena (issue 15, D1): mm_init() returns 0, where it
 *   used to grow the first bank's arena for its CPU caches and panic.
 * After every mm_init() that succeeds, no arena exists yet: mm_init never
 * grows one for its own needs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mm/mm.h>

#define PAGE 4096UL	/* the host board's CONFIG_PAGE_SHIFT=12 */

void console_putc(char c);
void board_exit(int code);

void console_putc(char c)
{
	if (c != '\r')
		putchar(c);
}

void board_exit(int code)
{
	fflush(stdout);
	exit(code);
}

#define ARENA (64UL << 20)	/* the host board's CONFIG_ARENA_SHIFT=26 */

/* Two banks in arenas of their own: 1 MiB, all of it reserved, then
 * 32 MiB one arena above. */
static int two_banks(void)
{
	char *m = mmap(NULL, 4 * ARENA, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t a;

	if (m == MAP_FAILED)
		return -1;
	a = ((uintptr_t)m + ARENA - 1) & ~(ARENA - 1);
	if (mm_add_region(a, 1 << 20) || mm_reserve(a, 1 << 20) ||
	    mm_add_region(a + ARENA, 32 << 20))
		return -1;
	return 0;
}

/* Child: one region of @size bytes (0: two_banks()), mm_init, then a few
 * objects (one region only). Exit 0 when mm_init succeeded and everything
 * held, 2 on -ENOMEM, 1 else. */
static int child(size_t size)
{
	struct mm_stats st;
	char *base = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *p[64];
	int err;

	if (base == MAP_FAILED ||
	    (size ? mm_add_region((uintptr_t)base, size) : two_banks()))
		return 1;
	err = mm_init();
	printf("init-sizes: mm_init(%zu B) = %d\n", size, err);
	if (err == -ENOMEM)
		return 2;
	if (err)
		return 1;
	mm_get_stats(&st);
	if (st.arenas_mapped != 0) {
		printf("init-sizes: %u arenas right after mm_init\n",
		       st.arenas_mapped);
		return 1;
	}
	if (!size)
		return 0;	/* serving objects there is issue 15's D2 */
	for (int i = 0; i < 64; i++) {
		p[i] = kmalloc(16 + (size_t)i * 8, GFP_KERNEL);
		if (!p[i] && i == 0) {
			printf("init-sizes: no object served\n");
			mm_dump();
			return 1;
		}
	}
	for (int i = 0; i < 64; i++)
		kfree(p[i]);
	if (mm_validate()) {
		printf("init-sizes: mm_validate failed\n");
		return 1;
	}
	return 0;
}

/* Run child(@size) in its own process: its exit status, and the bytes
 * its "need N B" line named (0 when none). */
static int run(size_t size, size_t *need)
{
	char line[512];
	int fd[2], status;
	FILE *f;
	pid_t pid;

	if (pipe(fd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		board_exit(child(size));
	}
	close(fd[1]);
	*need = 0;
	f = fdopen(fd[0], "r");
	while (fgets(line, sizeof(line), f)) {
		char *n = strstr(line, " need ");

		fputs("  | ", stdout);
		fputs(line, stdout);
		if (n)
			*need = strtoul(n + 6, NULL, 10);
	}
	fclose(f);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	failures += !ok;
}

int main(void)
{
	static const size_t ordinary[] = {1 << 20, 16 << 20};
	size_t need = 0, size = 4 * PAGE, need2;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = run(size, &need);
	expect(rc == 2 && need > size,
	       "4 pages: -ENOMEM, with the bytes it needs");
	/* The need grows a little with the region (the arena's metadata):
	 * take the figure until it holds. */
	for (int i = 0; rc == 2 && need > size && i < 8; i++) {
		size = need;
		rc = run(size, &need);
	}
	printf("init-sizes: smallest region %zu B\n", size);
	expect(rc == 0, "just enough: mm_init succeeds and serves objects");
	rc = run(size - PAGE, &need2);
	expect(rc == 2 && need2 > size - PAGE,
	       "one page less: -ENOMEM, with the bytes it needs");
	for (unsigned int i = 0; i < sizeof(ordinary) / sizeof(*ordinary); i++)
		expect(run(ordinary[i], &need) == 0,
		       "ordinary region: mm_init succeeds and serves objects");
	expect(run(0, &need) == 0,
	       "a reserved first bank under a larger one: mm_init succeeds");
	printf("%d passed, %d failed\n", 6 - failures, failures);
	return failures ? 1 : 0;
}
