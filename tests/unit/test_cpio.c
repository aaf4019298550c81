// sources: lib/cpio.c
/* Unit tests for the cpio newc/crc parser (lib/cpio.c). */
#include "unit.h"
#include <stdio.h>
#include <anvil/cpio.h>

static char arc[8192];

/* Append one member in newc (or crc) format at *@off; returns the header offset. */
static size_t put_entry(size_t *off, const char *magic, const char *name, unsigned mode,
			const char *data, size_t size, unsigned check)
{
	size_t start = *off, n = strlen(name) + 1;
	int w;

	w = sprintf(arc + *off, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		    magic, 7u, mode, 0u, 0u, 1u, 1234u, (unsigned)size, 0u, 0u, 1u, 3u,
		    (unsigned)n, check);
	*off += w;
	memcpy(arc + *off, name, n);
	*off += n;
	while ((*off - start) % 4)
		arc[(*off)++] = 0;
	memcpy(arc + *off, data, size);
	*off += size;
	while ((*off - start) % 4)
		arc[(*off)++] = 0;
	return start;
}

static size_t put_trailer(size_t *off)
{
	return put_entry(off, "070701", CPIO_TRAILER, 0, "", 0, 0);
}

static void test_good_archive(void)
{
	struct cpio_entry e;
	size_t off = 0, next;

	memset(arc, 0xee, sizeof(arc));
	put_entry(&off, "070701", "bin", 040755, "", 0, 0);
	put_entry(&off, "070701", "bin/hello", 0100644, "hello", 5, 0);
	put_trailer(&off);

	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_ENTRY);
	CHECK(strcmp(e.name, "bin") == 0);
	CHECK_EQ(e.mode, 040755);
	CHECK_EQ(e.mtime, 1234);
	CHECK_EQ(e.rdevminor, 3);
	CHECK_EQ(e.filesize, 0);
	CHECK_EQ(next % 4, 0);
	CHECK_EQ(cpio_parse(arc, off, next, &e, &next), CPIO_ENTRY);
	CHECK(strcmp(e.name, "bin/hello") == 0);
	CHECK_EQ(e.filesize, 5);
	CHECK(memcmp(e.data, "hello", 5) == 0);
	CHECK(e.check_ok);
	CHECK_EQ(next % 4, 0);
	CHECK_EQ(cpio_parse(arc, off, next, &e, &next), CPIO_END);
	CHECK_EQ(next, off);
}

static void test_padding(void)
{
	struct cpio_entry e;
	size_t off = 0, next;

	/* namesize 2 ("a"): 110 + 2 = 112, already aligned; body of 3 bytes gets 1 pad */
	put_entry(&off, "070701", "a", 0100644, "xyz", 3, 0);
	CHECK_EQ(off, 112 + 4);
	/* namesize 3: 113 -> 116 */
	put_entry(&off, "070701", "ab", 0100644, "", 0, 0);
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_ENTRY);
	CHECK_EQ(next, 116);
	CHECK_EQ(cpio_parse(arc, off, next, &e, &next), CPIO_ENTRY);
	CHECK_EQ(next, off);
	/* Missing final padding at the very end of the buffer is tolerated. */
	CHECK_EQ(cpio_parse(arc, 112 + 3, 0, &e, &next), CPIO_ENTRY);
	CHECK_EQ(next, 115);
}

static void test_truncated_header(void)
{
	struct cpio_entry e;
	size_t off = 0, next = 99;

	put_entry(&off, "070701", "file", 0100644, "data", 4, 0);
	CHECK_EQ(cpio_parse(arc, 50, 0, &e, &next), CPIO_TRUNCATED);
	CHECK_EQ(cpio_parse(arc, 3, 0, &e, &next), CPIO_TRUNCATED);
	CHECK_EQ(cpio_parse(arc, off, off, &e, &next), CPIO_TRUNCATED);
	CHECK_EQ(next, 99);
}

static void test_bad_magic(void)
{
	struct cpio_entry e;
	size_t off = 0, next;

	put_entry(&off, "070707", "file", 0100644, "", 0, 0);	/* old ASCII cpio */
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_MAGIC);
	CHECK_EQ(cpio_parse("hello", 5, 0, &e, &next), CPIO_BAD_MAGIC);
	off = 0;
	put_entry(&off, "070701", "file", 0100644, "", 0, 0);
	arc[20] = 'g';
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_HEX);
	CHECK(strcmp(cpio_strerror(CPIO_BAD_HEX), "malformed header field") == 0);
}

static void test_name_overflow(void)
{
	struct cpio_entry e;
	size_t off = 0, next;
	char hdr[CPIO_HDR_LEN + 1];

	put_entry(&off, "070701", "name", 0100644, "", 0, 0);
	/* Buffer ends inside the name. */
	CHECK_EQ(cpio_parse(arc, CPIO_HDR_LEN + 2, 0, &e, &next), CPIO_BAD_NAME);
	/* namesize promising far more than the buffer holds. */
	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xFFFFFFF0u, 0);
	memcpy(arc, hdr, CPIO_HDR_LEN);
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_NAME);
	/* namesize 0 */
	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
	memcpy(arc, hdr, CPIO_HDR_LEN);
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_NAME);
	/* Name not NUL-terminated where namesize says. */
	off = 0;
	put_entry(&off, "070701", "name", 0100644, "", 0, 0);
	arc[CPIO_HDR_LEN + 4] = 'X';
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_NAME);
}

static void test_filesize_past_end(void)
{
	struct cpio_entry e;
	size_t off = 0, next = 7;
	char body[100];

	memset(body, 'x', sizeof(body));
	put_entry(&off, "070701", "big", 0100644, body, sizeof(body), 0);
	/* Header claims 100 bytes; cut the buffer after 60 of them. */
	CHECK_EQ(cpio_parse(arc, off - 40, 0, &e, &next), CPIO_BAD_DATA);
	CHECK(strcmp(e.name, "big") == 0);
	CHECK(e.data == NULL);
	CHECK_EQ(next, 7);
	/* A filesize near 2^32 must not wrap the bounds check. */
	off = 0;
	put_entry(&off, "070701", "huge", 0100644, "", 0, 0);
	memcpy(arc + 6 + 6 * 8, "FFFFFFFF", 8);
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_BAD_DATA);
}

static void test_crc_format(void)
{
	struct cpio_entry e;
	size_t off = 0, next;
	unsigned sum = 'a' + 'b' + 'c';

	put_entry(&off, "070702", "ok", 0100644, "abc", 3, sum);
	put_entry(&off, "070702", "bad", 0100644, "abc", 3, sum + 1);
	CHECK_EQ(cpio_parse(arc, off, 0, &e, &next), CPIO_ENTRY);
	CHECK(e.crc_format);
	CHECK(e.check_ok);
	CHECK_EQ(cpio_parse(arc, off, next, &e, &next), CPIO_ENTRY);
	CHECK(!e.check_ok);
}

static void test_concatenated(void)
{
	struct cpio_entry e;
	size_t off = 0, next, pos;
	int n = 0, ends = 0, r;

	put_entry(&off, "070701", "one", 0100644, "1", 1, 0);
	put_trailer(&off);
	memset(arc + off, 0, 512);		/* cpio pads archives to 512 bytes */
	off += 512;
	put_entry(&off, "070701", "dev/console", 020600, "", 0, 0);
	put_trailer(&off);
	memset(arc + off, 0, 3);		/* odd zero padding at the end */
	off += 3;

	pos = 0;
	while (cpio_next_segment(arc, off, &pos) == CPIO_SEG_CPIO) {
		while ((r = cpio_parse(arc, off, pos, &e, &next)) == CPIO_ENTRY) {
			n++;
			pos = next;
		}
		CHECK_EQ(r, CPIO_END);
		ends++;
		pos = next;
	}
	CHECK_EQ(n, 2);
	CHECK_EQ(ends, 2);
	CHECK_EQ(cpio_next_segment(arc, off, &pos), CPIO_SEG_END);
	CHECK_EQ(pos, off);
}

static void test_segments(void)
{
	static const unsigned char gz[] = { 0, 0, 0, 0, 0x1f, 0x8b, 8, 0 };
	static const char junk[] = "\0\0hello";
	size_t pos = 0;

	CHECK_EQ(cpio_next_segment(gz, sizeof(gz), &pos), CPIO_SEG_GZIP);
	CHECK_EQ(pos, 4);
	pos = 0;
	CHECK_EQ(cpio_next_segment(junk, sizeof(junk) - 1, &pos), CPIO_SEG_JUNK);
	CHECK_EQ(pos, 2);
	pos = 0;
	CHECK_EQ(cpio_next_segment(junk, 2, &pos), CPIO_SEG_END);
	pos = 0;
	CHECK_EQ(cpio_next_segment("", 0, &pos), CPIO_SEG_END);
}

UNIT_TEST(test_good_archive);
UNIT_TEST(test_padding);
UNIT_TEST(test_truncated_header);
UNIT_TEST(test_bad_magic);
UNIT_TEST(test_name_overflow);
UNIT_TEST(test_filesize_past_end);
UNIT_TEST(test_crc_format);
UNIT_TEST(test_concatenated);
UNIT_TEST(test_segments);
UNIT_MAIN()
