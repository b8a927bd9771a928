/*
 * The ecoprod C client: ttrpc 1.2 framing over a Unix socket, on libprotobuf-c.
 * Wire protocol: docs/PROTOCOL.md. API: include/ecoprod/client.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "ttrpc/ttrpc.pb-c.h"

/* Time left after a call's deadline for the daemon's own DEADLINE_EXCEEDED. */
#define LOCAL_GRACE_NS 250000000LL
#define NS_PER_MS 1000000LL
#define NO_DEADLINE (-1LL)
/* Stream ids are u32; a connection is replaced before its ids run out. */
#define MAX_STREAM_ID 0xFFFFFFFFull

enum stream_state { STREAM_OPEN, STREAM_ENDED, STREAM_FAILED };

struct ecoprod_client {
    int fd; /* -1 while not connected */
    char *socket_path;
    uint64_t next_stream_id; /* 1, 3, 5, ... per connection */
    int64_t timeout_nano;    /* sent as Request.timeout_nano; 0 = none */
    ecoprod_stream *active;  /* the open server stream, if any */
    /* The frame being read: rhave bytes of it so far (kept across a timeout). */
    uint8_t *rbuf;
    size_t rcap;
    size_t rhave;
};

struct ecoprod_stream {
    ecoprod_client *client; /* NULL once the client was closed */
    uint32_t stream_id;
    const ProtobufCMessageDescriptor *descriptor;
    int64_t deadline; /* CLOCK_MONOTONIC ns, or NO_DEADLINE */
    int64_t timeout_nano;
    enum stream_state state;
    ecoprod_status final_status;
};

/* ---- status ------------------------------------------------------------- */

static const char *const code_names[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *ecoprod_status_code_name(int32_t code)
{
    if (code >= 0 && (size_t)code < sizeof code_names / sizeof code_names[0])
        return code_names[code];
    return "UNRECOGNIZED_CODE";
}

void ecoprod__status_set(ecoprod_status *status, int32_t code, const char *format, ...)
{
    va_list args;
    if (status == NULL)
        return;
    status->code = code;
    va_start(args, format);
    vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
}

static void status_ok(ecoprod_status *status)
{
    if (status != NULL) {
        status->code = ECOPROD_OK;
        status->message[0] = '\0';
    }
}

/* The text of an errno value, thread-safely (strerror() is not): POSIX
 * strerror_r, which returns int, into the caller's buffer. */
static const char *errtext(int err, char *buf, size_t len)
{
    if (strerror_r(err, buf, len) != 0)
        snprintf(buf, len, "error %d", err);
    return buf;
}

#define ERRSTR(err) errtext((err), eb, sizeof eb)

/* ---- time --------------------------------------------------------------- */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t deadline_for(int64_t timeout_nano)
{
    if (timeout_nano == 0)
        return NO_DEADLINE;
    if (timeout_nano < 0)
        timeout_nano = 0;
    if (timeout_nano > INT64_MAX / 2)
        return NO_DEADLINE; /* centuries: the same as none */
    return now_ns() + timeout_nano + LOCAL_GRACE_NS;
}

static void set_local_timeout(ecoprod_status *status, int64_t timeout_nano)
{
    ecoprod__status_set(status, ECOPROD_DEADLINE_EXCEEDED,
                        "no answer from ecoprodd within the deadline (%lld ns)",
                        (long long)timeout_nano);
}

/*
 * Waits until fd is ready for `events` or the deadline passes.
 * Returns 1 when ready (or in error: the next read/write reports it),
 * 0 at the deadline, -1 when poll() fails (errno set).
 */
static int wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        struct pollfd pfd;
        int timeout_ms = -1;
        int r;
        if (deadline != NO_DEADLINE) {
            int64_t left = deadline - now_ns();
            int64_t ms;
            if (left <= 0)
                return 0;
            ms = (left + NS_PER_MS - 1) / NS_PER_MS;
            timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
        }
        pfd.fd = fd;
        pfd.events = events;
        pfd.revents = 0;
        r = poll(&pfd, 1, timeout_ms);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
        /* timeout or EINTR: look at the deadline again */
    }
}

/* ---- connection --------------------------------------------------------- */

static void finish_stream(ecoprod_stream *stream, enum stream_state state,
                          const ecoprod_status *status)
{
    stream->state = state;
    if (status != NULL)
        stream->final_status = *status;
    else
        status_ok(&stream->final_status);
    if (stream->client != NULL && stream->client->active == stream)
        stream->client->active = NULL;
}

static void disconnect(ecoprod_client *client)
{
    if (client->fd >= 0)
        close(client->fd);
    client->fd = -1;
    client->rhave = 0;
    client->next_stream_id = 1;
    if (client->active != NULL) {
        ecoprod_status lost;
        ecoprod__status_set(&lost, ECOPROD_UNAVAILABLE, "connection to ecoprodd at %s closed",
                            client->socket_path);
        finish_stream(client->active, STREAM_FAILED, &lost);
    }
}

static void set_connect_error(ecoprod_status *status, const char *path, int err)
{
    char eb[128]; /* for ERRSTR */
    switch (err) {
    case EACCES:
    case EPERM:
        ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                            "cannot connect to ecoprodd at %s: %s; join the `ecoprod` group to "
                            "use the daemon (sudo usermod -aG ecoprod $USER, then log in again)",
                            path, ERRSTR(err));
        break;
    case ENOENT:
    case ECONNREFUSED:
        ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                            "cannot connect to ecoprodd at %s: %s (is the daemon running?)", path,
                            ERRSTR(err));
        break;
    default:
        ecoprod__status_set(status, ECOPROD_UNAVAILABLE, "cannot connect to ecoprodd at %s: %s",
                            path, ERRSTR(err));
        break;
    }
}

/* Returns a connected, non-blocking, close-on-exec socket, or -1 with status set. */
static int connect_socket(const char *path, ecoprod_status *status)
{
    struct sockaddr_un addr;
    int fd, flags, r;
    size_t len = strlen(path);
    char eb[128]; /* for ERRSTR */

    if (len == 0 || len >= sizeof addr.sun_path) {
        ecoprod__status_set(status, ECOPROD_INVALID_ARGUMENT,
                            "cannot connect to ecoprodd at \"%s\": a Unix socket path must have "
                            "1 to %zu bytes",
                            path, sizeof addr.sun_path - 1);
        return -1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, path, len + 1);

    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        int err = errno;
        ecoprod__status_set(status,
                            err == EMFILE || err == ENFILE || err == ENOMEM || err == ENOBUFS
                                ? ECOPROD_RESOURCE_EXHAUSTED
                                : ECOPROD_UNAVAILABLE,
                            "cannot create a socket for ecoprodd at %s: %s", path, ERRSTR(err));
        return -1;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);

    r = connect(fd, (const struct sockaddr *)&addr, sizeof addr);
    if (r < 0 && errno == EINTR) {
        /* The connection continues asynchronously: wait for it, then read its outcome. */
        int err = 0;
        socklen_t err_len = sizeof err;
        if (wait_fd(fd, POLLOUT, NO_DEADLINE) < 0 ||
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) < 0)
            err = errno;
        if (err != 0) {
            errno = err;
        } else {
            r = 0;
        }
    }
    if (r < 0) {
        int err = errno;
        close(fd);
        set_connect_error(status, path, err);
        return -1;
    }

    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        int err = errno;
        close(fd);
        ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                            "cannot configure the socket for ecoprodd at %s: %s", path,
                            ERRSTR(err));
        return -1;
    }
    status_ok(status);
    return fd;
}

static int ensure_connected(ecoprod_client *client, ecoprod_status *status)
{
    if (client->fd >= 0 && client->next_stream_id <= MAX_STREAM_ID)
        return 0;
    disconnect(client); /* ids used up, or not connected */
    client->fd = connect_socket(client->socket_path, status);
    return client->fd >= 0 ? 0 : -1;
}

ecoprod_client *ecoprod_client_connect(const char *socket_path, ecoprod_status *status)
{
    ecoprod_client *client;
    size_t len;

    if (socket_path == NULL) {
        socket_path = getenv(ECOPROD_SOCKET_ENV);
        if (socket_path == NULL || socket_path[0] == '\0')
            socket_path = ECOPROD_DEFAULT_SOCKET;
    }
    client = calloc(1, sizeof *client);
    len = strlen(socket_path);
    if (client != NULL)
        client->socket_path = malloc(len + 1);
    if (client == NULL || client->socket_path == NULL) {
        free(client);
        ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED, "out of memory");
        return NULL;
    }
    memcpy(client->socket_path, socket_path, len + 1);
    client->fd = -1;
    client->next_stream_id = 1;
    if (ensure_connected(client, status) < 0) {
        free(client->socket_path);
        free(client);
        return NULL;
    }
    return client;
}

void ecoprod_client_close(ecoprod_client *client)
{
    if (client == NULL)
        return;
    if (client->active != NULL) {
        ecoprod_stream *stream = client->active;
        ecoprod_status cancelled;
        ecoprod__status_set(&cancelled, ECOPROD_CANCELLED,
                            "the client of this stream was closed");
        finish_stream(stream, STREAM_FAILED, &cancelled);
        stream->client = NULL;
    }
    if (client->fd >= 0)
        close(client->fd);
    free(client->rbuf);
    free(client->socket_path);
    free(client);
}

void ecoprod_client_set_timeout_ms(ecoprod_client *client, int64_t timeout_ms)
{
    if (client == NULL)
        return;
    if (timeout_ms <= 0)
        client->timeout_nano = 0;
    else if (timeout_ms > INT64_MAX / NS_PER_MS)
        client->timeout_nano = INT64_MAX;
    else
        client->timeout_nano = timeout_ms * NS_PER_MS;
}

void ecoprod__client_set_timeout_nano(ecoprod_client *client, int64_t timeout_nano)
{
    if (client != NULL)
        client->timeout_nano = timeout_nano;
}

uint64_t ecoprod__client_next_stream_id(const ecoprod_client *client)
{
    return client->next_stream_id;
}

int ecoprod__client_connected(const ecoprod_client *client)
{
    return client->fd >= 0;
}

/* ---- frames ------------------------------------------------------------- */

#define SEND_OK 0
#define SEND_FAILED (-1)
#define SEND_PEER_GONE (-2) /* nothing was written: the connection was already dead */

/* Writes one whole frame (buf: header + payload). */
static int send_all(ecoprod_client *client, const uint8_t *buf, size_t len, int64_t deadline,
                    int64_t timeout_nano, ecoprod_status *status)
{
    char eb[128]; /* for ERRSTR */
    size_t done = 0;
    while (done < len) {
        ssize_t n = send(client->fd, buf + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int r = wait_fd(client->fd, POLLOUT, deadline);
            if (r > 0)
                continue;
            if (r == 0) {
                set_local_timeout(status, timeout_nano);
            } else {
                ecoprod__status_set(status, ECOPROD_UNAVAILABLE, "poll on %s failed: %s",
                                    client->socket_path, ERRSTR(errno));
            }
            /* A partly written frame leaves the stream of frames unusable. */
            if (done > 0 || r < 0)
                disconnect(client);
            return SEND_FAILED;
        }
        {
            int err = n < 0 ? errno : EPIPE;
            disconnect(client);
            ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                                "connection to ecoprodd at %s lost: %s", client->socket_path,
                                ERRSTR(err));
            if (done == 0 && (err == EPIPE || err == ECONNRESET || err == ENOTCONN))
                return SEND_PEER_GONE;
            return SEND_FAILED;
        }
    }
    return SEND_OK;
}

static void frame_consumed(ecoprod_client *client)
{
    client->rhave = 0;
    /* Do not keep a buffer of several MiB around after a large frame. */
    if (client->rcap > 65536) {
        free(client->rbuf);
        client->rbuf = NULL;
        client->rcap = 0;
    }
}

/*
 * Reads the next whole frame into client->rbuf (header, then payload at
 * rbuf + 10). Returns 0 with *header filled, or -1 with status set. A partly
 * read frame is kept across a timeout, so the next call resumes it.
 * The caller calls frame_consumed() when done with the frame.
 */
static int read_frame(ecoprod_client *client, int64_t deadline, int64_t timeout_nano,
                      ecoprod_frame_header *header, ecoprod_status *status)
{
    char eb[128]; /* for ERRSTR */
    for (;;) {
        size_t need = ECOPROD_FRAME_HEADER_SIZE;
        ssize_t n;
        if (client->fd < 0) {
            ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                                "connection to ecoprodd at %s closed", client->socket_path);
            return -1;
        }
        if (client->rhave >= ECOPROD_FRAME_HEADER_SIZE) {
            ecoprod__frame_header_decode(client->rbuf, header);
            if (header->length > ECOPROD_MAX_FRAME_PAYLOAD) {
                uint32_t length = header->length, id = header->stream_id;
                disconnect(client);
                ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED,
                                    "ecoprodd sent a frame of %lu bytes on stream %lu, over the "
                                    "limit of %u bytes; connection closed",
                                    (unsigned long)length, (unsigned long)id,
                                    ECOPROD_MAX_FRAME_PAYLOAD);
                return -1;
            }
            need += header->length;
            if (client->rhave == need)
                return 0;
        }
        if (client->rcap < need) {
            size_t cap = need < 4096 ? 4096 : need;
            uint8_t *grown = realloc(client->rbuf, cap);
            if (grown == NULL) {
                disconnect(client);
                ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED,
                                    "out of memory reading a frame of %zu bytes", need);
                return -1;
            }
            client->rbuf = grown;
            client->rcap = cap;
        }
        n = recv(client->fd, client->rbuf + client->rhave, need - client->rhave, 0);
        if (n > 0) {
            client->rhave += (size_t)n;
            continue;
        }
        if (n == 0) {
            int partial = client->rhave > 0;
            disconnect(client);
            ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                                "ecoprodd at %s closed the connection%s", client->socket_path,
                                partial ? " in the middle of a frame" : "");
            return -1;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int r = wait_fd(client->fd, POLLIN, deadline);
            if (r > 0)
                continue;
            if (r == 0) {
                set_local_timeout(status, timeout_nano);
                return -1;
            }
        }
        {
            int err = errno;
            disconnect(client);
            ecoprod__status_set(status, ECOPROD_UNAVAILABLE,
                                "connection to ecoprodd at %s lost: %s", client->socket_path,
                                ERRSTR(err));
            return -1;
        }
    }
}

/* ---- calls -------------------------------------------------------------- */

static int check_call(ecoprod_client *client, const char *service, const char *method,
                      ecoprod_status *status)
{
    if (client == NULL || service == NULL || method == NULL || service[0] == '\0' ||
        method[0] == '\0') {
        ecoprod__status_set(status, ECOPROD_INVALID_ARGUMENT,
                            "a call needs a client, a service and a method");
        return -1;
    }
    if (client->active != NULL) {
        ecoprod__status_set(status, ECOPROD_FAILED_PRECONDITION,
                            "a server stream is still open on this client; an ecoprod_client "
                            "carries one call at a time (finish or close the stream, or use "
                            "another client)");
        return -1;
    }
    return 0;
}

/*
 * Sends the Request frame of a new call. Returns 0 with *stream_id and
 * *deadline set, or -1 with status set.
 */
static int start_call(ecoprod_client *client, const char *service, const char *method,
                      const ProtobufCMessage *request, uint8_t flags, uint32_t *stream_id,
                      int64_t *deadline, ecoprod_status *status)
{
    Ttrpc__Request envelope = TTRPC__REQUEST__INIT;
    size_t input_len = request != NULL ? protobuf_c_message_get_packed_size(request) : 0;
    size_t envelope_len;
    uint8_t *input = NULL, *frame = NULL;
    ecoprod_frame_header header;
    int attempt, result = -1;

    if (input_len > ECOPROD_MAX_FRAME_PAYLOAD) {
        ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED,
                            "the %s message of %zu bytes exceeds the frame limit of %u bytes",
                            request->descriptor->name, input_len, ECOPROD_MAX_FRAME_PAYLOAD);
        return -1;
    }
    if (input_len > 0) {
        input = malloc(input_len);
        if (input == NULL) {
            ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED, "out of memory");
            return -1;
        }
        protobuf_c_message_pack(request, input);
    }
    envelope.service = (char *)service;
    envelope.method = (char *)method;
    envelope.payload.len = input_len;
    envelope.payload.data = input;
    envelope.timeout_nano = client->timeout_nano;
    envelope_len = ttrpc__request__get_packed_size(&envelope);
    if (envelope_len > ECOPROD_MAX_FRAME_PAYLOAD) {
        ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED,
                            "the request for %s/%s, %zu bytes, exceeds the frame limit of %u "
                            "bytes",
                            service, method, envelope_len, ECOPROD_MAX_FRAME_PAYLOAD);
        goto out;
    }
    frame = malloc(ECOPROD_FRAME_HEADER_SIZE + envelope_len);
    if (frame == NULL) {
        ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED, "out of memory");
        goto out;
    }
    ttrpc__request__pack(&envelope, frame + ECOPROD_FRAME_HEADER_SIZE);
    *deadline = deadline_for(client->timeout_nano);

    /* One retry when the connection turns out to be dead before anything was
     * written (e.g. the daemon restarted): the daemon never saw the request. */
    for (attempt = 0; attempt < 2; attempt++) {
        int reused, sent;
        if (ensure_connected(client, status) < 0)
            goto out;
        reused = client->next_stream_id > 1;
        header.length = (uint32_t)envelope_len;
        header.stream_id = (uint32_t)client->next_stream_id;
        header.type = ECOPROD_FRAME_REQUEST;
        header.flags = flags;
        client->next_stream_id += 2; /* used even if refused: never reused */
        ecoprod__frame_header_encode(&header, frame);
        sent = send_all(client, frame, ECOPROD_FRAME_HEADER_SIZE + envelope_len, *deadline,
                        client->timeout_nano, status);
        if (sent == SEND_OK) {
            *stream_id = header.stream_id;
            result = 0;
            break;
        }
        if (sent != SEND_PEER_GONE || !reused)
            break;
    }
out:
    free(frame);
    free(input);
    return result;
}

/* Decodes a ttrpc.Response frame payload: 0 for OK (with *envelope_out kept
 * when asked for), -1 with status set for an error status or a bad envelope. */
static int decode_response(const uint8_t *payload, size_t len, uint32_t stream_id,
                           Ttrpc__Response **envelope_out, ecoprod_status *status)
{
    Ttrpc__Response *envelope = ttrpc__response__unpack(NULL, len, payload);
    if (envelope == NULL) {
        ecoprod__status_set(status, ECOPROD_INTERNAL,
                            "ecoprodd sent a malformed ttrpc.Response on stream %lu",
                            (unsigned long)stream_id);
        return -1;
    }
    if (envelope->status != NULL && envelope->status->code != ECOPROD_OK) {
        ecoprod__status_set(status, envelope->status->code, "%s",
                            envelope->status->message != NULL ? envelope->status->message : "");
        ttrpc__response__free_unpacked(envelope, NULL);
        return -1;
    }
    if (envelope_out != NULL)
        *envelope_out = envelope;
    else
        ttrpc__response__free_unpacked(envelope, NULL);
    status_ok(status);
    return 0;
}

int ecoprod_client_unary(ecoprod_client *client, const char *service, const char *method,
                         const ProtobufCMessage *request,
                         const ProtobufCMessageDescriptor *response_descriptor,
                         ProtobufCMessage **response_out, ecoprod_status *status)
{
    uint32_t stream_id;
    int64_t deadline, timeout_nano;

    if (response_out != NULL)
        *response_out = NULL;
    if (check_call(client, service, method, status) < 0)
        return -1;
    if (response_out != NULL && response_descriptor == NULL) {
        ecoprod__status_set(status, ECOPROD_INVALID_ARGUMENT,
                            "a unary call with response_out needs a response_descriptor");
        return -1;
    }
    timeout_nano = client->timeout_nano;
    if (start_call(client, service, method, request, 0, &stream_id, &deadline, status) < 0)
        return -1;

    for (;;) {
        ecoprod_frame_header header;
        const uint8_t *payload;
        Ttrpc__Response *envelope = NULL;
        int result;

        if (read_frame(client, deadline, timeout_nano, &header, status) < 0)
            return -1;
        payload = client->rbuf + ECOPROD_FRAME_HEADER_SIZE;
        if (header.stream_id != stream_id || (header.type != ECOPROD_FRAME_RESPONSE &&
                                              header.type != ECOPROD_FRAME_DATA)) {
            frame_consumed(client); /* another (finished) call's frame, or undefined type */
            continue;
        }
        if (header.type == ECOPROD_FRAME_DATA) {
            frame_consumed(client);
            ecoprod__status_set(status, ECOPROD_INTERNAL,
                                "ecoprodd sent a Data frame on unary call %s/%s (stream %lu)",
                                service, method, (unsigned long)stream_id);
            return -1;
        }
        result = decode_response(payload, header.length, stream_id,
                                 response_out != NULL ? &envelope : NULL, status);
        frame_consumed(client);
        if (result < 0 || envelope == NULL)
            return result;
        *response_out = protobuf_c_message_unpack(response_descriptor, NULL,
                                                  envelope->payload.len, envelope->payload.data);
        ttrpc__response__free_unpacked(envelope, NULL);
        if (*response_out == NULL) {
            ecoprod__status_set(status, ECOPROD_INTERNAL,
                                "cannot decode the answer of %s/%s as %s", service, method,
                                response_descriptor->name);
            return -1;
        }
        return 0;
    }
}

ecoprod_stream *ecoprod_client_server_stream(ecoprod_client *client, const char *service,
                                             const char *method,
                                             const ProtobufCMessage *request,
                                             const ProtobufCMessageDescriptor *response_descriptor,
                                             ecoprod_status *status)
{
    ecoprod_stream *stream;

    if (check_call(client, service, method, status) < 0)
        return NULL;
    if (response_descriptor == NULL) {
        ecoprod__status_set(status, ECOPROD_INVALID_ARGUMENT,
                            "a server stream needs a response_descriptor");
        return NULL;
    }
    stream = calloc(1, sizeof *stream);
    if (stream == NULL) {
        ecoprod__status_set(status, ECOPROD_RESOURCE_EXHAUSTED, "out of memory");
        return NULL;
    }
    stream->client = client;
    stream->descriptor = response_descriptor;
    stream->timeout_nano = client->timeout_nano;
    if (start_call(client, service, method, request, ECOPROD_FLAG_REMOTE_CLOSED,
                   &stream->stream_id, &stream->deadline, status) < 0) {
        free(stream);
        return NULL;
    }
    stream->state = STREAM_OPEN;
    client->active = stream;
    status_ok(status);
    return stream;
}

/* Ends a stream the daemon may still be running: closing the connection cancels it. */
static int abandon(ecoprod_stream *stream, ecoprod_status *status)
{
    ecoprod_client *client = stream->client;
    ecoprod_status copy = {0, ""};
    if (status != NULL)
        copy = *status;
    client->active = NULL;
    disconnect(client);
    finish_stream(stream, STREAM_FAILED, status != NULL ? &copy : NULL);
    return -1;
}

int ecoprod_stream_next(ecoprod_stream *stream, ProtobufCMessage **message_out,
                        ecoprod_status *status)
{
    ecoprod_client *client;

    if (message_out != NULL)
        *message_out = NULL;
    if (stream == NULL || message_out == NULL) {
        ecoprod__status_set(status, ECOPROD_INVALID_ARGUMENT,
                            "ecoprod_stream_next needs a stream and message_out");
        return -1;
    }
    if (stream->state == STREAM_ENDED) {
        status_ok(status);
        return 0;
    }
    if (stream->state == STREAM_FAILED) {
        if (status != NULL)
            *status = stream->final_status;
        return -1;
    }
    client = stream->client;

    for (;;) {
        ecoprod_frame_header header;
        const uint8_t *payload;
        ecoprod_status local;

        if (read_frame(client, stream->deadline, stream->timeout_nano, &header, &local) < 0) {
            if (status != NULL)
                *status = local;
            if (client->fd >= 0 && client->active == stream)
                return abandon(stream, &local); /* local timeout: cancel the call */
            finish_stream(stream, STREAM_FAILED, &local);
            return -1;
        }
        payload = client->rbuf + ECOPROD_FRAME_HEADER_SIZE;
        if (header.stream_id != stream->stream_id) {
            frame_consumed(client);
            continue;
        }
        if (header.type == ECOPROD_FRAME_DATA) {
            ProtobufCMessage *message = NULL;
            if (!(header.flags & ECOPROD_FLAG_NO_DATA)) {
                message = protobuf_c_message_unpack(stream->descriptor, NULL, header.length,
                                                    payload);
                if (message == NULL) {
                    frame_consumed(client);
                    ecoprod__status_set(&local, ECOPROD_INTERNAL,
                                        "cannot decode a message of the stream as %s",
                                        stream->descriptor->name);
                    if (status != NULL)
                        *status = local;
                    return abandon(stream, &local);
                }
            }
            frame_consumed(client);
            if (header.flags & ECOPROD_FLAG_REMOTE_CLOSED)
                finish_stream(stream, STREAM_ENDED, NULL);
            if (message != NULL) {
                *message_out = message;
                status_ok(status);
                return 1;
            }
            if (stream->state == STREAM_ENDED) {
                status_ok(status);
                return 0;
            }
            continue; /* an empty no-data frame that does not end the stream */
        }
        if (header.type == ECOPROD_FRAME_RESPONSE) {
            int result = decode_response(payload, header.length, stream->stream_id, NULL, &local);
            frame_consumed(client);
            if (status != NULL)
                *status = local;
            finish_stream(stream, result < 0 ? STREAM_FAILED : STREAM_ENDED, &local);
            return result < 0 ? -1 : 0;
        }
        frame_consumed(client); /* undefined frame type: ignored */
    }
}

void ecoprod_stream_close(ecoprod_stream *stream)
{
    if (stream == NULL)
        return;
    if (stream->client != NULL && stream->client->active == stream) {
        stream->client->active = NULL;
        disconnect(stream->client); /* the only way to cancel a ttrpc call */
    }
    free(stream);
}
