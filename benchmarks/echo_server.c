/*
 * echo_server.c - baseline for the ecoprodd round-trip benchmark.
 *
 * A minimal single-threaded, nonblocking, epoll-driven server on a Unix
 * stream socket that speaks containerd ttrpc framing:
 *
 *   u32 BE payload length | u32 BE stream id | u8 type | u8 flags | payload
 *
 * For every complete frame it receives it writes back one frame of type 2
 * (response) on the same stream id carrying the same payload.  This is the
 * "raw C echo server over the same socket kind" that ecoprodd is compared
 * against: it does the minimum socket work a ttrpc server must do and no
 * protobuf or dispatch work at all.
 *
 * usage: echo_server SOCKET_PATH [WORK_NS]
 * WORK_NS (default 0) makes the server busy-wait that many nanoseconds per
 * frame: scheduler_regime.sh uses it to show what a little more work per call
 * costs a server sharing one CPU with its client.
 * Removes a stale socket file, listens, and exits cleanly (unlinking the
 * socket) on SIGTERM or SIGINT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HDR 10
#define MAX_PAYLOAD (4u << 20) /* ttrpc's default message size limit */
#define RBUF_INIT 65536

struct conn {
    int fd;
    unsigned char *rbuf;
    size_t rlen, rcap;
    unsigned char *wbuf;
    size_t wlen, woff, wcap;
    int want_out;
};

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static int reserve(unsigned char **buf, size_t *cap, size_t need) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : RBUF_INIT;
    while (n < need) n *= 2;
    unsigned char *p = realloc(*buf, n);
    if (!p) return -1;
    *buf = p;
    *cap = n;
    return 0;
}

static void conn_close(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->rbuf);
    free(c->wbuf);
    free(c);
}

/* Try to flush the write buffer; -1 on fatal error. */
static int conn_flush(int ep, struct conn *c) {
    while (c->woff < c->wlen) {
        ssize_t n = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff, MSG_NOSIGNAL);
        if (n > 0) { c->woff += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return -1;
    }
    if (c->woff == c->wlen) c->woff = c->wlen = 0;
    int want = c->wlen > 0;
    if (want != c->want_out) {
        struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) return -1;
        c->want_out = want;
    }
    return 0;
}

static long work_ns;

static void work(void) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) < work_ns);
}

/* Turn every complete frame in rbuf into a response in wbuf; -1 on protocol error. */
static int conn_process(struct conn *c) {
    size_t off = 0;
    while (c->rlen - off >= HDR) {
        if (work_ns > 0) work();
        const unsigned char *h = c->rbuf + off;
        uint32_t len = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
        if (len > MAX_PAYLOAD) return -1;
        if (c->rlen - off < HDR + (size_t)len) break;
        if (reserve(&c->wbuf, &c->wcap, c->wlen + HDR + len) < 0) return -1;
        unsigned char *o = c->wbuf + c->wlen;
        memcpy(o, h, 8);          /* length and stream id unchanged */
        o[8] = 2;                 /* response */
        o[9] = 0;                 /* flags */
        memcpy(o + HDR, h + HDR, len);
        c->wlen += HDR + len;
        off += HDR + len;
    }
    if (off) {
        memmove(c->rbuf, c->rbuf + off, c->rlen - off);
        c->rlen -= off;
    }
    return 0;
}

static void conn_readable(int ep, struct conn *c) {
    for (;;) {
        if (reserve(&c->rbuf, &c->rcap, c->rlen + 4096) < 0) { conn_close(ep, c); return; }
        size_t room = c->rcap - c->rlen;
        ssize_t n = recv(c->fd, c->rbuf + c->rlen, room, 0);
        if (n > 0) {
            c->rlen += (size_t)n;
            if ((size_t)n < room) break; /* short read: socket drained */
            continue;
        }
        if (n == 0) { conn_close(ep, c); return; }          /* peer closed */
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        conn_close(ep, c);
        return;
    }
    if (conn_process(c) < 0 || conn_flush(ep, c) < 0) conn_close(ep, c);
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH [WORK_NS]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    if (argc == 3) work_ns = atol(argv[2]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: epoll_wait returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "echo_server: socket path too long\n");
        return 1;
    }
    strcpy(addr.sun_path, path);
    unlink(path);

    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        perror("echo_server: listen");
        return 1;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) { perror("epoll_create1"); return 1; }
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);

    struct epoll_event evs[256];
    while (!stop_flag) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            break;
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    struct conn *nc = calloc(1, sizeof *nc);
                    if (!nc) { close(fd); continue; }
                    nc->fd = fd;
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = nc };
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(nc); }
                }
                continue;
            }
            if (evs[i].events & EPOLLOUT) {
                if (conn_flush(ep, c) < 0) { conn_close(ep, c); continue; }
            }
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) conn_readable(ep, c);
        }
    }
    close(lfd);
    unlink(path);
    return 0;
}
