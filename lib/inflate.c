/*
 * lib/inflate.c - gzip member decoder (RFC 1952) around a deflate inflater (RFC 1951).
 * Pure library code: relies on memcpy/memset (lib/string.c) and crc32_le (lib/crc32.c).
 *
 * The whole output stays in the caller's buffer, so back-references copy straight out of
 * it and there is no sliding window.  Input is read LSB first through a 64-bit bit buffer
 * refilled up to 8 bytes at a time; one refill covers a whole length/distance pair (at most
 * 15 + 5 + 15 + 13 bits).  Running out of input is detected where bits are consumed.
 *
 * Huffman codes are decoded with two-level lookup tables built from the code lengths.  The
 * primary table is indexed by the next `root` input bits (10 for literal/length codes, 8
 * for distances, 7 for the code-length code).  A code of at most `root` bits fills every
 * entry whose low bits equal it (deflate packs codes MSB first into an LSB-first stream, so
 * each code is bit-reversed first).  Longer codes share link entries, one per distinct
 * `root`-bit prefix, each naming a subtable indexed by the following bits and sized to hold
 * exactly the codes under that prefix.  Codes are assigned in canonical order (RFC 1951
 * 3.2.2).  LIT_ENOUGH and DIST_ENOUGH are the largest tables any complete code of 286 or
 * 30 symbols can need at those root sizes (found by exhaustive search over code-length
 * counts; they match zlib's "enough" figures); the builder still bounds-checks.
 */
#include <anvil/compiler.h>
#include <anvil/errno.h>
#include <anvil/inflate.h>
#include <anvil/string.h>

#define MAX_CODE_BITS	15
#define LIT_BITS	10	/* primary index bits of the literal/length table */
#define DIST_BITS	8	/* ... of the distance table */
#define CLEN_BITS	7	/* ... of the code-length table (its codes have <= 7 bits) */
#define LIT_ENOUGH	1332
#define DIST_ENOUGH	400
#define NUM_LIT		286	/* literal/length symbols a dynamic block may define */
#define NUM_DIST	30	/* distance symbols a dynamic block may define */
#define NUM_FIXED_LIT	288	/* the fixed code also assigns (unusable) 286, 287 ... */
#define NUM_FIXED_DIST	32	/* ... and distances 30, 31 */
#define NUM_CLEN	19
#define END_OF_BLOCK	256
#define FIRST_LENGTH	257

/*
 * A table entry is a u16.  Decoded symbol: sym << 4 | the code bits consumed at this level.
 * Link to a subtable: ENT_LINK | its offset in the table << 4 | its index bits.
 * ENT_INVALID, the hole an incomplete code leaves, is an out-of-range symbol consuming no
 * bits, so the decoder's symbol range checks reject it at no extra cost.
 */
#define ENT_LINK	0x8000u
#define ENT_INVALID	(0x1ffu << 4)

/* gzip header flags (RFC 1952 2.3.1). */
#define FHCRC		0x02
#define FEXTRA		0x04
#define FNAME		0x08
#define FCOMMENT	0x10
#define FRESERVED	0xe0

/* Bits [0, n) of buf are the next input bits; the byte at `in` starts at bit n. */
struct bitreader {
	const u8 *in, *end;
	u64 buf;
	unsigned int n;
};

struct inflate {
	struct bitreader br;
	u8 *out;
	size_t pos, cap;		/* bytes written so far, size of out */
	bool fixed_loaded;		/* lit and dist hold the fixed codes */
	/* Storage is shared to stay under 4 KiB: the code-length table is done with before
	 * lit is built, and the distance code lengths are copied out of lens before dist is. */
	union {
		u16 lit[LIT_ENOUGH];
		u16 clen[1 << CLEN_BITS];
	};
	union {
		u16 dist[DIST_ENOUGH];
		u8 lens[NUM_LIT + NUM_DIST];	/* also holds the NUM_FIXED_LIT fixed ones */
	};
};

/* Symbol -> base value and extra bits (RFC 1951 3.2.5). */
struct code_base {
	u16 base;
	u8 extra;
};

static const struct code_base len_codes[NUM_LIT - FIRST_LENGTH] = {
	{ 3, 0 }, { 4, 0 }, { 5, 0 }, { 6, 0 }, { 7, 0 }, { 8, 0 }, { 9, 0 }, { 10, 0 },
	{ 11, 1 }, { 13, 1 }, { 15, 1 }, { 17, 1 }, { 19, 2 }, { 23, 2 }, { 27, 2 }, { 31, 2 },
	{ 35, 3 }, { 43, 3 }, { 51, 3 }, { 59, 3 }, { 67, 4 }, { 83, 4 }, { 99, 4 }, { 115, 4 },
	{ 131, 5 }, { 163, 5 }, { 195, 5 }, { 227, 5 }, { 258, 0 },
};

static const struct code_base dist_codes[NUM_DIST] = {
	{ 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 0 }, { 5, 1 }, { 7, 1 }, { 9, 2 }, { 13, 2 },
	{ 17, 3 }, { 25, 3 }, { 33, 4 }, { 49, 4 }, { 65, 5 }, { 97, 5 }, { 129, 6 },
	{ 193, 6 }, { 257, 7 }, { 385, 7 }, { 513, 8 }, { 769, 8 }, { 1025, 9 }, { 1537, 9 },
	{ 2049, 10 }, { 3073, 10 }, { 4097, 11 }, { 6145, 11 }, { 8193, 12 }, { 12289, 12 },
	{ 16385, 13 }, { 24577, 13 },
};

/* Order in which the code-length code's lengths are sent (RFC 1951 3.2.7). */
static const u8 clen_order[NUM_CLEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 get_le64(const u8 *p)
{
	return get_le32(p) | (u64)get_le32(p + 4) << 32;
}

/*
 * Top the bit buffer up to at least 56 bits, or to what the input has left.  The fast path
 * ORs in a whole 8-byte word but advances only by the bytes that fit; the bits it leaves
 * above n are the following input bytes, which the next refill ORs in again at the same
 * place.  n <= 63 there, since the byte-wise path (which may reach 64) is never left.
 */
static inline void refill(struct bitreader *br)
{
	if (likely(br->end - br->in >= 8)) {
		br->buf |= get_le64(br->in) << br->n;
		br->in += (63 - br->n) >> 3;
		br->n |= 56;
		return;
	}
	for (; br->n <= 56 && br->in < br->end; br->n += 8)
		br->buf |= (u64)*br->in++ << br->n;
}

/* Remove and return the next @k (<= 16) bits, or -EINVAL if the input ran out.  The caller
 * refilled. */
static inline int take(struct bitreader *br, unsigned int k)
{
	int v;

	if (unlikely(k > br->n))
		return -EINVAL;
	v = br->buf & ((1u << k) - 1);
	br->buf >>= k;
	br->n -= k;
	return v;
}

static int read_bits(struct bitreader *br, unsigned int k)
{
	refill(br);
	return take(br, k);
}

/* Drop the bits up to the next byte boundary and give the whole buffered bytes back. */
static void byte_align(struct bitreader *br)
{
	br->in -= br->n >> 3;
	br->buf = 0;
	br->n = 0;
}

/* Decode one symbol with @table (@root primary index bits), or -EINVAL if the input ran
 * out.  The caller refilled. */
static inline int decode_sym(struct bitreader *br, const u16 *table, unsigned int root)
{
	unsigned int e = table[br->buf & ((1u << root) - 1)];
	unsigned int bits = e & 15;

	if (e & ENT_LINK) {
		e = table[(e >> 4 & 0x7ff) + (br->buf >> root & ((1u << bits) - 1))];
		bits = root + (e & 15);
	}
	if (unlikely(bits > br->n))
		return -EINVAL;
	br->buf >>= bits;
	br->n -= bits;
	return e >> 4;
}

struct table_builder {
	u16 *table;
	unsigned int cap, root;
	unsigned int next;		/* first free entry after the subtables so far */
	unsigned int prefix;		/* root bits of the current subtable's codes */
	unsigned int sub_bits;		/* and its index bits */
	u16 left[MAX_CODE_BITS + 1];	/* codes of each length not placed yet */
};

static unsigned int bit_reverse(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	for (; len; len--, code >>= 1)
		r = r << 1 | (code & 1);
	return r;
}

/*
 * Index bits for the subtable whose first (shortest) code has @len bits: the smallest size
 * the codes still to be placed fill.  In a complete canonical code, no code under a later
 * prefix has a length this subtable still has room for, so they all belong to it.
 */
static unsigned int subtable_bits(const struct table_builder *tb, unsigned int len)
{
	unsigned int bits = len - tb->root;
	int room = 1 << bits;

	for (;;) {
		room -= tb->left[tb->root + bits];
		if (room <= 0 || tb->root + bits == MAX_CODE_BITS)
			return bits;
		bits++;
		room <<= 1;
	}
}

/* Enter symbol @sym with canonical code @code of @len bits. */
static int put_code(struct table_builder *tb, unsigned int sym, unsigned int code,
		    unsigned int len)
{
	unsigned int rev = bit_reverse(code, len), root = tb->root, i;
	u16 *sub;

	if (len <= root) {
		for (i = rev; i < 1u << root; i += 1u << len)
			tb->table[i] = sym << 4 | len;
		return 0;
	}
	if ((rev & ((1u << root) - 1)) != tb->prefix) {
		tb->prefix = rev & ((1u << root) - 1);
		tb->sub_bits = subtable_bits(tb, len);
		if (tb->next + (1u << tb->sub_bits) > tb->cap)
			return -EINVAL;
		tb->table[tb->prefix] = ENT_LINK | tb->next << 4 | tb->sub_bits;
		tb->next += 1u << tb->sub_bits;
	}
	sub = tb->table + (tb->table[tb->prefix] >> 4 & 0x7ff);
	for (i = rev >> root; i < 1u << tb->sub_bits; i += 1u << (len - root))
		sub[i] = sym << 4 | (len - root);
	return 0;
}

/*
 * Build the decoding table for code lengths @lens[0..@n) (each 0..15) into @table (@cap
 * entries, @root primary bits).  The code must be complete, except that with @sparse_ok a
 * code with no symbol or a single 1-bit one is allowed (RFC 1951 3.2.7 permits a lone
 * distance code; zlib also accepts that shape for literal/length codes).
 * Return 0 or -EINVAL.
 */
static int build_table(u16 *table, unsigned int cap, unsigned int root, const u8 *lens,
		       unsigned int n, bool sparse_ok)
{
	struct table_builder tb = { .table = table, .cap = cap, .root = root,
				    .next = 1u << root, .prefix = ~0u };
	unsigned int sym, len, code = 0, ncodes;
	int space = 1, err;

	for (sym = 0; sym < n; sym++)
		tb.left[lens[sym]]++;
	for (len = 1; len <= MAX_CODE_BITS; len++) {
		space = (space << 1) - tb.left[len];
		if (space < 0)
			return -EINVAL;		/* over-subscribed */
	}
	if (space > 0) {
		ncodes = n - tb.left[0];
		if (!sparse_ok || ncodes > 1 || (ncodes == 1 && tb.left[1] != 1))
			return -EINVAL;		/* incomplete */
		for (code = 0; code < 1u << root; code++)
			table[code] = ENT_INVALID;
		code = 0;
	}
	for (len = 1; len <= MAX_CODE_BITS; len++, code <<= 1) {
		for (sym = 0; tb.left[len] && sym < n; sym++) {
			if (lens[sym] != len)
				continue;
			err = put_code(&tb, sym, code++, len);
			if (err)
				return err;
			tb.left[len]--;
		}
	}
	return 0;
}

/* The fixed codes (RFC 1951 3.2.6), built on their first use in a stream. */
static int load_fixed_tables(struct inflate *s)
{
	u8 dist_lens[NUM_FIXED_DIST];
	int err;

	if (s->fixed_loaded)
		return 0;
	memset(s->lens, 8, 144);
	memset(s->lens + 144, 9, 256 - 144);
	memset(s->lens + 256, 7, 280 - 256);
	memset(s->lens + 280, 8, NUM_FIXED_LIT - 280);
	err = build_table(s->lit, LIT_ENOUGH, LIT_BITS, s->lens, NUM_FIXED_LIT, false);
	if (err)
		return err;
	memset(dist_lens, 5, NUM_FIXED_DIST);
	err = build_table(s->dist, DIST_ENOUGH, DIST_BITS, dist_lens, NUM_FIXED_DIST, false);
	s->fixed_loaded = !err;
	return err;
}

/* Read the code-length code (@nclen lengths), then with it @nlens code lengths into
 * s->lens, expanding the repeat codes 16-18. */
static int read_code_lengths(struct inflate *s, unsigned int nclen, unsigned int nlens)
{
	u8 clens[NUM_CLEN] = { 0 };
	unsigned int i, rep;
	int sym, x, val;

	for (i = 0; i < nclen; i++) {
		x = read_bits(&s->br, 3);
		if (x < 0)
			return x;
		clens[clen_order[i]] = x;
	}
	x = build_table(s->clen, ARRAY_SIZE(s->clen), CLEN_BITS, clens, NUM_CLEN, false);
	if (x)
		return x;
	for (i = 0; i < nlens; i += rep) {
		refill(&s->br);
		sym = decode_sym(&s->br, s->clen, CLEN_BITS);
		if (sym < 0)
			return sym;
		if (sym < 16) {
			s->lens[i] = sym;
			rep = 1;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return -EINVAL;
			val = s->lens[i - 1];
			x = take(&s->br, 2);
			rep = 3 + x;
		} else {
			val = 0;
			x = take(&s->br, sym == 17 ? 3 : 7);
			rep = (sym == 17 ? 3 : 11) + x;
		}
		if (x < 0)
			return x;
		if (rep > nlens - i)
			return -EINVAL;
		memset(s->lens + i, val, rep);
	}
	return 0;
}

/* A dynamic block's header: the code lengths of its literal/length and distance codes,
 * themselves Huffman coded (RFC 1951 3.2.7). */
static int load_dynamic_tables(struct inflate *s)
{
	int hdr = read_bits(&s->br, 14), err;
	unsigned int nlit, ndist;
	u8 dist_lens[NUM_DIST];

	if (hdr < 0)
		return hdr;
	nlit = (hdr & 31) + FIRST_LENGTH;
	ndist = (hdr >> 5 & 31) + 1;
	if (nlit > NUM_LIT || ndist > NUM_DIST)
		return -EINVAL;
	s->fixed_loaded = false;
	err = read_code_lengths(s, (hdr >> 10) + 4, nlit + ndist);
	if (err)
		return err;
	if (!s->lens[END_OF_BLOCK])
		return -EINVAL;
	err = build_table(s->lit, LIT_ENOUGH, LIT_BITS, s->lens, nlit, true);
	if (err)
		return err;
	memcpy(dist_lens, s->lens + nlit, ndist);
	return build_table(s->dist, DIST_ENOUGH, DIST_BITS, dist_lens, ndist, true);
}

/*
 * Copy @len bytes from @dist bytes back; the caller checked both fit.  The ranges may
 * overlap (a run), so copying goes forward.  When the source is at least 8 bytes behind,
 * 8-byte chunks are used, which may write up to 7 bytes past the match: allowed only if
 * they are inside the buffer (@oend), as later output overwrites them.
 */
static inline u8 *copy_match(u8 *op, size_t dist, size_t len, const u8 *oend)
{
	const u8 *src = op - dist;
	u8 *end = op + len;

	if (dist >= 8 && oend - end >= 7) {
		do {
			__builtin_memcpy(op, src, 8);
			op += 8;
			src += 8;
		} while (op < end);
	} else if (dist == 1) {
		memset(op, *src, len);
	} else {
		while (op < end)
			*op++ = *src++;
	}
	return end;
}

/* Decode the Huffman-coded data of one block with s->lit and s->dist, up to its
 * end-of-block symbol.  Works on local copies of the bit reader and output position,
 * which the compiler can keep in registers. */
static int inflate_codes(struct inflate *s)
{
	struct bitreader br = s->br;
	u8 *const base = s->out, *const oend = s->out + s->cap;
	u8 *op = base + s->pos;
	int sym, x;
	size_t len, dist;

	for (;;) {
		refill(&br);
		sym = decode_sym(&br, s->lit, LIT_BITS);
		if (sym < END_OF_BLOCK) {
			if (sym < 0)
				return sym;
			if (unlikely(op == oend))
				return -ENOSPC;
			*op++ = sym;
			continue;
		}
		if (sym == END_OF_BLOCK)
			break;
		sym -= FIRST_LENGTH;
		if (unlikely(sym >= (int)ARRAY_SIZE(len_codes)))
			return -EINVAL;
		x = take(&br, len_codes[sym].extra);
		if (x < 0)
			return x;
		len = len_codes[sym].base + x;

		sym = decode_sym(&br, s->dist, DIST_BITS);
		if (unlikely((unsigned int)sym >= NUM_DIST))
			return sym < 0 ? sym : -EINVAL;
		x = take(&br, dist_codes[sym].extra);
		if (x < 0)
			return x;
		dist = dist_codes[sym].base + x;

		if (unlikely(dist > (size_t)(op - base)))
			return -EINVAL;
		if (unlikely(len > (size_t)(oend - op)))
			return -ENOSPC;
		op = copy_match(op, dist, len, oend);
	}
	s->br = br;
	s->pos = op - base;
	return 0;
}

/* A stored block: LEN, its complement NLEN, then LEN raw bytes, from a byte boundary. */
static int inflate_stored(struct inflate *s)
{
	const u8 *p;
	size_t len;

	byte_align(&s->br);
	p = s->br.in;
	if (s->br.end - p < 4)
		return -EINVAL;
	len = p[0] | p[1] << 8;
	if ((len ^ (p[2] | p[3] << 8)) != 0xffff)
		return -EINVAL;
	p += 4;
	if ((size_t)(s->br.end - p) < len)
		return -EINVAL;
	if (s->cap - s->pos < len)
		return -ENOSPC;
	if (len)
		memcpy(s->out + s->pos, p, len);
	s->pos += len;
	s->br.in = p + len;
	return 0;
}

/* Decode deflate blocks up to and including the final one, leaving s->br.in at the first
 * byte after the deflate data. */
static int inflate_blocks(struct inflate *s)
{
	int hdr, err;

	do {
		hdr = read_bits(&s->br, 3);		/* BFINAL, then BTYPE */
		if (hdr < 0)
			return hdr;
		switch (hdr >> 1) {
		case 0:
			err = inflate_stored(s);
			break;
		case 1:
			err = load_fixed_tables(s);
			if (!err)
				err = inflate_codes(s);
			break;
		case 2:
			err = load_dynamic_tables(s);
			if (!err)
				err = inflate_codes(s);
			break;
		default:
			err = -EINVAL;
		}
		if (err)
			return err;
	} while (!(hdr & 1));
	byte_align(&s->br);
	return 0;
}

/* Return the offset just past the NUL ending the string at @p[@pos], or -EINVAL. */
static long skip_string(const u8 *p, size_t len, size_t pos)
{
	while (pos < len)
		if (!p[pos++])
			return pos;
	return -EINVAL;
}

/* Parse the member header (RFC 1952 2.3); return its length, -EINVAL or -EBADMSG (header
 * CRC mismatch). */
static long gzip_header(const u8 *p, size_t len)
{
	long pos = 10;
	u8 flg;

	if (len < 10 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
		return -EINVAL;		/* magic, CM = deflate */
	flg = p[3];
	if (flg & FRESERVED)
		return -EINVAL;
	if (flg & FEXTRA) {
		if (len - pos < 2)
			return -EINVAL;
		pos += 2 + (p[pos] | p[pos + 1] << 8);
		if ((size_t)pos > len)
			return -EINVAL;
	}
	if (flg & FNAME)
		pos = skip_string(p, len, pos);
	if (pos >= 0 && (flg & FCOMMENT))
		pos = skip_string(p, len, pos);
	if (pos < 0 || !(flg & FHCRC))
		return pos;
	if (len - pos < 2)
		return -EINVAL;
	if ((crc32_le(0, p, pos) & 0xffff) != (p[pos] | p[pos + 1] << 8))
		return -EBADMSG;
	return pos + 2;
}

long gunzip(const void *in, size_t in_len, void *out, size_t out_cap, size_t *in_used)
{
	struct inflate s;
	const u8 *trailer;
	long hdr = gzip_header(in, in_len);
	int err;

	if (hdr < 0)
		return hdr;
	s.br = (struct bitreader){ .in = (const u8 *)in + hdr, .end = (const u8 *)in + in_len };
	s.out = out;
	s.pos = 0;
	s.cap = out_cap;
	s.fixed_loaded = false;
	err = inflate_blocks(&s);
	if (err)
		return err;
	trailer = s.br.in;
	if (s.br.end - trailer < 8)
		return -EINVAL;
	if (get_le32(trailer) != crc32_le(0, out, s.pos) || get_le32(trailer + 4) != (u32)s.pos)
		return -EBADMSG;
	*in_used = trailer + 8 - (const u8 *)in;
	return s.pos;
}
