// TEMPORARY test stub of the mm API (deleted after testing the arch port).
#include <baremm/printk.h>
#include <mm/mm.h>
int mm_add_region(uintptr_t base, size_t size) { printk("stub region %lx %zx\n", (unsigned long)base, size); return 0; }
int mm_reserve(uintptr_t base, size_t size) { printk("stub reserve %lx %zx\n", (unsigned long)base, size); return 0; }
int mm_init(void) { return 0; }
void *kmalloc(size_t size, gfp_t flags) { (void)size; (void)flags; return NULL; }
size_t ksize(const void *p) { (void)p; return 0; }
void kfree(const void *p) { (void)p; }
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align, unsigned long flags, void (*ctor)(void *)) { (void)name; (void)size; (void)align; (void)flags; (void)ctor; return NULL; }
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags) { (void)c; (void)flags; return NULL; }
void kmem_cache_free(struct kmem_cache *c, void *p) { (void)c; (void)p; }
void kmem_cache_destroy(struct kmem_cache *c) { (void)c; }
void mm_get_stats(struct mm_stats *st) { *st = (struct mm_stats){0}; }
int mm_validate(void) { return 0; }
void mm_dump(void) { }
void mm_drain(void) { }
