/* cpio newc/crc archive parser (the initramfs format).  Pure library code over a
 * caller's buffer: bounds are checked before every read, so any input is safe.  Padding
 * is relative to each header's start, as archives are written by cpio -H newc. */
#include <anvil/cpio.h>

#define HEX_FIELDS	13
#define FIELD_LEN	8
#define MAGIC_LEN	6

/* Eight hex digits at @s into *@v; false if any is not a hex digit. */
static bool parse_hex8(const char *s, uint32_t *v)
{
	uint32_t x = 0;

	for (int i = 0; i < FIELD_LEN; i++) {
		char c = s[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		x = x << 4 | d;
	}
	*v = x;
	return true;
}

/* True if the first min(@avail, 6) bytes at @p agree with "070701" or "070702". */
static bool magic_prefix_ok(const char *p, size_t avail)
{
	static const char newc[] = "070701", crc[] = "070702";

	for (size_t i = 0; i < MAGIC_LEN && i < avail; i++)
		if (p[i] != newc[i] && p[i] != crc[i])
			return false;
	return true;
}

static size_t pad4(size_t rel)
{
	return (rel + 3) & ~(size_t)3;
}

/* Fill the numeric fields of @e from the header at @h; false on a non-hex field. */
static bool parse_fields(const char *h, struct cpio_entry *e, uint32_t *namesize,
			 uint32_t *filesize)
{
	uint32_t f[HEX_FIELDS];

	for (int i = 0; i < HEX_FIELDS; i++)
		if (!parse_hex8(h + MAGIC_LEN + i * FIELD_LEN, &f[i]))
			return false;
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	*filesize = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	*namesize = f[11];
	e->check = f[12];
	e->crc_format = h[MAGIC_LEN - 1] == '2';
	return true;
}

static bool body_sum_ok(const struct cpio_entry *e)
{
	const unsigned char *p = e->data;
	uint32_t sum = 0;

	if (!e->crc_format)
		return true;
	for (size_t i = 0; i < e->filesize; i++)
		sum += p[i];
	return sum == e->check;
}

static bool is_trailer(const struct cpio_entry *e)
{
	static const char t[] = CPIO_TRAILER;

	if (e->namesize != sizeof(t))
		return false;
	for (size_t i = 0; i < sizeof(t); i++)
		if (e->name[i] != t[i])
			return false;
	return true;
}

int cpio_parse(const void *buf, size_t len, size_t off, struct cpio_entry *e, size_t *next)
{
	const char *base = buf, *h = base + off;
	uint32_t namesize, filesize;
	size_t name_off, data_off, end;

	if (off >= len)
		return CPIO_TRUNCATED;
	if (!magic_prefix_ok(h, len - off))
		return CPIO_BAD_MAGIC;
	if (len - off < CPIO_HDR_LEN)
		return CPIO_TRUNCATED;
	if (!parse_fields(h, e, &namesize, &filesize))
		return CPIO_BAD_HEX;
	e->offset = off;
	name_off = off + CPIO_HDR_LEN;
	if (namesize == 0 || namesize > len - name_off || base[name_off + namesize - 1] != '\0')
		return CPIO_BAD_NAME;
	e->name = base + name_off;
	e->namesize = namesize;
	e->filesize = filesize;
	data_off = off + pad4(CPIO_HDR_LEN + namesize);
	if (data_off > len || filesize > len - data_off) {
		e->data = NULL;
		return CPIO_BAD_DATA;
	}
	e->data = base + data_off;
	e->check_ok = body_sum_ok(e);
	end = off + pad4(data_off - off + filesize);
	*next = end < len ? end : len;
	return is_trailer(e) ? CPIO_END : CPIO_ENTRY;
}

const char *cpio_strerror(int err)
{
	switch (err) {
	case CPIO_BAD_MAGIC:	return "bad magic";
	case CPIO_TRUNCATED:	return "truncated header";
	case CPIO_BAD_HEX:	return "malformed header field";
	case CPIO_BAD_NAME:	return "bad file name";
	case CPIO_BAD_DATA:	return "file data past end of archive";
	default:		return "unknown error";
	}
}

int cpio_next_segment(const void *buf, size_t len, size_t *off)
{
	const unsigned char *p = buf;
	size_t i = *off;

	while (i < len && p[i] == 0)
		i++;
	*off = i;
	if (i >= len)
		return CPIO_SEG_END;
	if (len - i >= 2 && p[i] == 0x1f && p[i + 1] == 0x8b)
		return CPIO_SEG_GZIP;
	if (len - i >= 4 && p[i] == '0' && p[i + 1] == '7' && p[i + 2] == '0' && p[i + 3] == '7')
		return CPIO_SEG_CPIO;
	return CPIO_SEG_JUNK;
}
