/*
 * lib/crc32.c - CRC-32 as used by gzip, zlib, PNG and Ethernet (reflected, polynomial
 * 0xEDB88320, pre- and post-inverted).  Pure library code; relies on nothing.
 *
 * Slicing-by-8: crc32_table[k][b] is the CRC remainder of byte b followed by k zero bytes,
 * so eight bytes are folded in with eight independent lookups.  Each table is linear over
 * GF(2) (the entry for a ^ b is the entry for a xor the entry for b), so it is built at
 * compile time from its eight entries at powers of two, listed below.
 */
#include <anvil/inflate.h>

#define CRC_BIT(b, i, k)	(((b) >> (i) & 1) ? (k) : 0u)
#define CRC_COMBINE(b, k0, k1, k2, k3, k4, k5, k6, k7)				\
	(CRC_BIT(b, 0, k0) ^ CRC_BIT(b, 1, k1) ^ CRC_BIT(b, 2, k2) ^ CRC_BIT(b, 3, k3) ^	\
	 CRC_BIT(b, 4, k4) ^ CRC_BIT(b, 5, k5) ^ CRC_BIT(b, 6, k6) ^ CRC_BIT(b, 7, k7))

/* crc32_table[k][1 << i], i = 0..7. */
#define CRC_T0(b) CRC_COMBINE(b, 0x77073096u, 0xEE0E612Cu, 0x076DC419u, 0x0EDB8832u,	\
			      0x1DB71064u, 0x3B6E20C8u, 0x76DC4190u, 0xEDB88320u)
#define CRC_T1(b) CRC_COMBINE(b, 0x191B3141u, 0x32366282u, 0x646CC504u, 0xC8D98A08u,	\
			      0x4AC21251u, 0x958424A2u, 0xF0794F05u, 0x3B83984Bu)
#define CRC_T2(b) CRC_COMBINE(b, 0x01C26A37u, 0x0384D46Eu, 0x0709A8DCu, 0x0E1351B8u,	\
			      0x1C26A370u, 0x384D46E0u, 0x709A8DC0u, 0xE1351B80u)
#define CRC_T3(b) CRC_COMBINE(b, 0xB8BC6765u, 0xAA09C88Bu, 0x8F629757u, 0xC5B428EFu,	\
			      0x5019579Fu, 0xA032AF3Eu, 0x9B14583Du, 0xED59B63Bu)
#define CRC_T4(b) CRC_COMBINE(b, 0x3D6029B0u, 0x7AC05360u, 0xF580A6C0u, 0x30704BC1u,	\
			      0x60E09782u, 0xC1C12F04u, 0x58F35849u, 0xB1E6B092u)
#define CRC_T5(b) CRC_COMBINE(b, 0xCB5CD3A5u, 0x4DC8A10Bu, 0x9B914216u, 0xEC53826Du,	\
			      0x03D6029Bu, 0x07AC0536u, 0x0F580A6Cu, 0x1EB014D8u)
#define CRC_T6(b) CRC_COMBINE(b, 0xA6770BB4u, 0x979F1129u, 0xF44F2413u, 0x33EF4E67u,	\
			      0x67DE9CCEu, 0xCFBD399Cu, 0x440B7579u, 0x8816EAF2u)
#define CRC_T7(b) CRC_COMBINE(b, 0xCCAA009Eu, 0x4225077Du, 0x844A0EFAu, 0xD3E51BB5u,	\
			      0x7CBB312Bu, 0xF9766256u, 0x299DC2EDu, 0x533B85DAu)

#define CRC_ROW4(T, b)	T(b), T(b + 1), T(b + 2), T(b + 3)
#define CRC_ROW16(T, b)	CRC_ROW4(T, b), CRC_ROW4(T, b + 4), CRC_ROW4(T, b + 8), CRC_ROW4(T, b + 12)
#define CRC_ROW64(T, b)	CRC_ROW16(T, b), CRC_ROW16(T, b + 16), CRC_ROW16(T, b + 32),	\
			CRC_ROW16(T, b + 48)
#define CRC_TABLE(T)	{ CRC_ROW64(T, 0), CRC_ROW64(T, 64), CRC_ROW64(T, 128), CRC_ROW64(T, 192) }

static const u32 crc32_table[8][256] = {
	CRC_TABLE(CRC_T0), CRC_TABLE(CRC_T1), CRC_TABLE(CRC_T2), CRC_TABLE(CRC_T3),
	CRC_TABLE(CRC_T4), CRC_TABLE(CRC_T5), CRC_TABLE(CRC_T6), CRC_TABLE(CRC_T7),
};

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

u32 crc32_le(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 lo, hi;

	crc = ~crc;
	for (; len >= 8; len -= 8, p += 8) {
		lo = crc ^ get_le32(p);
		hi = get_le32(p + 4);
		crc = crc32_table[7][lo & 0xff] ^ crc32_table[6][lo >> 8 & 0xff] ^
		      crc32_table[5][lo >> 16 & 0xff] ^ crc32_table[4][lo >> 24] ^
		      crc32_table[3][hi & 0xff] ^ crc32_table[2][hi >> 8 & 0xff] ^
		      crc32_table[1][hi >> 16 & 0xff] ^ crc32_table[0][hi >> 24];
	}
	for (; len; len--)
		crc = crc32_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
