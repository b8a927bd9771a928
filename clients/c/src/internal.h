/*
 * Internal definitions of the ecoprod C client: the ttrpc frame header and the
 * hooks the tests use. Not installed, not part of the API.
 */
#ifndef ECOPROD_CLIENT_INTERNAL_H
#define ECOPROD_CLIENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ecoprod/client.h"

#if defined(__GNUC__)
#define ECOPROD_HIDDEN __attribute__((visibility("hidden")))
#else
#define ECOPROD_HIDDEN
#endif

/* Frame header: u32 BE payload length | u32 BE stream id | u8 type | u8 flags. */
#define ECOPROD_FRAME_HEADER_SIZE 10

enum {
    ECOPROD_FRAME_REQUEST = 1,
    ECOPROD_FRAME_RESPONSE = 2,
    ECOPROD_FRAME_DATA = 3
};

enum {
    ECOPROD_FLAG_REMOTE_CLOSED = 0x01,
    ECOPROD_FLAG_REMOTE_OPEN = 0x02,
    ECOPROD_FLAG_NO_DATA = 0x04
};

typedef struct ecoprod_frame_header {
    uint32_t length;
    uint32_t stream_id;
    uint8_t type;
    uint8_t flags;
} ecoprod_frame_header;

/* Writes the 10 header bytes of `header` to `out`. */
ECOPROD_HIDDEN void ecoprod__frame_header_encode(const ecoprod_frame_header *header,
                                                 uint8_t out[ECOPROD_FRAME_HEADER_SIZE]);

/* Reads a header from 10 bytes. */
ECOPROD_HIDDEN void ecoprod__frame_header_decode(const uint8_t in[ECOPROD_FRAME_HEADER_SIZE],
                                                 ecoprod_frame_header *header);

/* Fills a status (NULL allowed) with printf-style text. */
ECOPROD_HIDDEN void ecoprod__status_set(ecoprod_status *status, int32_t code, const char *format,
                                        ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Test hook: sets the exact Request.timeout_nano of later calls, including
 * values the public API cannot express (negative = already expired, 1 ns).
 * 0 means no deadline. The local wait is bounded by max(ns, 0) + grace.
 */
ECOPROD_HIDDEN void ecoprod__client_set_timeout_nano(ecoprod_client *client, int64_t timeout_nano);

/* Test hook: the stream id the next call will use (1, 3, 5, ...; 1 after a reconnection). */
ECOPROD_HIDDEN uint64_t ecoprod__client_next_stream_id(const ecoprod_client *client);

/* Test hook: whether the client currently holds an open connection. */
ECOPROD_HIDDEN int ecoprod__client_connected(const ecoprod_client *client);

#endif /* ECOPROD_CLIENT_INTERNAL_H */
