/* Basic kernel types.  ABI-visible types come from the Linux UAPI headers. */
#ifndef ANVIL_TYPES_H
#define ANVIL_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <linux/types.h>
#include <linux/posix_types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef long ssize_t;
typedef long long loff_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int umode_t;
typedef u32 dev_t;		/* kernel-internal: major << 20 | minor, as Linux */
typedef u64 ino_t;
typedef unsigned long pgoff_t;	/* page index in a file */
typedef unsigned long phys_addr_t;
typedef unsigned int gfp_t;

#define __user		/* marks pointers into user space (never dereference directly) */

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))
/* Userspace dev_t encoding (glibc's makedev, as Linux new_encode_dev). */
static inline u64 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);
	return (minor & 0xff) | (major << 8) | ((u64)(minor & ~0xffu) << 12);
}
static inline dev_t new_decode_dev(u64 dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	return MKDEV(major, minor);
}

#endif
