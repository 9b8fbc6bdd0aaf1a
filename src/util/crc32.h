/* crc32.h - CRC-32 (IEEE 802.3, as zlib) for bundle file checksums and data checksums.
 *
 * Catches silent corruption of a model file; it is not a security measure. */
#ifndef TENOR_UTIL_CRC32_H
#define TENOR_UTIL_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues a running checksum: start with crc = 0. */
uint32_t tenor_crc32(uint32_t crc, const void *data, size_t len);

#endif
