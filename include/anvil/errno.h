/* Error numbers: Linux's userspace-visible ones, plus the kernel-internal restart codes
 * that never reach userspace (signal delivery turns them into EINTR or a restart). */
#ifndef ANVIL_ERRNO_H
#define ANVIL_ERRNO_H

#include <asm-generic/errno.h>

#define ERESTARTSYS		512	/* restart if SA_RESTART, else EINTR */
#define ERESTARTNOINTR		513	/* always restart */
#define ERESTARTNOHAND		514	/* restart if no handler ran, else EINTR */
#define ENOIOCTLCMD		515	/* ioctl not handled by this layer: try the next */
#define ERESTART_RESTARTBLOCK	516	/* restart through restart_syscall */

#endif
