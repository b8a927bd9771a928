/*
 * rtt_client.c - closed-loop ttrpc round-trip benchmark client.
 *
 * usage: rtt_client SOCKET CONNECTIONS SECONDS [SERVICE/METHOD]
 *
 * SERVICE/METHOD defaults to ecoprod.daemon.v1.Daemon/Health; the request
 * message is always empty, so any method whose request may be empty works
 * (benchmarks/plugin.sh uses a plugin's trivial method).
 *
 * Opens CONNECTIONS Unix stream connections to SOCKET, one pthread each.
 * Once every connection is open, all threads start together and each loops
 * until SECONDS have elapsed:
 *   - send one request frame (ttrpc framing, type 1, odd stream id
 *     increasing by 2 per call on that connection), header and payload in a
 *     single send();
 *   - read the full response frame (10-byte header, then its payload);
 *   - check it is type 2 (response) on the same stream id.
 * Only one request is in flight per connection, so the rate measures
 * round-trip latency, not pipelining.
 *
 * Prints one JSON line on stdout:
 *   {"connections":N,"seconds":S,"round_trips":R,"rate":R/S,
 *    "p50_us":..,"p99_us":..,"errors":E}
 * "seconds" is the measured wall time of the run.  Exit status is 0 only if
 * there were no errors and at least one round trip completed.
 *
 * The same client is run against echo_server (baseline) and ecoprodd, so
 * whatever this client costs is paid equally by both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HDR 10
#define MAX_PAYLOAD (4u << 20)

/* The serialized ttrpc.Request{service, method}, built once in main(). */
static unsigned char request_payload[512];
static size_t request_length;

/* Appends a length-delimited string field; names here are far below 128 bytes. */
static void put_string_field(unsigned tag, const char *text, size_t length) {
    request_payload[request_length++] = (unsigned char)(tag << 3 | 2);
    request_payload[request_length++] = (unsigned char)length;
    memcpy(request_payload + request_length, text, length);
    request_length += length;
}

struct worker {
    pthread_t tid;
    int fd;
    uint64_t trips;
    uint64_t errors;
    uint32_t *lat_ns; /* per-round-trip latency, capped at ~4.29 s */
    size_t nlat, cap;
    char err[160];
};

static pthread_barrier_t start_barrier;
static uint64_t deadline_ns;
static uint64_t t_start_ns;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int send_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int recv_all(int fd, unsigned char *p, size_t n) {
    while (n) {
        ssize_t r = recv(fd, p, n, 0);
        if (r == 0) { errno = ECONNRESET; return -1; }
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static void *run(void *arg) {
    struct worker *w = arg;
    unsigned char req[HDR + sizeof request_payload];
    uint32_t plen = (uint32_t)request_length;
    req[0] = plen >> 24; req[1] = plen >> 16; req[2] = plen >> 8; req[3] = plen;
    req[8] = 1; /* request */
    req[9] = 0;
    memcpy(req + HDR, request_payload, request_length);

    size_t pcap = 4096;
    unsigned char *payload = malloc(pcap);
    uint32_t sid = 1;

    pthread_barrier_wait(&start_barrier);
    for (;;) {
        uint64_t t0 = now_ns();
        if (t0 >= deadline_ns) break;
        req[4] = sid >> 24; req[5] = sid >> 16; req[6] = sid >> 8; req[7] = sid;
        unsigned char h[HDR];
        if (send_all(w->fd, req, HDR + request_length) < 0 || recv_all(w->fd, h, HDR) < 0) {
            snprintf(w->err, sizeof w->err, "I/O error: %s", strerror(errno));
            w->errors++;
            break;
        }
        uint32_t len = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
        uint32_t rsid = ((uint32_t)h[4] << 24) | ((uint32_t)h[5] << 16) | ((uint32_t)h[6] << 8) | h[7];
        if (len > MAX_PAYLOAD) {
            snprintf(w->err, sizeof w->err, "response payload too large: %u", len);
            w->errors++;
            break;
        }
        if (len > pcap) {
            pcap = len;
            payload = realloc(payload, pcap);
        }
        if (len && recv_all(w->fd, payload, len) < 0) {
            snprintf(w->err, sizeof w->err, "I/O error reading payload: %s", strerror(errno));
            w->errors++;
            break;
        }
        uint64_t t1 = now_ns();
        if (h[8] != 2 || rsid != sid) {
            snprintf(w->err, sizeof w->err, "bad response: type %u stream %u (expected type 2 stream %u)",
                     h[8], rsid, sid);
            w->errors++;
            break;
        }
        w->trips++;
        if (w->nlat == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 65536;
            w->lat_ns = realloc(w->lat_ns, w->cap * sizeof *w->lat_ns);
        }
        uint64_t d = t1 - t0;
        w->lat_ns[w->nlat++] = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
        sid += 2;
        if (sid > 0x7fffffffu) sid = 1;
    }
    free(payload);
    return NULL;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_us(const uint32_t *v, size_t n, double p) {
    if (!n) return 0;
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i] / 1000.0;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s SOCKET CONNECTIONS SECONDS [SERVICE/METHOD]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    int nconn = atoi(argv[2]);
    double secs = atof(argv[3]);
    const char *full_name = argc == 5 ? argv[4] : "ecoprod.daemon.v1.Daemon/Health";
    const char *slash = strrchr(full_name, '/');
    if (!slash || slash == full_name || !slash[1] || strlen(full_name) > 250) {
        fprintf(stderr, "rtt_client: method must be SERVICE/METHOD, got \"%s\"\n", full_name);
        return 2;
    }
    put_string_field(1, full_name, (size_t)(slash - full_name));
    put_string_field(2, slash + 1, strlen(slash + 1));
    if (nconn < 1 || secs <= 0) {
        fprintf(stderr, "rtt_client: CONNECTIONS must be >= 1 and SECONDS > 0\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "rtt_client: socket path too long\n");
        return 2;
    }
    strcpy(addr.sun_path, path);

    struct worker *ws = calloc((size_t)nconn, sizeof *ws);
    for (int i = 0; i < nconn; i++) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
            fprintf(stderr, "rtt_client: connect %s: %s\n", path, strerror(errno));
            return 1;
        }
        /* A server that stops answering must not hang the benchmark. */
        struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        ws[i].fd = fd;
    }

    pthread_barrier_init(&start_barrier, NULL, (unsigned)nconn + 1);
    for (int i = 0; i < nconn; i++) {
        if (pthread_create(&ws[i].tid, NULL, run, &ws[i]) != 0) {
            fprintf(stderr, "rtt_client: pthread_create failed\n");
            return 1;
        }
    }
    t_start_ns = now_ns();
    deadline_ns = t_start_ns + (uint64_t)(secs * 1e9);
    pthread_barrier_wait(&start_barrier);

    uint64_t trips = 0, errors = 0;
    size_t nlat = 0;
    for (int i = 0; i < nconn; i++) {
        pthread_join(ws[i].tid, NULL);
        trips += ws[i].trips;
        errors += ws[i].errors;
        nlat += ws[i].nlat;
        if (ws[i].err[0]) fprintf(stderr, "rtt_client: connection %d: %s\n", i, ws[i].err);
    }
    double elapsed = (double)(now_ns() - t_start_ns) / 1e9;

    uint32_t *all = malloc((nlat ? nlat : 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; i < nconn; i++) {
        if (ws[i].nlat) memcpy(all + k, ws[i].lat_ns, ws[i].nlat * sizeof *all);
        k += ws[i].nlat;
        free(ws[i].lat_ns);
        close(ws[i].fd);
    }
    qsort(all, nlat, sizeof *all, cmp_u32);

    printf("{\"connections\":%d,\"seconds\":%.3f,\"round_trips\":%llu,\"rate\":%.1f,"
           "\"p50_us\":%.2f,\"p99_us\":%.2f,\"errors\":%llu}\n",
           nconn, elapsed, (unsigned long long)trips, trips / elapsed,
           pct_us(all, nlat, 0.50), pct_us(all, nlat, 0.99), (unsigned long long)errors);
    free(all);
    free(ws);
    return (errors == 0 && trips > 0) ? 0 : 1;
}
