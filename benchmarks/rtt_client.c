/*
 * rtt_client.c - closed-loop ttrpc round-trip benchmark client.
 *
 * usage: rtt_client SOCKET[,SOCKET...] CONNECTIONS SECONDS [SERVICE/METHOD]
 *
 * SERVICE/METHOD defaults to ecoprod.daemon.v1.Daemon/Health; the request
 * message is always empty, so any method whose request may be empty works
 * (benchmarks/plugin.sh uses a plugin's trivial method).
 *
 * Opens CONNECTIONS Unix stream connections to each SOCKET, one pthread per
 * connection slot.  The servers take turns: all threads run TURN_TRIPS round
 * trips each on the same server, wait for one another, and move on to the next
 * server together, in alternating order from one pass to the next, until
 * SECONDS have elapsed.  Every server is thus measured in the same moments, a
 * few milliseconds apart, and the machine's speed, which drifts by tens of
 * percent over seconds on a shared VM, cancels out of their ratio.  With one
 * SOCKET there are no turns: the threads start together and run until SECONDS
 * have elapsed.  Each thread loops:
 *   - send one request frame (ttrpc framing, type 1, odd stream id
 *     increasing by 2 per call on that connection), header and payload in a
 *     single send();
 *   - read the full response frame (10-byte header, then its payload);
 *   - check it is type 2 (response) on the same stream id.
 * Only one request is in flight per connection, so the rate measures
 * round-trip latency, not pipelining.
 *
 * Prints one JSON line per SOCKET, in the order given:
 *   {"connections":N,"seconds":S,"round_trips":R,"rate":R/S,
 *    "p50_us":..,"p99_us":..,"errors":E}
 * "seconds" is the wall time of that server's turns.  Exit status is 0 only if
 * there were no errors and every server completed round trips.
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
#define MAX_SERVERS 8
/* Round trips per connection per turn: about a millisecond pinned, tens unpinned. */
#define TURN_TRIPS 200

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

/* What one connection did against one server. */
struct tally {
    uint64_t trips;
    uint32_t *lat_ns; /* per-round-trip latency, capped at ~4.29 s */
    size_t nlat, cap;
};

struct worker {
    pthread_t tid;
    int fd[MAX_SERVERS];
    uint32_t sid[MAX_SERVERS];
    struct tally tally[MAX_SERVERS];
    uint64_t errors;
    char err[160];
};

/* Turns: the main thread names the server, opens the turn at `turn_start` and
 * times it until every thread has reached `turn_end`.  With one server,
 * `turn_start` only starts the threads, which stop at `deadline_ns`. */
static pthread_barrier_t turn_start, turn_end;
static int nservers;
static int turn_server;
static int finished;
static uint64_t deadline_ns;

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

/* One round trip on the worker's connection to `server`; 0 or -1 with w->err set. */
static int round_trip(struct worker *w, int server, unsigned char *req, unsigned char **payload, size_t *pcap) {
    int fd = w->fd[server];
    uint32_t sid = w->sid[server];
    uint64_t t0 = now_ns();
    req[4] = sid >> 24; req[5] = sid >> 16; req[6] = sid >> 8; req[7] = sid;
    unsigned char h[HDR];
    if (send_all(fd, req, HDR + request_length) < 0 || recv_all(fd, h, HDR) < 0) {
        snprintf(w->err, sizeof w->err, "I/O error: %s", strerror(errno));
        return -1;
    }
    uint32_t len = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
    uint32_t rsid = ((uint32_t)h[4] << 24) | ((uint32_t)h[5] << 16) | ((uint32_t)h[6] << 8) | h[7];
    if (len > MAX_PAYLOAD) {
        snprintf(w->err, sizeof w->err, "response payload too large: %u", len);
        return -1;
    }
    if (len > *pcap) {
        *pcap = len;
        *payload = realloc(*payload, *pcap);
    }
    if (len && recv_all(fd, *payload, len) < 0) {
        snprintf(w->err, sizeof w->err, "I/O error reading payload: %s", strerror(errno));
        return -1;
    }
    uint64_t t1 = now_ns();
    if (h[8] != 2 || rsid != sid) {
        snprintf(w->err, sizeof w->err, "bad response: type %u stream %u (expected type 2 stream %u)", h[8], rsid, sid);
        return -1;
    }
    struct tally *t = &w->tally[server];
    t->trips++;
    if (t->nlat == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 65536;
        t->lat_ns = realloc(t->lat_ns, t->cap * sizeof *t->lat_ns);
    }
    uint64_t d = t1 - t0;
    t->lat_ns[t->nlat++] = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
    w->sid[server] = sid + 2 > 0x7fffffffu ? 1 : sid + 2;
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
    int failed = 0;
    if (nservers == 1) {
        pthread_barrier_wait(&turn_start);
        while (!failed && now_ns() < deadline_ns) {
            if (round_trip(w, 0, req, &payload, &pcap) < 0) {
                w->errors++;
                failed = 1;
            }
        }
    }
    while (nservers > 1) {
        pthread_barrier_wait(&turn_start);
        if (finished) break;
        /* A failed connection sits out the remaining turns but keeps meeting the others. */
        for (int i = 0; i < TURN_TRIPS && !failed; i++) {
            if (round_trip(w, turn_server, req, &payload, &pcap) < 0) {
                w->errors++;
                failed = 1;
            }
        }
        pthread_barrier_wait(&turn_end);
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
        fprintf(stderr, "usage: %s SOCKET[,SOCKET...] CONNECTIONS SECONDS [SERVICE/METHOD]\n", argv[0]);
        return 2;
    }
    char *paths[MAX_SERVERS];
    for (char *save = NULL, *path = strtok_r(argv[1], ",", &save); path; path = strtok_r(NULL, ",", &save)) {
        if (nservers == MAX_SERVERS) {
            fprintf(stderr, "rtt_client: at most %d sockets\n", MAX_SERVERS);
            return 2;
        }
        paths[nservers++] = path;
    }
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
    if (nservers < 1 || nconn < 1 || secs <= 0) {
        fprintf(stderr, "rtt_client: give a SOCKET, CONNECTIONS >= 1 and SECONDS > 0\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);

    struct worker *ws = calloc((size_t)nconn, sizeof *ws);
    for (int s = 0; s < nservers; s++) {
        struct sockaddr_un addr;
        memset(&addr, 0, sizeof addr);
        addr.sun_family = AF_UNIX;
        if (strlen(paths[s]) >= sizeof addr.sun_path) {
            fprintf(stderr, "rtt_client: socket path too long: %s\n", paths[s]);
            return 2;
        }
        strcpy(addr.sun_path, paths[s]);
        for (int i = 0; i < nconn; i++) {
            int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
                fprintf(stderr, "rtt_client: connect %s: %s\n", paths[s], strerror(errno));
                return 1;
            }
            /* A server that stops answering must not hang the benchmark. */
            struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            ws[i].fd[s] = fd;
            ws[i].sid[s] = 1;
        }
    }

    pthread_barrier_init(&turn_start, NULL, (unsigned)nconn + 1);
    pthread_barrier_init(&turn_end, NULL, (unsigned)nconn + 1);
    for (int i = 0; i < nconn; i++) {
        if (pthread_create(&ws[i].tid, NULL, run, &ws[i]) != 0) {
            fprintf(stderr, "rtt_client: pthread_create failed\n");
            return 1;
        }
    }
    uint64_t turn_ns[MAX_SERVERS] = {0};
    uint64_t t_start = now_ns();
    deadline_ns = t_start + (uint64_t)(secs * 1e9);
    for (int pass = 0; nservers > 1 && now_ns() < deadline_ns; pass++) {
        for (int k = 0; k < nservers; k++) {
            turn_server = pass % 2 ? nservers - 1 - k : k;
            pthread_barrier_wait(&turn_start);
            uint64_t t0 = now_ns();
            pthread_barrier_wait(&turn_end);
            turn_ns[turn_server] += now_ns() - t0;
        }
    }
    finished = 1;
    pthread_barrier_wait(&turn_start);

    uint64_t errors = 0;
    for (int i = 0; i < nconn; i++) {
        pthread_join(ws[i].tid, NULL);
        if (nservers == 1) turn_ns[0] = now_ns() - t_start;
        errors += ws[i].errors;
        if (ws[i].err[0]) fprintf(stderr, "rtt_client: connection %d: %s\n", i, ws[i].err);
    }
    int every_server_answered = 1;
    for (int s = 0; s < nservers; s++) {
        uint64_t trips = 0;
        size_t nlat = 0;
        for (int i = 0; i < nconn; i++) {
            trips += ws[i].tally[s].trips;
            nlat += ws[i].tally[s].nlat;
        }
        uint32_t *all = malloc((nlat ? nlat : 1) * sizeof *all);
        size_t k = 0;
        for (int i = 0; i < nconn; i++) {
            struct tally *t = &ws[i].tally[s];
            if (t->nlat) memcpy(all + k, t->lat_ns, t->nlat * sizeof *all);
            k += t->nlat;
            free(t->lat_ns);
            close(ws[i].fd[s]);
        }
        qsort(all, nlat, sizeof *all, cmp_u32);
        double elapsed = (double)turn_ns[s] / 1e9;
        printf("{\"connections\":%d,\"seconds\":%.3f,\"round_trips\":%llu,\"rate\":%.1f,"
               "\"p50_us\":%.2f,\"p99_us\":%.2f,\"errors\":%llu}\n",
               nconn, elapsed, (unsigned long long)trips, elapsed > 0 ? trips / elapsed : 0.0,
               pct_us(all, nlat, 0.50), pct_us(all, nlat, 0.99), (unsigned long long)errors);
        free(all);
        if (trips == 0) every_server_answered = 0;
    }
    free(ws);
    return (errors == 0 && every_server_answered) ? 0 : 1;
}
