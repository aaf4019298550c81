/* Parser for cpio "newc" (070701) and "crc" (070702) archives, the initramfs format
 * (Linux Documentation/driver-api/early-userspace/buffer-format.rst).  Pure functions
 * over a caller's buffer: no allocation, no kernel services, never reads outside
 * [buf, buf + len).  fs/initramfs.c drives it; tests/unit/test_cpio.c tests it. */
#ifndef ANVIL_CPIO_H
#define ANVIL_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_HDR_LEN	110		/* magic + 13 eight-digit hex fields */
#define CPIO_TRAILER	"TRAILER!!!"

/* One archive member.  Pointers point into the parsed buffer. */
struct cpio_entry {
	size_t offset;			/* of the header within the buffer */
	const char *name;		/* NUL-terminated (namesize - 1 characters) */
	size_t namesize;		/* including the NUL */
	const void *data;		/* file body or symlink target */
	size_t filesize;
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor;	/* of the file system the file came from */
	uint32_t rdevmajor, rdevminor;	/* device nodes */
	uint32_t check;
	bool crc_format;		/* "070702": check is the byte sum of the body */
	bool check_ok;			/* crc format and the sum matched, or newc */
};

/* cpio_parse() results. */
enum {
	CPIO_ENTRY = 1,			/* @e holds a member */
	CPIO_END = 0,			/* the TRAILER!!! member: end of this archive */
	CPIO_BAD_MAGIC = -1,		/* no "070701"/"070702" at the offset */
	CPIO_TRUNCATED = -2,		/* the header runs past the end of the buffer */
	CPIO_BAD_HEX = -3,		/* a header field is not 8 hex digits */
	CPIO_BAD_NAME = -4,		/* namesize 0, past the buffer, or no NUL at its end */
	CPIO_BAD_DATA = -5,		/* filesize runs past the end of the buffer */
};

/* Parse the member whose header starts at @off.  On CPIO_ENTRY and CPIO_END, *@next is
 * the offset of the following header (body padded to 4 bytes, clamped to @len).  On
 * CPIO_BAD_DATA the name in @e is valid (for messages) but the body is not.  Other
 * errors leave *@next unchanged: nothing after @off can be trusted. */
int cpio_parse(const void *buf, size_t len, size_t off, struct cpio_entry *e, size_t *next);

/* Human-readable text for a negative cpio_parse() result. */
const char *cpio_strerror(int err);

/* Kinds of data found between archives by cpio_next_segment(). */
enum {
	CPIO_SEG_END,			/* only zero padding was left */
	CPIO_SEG_CPIO,			/* a cpio header starts at *off */
	CPIO_SEG_GZIP,			/* gzip magic 1f 8b starts at *off */
	CPIO_SEG_JUNK,			/* anything else starts at *off */
};

/* Skip zero bytes from *@off (padding between concatenated archives) and classify what
 * follows; *@off is left at its first byte. */
int cpio_next_segment(const void *buf, size_t len, size_t *off);

#endif
