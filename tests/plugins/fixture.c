/*
 * fixture.c -- the fixture plugins of the daemon's plugin-host tests
 * (README.md). One source, built by the Makefile into several .so files that
 * differ only in these macros, each leading the host down one path: refusal,
 * failure, skipping, dependency order, or a call that is never answered.
 *
 *   FIXTURE_ID            plugin id, a string literal (required)
 *   FIXTURE_ABI_MAJOR     abi_major to report (default: this header's)
 *   FIXTURE_STRUCT_SIZE   struct_size to report (default: the real one)
 *   FIXTURE_PROVIDES      one capability provided, a string literal (default: none)
 *   FIXTURE_REQUIRES      one capability required, a string literal (default: none)
 *   FIXTURE_WITH_METHODS  1: serve ecoprod.fixture.v1.Fixture (default 0: no methods)
 *   FIXTURE_INIT_RESULT   what init() returns (default 0), e.g. -EIO or -ENOTSUP
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <ecoprod/plugin.h>

#ifndef FIXTURE_ID
#error "define FIXTURE_ID, e.g. -DFIXTURE_ID='\"fixture\"'"
#endif
#ifndef FIXTURE_ABI_MAJOR
#define FIXTURE_ABI_MAJOR ECOPROD_PLUGIN_ABI_MAJOR
#endif
#ifndef FIXTURE_STRUCT_SIZE
#define FIXTURE_STRUCT_SIZE sizeof(ecoprod_plugin_descriptor)
#endif
#ifndef FIXTURE_WITH_METHODS
#define FIXTURE_WITH_METHODS 0
#endif
#ifndef FIXTURE_INIT_RESULT
#define FIXTURE_INIT_RESULT 0
#endif

static const ecoprod_host_api *host; /* from init(); valid for the life of the process */

#if FIXTURE_WITH_METHODS
#include <pthread.h>

#include "fixture.pb-c.h"

/* Indexes into fixture_methods[]: handle() switches on call->method_index. */
enum { METHOD_HANG, METHOD_RELEASE, METHOD_STATUS };

static const ecoprod_method fixture_methods[] = {
    [METHOD_HANG] = ECOPROD_UNARY("ecoprod.fixture.v1.Fixture/Hang",
                                  "ecoprod.fixture.v1.HangRequest",
                                  "ecoprod.fixture.v1.HangResponse",
                                  ECOPROD_ROLE_READER, 0),
    [METHOD_RELEASE] = ECOPROD_UNARY("ecoprod.fixture.v1.Fixture/Release",
                                     "ecoprod.fixture.v1.ReleaseRequest",
                                     "ecoprod.fixture.v1.ReleaseResponse",
                                     ECOPROD_ROLE_READER, 0),
    [METHOD_STATUS] = ECOPROD_UNARY("ecoprod.fixture.v1.Fixture/Status",
                                    "ecoprod.fixture.v1.StatusRequest",
                                    "ecoprod.fixture.v1.StatusResponse",
                                    ECOPROD_ROLE_READER, 0),
};

/* The FileDescriptorSet of fixture.proto (generate.sh). */
static const uint8_t fixture_descriptor_set[] = {
#include "fixture.fds.inc"
};

/* Hang calls not answered yet, in arrival order. handle() runs on several
 * host threads at once, hence the lock. */
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static const ecoprod_call **held_calls;
static size_t held_count, held_capacity;

static void hold(const ecoprod_call *call)
{
    pthread_mutex_lock(&held_lock);
    if (held_count == held_capacity) {
        size_t capacity = held_capacity ? 2 * held_capacity : 16;
        const ecoprod_call **grown = realloc(held_calls, capacity * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock(&held_lock);
            ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
            return;
        }
        held_calls = grown;
        held_capacity = capacity;
    }
    held_calls[held_count++] = call;
    pthread_mutex_unlock(&held_lock);
}

/* Empties the list; the caller then owes each returned call its reply. */
static const ecoprod_call **take_held(size_t *count)
{
    pthread_mutex_lock(&held_lock);
    const ecoprod_call **calls = held_calls;
    *count = held_count;
    held_calls = NULL;
    held_count = held_capacity = 0;
    pthread_mutex_unlock(&held_lock);
    return calls;
}

/* call->status() of each call, malloc'ed; NULL when out of memory (or count is 0). */
static int32_t *statuses_of(const ecoprod_call *const *calls, size_t count)
{
    int32_t *statuses = count ? malloc(count * sizeof *statuses) : NULL;
    for (size_t i = 0; statuses && i < count; i++)
        statuses[i] = calls[i]->status(calls[i]);
    return statuses;
}

static void answer_all(const ecoprod_call **calls, size_t count, int32_t status,
                       const char *message)
{
    for (size_t i = 0; i < count; i++)
        calls[i]->reply(calls[i], status, message, ecoprod_buf_make(NULL, 0));
    free(calls);
}

static void reply_message(const ecoprod_call *call, const ProtobufCMessage *message)
{
    size_t len = protobuf_c_message_get_packed_size(message);
    uint8_t *bytes = malloc(len ? len : 1);
    if (!bytes) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    protobuf_c_message_pack(message, bytes);
    ecoprod_reply_ok(call, ecoprod_buf_make(bytes, len));
    free(bytes);
}

static void serve_release(const ecoprod_call *call)
{
    size_t count;
    const ecoprod_call **calls = take_held(&count);
    /* Read before answering: a call is gone once answered. */
    int32_t *statuses = statuses_of(calls, count);
    /* The empty payload is an empty HangResponse. Every call is answered even
     * if statuses could not be read: a call never answered is held forever. */
    answer_all(calls, count, ECOPROD_STATUS_OK, NULL);
    if (count && !statuses) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    Ecoprod__Fixture__V1__ReleaseResponse out = ECOPROD__FIXTURE__V1__RELEASE_RESPONSE__INIT;
    out.released = (uint32_t)count;
    out.n_held_status = count;
    out.held_status = statuses;
    reply_message(call, &out.base);
    free(statuses);
}

static void serve_status(const ecoprod_call *call)
{
    pthread_mutex_lock(&held_lock);
    size_t count = held_count;
    int32_t *statuses = statuses_of(held_calls, count);
    pthread_mutex_unlock(&held_lock);
    if (count && !statuses) {
        ecoprod_reply_error(call, ECOPROD_STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return;
    }
    Ecoprod__Fixture__V1__StatusResponse out = ECOPROD__FIXTURE__V1__STATUS_RESPONSE__INIT;
    out.n_held_status = count;
    out.held_status = statuses;
    reply_message(call, &out.base);
    free(statuses);
}

/* Every request message is empty, so requests are not decoded. */
static void fixture_handle(void *plugin_ctx, const ecoprod_call *call, ecoprod_buf request)
{
    (void)plugin_ctx;
    (void)request;
    switch (call->method_index) {
    case METHOD_HANG:
        hold(call);
        break;
    case METHOD_RELEASE:
        serve_release(call);
        break;
    case METHOD_STATUS:
        serve_status(call);
        break;
    default: /* a host bug; still answer, or the call would be held forever */
        ecoprod_reply_error(call, ECOPROD_STATUS_UNIMPLEMENTED, call->method);
        break;
    }
}

/* The ABI asks a plugin to answer the calls it still holds when it is shut
 * down; the host drops those replies and releases the calls. */
static void fixture_shutdown(void *plugin_ctx)
{
    (void)plugin_ctx;
    size_t count;
    const ecoprod_call **calls = take_held(&count);
    answer_all(calls, count, ECOPROD_STATUS_UNAVAILABLE, "the fixture plugin is shutting down");
    char line[96];
    snprintf(line, sizeof line, "shut down, answered %zu held calls", count);
    host->log(host->host_ctx, NULL, ECOPROD_LOG_INFO, line);
}
#endif /* FIXTURE_WITH_METHODS */

#ifdef FIXTURE_PROVIDES
static const char *const fixture_provides[] = { FIXTURE_PROVIDES, NULL };
#else
#define fixture_provides NULL
#endif
#ifdef FIXTURE_REQUIRES
static const char *const fixture_requires[] = { FIXTURE_REQUIRES, NULL };
#else
#define fixture_requires NULL
#endif

/* Logs what it returns, so a test's log shows the failure was the fixture's own. */
static int fixture_init(void *plugin_ctx, const ecoprod_host_api *host_api)
{
    (void)plugin_ctx;
    host = host_api;
    char line[64];
    snprintf(line, sizeof line, "init returns %d, as built", FIXTURE_INIT_RESULT);
    host->log(host->host_ctx, NULL, ECOPROD_LOG_INFO, line);
    return FIXTURE_INIT_RESULT;
}

/* Filled field by field rather than with ECOPROD_PLUGIN_DESCRIPTOR_HEAD, which
 * would not let struct_size and abi_major lie. */
static const ecoprod_plugin_descriptor fixture_plugin = {
    .struct_size = (uint32_t)(FIXTURE_STRUCT_SIZE),
    .abi_major = FIXTURE_ABI_MAJOR,
    .abi_minor = ECOPROD_PLUGIN_ABI_MINOR,
    .id = FIXTURE_ID,
    .version = "1.0.0",
    .description = "Fixture of the plugin-host tests (tests/plugins)",
#if FIXTURE_WITH_METHODS
    ECOPROD_PLUGIN_METHODS(fixture_methods),
    ECOPROD_PLUGIN_DESCRIPTOR_SET(fixture_descriptor_set, sizeof fixture_descriptor_set),
    .handle = fixture_handle,
    .shutdown = fixture_shutdown,
#endif
    .capabilities_provided = fixture_provides,
    .capabilities_required = fixture_requires,
    .init = fixture_init,
};

ECOPROD_PLUGIN_DEFINE_ENTRY(fixture_plugin);
