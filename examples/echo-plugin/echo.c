/*
 * echo.c -- the example ecoprodd plugin in C (docs/PLUGIN_ABI.md, section 16).
 *
 * Serves ecoprod.echo.v1.Echo (echo.proto). Echo and Repeat answer from the
 * plugin alone; WhoAmI and Reload call the daemon through host->call() on
 * behalf of their caller, the way a plugin uses any domain's API, so the
 * daemon sees -- and authorizes -- the caller, not the plugin.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ecoprod/plugin.h>

#include "ecoprod/daemon/v1/daemon.pb-c.h"
#include "echo.pb-c.h"

#define REPEAT_COUNT_MAX 100

/* Indexes into echo_methods[]: handle() switches on call->method_index. */
enum { METHOD_ECHO, METHOD_REPEAT, METHOD_WHO_AM_I, METHOD_RELOAD };

static const ecoprod_method echo_methods[] = {
    [METHOD_ECHO] = ECOPROD_UNARY("ecoprod.echo.v1.Echo/Echo",
                                  "ecoprod.echo.v1.EchoRequest",
                                  "ecoprod.echo.v1.EchoResponse",
                                  ECOPROD_ROLE_READER, 0),
    [METHOD_REPEAT] = ECOPROD_SERVER_STREAMING("ecoprod.echo.v1.Echo/Repeat",
                                               "ecoprod.echo.v1.RepeatRequest",
                                               "ecoprod.echo.v1.EchoResponse",
                                               ECOPROD_ROLE_READER, 0),
    [METHOD_WHO_AM_I] = ECOPROD_UNARY("ecoprod.echo.v1.Echo/WhoAmI",
                                      "ecoprod.echo.v1.WhoAmIRequest",
                                      "ecoprod.echo.v1.WhoAmIResponse",
                                      ECOPROD_ROLE_READER, 0),
    /* Reader, so that anyone may try it: the nested Daemon/Reload is what
     * demands admin. Mutating, because for an admin it does change state. */
    [METHOD_RELOAD] = ECOPROD_UNARY("ecoprod.echo.v1.Echo/Reload",
                                    "ecoprod.echo.v1.ReloadRequest",
                                    "ecoprod.echo.v1.ReloadResponse",
                                    ECOPROD_ROLE_READER, ECOPROD_METHOD_MUTATING),
};

/* The FileDescriptorSet of echo.proto (generate.sh), for GetDescriptors. */
static const uint8_t echo_descriptor_set[] = {
#include "echo.fds.inc"
};

static const char *const echo_provides[] = { "echo.v1", NULL };
/* WhoAmI and Reload call the Daemon service. */
static const char *const echo_requires[] = { "ecoprod.daemon.v1", NULL };

static const ecoprod_host_api *host; /* from init(); valid for the life of the process */
static char prefix[64];              /* [Plugin.echo] Prefix=, read once in init() */

/* host->log() takes a finished line: variadic functions do not cross the ABI. */
static void log_message(int priority, const ecoprod_call *call, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void log_message(int priority, const ecoprod_call *call, const char *format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    host->log(host->host_ctx, call, priority, line);
}

/* Serializes message into a malloc'ed buffer; NULL when out of memory. */
static uint8_t *pack_message(const ProtobufCMessage *message, size_t *len)
{
    *len = protobuf_c_message_get_packed_size(message);
    uint8_t *bytes = malloc(*len ? *len : 1);
    if (bytes)
        protobuf_c_message_pack(message, bytes);
    return bytes;
}

static void reply_message(const ecoprod_call *call, const ProtobufCMessage *message)
{
    size_t len;
    uint8_t *bytes = pack_message(message, &len);
    if (!bytes) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    ecoprod_reply_ok(call, ecoprod_buf_make(bytes, len));
    free(bytes); /* reply() copied the payload */
}

/* The request is borrowed until handle() returns, so it is decoded at once.
 * Answers INVALID_ARGUMENT, naming the expected type, when it cannot be. */
static ProtobufCMessage *unpack_request(const ecoprod_call *call,
                                        const ProtobufCMessageDescriptor *type,
                                        ecoprod_buf request)
{
    ProtobufCMessage *message = protobuf_c_message_unpack(type, NULL, request.len, request.data);
    if (!message) {
        char text[160];
        snprintf(text, sizeof text, "request is not a valid %s", type->name);
        ecoprod_reply_error(call, ECOPROD_STATUS_INVALID_ARGUMENT, text);
    }
    return message;
}

/* "<prefix> <text>", or text alone when no prefix is configured; malloc'ed. */
static char *with_prefix(const char *text)
{
    size_t size = strlen(prefix) + 1 + strlen(text) + 1;
    char *joined = malloc(size);
    if (joined)
        snprintf(joined, size, "%s%s%s", prefix, prefix[0] ? " " : "", text);
    return joined;
}

static void serve_echo(const ecoprod_call *call, ecoprod_buf request)
{
    Ecoprod__Echo__V1__EchoRequest *in = (Ecoprod__Echo__V1__EchoRequest *)unpack_request(
        call, &ecoprod__echo__v1__echo_request__descriptor, request);
    if (!in)
        return;
    Ecoprod__Echo__V1__EchoResponse out = ECOPROD__ECHO__V1__ECHO_RESPONSE__INIT;
    out.text = with_prefix(in->text);
    protobuf_c_message_free_unpacked(&in->base, NULL);
    if (!out.text) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    reply_message(call, &out.base);
    free(out.text);
}

static void serve_repeat(const ecoprod_call *call, ecoprod_buf request)
{
    Ecoprod__Echo__V1__RepeatRequest *in = (Ecoprod__Echo__V1__RepeatRequest *)unpack_request(
        call, &ecoprod__echo__v1__repeat_request__descriptor, request);
    if (!in)
        return;
    if (in->count > REPEAT_COUNT_MAX) {
        protobuf_c_message_free_unpacked(&in->base, NULL);
        ecoprod_reply_error(call, ECOPROD_STATUS_OUT_OF_RANGE, "count is at most 100");
        return;
    }
    uint32_t count = in->count;
    Ecoprod__Echo__V1__EchoResponse out = ECOPROD__ECHO__V1__ECHO_RESPONSE__INIT;
    out.text = with_prefix(in->text);
    protobuf_c_message_free_unpacked(&in->base, NULL);
    size_t len = 0;
    uint8_t *bytes = out.text ? pack_message(&out.base, &len) : NULL;
    free(out.text);
    if (!bytes) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    /* At most 100 small messages, so they are sent right here: inside
     * handle() send() queues instead of waiting for the client. An endless or
     * large stream would be produced on a thread of the plugin's own. */
    for (uint32_t i = 0; i < count; i++) {
        int result = call->send(call, ecoprod_buf_make(bytes, len), 0);
        if (result < 0) {
            log_message(ECOPROD_LOG_DEBUG, call, "stream ended early: %s", strerror(-result));
            break; /* the call is over for the client; the reply below only releases it */
        }
    }
    free(bytes);
    ecoprod_reply_ok(call, ecoprod_buf_make(NULL, 0)); /* a clean end of the stream */
}

/* Calls a Daemon method as the caller of `call`; on_reply answers `call`.
 * handle() must not wait for that reply: it may need this very thread. */
static void call_daemon_for(const ecoprod_call *call, const char *method, ecoprod_buf request,
                            ecoprod_reply_fn on_reply)
{
    int result = host->call(host->host_ctx, call, method, request, 0, 0, NULL, on_reply,
                            (void *)call);
    if (result < 0) {
        /* Refused before routing, so on_reply will not come: answer here. */
        log_message(ECOPROD_LOG_WARNING, call, "calling %s: %s", method, strerror(-result));
        ecoprod_reply_error(call,
                            result == -ESHUTDOWN ? ECOPROD_STATUS_UNAVAILABLE
                                                 : ECOPROD_STATUS_INTERNAL,
                            strerror(-result));
    }
}

static const char *role_name(Ecoprod__Daemon__V1__Role role)
{
    const ProtobufCEnumValue *value =
        protobuf_c_enum_descriptor_get_value(&ecoprod__daemon__v1__role__descriptor, (int)role);
    return value ? value->name : "";
}

static void on_info_reply(void *reply_ctx, int32_t status, const char *message, ecoprod_buf payload)
{
    const ecoprod_call *call = reply_ctx;
    if (status != ECOPROD_STATUS_OK) {
        /* Unchanged, so the caller sees what the daemon decided about them. */
        ecoprod_reply_error(call, status, message);
        return;
    }
    Ecoprod__Daemon__V1__InfoResponse *info =
        ecoprod__daemon__v1__info_response__unpack(NULL, payload.len, payload.data);
    if (!info) {
        ecoprod_reply_error(call, ECOPROD_STATUS_INTERNAL,
                            "Daemon/Info answered with an invalid ecoprod.daemon.v1.InfoResponse");
        return;
    }
    Ecoprod__Echo__V1__WhoAmIResponse out = ECOPROD__ECHO__V1__WHO_AM_IRESPONSE__INIT;
    out.daemon_version = info->version;
    if (info->caller) {
        out.uid = info->caller->uid;
        out.gid = info->caller->gid;
        out.pid = info->caller->pid;
        out.role = (char *)role_name(info->caller->role);
    }
    reply_message(call, &out.base);
    ecoprod__daemon__v1__info_response__free_unpacked(info, NULL);
}

static void serve_who_am_i(const ecoprod_call *call, ecoprod_buf request)
{
    ProtobufCMessage *in =
        unpack_request(call, &ecoprod__echo__v1__who_am_irequest__descriptor, request);
    if (!in)
        return;
    protobuf_c_message_free_unpacked(in, NULL);
    /* InfoRequest has no fields, so its serialization is empty. */
    call_daemon_for(call, "ecoprod.daemon.v1.Daemon/Info", ecoprod_buf_make(NULL, 0),
                    on_info_reply);
}

static void on_reload_reply(void *reply_ctx, int32_t status, const char *message,
                            ecoprod_buf payload)
{
    const ecoprod_call *call = reply_ctx;
    if (status != ECOPROD_STATUS_OK) {
        /* PERMISSION_DENIED for a caller who is not an admin, unchanged. */
        ecoprod_reply_error(call, status, message);
        return;
    }
    Ecoprod__Daemon__V1__ReloadResponse *reloaded =
        ecoprod__daemon__v1__reload_response__unpack(NULL, payload.len, payload.data);
    if (!reloaded) {
        ecoprod_reply_error(call, ECOPROD_STATUS_INTERNAL,
                            "Daemon/Reload answered with an invalid ecoprod.daemon.v1.ReloadResponse");
        return;
    }
    Ecoprod__Echo__V1__ReloadResponse out = ECOPROD__ECHO__V1__RELOAD_RESPONSE__INIT;
    out.generation = reloaded->generation;
    ecoprod__daemon__v1__reload_response__free_unpacked(reloaded, NULL);
    reply_message(call, &out.base);
}

static void serve_reload(const ecoprod_call *call, ecoprod_buf request)
{
    ProtobufCMessage *in =
        unpack_request(call, &ecoprod__echo__v1__reload_request__descriptor, request);
    if (!in)
        return;
    protobuf_c_message_free_unpacked(in, NULL);
    /* wait: answer once the new configuration is in force, with its generation. */
    Ecoprod__Daemon__V1__ReloadRequest reload = ECOPROD__DAEMON__V1__RELOAD_REQUEST__INIT;
    reload.wait = 1;
    size_t len;
    uint8_t *bytes = pack_message(&reload.base, &len);
    if (!bytes) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    call_daemon_for(call, "ecoprod.daemon.v1.Daemon/Reload", ecoprod_buf_make(bytes, len),
                    on_reload_reply);
    free(bytes); /* call() copied the request */
}

static void echo_handle(void *plugin_ctx, const ecoprod_call *call, ecoprod_buf request)
{
    (void)plugin_ctx;
    switch (call->method_index) {
    case METHOD_ECHO:
        serve_echo(call, request);
        break;
    case METHOD_REPEAT:
        serve_repeat(call, request);
        break;
    case METHOD_WHO_AM_I:
        serve_who_am_i(call, request);
        break;
    case METHOD_RELOAD:
        serve_reload(call, request);
        break;
    default: /* a host bug; still answer, or the call would be held forever */
        ecoprod_reply_error(call, ECOPROD_STATUS_UNIMPLEMENTED, call->method);
        break;
    }
}

static int echo_init(void *plugin_ctx, const ecoprod_host_api *host_api)
{
    (void)plugin_ctx;
    host = host_api;
    int length = host->config_get(host->host_ctx, "Prefix", prefix, sizeof prefix);
    if (length == -ENOENT) {
        prefix[0] = '\0';
    } else if (length < 0) {
        log_message(ECOPROD_LOG_ERR, NULL, "cannot read Prefix=: %s", strerror(-length));
        return length;
    } else if ((size_t)length >= sizeof prefix) {
        log_message(ECOPROD_LOG_ERR, NULL, "Prefix= is %d bytes long, at most %zu are allowed",
                    length, sizeof prefix - 1);
        return -EINVAL;
    }
    log_message(ECOPROD_LOG_INFO, NULL, "ready, prefix \"%s\"", prefix);
    return 0;
}

static const ecoprod_plugin_descriptor echo_plugin = {
    ECOPROD_PLUGIN_DESCRIPTOR_HEAD,
    .id = "echo",
    .version = "1.0.0",
    .description = "Example: echoes text, and calls the daemon on behalf of its caller",
    ECOPROD_PLUGIN_METHODS(echo_methods),
    .capabilities_provided = echo_provides,
    .capabilities_required = echo_requires,
    ECOPROD_PLUGIN_DESCRIPTOR_SET(echo_descriptor_set, sizeof echo_descriptor_set),
    .init = echo_init,
    .handle = echo_handle,
};

ECOPROD_PLUGIN_DEFINE_ENTRY(echo_plugin);
