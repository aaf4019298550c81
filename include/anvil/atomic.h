/* Atomic counters on top of the compiler's __atomic builtins (LL/SC on Armv8.0). */
#ifndef ANVIL_ATOMIC_H
#define ANVIL_ATOMIC_H

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;

#define ATOMIC_INIT(i) { (i) }
static inline int atomic_read(const atomic_t *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }
static inline void atomic_set(atomic_t *v, int i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }
static inline void atomic_inc(atomic_t *v) { __atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic_dec(atomic_t *v) { __atomic_fetch_sub(&v->counter, 1, __ATOMIC_RELEASE); }
static inline int atomic_add_return(int i, atomic_t *v) { return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }
/* Returns true when the counter reached zero (the caller then owns the object). */
static inline int atomic_dec_and_test(atomic_t *v) { return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_ACQ_REL) == 0; }
static inline long atomic_long_read(const atomic_long_t *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }
static inline void atomic_long_add(long i, atomic_long_t *v) { __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }
static inline void atomic_long_sub(long i, atomic_long_t *v) { __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }

#endif
