#ifndef ECOPROD_CSYSTEMSUPPORT_SHIM_H
#define ECOPROD_CSYSTEMSUPPORT_SHIM_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
/* SHA-256 of evidence files, streamed (EVP_DigestInit_ex / Update / Final_ex). */
#include <openssl/evp.h>

/* Mirrors struct ucred (SO_PEERCRED), which glibc only declares under _GNU_SOURCE. */
typedef struct ecoprod_peer_credentials {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} ecoprod_peer_credentials;

/* glibc declares these only under _GNU_SOURCE: naming the I/O threads (ps, gdb) and
 * accepting straight into non-blocking, close-on-exec sockets. */
#include <pthread.h>
extern int pthread_setname_np(pthread_t thread, const char *name);
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/* openat2(2) has no glibc wrapper. Opens path beneath dirfd only: no "..", absolute
 * path or symlink may lead out of it, and no /proc magic link may be followed. Used for
 * plugin files, so that what is checked is the file that is loaded. */
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>
/* O_PATH, which glibc defines only under _GNU_SOURCE (Linux's value on every architecture). */
enum { ECOPROD_O_PATH = 010000000 };
static inline int ecoprod_openat_beneath(int dirfd, const char *path, uint64_t flags)
{
    struct open_how how = { .flags = flags, .mode = 0, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

/* The reactor's three system calls, made directly. glibc's wrappers are cancellation
 * points: in a multi-threaded process each brackets the call with two atomic updates of
 * the thread's cancellation state, on every receive, send and wait of every request. The
 * daemon never cancels a thread, so the I/O threads skip them. Receiving is recvfrom
 * rather than read, which on a socket goes through the VFS layer first. */
static inline ssize_t ecoprod_io_receive(int fd, void *buffer, size_t count)
{
    return (ssize_t)syscall(SYS_recvfrom, fd, buffer, count, 0, (void *)0, (void *)0);
}
static inline ssize_t ecoprod_io_send(int fd, const void *buffer, size_t count, int flags)
{
    return (ssize_t)syscall(SYS_sendto, fd, buffer, count, flags, (void *)0, 0);
}
static inline int ecoprod_io_wait(int epfd, struct epoll_event *events, int capacity, int timeout)
{
    /* epoll_pwait with no signal mask, the one every architecture has. */
    return (int)syscall(SYS_epoll_pwait, epfd, events, capacity, timeout, (void *)0, 8);
}

#endif
