#ifndef ECOPROD_CSYSTEMSUPPORT_SHIM_H
#define ECOPROD_CSYSTEMSUPPORT_SHIM_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

/* Mirrors struct ucred (SO_PEERCRED), which glibc only declares under _GNU_SOURCE. */
typedef struct ecoprod_peer_credentials {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} ecoprod_peer_credentials;

/* Room for SO_PEERGROUPS. The kernel keeps a process's groups sorted ascending, so
 * unused (zeroed) slots can only trail the real ones. */
#define ECOPROD_PEER_GROUPS_MAX 256
typedef struct ecoprod_peer_groups {
    gid_t gids[ECOPROD_PEER_GROUPS_MAX];
} ecoprod_peer_groups;

#endif
