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

#endif
