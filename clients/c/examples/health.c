/*
 * health - checks that ecoprodd answers: calls Daemon/Health and Daemon/Info,
 * prints the serving status and the daemon's version, then opens Daemon/Watch
 * and prints its first event. Exits 0 when all of that worked, 1 otherwise.
 *
 *   build/health [SOCKET]     (default: $ECOPROD_SOCKET, else /run/ecoprod/ecoprod.sock)
 */
#include <stdio.h>

#include "ecoprod/client.h"
#include "ecoprod/daemon/v1/daemon.pb-c.h"

static int fail(const char *what, const ecoprod_status *status)
{
    fprintf(stderr, "health: %s: %s: %s\n", what, ecoprod_status_code_name(status->code),
            status->message);
    return 1;
}

int main(int argc, char **argv)
{
    const char *socket_path = argc > 1 ? argv[1] : NULL;
    ecoprod_status status;
    ecoprod_client *client;
    ProtobufCMessage *message = NULL;
    ecoprod_stream *stream;
    int result = 1;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [SOCKET]\n", argv[0]);
        return 2;
    }
    client = ecoprod_client_connect(socket_path, &status);
    if (client == NULL)
        return fail("connect", &status);
    /* Bound every call, the Watch stream included (its deadline covers the whole stream). */
    ecoprod_client_set_timeout_ms(client, 5000);

    if (ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Health", NULL,
                             &ecoprod__daemon__v1__health_response__descriptor, &message,
                             &status) < 0) {
        fail("Health", &status);
        goto out;
    } else {
        Ecoprod__Daemon__V1__HealthResponse *health = (Ecoprod__Daemon__V1__HealthResponse *)message;
        const ProtobufCEnumValue *value = protobuf_c_enum_descriptor_get_value(
            &ecoprod__daemon__v1__health_response__serving_status__descriptor, health->status);
        int serving = health->status == ECOPROD__DAEMON__V1__HEALTH_RESPONSE__SERVING_STATUS__SERVING;
        printf("status: %s%s%s\n", value != NULL ? value->name : "?",
               health->reason[0] != '\0' ? " - " : "", health->reason);
        protobuf_c_message_free_unpacked(message, NULL);
        message = NULL;
        if (!serving) {
            fprintf(stderr, "health: the daemon is not serving\n");
            goto out;
        }
    }

    if (ecoprod_client_unary(client, ECOPROD_DAEMON_SERVICE, "Info", NULL,
                             &ecoprod__daemon__v1__info_response__descriptor, &message,
                             &status) < 0) {
        fail("Info", &status);
        goto out;
    } else {
        Ecoprod__Daemon__V1__InfoResponse *info = (Ecoprod__Daemon__V1__InfoResponse *)message;
        printf("version: %s\n", info->version);
        printf("pid: %d, uptime: %llu s, socket: %s\n", (int)info->pid,
               (unsigned long long)info->uptime_seconds, info->socket_path);
        if (info->caller != NULL) {
            const ProtobufCEnumValue *role = protobuf_c_enum_descriptor_get_value(
                &ecoprod__daemon__v1__role__descriptor, info->caller->role);
            printf("caller: uid %u, role %s\n", (unsigned)info->caller->uid,
                   role != NULL ? role->name : "?");
        }
        protobuf_c_message_free_unpacked(message, NULL);
        message = NULL;
    }

    stream = ecoprod_client_server_stream(client, ECOPROD_DAEMON_SERVICE, "Watch", NULL,
                                          &ecoprod__daemon__v1__event__descriptor, &status);
    if (stream == NULL) {
        fail("Watch", &status);
        goto out;
    }
    switch (ecoprod_stream_next(stream, &message, &status)) {
    case 1: {
        Ecoprod__Daemon__V1__Event *event = (Ecoprod__Daemon__V1__Event *)message;
        printf("first event: #%llu %s (%s): %s\n", (unsigned long long)event->sequence,
               event->topic, event->source, event->summary);
        protobuf_c_message_free_unpacked(message, NULL);
        result = 0;
        break;
    }
    case 0:
        fprintf(stderr, "health: Watch ended without an event\n");
        break;
    default:
        fail("Watch", &status);
        break;
    }
    ecoprod_stream_close(stream); /* cancels the endless Watch (closes the connection) */
out:
    ecoprod_client_close(client);
    return result;
}
