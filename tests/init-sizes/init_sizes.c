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

/* Child: one region of @size bytes, mm_init, then a few objects. Exit 0
 * when mm_init succeeded and everything held, 2 on -ENOMEM, 1 else. */
static int child(size_t size)
{
	struct mm_stats st;
	char *base = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *p[64];
	int err;

	if (base == MAP_FAILED || mm_add_region((uintptr_t)base, size))
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
	printf("%d passed, %d failed\n", 5 - failures, failures);
	return failures ? 1 : 0;
}
