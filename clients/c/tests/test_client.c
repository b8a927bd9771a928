/*
 * Tests of the ecoprod C client against the real daemon and against scripted
 * fake servers (for what the daemon cannot be made to do).
 *
 * Environment:
 *   ECOPROD_DAEMON          the ecoprodd binary (default ../../.build/debug/ecoprodd)
 *   ECOPROD_HEALTH_EXAMPLE  the example binary build/health (default build/health)
 *
 * Prints one line per failed check and ends with "N passed, M failed"; exits
 * non-zero if any test failed.
 */
#include "ecoprod/client.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ecoprod/daemon/v1/daemon.pb-c.h"
#include "internal.h"

/* ---- a minimal test runner ---------------------------------------------- */

static int tests_passed, tests_failed, current_failed;
static const char *current_test;

static void check_failed(int line, const char *expr, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "FAIL %s (line %d): %s", current_test, line, expr);
    if (format != NULL && format[0] != '\0') {
        fprintf(stderr, ": ");
        va_start(args, format);
        vfprintf(stderr, format, args);
        va_end(args);
    }
    fputc('\n', stderr);
    current_failed = 1;
}

/* CHECK(cond, printf-format, ...): on failure, report and leave the test. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            check_failed(__LINE__, #cond, __VA_ARGS__);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_STATUS(st, expected)                                                                 \
    CHECK((st).code == (expected), "expected %s, got %s: %s", ecoprod_status_code_name(expected),  \
          ecoprod_status_code_name((st).code), (st).message)

#define RUN(test)                                                                                  \
    do {                                                                                           \
        current_test = #test;                                                                      \
        current_failed = 0;                                                                        \
        test();                                                                                    \
        if (current_failed) {                                                                      \
            tests_failed++;                                                                        \
        } else {                                                                                   \
            tests_passed++;                                                                        \
            printf("ok   %s\n", #test);                                                            \
        }                                                                                          \
        fflush(stdout);                                                                            \
    } while (0)

/* ---- fixture: the real daemon --------------------------------------------- */

static char tmp_dir[] = "/tmp/ecoprod-c-test.XXXXXX";
static char socket_path[256];
static char log_path[256];
static pid_t daemon_pid = -1;

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/* Fills a Unix socket address; 0, or -1 if the path does not fit. */
static int set_address(struct sockaddr_un *addr, const char *path)
{
    size_t len = strlen(path);
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (len >= sizeof addr->sun_path)
        return -1;
    memcpy(addr->sun_path, path, len + 1);
    return 0;
}

static int can_connect(const char *path)
{
    struct sockaddr_un addr;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok;
    if (fd < 0)
        return 0;
    ok = set_address(&addr, path) == 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
    close(fd);
    return ok;
}

static void print_daemon_log(void)
{
    char line[512];
    FILE *f = fopen(log_path, "r");
    if (f == NULL)
        return;
    fprintf(stderr, "--- daemon log (%s)\n", log_path);
    while (fgets(line, sizeof line, f) != NULL)
        fputs(line, stderr);
    fclose(f);
}

static int start_daemon(const char *daemon)
{
    char state_dir[256];
    int i;

    snprintf(socket_path, sizeof socket_path, "%s/s.sock", tmp_dir);
    snprintf(state_dir, sizeof state_dir, "%s/state", tmp_dir);
    snprintf(log_path, sizeof log_path, "%s/daemon.log", tmp_dir);
    fflush(NULL);
    daemon_pid = fork();
    if (daemon_pid < 0) {
        perror("fork");
        return -1;
    }
    if (daemon_pid == 0) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        execl(daemon, daemon, "--socket", socket_path, "--state-dir", state_dir, "--config",
              "/dev/null", "--log-target", "stderr", (char *)NULL);
        fprintf(stderr, "cannot run %s: %s\n", daemon, strerror(errno));
        _exit(127);
    }
    /* Ready when connect() succeeds; give up after 20 s. */
    for (i = 0; i < 400; i++) {
        int wstatus;
        if (can_connect(socket_path))
            return 0;
        if (waitpid(daemon_pid, &wstatus, WNOHANG) == daemon_pid) {
            fprintf(stderr, "the daemon %s exited before serving\n", daemon);
            daemon_pid = -1;
            print_daemon_log();
            return -1;
        }
        sleep_ms(50);
    }
    fprintf(stderr, "the daemon did not open %s within 20 s\n", socket_path);
    print_daemon_log();
    return -1;
}

/* Sends SIGTERM (unless already sent) and waits at most 20 s for the exit;
 * returns the wait status, or -1. */
static int stop_daemon(int send_sigterm)
{
    int i, wstatus;
    if (daemon_pid <= 0)
        return -1;
    if (send_sigterm)
        kill(daemon_pid, SIGTERM);
    for (i = 0; i < 400; i++) {
        if (waitpid(daemon_pid, &wstatus, WNOHANG) == daemon_pid) {
            daemon_pid = -1;
            return wstatus;
        }
        sleep_ms(50);
    }
    kill(daemon_pid, SIGKILL);
    waitpid(daemon_pid, &wstatus, 0);
    daemon_pid = -1;
    return -1;
}

static ecoprod_client *connect_daemon(void)
{
    ecoprod_status status;
    ecoprod_client *client = ecoprod_client_connect(socket_path, &status);
    if (client == NULL)
        fprintf(stderr, "connect: %s: %s\n", ecoprod_status_code_name(status.code),
                status.message);
    return client;
}

/* ---- fixture: scripted fake servers ------------------------------------- */

static int fake_count;

static int read_exact(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

static int send_frame(int fd, uint32_t id, uint8_t type, uint8_t flags, const void *payload,
                      size_t len)
{
    uint8_t header[ECOPROD_FRAME_HEADER_SIZE];
    ecoprod_frame_header h;
    h.length = (uint32_t)len;
    h.stream_id = id;
    h.type = type;
    h.flags = flags;
    ecoprod__frame_header_encode(&h, header);
    if (write_all(fd, header, sizeof header) < 0)
        return -1;
    return len > 0 ? write_all(fd, payload, len) : 0;
}

/* Reads one frame; returns its header and payload (malloc'd, caller frees) or -1. */
static int recv_frame(int fd, ecoprod_frame_header *h, uint8_t **payload)
{
    uint8_t header[ECOPROD_FRAME_HEADER_SIZE];
    *payload = NULL;
    if (read_exact(fd, header, sizeof header) < 0)
        return -1;
    ecoprod__frame_header_decode(header, h);
    *payload = malloc(h->length + 1);
    if (*payload == NULL || read_exact(fd, *payload, h->length) < 0) {
        free(*payload);
        *payload = NULL;
        return -1;
    }
    return 0;
}

/* Waits until the client closes the connection (or 10 s pass). */
static void wait_for_eof(int fd)
{
    uint8_t buf[256];
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (elapsed_ms(&start) < 10000) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR))
            return;
    }
}

typedef int (*fake_script)(int fd); /* returns 0 if everything the client sent was as expected */

typedef struct fake_server {
    pid_t pid;
    char path[256];
} fake_server;

/* Listens on a new socket; a child process accepts one connection and runs `script`. */
static int fake_start(fake_server *fake, fake_script script)
{
    struct sockaddr_un addr;
    int listener;

    snprintf(fake->path, sizeof fake->path, "%s/fake-%d.sock", tmp_dir, ++fake_count);
    listener = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listener < 0)
        return -1;
    if (set_address(&addr, fake->path) < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 4) < 0) {
        close(listener);
        return -1;
    }
    fflush(NULL);
    fake->pid = fork();
    if (fake->pid < 0) {
        close(listener);
        return -1;
    }
    if (fake->pid == 0) {
        int fd = accept(listener, NULL, NULL), result;
        close(listener);
        result = fd >= 0 ? script(fd) : 2;
        if (fd >= 0)
            close(fd);
        _exit(result);
    }
    close(listener);
    return 0;
}

/* Returns the script's result (0 = the client behaved), or -1. */
static int fake_finish(fake_server *fake)
{
    int wstatus;
    if (waitpid(fake->pid, &wstatus, 0) != fake->pid)
        return -1;
    unlink(fake->path);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

static int hex_equal(const uint8_t *bytes, size_t len, const char *hex)
{
    size_t i = 0;
    while (*hex != '\0') {
        unsigned value;
        if (*hex == ' ') {
            hex++;
            continue;
        }
        if (i >= len || sscanf(hex, "%2x", &value) != 1 || bytes[i] != value)
            return 0;
        hex += 2;
        i++;
    }
    return i == len;
}

/* ---- unit tests --------------------------------------------------------- */

static void test_status_code_names(void)
{
    CHECK(strcmp(ecoprod_status_code_name(ECOPROD_OK), "OK") == 0, "");
    CHECK(strcmp(ecoprod_status_code_name(ECOPROD_DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED") == 0,
          "");
    CHECK(strcmp(ecoprod_status_code_name(ECOPROD_UNIMPLEMENTED), "UNIMPLEMENTED") == 0, "");
    CHECK(strcmp(ecoprod_status_code_name(ECOPROD_UNAUTHENTICATED), "UNAUTHENTICATED") == 0, "");
    CHECK(strcmp(ecoprod_status_code_name(17), "UNRECOGNIZED_CODE") == 0, "");
    CHECK(strcmp(ecoprod_status_code_name(-1), "UNRECOGNIZED_CODE") == 0, "");
}

static void test_frame_header_encoding(void)
{
    uint8_t bytes[ECOPROD_FRAME_HEADER_SIZE];
    ecoprod_frame_header h = {34, 1, ECOPROD_FRAME_REQUEST, 0}, back;
    ecoprod__frame_header_encode(&h, bytes);
    CHECK(hex_equal(bytes, sizeof bytes, "00 00 00 22 00 00 00 01 01 00"), "");
    h.length = 0x00400000;
    h.stream_id = 0xFFFFFFFFu;
    h.type = ECOPROD_FRAME_DATA;
    h.flags = 0x05;
    ecoprod__frame_header_encode(&h, bytes);
    CHECK(hex_equal(bytes, sizeof bytes, "00 40 00 00 ff ff ff ff 03 05"), "");
    ecoprod__frame_header_decode(bytes, &back);
    CHECK(back.length == h.length && back.stream_id == h.stream_id && back.type == 3 &&
              back.flags == 5,
          "");
}

static void test_invalid_arguments(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = (ProtobufCMessage *)&status; /* must be reset to NULL */
    CHECK(ecoprod_client_unary(NULL, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, &message,
                               &status) == -1,
          "");
    CHECK_STATUS(status, ECOPROD_INVALID_ARGUMENT);
    CHECK(message == NULL, "");
    CHECK(ecoprod_client_server_stream(NULL, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                       &ecoprod__daemon__v1__event__descriptor, &status) == NULL,
          "");
    CHECK_STATUS(status, ECOPROD_INVALID_ARGUMENT);
    CHECK(ecoprod_stream_next(NULL, &message, &status) == -1, "");
    CHECK_STATUS(status, ECOPROD_INVALID_ARGUMENT);
    ecoprod_client_close(NULL);
    ecoprod_stream_close(NULL);
    ecoprod_client_set_timeout_ms(NULL, 5);
}

/* ---- connecting --------------------------------------------------------- */

static void test_connect_missing_socket(void)
{
    char path[300];
    ecoprod_status status;
    ecoprod_client *client;
    snprintf(path, sizeof path, "%s/missing.sock", tmp_dir);
    client = ecoprod_client_connect(path, &status);
    CHECK(client == NULL, "");
    CHECK_STATUS(status, ECOPROD_UNAVAILABLE);
    CHECK(strstr(status.message, path) != NULL, "message does not name the path: %s",
          status.message);
    /* NULL status is allowed. */
    CHECK(ecoprod_client_connect(path, NULL) == NULL, "");
}

static void test_connect_path_too_long(void)
{
    char path[200];
    ecoprod_status status;
    memset(path, 'x', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    CHECK(ecoprod_client_connect(path, &status) == NULL, "");
    CHECK_STATUS(status, ECOPROD_INVALID_ARGUMENT);
}

static void test_connect_from_environment(void)
{
    ecoprod_status status;
    ecoprod_client *client;
    ProtobufCMessage *response = NULL;
    int rc;
    setenv(ECOPROD_SOCKET_ENV, socket_path, 1);
    client = ecoprod_client_connect(NULL, &status);
    unsetenv(ECOPROD_SOCKET_ENV);
    CHECK(client != NULL, "%s", status.message);
    CHECK_STATUS(status, ECOPROD_OK);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Info", NULL,
                              &ecoprod__daemon__v1__info_response__descriptor, &response, &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
    CHECK(strcmp(((Ecoprod__Daemon__V1__InfoResponse *)response)->socket_path, socket_path) == 0,
          "");
    protobuf_c_message_free_unpacked(response, NULL);
}

/* ---- unary calls on the real daemon --------------------------------------- */

static void test_health_serving(void)
{
    ecoprod_status status;
    ProtobufCMessage *response = NULL;
    Ecoprod__Daemon__V1__HealthResponse *health;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    ecoprod_client_set_timeout_ms(client, 5000);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &response,
                              &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s: %s", ecoprod_status_code_name(status.code), status.message);
    CHECK_STATUS(status, ECOPROD_OK);
    CHECK(status.message[0] == '\0', "");
    CHECK(response != NULL, "");
    health = (Ecoprod__Daemon__V1__HealthResponse *)response;
    CHECK(health->status == ECOPROD__DAEMON__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING,
          "status %d", (int)health->status);
    protobuf_c_message_free_unpacked(response, NULL);
}

static void test_info(void)
{
    ecoprod_status status;
    ProtobufCMessage *response = NULL;
    Ecoprod__Daemon__V1__InfoResponse *info;
    Ecoprod__Daemon__V1__InfoRequest request = ECOPROD__DAEMON__V1__INFO_REQUEST__INIT;
    ecoprod_client *client = connect_daemon();
    size_t i;
    int rc, found = 0;
    CHECK(client != NULL, "");
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Info", &request.base,
                              &ecoprod__daemon__v1__info_response__descriptor, &response, &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
    info = (Ecoprod__Daemon__V1__InfoResponse *)response;
    for (i = 0; i < info->n_api_versions; i++)
        found |= strcmp(info->api_versions[i], "ecoprod.daemon.v1") == 0;
    rc = info->version[0] != '\0' && found && info->pid == (int32_t)daemon_pid &&
         info->caller != NULL && info->caller->uid == (uint32_t)getuid() &&
         info->caller->pid == (int32_t)getpid();
    if (!rc)
        fprintf(stderr, "  version '%s', api ecoprod.daemon.v1 %s, pid %d (daemon %d)\n",
                info->version, found ? "found" : "missing", (int)info->pid, (int)daemon_pid);
    protobuf_c_message_free_unpacked(response, NULL);
    CHECK(rc, "unexpected InfoResponse");
}

static void test_response_not_wanted(void)
{
    ecoprod_status status;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
}

static void test_unknown_method(void)
{
    ecoprod_status status;
    ProtobufCMessage *response = NULL;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    CHECK(ecoprod__client_next_stream_id(client) == 1, "");
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "NoSuchMethod", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &response,
                              &status);
    CHECK(rc == -1 && response == NULL, "");
    CHECK_STATUS(status, ECOPROD_UNIMPLEMENTED);
    CHECK(strstr(status.message, "NoSuchMethod") != NULL, "message: %s", status.message);
    /* The connection carries on, with the next odd stream id. */
    CHECK(ecoprod__client_next_stream_id(client) == 3, "");
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &response,
                              &status);
    CHECK(ecoprod__client_next_stream_id(client) == 5, "");
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
    protobuf_c_message_free_unpacked(response, NULL);
}

static void test_unknown_service(void)
{
    ecoprod_status status;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    rc = ecoprod_client_unary(client, "no.such.Service", "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_UNIMPLEMENTED);
    CHECK(strstr(status.message, "no.such.Service") != NULL, "message: %s", status.message);
}

static void test_malformed_input(void)
{
    /* A HealthRequest whose encoding is broken: an unknown field 1, length-delimited,
     * announcing 5 bytes where 1 follows (libprotobuf-c packs unknown fields verbatim). */
    Ecoprod__Daemon__V1__HealthRequest request = ECOPROD__DAEMON__V1__HEALTH_REQUEST__INIT;
    uint8_t broken[] = {0x05, 'a'};
    ProtobufCMessageUnknownField field;
    ecoprod_status status;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    field.tag = 1;
    field.wire_type = PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED;
    field.len = sizeof broken;
    field.data = broken;
    request.base.n_unknown_fields = 1;
    request.base.unknown_fields = &field;
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", &request.base, NULL, NULL,
                              &status);
    ecoprod_client_close(client);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_INVALID_ARGUMENT);
    CHECK(strstr(status.message, "ecoprod.daemon.v1.HealthRequest") != NULL, "message: %s",
          status.message);
}

static void test_deadline_already_expired(void)
{
    ecoprod_status status;
    ProtobufCMessage *response = NULL;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    ecoprod__client_set_timeout_nano(client, -1);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &response,
                              &status);
    CHECK(rc == -1 && response == NULL, "");
    CHECK_STATUS(status, ECOPROD_DEADLINE_EXCEEDED);
    /* The daemon's answer, not the client's local timeout. */
    CHECK(strncmp(status.message, "no answer", 9) != 0, "local timeout: %s", status.message);
    /* The client stays usable. */
    ecoprod_client_set_timeout_ms(client, 0);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &response,
                              &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
    protobuf_c_message_free_unpacked(response, NULL);
}

static void test_deadline_one_nanosecond(void)
{
    ecoprod_status status;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL, "");
    ecoprod__client_set_timeout_nano(client, 1);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Info", NULL,
                              &ecoprod__daemon__v1__info_response__descriptor, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_DEADLINE_EXCEEDED);
}

static void test_request_too_large(void)
{
    Ecoprod__Daemon__V1__WatchRequest request = ECOPROD__DAEMON__V1__WATCH_REQUEST__INIT;
    size_t big = (size_t)ECOPROD_MAX_FRAME_PAYLOAD + 1;
    char *topic = malloc(big + 1);
    char *topics[1];
    ecoprod_status status;
    ecoprod_stream *stream;
    ecoprod_client *client = connect_daemon();
    int rc;
    CHECK(client != NULL && topic != NULL, "");
    memset(topic, 'a', big);
    topic[big] = '\0';
    topics[0] = topic;
    request.n_topics = 1;
    request.topics = topics;
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", &request.base,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Watch", &request.base, NULL, NULL,
                              &status);
    free(topic);
    CHECK(stream == NULL, "");
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_RESOURCE_EXHAUSTED);
    /* Nothing was sent: the connection is intact and no stream id was used. */
    CHECK(ecoprod__client_next_stream_id(client) == 1, "");
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
}

/* ---- streams on the real daemon ----------------------------------------- */

/* Reads events until one has `topic` (at most 50 events); 1 if found. */
static int next_event(ecoprod_stream *stream, const char *topic, ecoprod_status *status,
                      Ecoprod__Daemon__V1__Event **event_out)
{
    int i;
    for (i = 0; i < 50; i++) {
        ProtobufCMessage *message = NULL;
        Ecoprod__Daemon__V1__Event *event;
        int rc = ecoprod_stream_next(stream, &message, status);
        if (rc != 1)
            return rc;
        event = (Ecoprod__Daemon__V1__Event *)message;
        if (strcmp(event->topic, topic) == 0) {
            if (event_out != NULL)
                *event_out = event;
            else
                protobuf_c_message_free_unpacked(message, NULL);
            return 1;
        }
        protobuf_c_message_free_unpacked(message, NULL);
    }
    return -1;
}

static void test_watch_and_reload(void)
{
    ecoprod_status status, reload_status;
    ecoprod_client *watcher = connect_daemon(), *admin = connect_daemon();
    Ecoprod__Daemon__V1__ReloadRequest request = ECOPROD__DAEMON__V1__RELOAD_REQUEST__INIT;
    Ecoprod__Daemon__V1__ReloadResponse *reload = NULL;
    Ecoprod__Daemon__V1__Event *event = NULL;
    Ecoprod__Daemon__V1__Reloaded *detail;
    ProtobufCMessage *message = NULL;
    ecoprod_stream *stream;
    uint64_t first_sequence;
    int rc, reload_rc;

    CHECK(watcher != NULL && admin != NULL, "");
    ecoprod_client_set_timeout_ms(watcher, 15000);
    ecoprod_client_set_timeout_ms(admin, 15000);
    stream = ecoprod_client_server_stream(watcher, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);

    /* The first event is always daemon.watch.started. */
    rc = ecoprod_stream_next(stream, &message, &status);
    CHECK(rc == 1, "rc %d: %s: %s", rc, ecoprod_status_code_name(status.code), status.message);
    event = (Ecoprod__Daemon__V1__Event *)message;
    rc = strcmp(event->topic, "daemon.watch.started") == 0 && strcmp(event->source, "builtin") == 0;
    first_sequence = event->sequence;
    protobuf_c_message_free_unpacked(message, NULL);
    CHECK(rc, "first event is not daemon.watch.started from builtin");

    request.wait = 1;
    reload_rc = ecoprod_client_unary(admin, ECOPROD_DAEMON_SERVICE, "Reload", &request.base,
                                     &ecoprod__daemon__v1__reload_response__descriptor,
                                     &message, &reload_status);
    ecoprod_client_close(admin);
    CHECK(reload_rc == 0, "Reload: %s: %s", ecoprod_status_code_name(reload_status.code),
          reload_status.message);
    reload = (Ecoprod__Daemon__V1__ReloadResponse *)message;

    event = NULL;
    rc = next_event(stream, "daemon.reloading", &status, &event);
    if (rc == 1) {
        rc = event->sequence > first_sequence ? 1 : -2;
        protobuf_c_message_free_unpacked(&event->base, NULL);
        event = NULL;
    }
    if (rc == 1)
        rc = next_event(stream, "daemon.reloaded", &status, &event);
    ecoprod_stream_close(stream);
    ecoprod_client_close(watcher);
    if (rc != 1) {
        protobuf_c_message_free_unpacked(&reload->base, NULL);
        CHECK(rc == 1, "rc %d: %s", rc, status.message);
    }
    detail = NULL;
    if (event->detail != NULL &&
        strcmp(event->detail->type_url, "type.googleapis.com/ecoprod.daemon.v1.Reloaded") == 0)
        detail = ecoprod__daemon__v1__reloaded__unpack(NULL, event->detail->value.len,
                                                       event->detail->value.data);
    rc = detail != NULL && detail->generation == reload->generation && reload->generation >= 1;
    if (detail != NULL)
        ecoprod__daemon__v1__reloaded__free_unpacked(detail, NULL);
    protobuf_c_message_free_unpacked(&event->base, NULL);
    protobuf_c_message_free_unpacked(&reload->base, NULL);
    CHECK(rc, "daemon.reloaded detail missing or generation differs");
}

static void test_stream_deadline(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = NULL;
    ecoprod_client *client = connect_daemon();
    ecoprod_stream *stream;
    struct timespec start;
    long took;
    int rc;
    CHECK(client != NULL, "");
    ecoprod_client_set_timeout_ms(client, 300);
    clock_gettime(CLOCK_MONOTONIC, &start);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);
    rc = ecoprod_stream_next(stream, &message, &status);
    CHECK(rc == 1, "%s", status.message);
    protobuf_c_message_free_unpacked(message, NULL);
    rc = next_event(stream, "no.such.topic", &status, NULL);
    took = elapsed_ms(&start);
    CHECK(rc == -1, "rc %d", rc);
    CHECK_STATUS(status, ECOPROD_DEADLINE_EXCEEDED);
    CHECK(took >= 250 && took < 5000, "took %ld ms", took);
    /* Finished: the same answer again, and the client is free for another call. */
    CHECK(ecoprod_stream_next(stream, &message, &status) == -1 && message == NULL, "");
    CHECK_STATUS(status, ECOPROD_DEADLINE_EXCEEDED);
    ecoprod_stream_close(stream);
    ecoprod_client_set_timeout_ms(client, 5000);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == 0, "%s", status.message);
}

static void test_one_call_at_a_time(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = NULL;
    ecoprod_client *client = connect_daemon();
    ecoprod_stream *stream, *second;
    int rc;
    CHECK(client != NULL, "");
    ecoprod_client_set_timeout_ms(client, 10000);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);
    rc = ecoprod_stream_next(stream, &message, &status);
    protobuf_c_message_free_unpacked(message, NULL);
    CHECK(rc == 1, "%s", status.message);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_FAILED_PRECONDITION);
    second = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(second == NULL, "");
    CHECK_STATUS(status, ECOPROD_FAILED_PRECONDITION);
    /* Closing the running stream cancels it by closing the connection... */
    ecoprod_stream_close(stream);
    CHECK(!ecoprod__client_connected(client), "");
    /* ...and the next call connects again, with stream ids starting afresh. */
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    CHECK(rc == 0, "%s", status.message);
    CHECK(ecoprod__client_connected(client) && ecoprod__client_next_stream_id(client) == 3, "");
    ecoprod_client_close(client);
}

static void test_client_close_detaches_stream(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = NULL;
    ecoprod_client *client = connect_daemon();
    ecoprod_stream *stream;
    int rc;
    CHECK(client != NULL, "");
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);
    ecoprod_client_close(client);
    rc = ecoprod_stream_next(stream, &message, &status);
    ecoprod_stream_close(stream);
    CHECK(rc == -1 && message == NULL, "");
    CHECK_STATUS(status, ECOPROD_CANCELLED);
}

static void test_stream_unknown_method(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = NULL;
    ecoprod_client *client = connect_daemon();
    ecoprod_stream *stream;
    int rc;
    CHECK(client != NULL, "");
    ecoprod_client_set_timeout_ms(client, 5000);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "NoSuchStream", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);
    rc = ecoprod_stream_next(stream, &message, &status);
    ecoprod_stream_close(stream);
    /* The stream had finished: closing it kept the connection. */
    rc = rc == -1 && ecoprod__client_connected(client);
    ecoprod_client_close(client);
    CHECK(rc, "");
    CHECK_STATUS(status, ECOPROD_UNIMPLEMENTED);
    CHECK(strstr(status.message, "NoSuchStream") != NULL, "message: %s", status.message);
}

/* ---- against fake servers ----------------------------------------------- */

#define HEALTH_REQUEST_FRAME                                                                       \
    "00 00 00 22 00 00 00 01 01 00 0a 18 65 63 6f 70 72 6f 64 2e 64 61 65 6d 6f 6e 2e 76 31 2e "   \
    "44 61 65 6d 6f 6e 12 06 48 65 61 6c 74 68"
#define WATCH_REQUEST_FRAME_3                                                                      \
    "00 00 00 21 00 00 00 03 01 01 0a 18 65 63 6f 70 72 6f 64 2e 64 61 65 6d 6f 6e 2e 76 31 2e "   \
    "44 61 65 6d 6f 6e 12 05 57 61 74 63 68"

static const uint8_t health_ok_envelope[] = {0x0a, 0x00, 0x12, 0x02, 0x08, 0x01};

static int expect_frame(int fd, const char *hex)
{
    ecoprod_frame_header h;
    uint8_t *payload, *whole;
    int ok;
    if (recv_frame(fd, &h, &payload) < 0)
        return 0;
    whole = malloc(ECOPROD_FRAME_HEADER_SIZE + h.length);
    ecoprod__frame_header_encode(&h, whole);
    memcpy(whole + ECOPROD_FRAME_HEADER_SIZE, payload, h.length);
    ok = hex_equal(whole, ECOPROD_FRAME_HEADER_SIZE + h.length, hex);
    free(whole);
    free(payload);
    return ok;
}

/* The bytes of docs/PROTOCOL.md section 12, in both directions. */
static int script_worked_example(int fd)
{
    static const uint8_t health_response[] = {0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01,
                                              0x02, 0x00, 0x0a, 0x00, 0x12, 0x02, 0x08, 0x01};
    static const uint8_t stream_end[] = {0, 0, 0, 0, 0, 0, 0, 3, 3, 5};
    if (!expect_frame(fd, HEALTH_REQUEST_FRAME))
        return 1;
    if (write_all(fd, health_response, sizeof health_response) < 0)
        return 2;
    if (!expect_frame(fd, WATCH_REQUEST_FRAME_3))
        return 3;
    if (write_all(fd, stream_end, sizeof stream_end) < 0)
        return 4;
    wait_for_eof(fd);
    return 0;
}

static void test_fake_worked_example_bytes(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    ecoprod_stream *stream;
    ProtobufCMessage *message = NULL;
    int rc, serving, end;
    CHECK(fake_start(&fake, script_worked_example) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    CHECK(client != NULL, "%s", status.message);
    ecoprod_client_set_timeout_ms(client, 0); /* timeout_nano 0: absent, as in the example */
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &message,
                              &status);
    serving = rc == 0 && ((Ecoprod__Daemon__V1__HealthResponse *)message)->status ==
                             ECOPROD__DAEMON__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING;
    if (message != NULL)
        protobuf_c_message_free_unpacked(message, NULL);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    end = stream != NULL ? ecoprod_stream_next(stream, &message, &status) : -9;
    ecoprod_stream_close(stream);
    ecoprod_client_close(client);
    rc = fake_finish(&fake);
    CHECK(serving, "Health: %s", status.message);
    CHECK(end == 0, "stream end %d: %s", end, status.message);
    CHECK(rc == 0, "the fake server saw unexpected bytes (step %d)", rc);
}

/* Frames of other streams and of undefined types come first; the answer last. */
static int script_skip_other_streams(int fd)
{
    static const uint8_t junk[] = {0x01, 0x02, 0x03};
    ecoprod_frame_header h;
    uint8_t *payload;
    if (recv_frame(fd, &h, &payload) < 0)
        return 1;
    free(payload);
    if (h.stream_id != 1 || h.type != ECOPROD_FRAME_REQUEST || h.flags != 0)
        return 2;
    if (send_frame(fd, 7, ECOPROD_FRAME_RESPONSE, 0, junk, sizeof junk) < 0 ||
        send_frame(fd, 9, ECOPROD_FRAME_DATA, 0, junk, sizeof junk) < 0 ||
        send_frame(fd, 1, 4, 0, junk, sizeof junk) < 0 ||
        send_frame(fd, 1, ECOPROD_FRAME_RESPONSE, 0, health_ok_envelope,
                   sizeof health_ok_envelope) < 0)
        return 3;
    wait_for_eof(fd);
    return 0;
}

static void test_fake_skips_other_streams(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    ProtobufCMessage *message = NULL;
    int rc, script;
    CHECK(fake_start(&fake, script_skip_other_streams) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    ecoprod_client_set_timeout_ms(client, 5000);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                              &ecoprod__daemon__v1__health_response__descriptor, &message,
                              &status);
    ecoprod_client_close(client);
    script = fake_finish(&fake);
    CHECK(rc == 0, "%s: %s", ecoprod_status_code_name(status.code), status.message);
    CHECK(((Ecoprod__Daemon__V1__HealthResponse *)message)->status == 1, "");
    protobuf_c_message_free_unpacked(message, NULL);
    CHECK(script == 0, "script step %d", script);
}

static int script_oversized_frame(int fd)
{
    static const uint8_t header[] = {0x00, 0x40, 0x00, 0x01, 0, 0, 0, 1, 2, 0};
    ecoprod_frame_header h;
    uint8_t *payload;
    if (recv_frame(fd, &h, &payload) < 0)
        return 1;
    free(payload);
    if (write_all(fd, header, sizeof header) < 0)
        return 2;
    wait_for_eof(fd); /* the client must close without waiting for 4 MiB */
    return 0;
}

static void test_fake_oversized_frame_refused(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    int rc, connected, script;
    CHECK(fake_start(&fake, script_oversized_frame) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    ecoprod_client_set_timeout_ms(client, 5000);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    connected = ecoprod__client_connected(client);
    script = fake_finish(&fake);
    ecoprod_client_close(client);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_RESOURCE_EXHAUSTED);
    CHECK(strstr(status.message, "4194305") != NULL, "message: %s", status.message);
    CHECK(!connected, "");
    CHECK(script == 0, "script step %d", script);
}

static int script_hang_up(int fd)
{
    ecoprod_frame_header h;
    uint8_t *payload;
    static const uint8_t half_header[] = {0, 0, 0};
    if (recv_frame(fd, &h, &payload) < 0)
        return 1;
    free(payload);
    write_all(fd, half_header, sizeof half_header);
    return 0; /* closes the connection mid-frame */
}

static void test_fake_connection_lost(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    int rc, script;
    CHECK(fake_start(&fake, script_hang_up) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    ecoprod_client_set_timeout_ms(client, 5000);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    script = fake_finish(&fake);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_UNAVAILABLE);
    CHECK(strstr(status.message, fake.path) != NULL, "message: %s", status.message);
    /* The next call reconnects: the socket is gone, so it names the path again. */
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    ecoprod_client_close(client);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_UNAVAILABLE);
    CHECK(strstr(status.message, "cannot connect") != NULL, "message: %s", status.message);
    CHECK(script == 0, "script step %d", script);
}

static int script_silent(int fd)
{
    ecoprod_frame_header h;
    uint8_t *payload;
    int ok;
    if (recv_frame(fd, &h, &payload) < 0)
        return 1;
    free(payload);
    /* The request carries the deadline: 100 ms = 100000000 ns = field 4 varint. */
    ok = h.type == ECOPROD_FRAME_REQUEST;
    wait_for_eof(fd);
    return ok ? 0 : 2;
}

static void test_fake_local_timeout(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    struct timespec start;
    long took;
    int rc, script;
    CHECK(fake_start(&fake, script_silent) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    ecoprod_client_set_timeout_ms(client, 100);
    clock_gettime(CLOCK_MONOTONIC, &start);
    rc = ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL, NULL, NULL, &status);
    took = elapsed_ms(&start);
    ecoprod_client_close(client);
    script = fake_finish(&fake);
    CHECK(rc == -1, "");
    CHECK_STATUS(status, ECOPROD_DEADLINE_EXCEEDED);
    CHECK(took >= 100 && took < 3000, "took %ld ms", took);
    CHECK(script == 0, "script step %d", script);
}

static int script_stream_messages(int fd)
{
    Ecoprod__Daemon__V1__Event event = ECOPROD__DAEMON__V1__EVENT__INIT;
    uint8_t buf[128];
    size_t len;
    ecoprod_frame_header h;
    uint8_t *payload;
    if (recv_frame(fd, &h, &payload) < 0)
        return 1;
    free(payload);
    if (h.flags != ECOPROD_FLAG_REMOTE_CLOSED)
        return 2;
    event.sequence = 1;
    event.topic = "a";
    len = ecoprod__daemon__v1__event__pack(&event, buf);
    if (send_frame(fd, 1, ECOPROD_FRAME_DATA, 0, buf, len) < 0)
        return 3;
    /* An empty payload without no-data is a message with every field at its default. */
    if (send_frame(fd, 1, ECOPROD_FRAME_DATA, 0, NULL, 0) < 0)
        return 4;
    /* no-data without remote-closed: nothing to deliver. */
    if (send_frame(fd, 1, ECOPROD_FRAME_DATA, ECOPROD_FLAG_NO_DATA, NULL, 0) < 0)
        return 5;
    /* remote-closed with a payload: the last message. */
    event.sequence = 3;
    event.topic = "c";
    len = ecoprod__daemon__v1__event__pack(&event, buf);
    if (send_frame(fd, 1, ECOPROD_FRAME_DATA, ECOPROD_FLAG_REMOTE_CLOSED, buf, len) < 0)
        return 6;
    wait_for_eof(fd);
    return 0;
}

static void test_fake_stream_flags(void)
{
    fake_server fake;
    ecoprod_status status;
    ecoprod_client *client;
    ecoprod_stream *stream;
    ProtobufCMessage *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
    int r1, r2, r3, r4, r5, script, ok;
    CHECK(fake_start(&fake, script_stream_messages) == 0, "");
    client = ecoprod_client_connect(fake.path, &status);
    ecoprod_client_set_timeout_ms(client, 5000);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    r1 = ecoprod_stream_next(stream, &m1, &status);
    r2 = ecoprod_stream_next(stream, &m2, &status);
    r3 = ecoprod_stream_next(stream, &m3, &status);
    r4 = ecoprod_stream_next(stream, &m4, &status);
    r5 = ecoprod_stream_next(stream, &m4, &status);
    ecoprod_stream_close(stream);
    ecoprod_client_close(client);
    script = fake_finish(&fake);
    ok = r1 == 1 && r2 == 1 && r3 == 1 && r4 == 0 && r5 == 0 && m4 == NULL &&
         ((Ecoprod__Daemon__V1__Event *)m1)->sequence == 1 &&
         ((Ecoprod__Daemon__V1__Event *)m2)->sequence == 0 &&
         ((Ecoprod__Daemon__V1__Event *)m2)->topic[0] == '\0' &&
         ((Ecoprod__Daemon__V1__Event *)m3)->sequence == 3;
    if (m1 != NULL)
        protobuf_c_message_free_unpacked(m1, NULL);
    if (m2 != NULL)
        protobuf_c_message_free_unpacked(m2, NULL);
    if (m3 != NULL)
        protobuf_c_message_free_unpacked(m3, NULL);
    CHECK(ok, "results %d %d %d %d %d", r1, r2, r3, r4, r5);
    CHECK(script == 0, "script step %d", script);
}

/* ---- the example, and shutdown ------------------------------------------- */

static int run_capture(const char *command, char *out, size_t out_size)
{
    size_t used = 0, n;
    FILE *p;
    fflush(NULL);
    p = popen(command, "r");
    if (p == NULL)
        return -1;
    while (used + 1 < out_size && (n = fread(out + used, 1, out_size - 1 - used, p)) > 0)
        used += n;
    out[used] = '\0';
    return pclose(p);
}

static void test_example_health(void)
{
    const char *example = getenv("ECOPROD_HEALTH_EXAMPLE");
    char command[1024], output[4096];
    int wstatus;
    if (example == NULL || example[0] == '\0')
        example = "build/health";
    snprintf(command, sizeof command, "'%s' '%s' 2>&1", example, socket_path);
    wstatus = run_capture(command, output, sizeof output);
    CHECK(wstatus == 0, "%s exited with %d:\n%s", command, wstatus, output);
    CHECK(strstr(output, "status: SERVING") != NULL, "output:\n%s", output);
    CHECK(strstr(output, "version: ") != NULL, "output:\n%s", output);
    CHECK(strstr(output, "daemon.watch.started") != NULL, "output:\n%s", output);

    snprintf(command, sizeof command, "'%s' '%s/missing.sock' 2>&1", example, tmp_dir);
    wstatus = run_capture(command, output, sizeof output);
    CHECK(wstatus != -1 && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0,
          "the example succeeded without a daemon");
    CHECK(strstr(output, "UNAVAILABLE") != NULL && strstr(output, "missing.sock") != NULL,
          "output:\n%s", output);
}

/* Last: SIGTERM ends a Watch stream with daemon.stopping and a clean end. */
static void test_shutdown_ends_watch(void)
{
    ecoprod_status status;
    ProtobufCMessage *message = NULL;
    ecoprod_client *client = connect_daemon();
    ecoprod_stream *stream;
    int rc, wstatus, stopping = 0, i;
    CHECK(client != NULL, "");
    ecoprod_client_set_timeout_ms(client, 20000);
    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    CHECK(stream != NULL, "%s", status.message);
    rc = ecoprod_stream_next(stream, &message, &status);
    protobuf_c_message_free_unpacked(message, NULL);
    CHECK(rc == 1, "%s", status.message);
    kill(daemon_pid, SIGTERM);
    for (i = 0; i < 50; i++) {
        rc = ecoprod_stream_next(stream, &message, &status);
        if (rc != 1)
            break;
        stopping |= strcmp(((Ecoprod__Daemon__V1__Event *)message)->topic, "daemon.stopping") == 0;
        protobuf_c_message_free_unpacked(message, NULL);
    }
    ecoprod_stream_close(stream);
    ecoprod_client_close(client);
    wstatus = stop_daemon(0);
    CHECK(stopping, "no daemon.stopping event");
    CHECK(rc == 0, "stream ended with %d: %s: %s", rc, ecoprod_status_code_name(status.code),
          status.message);
    CHECK(wstatus != -1 && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0,
          "daemon exit status %d", wstatus);
}

int main(void)
{
    const char *daemon = getenv("ECOPROD_DAEMON");
    char command[512];

    if (daemon == NULL || daemon[0] == '\0')
        daemon = "../../.build/debug/ecoprodd";
    signal(SIGPIPE, SIG_IGN); /* the fake servers write to clients that may have gone */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (mkdtemp(tmp_dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }

    RUN(test_status_code_names);
    RUN(test_frame_header_encoding);
    RUN(test_invalid_arguments);
    RUN(test_connect_missing_socket);
    RUN(test_connect_path_too_long);
    RUN(test_fake_worked_example_bytes);
    RUN(test_fake_skips_other_streams);
    RUN(test_fake_oversized_frame_refused);
    RUN(test_fake_connection_lost);
    RUN(test_fake_local_timeout);
    RUN(test_fake_stream_flags);

    if (start_daemon(daemon) == 0) {
        RUN(test_connect_from_environment);
        RUN(test_health_serving);
        RUN(test_info);
        RUN(test_response_not_wanted);
        RUN(test_unknown_method);
        RUN(test_unknown_service);
        RUN(test_malformed_input);
        RUN(test_deadline_already_expired);
        RUN(test_deadline_one_nanosecond);
        RUN(test_request_too_large);
        RUN(test_watch_and_reload);
        RUN(test_stream_deadline);
        RUN(test_one_call_at_a_time);
        RUN(test_client_close_detaches_stream);
        RUN(test_stream_unknown_method);
        RUN(test_example_health);
        RUN(test_shutdown_ends_watch);
        if (tests_failed > 0)
            print_daemon_log();
    } else {
        fprintf(stderr, "FAIL: cannot start the daemon %s\n", daemon);
        tests_failed++;
    }
    stop_daemon(1);

    snprintf(command, sizeof command, "rm -rf '%s'", tmp_dir);
    if (system(command) != 0)
        fprintf(stderr, "warning: could not remove %s\n", tmp_dir);
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
