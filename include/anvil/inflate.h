/* gzip/deflate decoding (lib/inflate.c) and CRC-32 (lib/crc32.c): pure library code with no
 * allocation and no locks, usable from any context. */
#ifndef ANVIL_INFLATE_H
#define ANVIL_INFLATE_H

#include <anvil/types.h>

/**
 * gunzip - decode one gzip member (RFC 1952 wrapping RFC 1951 deflate data).
 * @in, @in_len: the input; it may continue past the member (concatenated members).
 * @out, @out_cap: receives the whole decompressed member.  Bytes of @out past the returned
 *	length (but never past @out_cap) may be overwritten as scratch.
 * @in_used: on success, set to the bytes of @in the member took, 8-byte trailer included.
 * Return: bytes written to @out; -EINVAL for bad magic, method or flags, corrupt Huffman
 * tables or distances, or input that ends early; -ENOSPC if the output exceeds @out_cap;
 * -EBADMSG if the header CRC, the CRC-32 or the length in the trailer does not match.
 * Never reads past @in_len or writes past @out_cap, whatever the input.
 * Context: any; uses about 4 KiB of stack.
 */
long gunzip(const void *in, size_t in_len, void *out, size_t out_cap, size_t *in_used);

/**
 * crc32_le - CRC-32 of gzip/zlib/PNG/Ethernet (reflected, polynomial 0xEDB88320).
 * @crc: the value returned for the preceding data, 0 to start.
 * Return: the CRC of everything so far.  Same convention as zlib's crc32() (the register is
 * inverted on entry and exit); note that Linux's crc32_le() does not invert.
 */
u32 crc32_le(u32 crc, const void *buf, size_t len);

#endif
