/* Signal generation (kernel/signal.c).  Delivery happens on the way back to user mode. */
#ifndef ANVIL_SIGNAL_H
#define ANVIL_SIGNAL_H

#include <anvil/sched.h>

static inline int sigismember(const sigset_t *s, int sig) { return (s->sig[0] >> (sig - 1)) & 1; }
static inline void sigaddset(sigset_t *s, int sig) { s->sig[0] |= 1UL << (sig - 1); }
static inline void sigdelset(sigset_t *s, int sig) { s->sig[0] &= ~(1UL << (sig - 1)); }
static inline void sigemptyset(sigset_t *s) { s->sig[0] = 0; }
#define sigmask(sig) (1UL << ((sig) - 1))

/* True if @t has a deliverable signal pending (or is being killed). */
bool signal_pending(struct task_struct *t);
/* Queue @sig for the whole process of @t.  @priv: sent by the kernel (SI_KERNEL).
 * Returns 0 or -EINVAL (bad signal number). */
int send_sig(int sig, struct task_struct *t, int priv);
/* As send_sig with a caller-supplied siginfo. */
int send_sig_info(int sig, const siginfo_t *info, struct task_struct *t);
/* Send @sig to every process in process group @pgrp.  Returns 0 if any got it, else -ESRCH. */
int kill_pgrp(pid_t pgrp, int sig, int priv);
/* True if @t ignores @sig (SIG_IGN, or default action is ignore) or blocks it. */
bool sig_ignored_or_blocked(struct task_struct *t, int sig);
/* True if the current process group is orphaned (POSIX: no member has a parent in a
 * different group of the same session). */
bool is_current_pgrp_orphaned(void);
/* Force a fatal signal for a fault in user mode (SIGSEGV/SIGBUS/SIGILL...) with si_addr. */
void force_sig_fault(int sig, int code, unsigned long addr);

#endif
