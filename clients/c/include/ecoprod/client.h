/*
 * ecoprod/client.h - C client library for ecoprodd.
 *
 * ecoprodd serves protobuf messages over a Unix-domain stream socket, framed
 * as containerd's ttrpc 1.2 (see docs/PROTOCOL.md in the ecoprodd repository).
 * This library speaks that framing on top of libprotobuf-c: it sends a
 * method's input message and hands back the decoded output message(s). The
 * message types themselves come from the protobuf-c code generated from the
 * daemon's .proto files (for the Daemon service:
 * "ecoprod/daemon/v1/daemon.pb-c.h", compiled into this library).
 *
 * The API is C99. Every call reports its outcome in an ecoprod_status: a gRPC
 * status code (ECOPROD_OK ... ECOPROD_UNAUTHENTICATED; the daemon may send
 * codes this header does not name - treat every code other than ECOPROD_OK as
 * a failure) and an English message for people.
 *
 * Threads and concurrency: an ecoprod_client carries ONE call at a time. It
 * may be used from any thread, but not from two threads at once, and while a
 * server stream opened on it is still running (ecoprod_stream_next has not
 * returned 0 or -1 yet and ecoprod_stream_close has not been called) every
 * other call on that client fails with ECOPROD_FAILED_PRECONDITION. Open a
 * second client (a second connection) for concurrent calls, e.g. to call a
 * method while watching events. Frames the daemon sends for other stream ids
 * (such as the late answer to a call that timed out locally) are skipped.
 *
 * Connections: a client remembers its socket path. When its connection is
 * lost or has to be dropped (the daemon closed it, an I/O error or a timeout
 * in the middle of writing a frame, a malformed frame from the daemon, or
 * ecoprod_stream_close on a stream that had not ended - closing the
 * connection is the only way ttrpc has to cancel a call), the call in
 * progress fails and the next call connects again transparently. Note that
 * the daemon reads the caller's identity when a connection is accepted, so a
 * reconnection carries the process's credentials at that moment.
 *
 * Memory: messages returned through response_out / message_out are allocated
 * by libprotobuf-c with the default allocator and belong to the caller, who
 * frees them with protobuf_c_message_free_unpacked(message, NULL). All other
 * memory is released by ecoprod_client_close / ecoprod_stream_close.
 *
 * Call shapes: unary and server-streaming calls. Client-streaming and
 * bidirectional calls (section 4.3 of the protocol) are not supported; the
 * Daemon service has none.
 *
 * Signals: the library never raises SIGPIPE (it writes with MSG_NOSIGNAL) and
 * retries system calls interrupted by signals.
 */
#ifndef ECOPROD_CLIENT_H
#define ECOPROD_CLIENT_H

#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The socket used when neither a path nor $ECOPROD_SOCKET is given. */
#define ECOPROD_DEFAULT_SOCKET "/run/ecoprod/ecoprod.sock"

/* The environment variable naming the socket when no path is given. */
#define ECOPROD_SOCKET_ENV "ECOPROD_SOCKET"

/* The fully qualified name of the daemon's own service. */
#define ECOPROD_DAEMON_SERVICE "ecoprod.daemon.v1.Daemon"

/* The largest frame payload either side may send: 4 MiB. Larger requests are
 * refused before anything is sent; a larger frame from the daemon ends the
 * call (and the connection) with ECOPROD_RESOURCE_EXHAUSTED. */
#define ECOPROD_MAX_FRAME_PAYLOAD 4194304u

/* gRPC status codes, as carried in google.rpc.Status.code. */
typedef enum ecoprod_status_code {
    ECOPROD_OK = 0,
    ECOPROD_CANCELLED = 1,
    ECOPROD_UNKNOWN = 2,
    ECOPROD_INVALID_ARGUMENT = 3,
    ECOPROD_DEADLINE_EXCEEDED = 4,
    ECOPROD_NOT_FOUND = 5,
    ECOPROD_ALREADY_EXISTS = 6,
    ECOPROD_PERMISSION_DENIED = 7,
    ECOPROD_RESOURCE_EXHAUSTED = 8,
    ECOPROD_FAILED_PRECONDITION = 9,
    ECOPROD_ABORTED = 10,
    ECOPROD_OUT_OF_RANGE = 11,
    ECOPROD_UNIMPLEMENTED = 12,
    ECOPROD_INTERNAL = 13,
    ECOPROD_UNAVAILABLE = 14,
    ECOPROD_DATA_LOSS = 15,
    ECOPROD_UNAUTHENTICATED = 16
} ecoprod_status_code;

/*
 * The outcome of a call. `code` is a gRPC status code (ecoprod_status_code, or
 * a code unknown to this header); `message` is a NUL-terminated English text
 * for people (empty on success; truncated to fit). It is either the daemon's
 * google.rpc.Status message or one written by this library (connection
 * failures, local timeouts, protocol errors). Do not parse it in programs.
 *
 * Every function taking an `ecoprod_status *` accepts NULL there.
 */
typedef struct ecoprod_status {
    int32_t code;
    char message[512];
} ecoprod_status;

/* The upper-case name of a status code ("OK", "DEADLINE_EXCEEDED", ...), or
 * "UNRECOGNIZED_CODE" for a code outside 0..16. Never NULL; static storage. */
const char *ecoprod_status_code_name(int32_t code);

/* A connection to the daemon. Opaque. */
typedef struct ecoprod_client ecoprod_client;

/* A server stream (a call whose output is a stream of messages). Opaque. */
typedef struct ecoprod_stream ecoprod_stream;

/*
 * Connects to the daemon's socket.
 *
 * socket_path: the socket, or NULL for $ECOPROD_SOCKET if set and non-empty,
 * else ECOPROD_DEFAULT_SOCKET. The path is copied.
 *
 * Returns a new client, or NULL with `status` filled: ECOPROD_UNAVAILABLE when
 * the socket cannot be reached (the message names the path and the reason;
 * for "permission denied" it says to join the `ecoprod` group),
 * ECOPROD_INVALID_ARGUMENT for a path too long for a Unix socket,
 * ECOPROD_RESOURCE_EXHAUSTED when out of memory or file descriptors.
 *
 * A new client has no timeout (see ecoprod_client_set_timeout_ms).
 */
ecoprod_client *ecoprod_client_connect(const char *socket_path, ecoprod_status *status);

/*
 * Closes the connection and frees the client. NULL is a no-op. A stream still
 * open on the client is detached: its next ecoprod_stream_next returns -1
 * with ECOPROD_CANCELLED, and it must still be freed with ecoprod_stream_close.
 */
void ecoprod_client_close(ecoprod_client *client);

/*
 * Sets the deadline of the calls started after this point, in milliseconds;
 * 0 or negative means no deadline (the default).
 *
 * The deadline is sent to the daemon as ttrpc Request.timeout_nano, so the
 * daemon ends a call that has not completed in time with
 * ECOPROD_DEADLINE_EXCEEDED; for a server stream it covers the whole stream,
 * not each message. The client also bounds every wait on the socket (with
 * poll()): if the daemon has not answered by the deadline plus a grace of
 * 250 ms (left for the daemon's own answer), the call fails locally with
 * ECOPROD_DEADLINE_EXCEEDED.
 */
void ecoprod_client_set_timeout_ms(ecoprod_client *client, int64_t timeout_ms);

/*
 * Calls a unary method.
 *
 * service: fully qualified service name, e.g. ECOPROD_DAEMON_SERVICE.
 * method: the bare method name, e.g. "Health".
 * request: the input message, or NULL to send an empty message (all fields
 *   at their defaults).
 * response_descriptor: the output type, e.g.
 *   &ecoprod__daemon__v1__health_response__descriptor.
 * response_out: receives the decoded output message on success (to be freed
 *   with protobuf_c_message_free_unpacked(msg, NULL)), NULL on failure. May be
 *   NULL if the output is not wanted (response_descriptor may then be NULL).
 *
 * Returns 0 on success (status ECOPROD_OK), -1 on failure with `status`
 * filled: the daemon's error status, or a local failure (ECOPROD_UNAVAILABLE
 * for a lost connection, ECOPROD_DEADLINE_EXCEEDED for a local timeout,
 * ECOPROD_RESOURCE_EXHAUSTED for a request over 4 MiB, ECOPROD_INTERNAL for a
 * malformed answer, ECOPROD_INVALID_ARGUMENT / ECOPROD_FAILED_PRECONDITION for
 * misuse).
 */
int ecoprod_client_unary(ecoprod_client *client, const char *service, const char *method,
                         const ProtobufCMessage *request,
                         const ProtobufCMessageDescriptor *response_descriptor,
                         ProtobufCMessage **response_out, ecoprod_status *status);

/*
 * Starts a server-streaming call (e.g. Daemon/Watch) and returns an iterator
 * over its output messages; read them with ecoprod_stream_next.
 *
 * Arguments as for ecoprod_client_unary; response_descriptor (required) is
 * the type of each streamed message, e.g.
 * &ecoprod__daemon__v1__event__descriptor.
 *
 * Returns the stream, or NULL with `status` filled if the request could not
 * be sent. Errors the daemon reports for the call (unknown method, permission
 * denied, ...) are returned by the first ecoprod_stream_next. While the
 * stream runs, the client accepts no other call (see the top of this file).
 */
ecoprod_stream *ecoprod_client_server_stream(ecoprod_client *client, const char *service,
                                             const char *method,
                                             const ProtobufCMessage *request,
                                             const ProtobufCMessageDescriptor *response_descriptor,
                                             ecoprod_status *status);

/*
 * Waits for the next message of a stream (bounded by the client's deadline,
 * if one was set when the stream started).
 *
 * Returns 1 with *message_out set to a message of the stream's type (free it
 * with protobuf_c_message_free_unpacked(msg, NULL)) and status ECOPROD_OK;
 * 0 when the daemon ended the stream successfully (status ECOPROD_OK);
 * -1 on failure (the daemon's error, e.g. ECOPROD_DEADLINE_EXCEEDED, or a
 * local one), with `status` filled.
 * On 0 or -1, *message_out is NULL and the stream is finished: further calls
 * return the same result again, and the client is free for other calls.
 */
int ecoprod_stream_next(ecoprod_stream *stream, ProtobufCMessage **message_out,
                        ecoprod_status *status);

/*
 * Frees a stream. NULL is a no-op. If the stream has not finished, the call
 * is cancelled by closing the client's connection (ttrpc has no other way);
 * the client connects again on its next call.
 */
void ecoprod_stream_close(ecoprod_stream *stream);

#ifdef __cplusplus
}
#endif

#endif /* ECOPROD_CLIENT_H */
