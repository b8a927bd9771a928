/*
 * ecoprod/plugin.h -- the ecoprodd capability-plugin ABI, version 1.0.
 *
 * This header is the whole contract between ecoprodd (the host) and a plugin
 * (a shared object in the plugin directory). docs/PLUGIN_ABI.md describes the
 * rules around it: negotiation, loading, ordering, threading and memory, with
 * a "Since:" for every field. Anything not written there or here is not part
 * of the contract.
 *
 * Principles, and why:
 *
 *  - Only C crosses the boundary: fixed-width integers, pointers, NUL-terminated
 *    UTF-8 strings and plain function pointers. No Swift, C++ or protobuf-c
 *    types. A plugin may be written in C, C++, Swift or anything else that can
 *    export a C symbol, and host and plugin never need to agree on a compiler,
 *    a protobuf library or a runtime version.
 *
 *  - Messages cross as serialized protobuf bytes, the same messages and the same
 *    method names as the socket API (docs/PROTOCOL.md). One schema, one router,
 *    one authorization path: a plugin's methods look to clients exactly like
 *    built-in ones, and a plugin calling a domain uses the very API a client
 *    uses.
 *
 *  - Structures grow by appending fields only, and each starts with its
 *    struct_size. A reader looks at a field only when struct_size covers it
 *    (ECOPROD_HAS_FIELD), so an old host loads a new plugin and a new host loads
 *    an old plugin. Every appended field has a zero value that means "behave as
 *    before", which is what an older peer implicitly gets.
 *
 *  - An incompatible change is a new major version *and a new entry symbol*
 *    (ecoprod_plugin_entry_v2). dlsym() then tells the host which majors a file
 *    speaks before any of its structures are read, and one .so can export
 *    several majors at once.
 *
 *  - The ABI is not a sandbox. A plugin runs inside the daemon, with its
 *    privileges and its address space, and is trusted exactly as far as the
 *    plugin directory is (see the loading rules). The role rules below exist so
 *    that a plugin acts faithfully for the caller who invoked it -- it cannot be
 *    used as a "confused deputy" to do more than that caller may -- not to
 *    contain a malicious plugin.
 *
 * The header is C99 (no C11 features) and usable from C++; it declares nothing
 * that needs linking against the host: every host function reaches the plugin
 * through the tables below.
 */
#ifndef ECOPROD_PLUGIN_H
#define ECOPROD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions and the entry symbol                                            */
/* ------------------------------------------------------------------------ */

/* An incompatible change bumps the major, renames the entry symbol and resets
 * the minor to 0. Hosts refuse a plugin whose descriptor reports another major.
 * Since: 1.0 */
#define ECOPROD_PLUGIN_ABI_MAJOR 1

/* Bumped for every append-only addition (a field, a flag bit, an enum value).
 * The minor is reported (Daemon/ListPlugins "abi") and tells a plugin which
 * additions a host understands; it never decides which fields exist -- only
 * struct_size does. Since: 1.0 */
#define ECOPROD_PLUGIN_ABI_MINOR 0

/* True when this header is at least MAJOR.MINOR, for plugins that want to
 * build against several header versions:
 *   #if ECOPROD_PLUGIN_ABI_AT_LEAST(1, 1) ... #endif
 * Since: 1.0 */
#define ECOPROD_PLUGIN_ABI_AT_LEAST(major, minor) \
    (ECOPROD_PLUGIN_ABI_MAJOR > (major) || \
     (ECOPROD_PLUGIN_ABI_MAJOR == (major) && ECOPROD_PLUGIN_ABI_MINOR >= (minor)))

/* The name the host looks up with dlsym(). The "_v1" is the ABI major: a
 * future ABI 2 is looked up as "ecoprod_plugin_entry_v2", so a 1.x host never
 * misreads a 2.x descriptor. Since: 1.0 */
#define ECOPROD_PLUGIN_ENTRY_SYMBOL "ecoprod_plugin_entry_v1"

/* Marks a symbol as exported from a shared object built with
 * -fvisibility=hidden. Build plugins hidden-by-default so that only the entry
 * point is visible: the host loads with RTLD_LOCAL anyway, but hidden symbols
 * also keep a plugin from interposing on (or being interposed by) the host's
 * and other libraries' symbols. Since: 1.0 */
#if defined(__GNUC__) || defined(__clang__)
#define ECOPROD_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define ECOPROD_PLUGIN_EXPORT
#endif

/* ------------------------------------------------------------------------ */
/* Constants                                                                */
/* ------------------------------------------------------------------------ */
/*
 * Enumerations are given as enum constants for readability, but every field
 * and parameter that holds one is a fixed-width integer (uint32_t, int32_t or
 * int): the size of a C enum type is up to the compiler, the size of a field
 * in this ABI is not.
 */

/* gRPC status codes, the same numbers as google.rpc.Status.code on the wire
 * (docs/PROTOCOL.md, section 6). A plugin answers with these; the host passes
 * them to the client unchanged. Codes outside 0..16 are replaced by
 * ECOPROD_STATUS_UNKNOWN. Since: 1.0 (all values) */
typedef enum ecoprod_status {
    ECOPROD_STATUS_OK = 0,
    ECOPROD_STATUS_CANCELLED = 1,
    ECOPROD_STATUS_UNKNOWN = 2,
    ECOPROD_STATUS_INVALID_ARGUMENT = 3,
    ECOPROD_STATUS_DEADLINE_EXCEEDED = 4,
    ECOPROD_STATUS_NOT_FOUND = 5,
    ECOPROD_STATUS_ALREADY_EXISTS = 6,
    ECOPROD_STATUS_PERMISSION_DENIED = 7,
    ECOPROD_STATUS_RESOURCE_EXHAUSTED = 8,
    ECOPROD_STATUS_FAILED_PRECONDITION = 9,
    ECOPROD_STATUS_ABORTED = 10,
    ECOPROD_STATUS_OUT_OF_RANGE = 11,
    ECOPROD_STATUS_UNIMPLEMENTED = 12,
    ECOPROD_STATUS_INTERNAL = 13,
    ECOPROD_STATUS_UNAVAILABLE = 14,
    ECOPROD_STATUS_DATA_LOSS = 15,
    ECOPROD_STATUS_UNAUTHENTICATED = 16
} ecoprod_status;

/* Caller roles, the values of ecoprod.daemon.v1.Role. Ordered: each role
 * includes the ones below it. A method names the least role it needs; the host
 * checks it before the plugin ever sees the call, so handlers never check
 * roles themselves. ECOPROD_ROLE_NONE is never a valid required role (a method
 * callable without any role would contradict the socket's rule that a peer in
 * no role group may call nothing). Since: 1.0 (all values) */
typedef enum ecoprod_role {
    ECOPROD_ROLE_NONE = 0,
    ECOPROD_ROLE_READER = 1,
    ECOPROD_ROLE_EDITOR = 2,
    ECOPROD_ROLE_ADMIN = 3
} ecoprod_role;

/* How many messages flow each way. Zero is deliberately not a kind, so that a
 * method entry left zero-filled is refused instead of silently being unary.
 * Since: 1.0 (UNARY, SERVER_STREAMING)
 *
 * ECOPROD_METHOD_CLIENT_STREAMING is reserved for a later minor: a 1.0 host
 * refuses a plugin that declares it. Accepting a stream of requests needs a
 * receive interface with flow control (the host must stop reading the socket
 * while the plugin falls behind) and end-of-input signalling; nothing a plugin
 * does today needs it (uploads go to built-in domain services), and an
 * interface designed without a user tends to be the wrong one. It will be
 * added append-only: a new field in ecoprod_call, with this value becoming
 * valid, and plugins offering such methods only when host_minor says so. */
typedef enum ecoprod_method_kind {
    ECOPROD_METHOD_UNARY = 1,
    ECOPROD_METHOD_SERVER_STREAMING = 2,
    ECOPROD_METHOD_CLIENT_STREAMING = 3 /* reserved; refused by 1.0 hosts */
} ecoprod_method_kind;

/* ecoprod_method.flags. Unknown bits make the host refuse the plugin, so a
 * flag with a meaning is never silently ignored. Since: 1.0 */
#define ECOPROD_METHOD_MUTATING 0x1u /* changes state: the host logs every call with the caller's uid and pid */

/* Flags of ecoprod_call.send(). Since: 1.0 */
#define ECOPROD_SEND_NONBLOCK 0x1u /* never wait for a slow client: return -EAGAIN instead */

/* Log priorities: the syslog(3) values, which is also journald's PRIORITY=
 * field. Spelled out here rather than taken from <syslog.h>, whose LOG_*
 * macros a plugin may not want in its namespace. Since: 1.0 (all values) */
typedef enum ecoprod_log_priority {
    ECOPROD_LOG_EMERG = 0,
    ECOPROD_LOG_ALERT = 1,
    ECOPROD_LOG_CRIT = 2,
    ECOPROD_LOG_ERR = 3,
    ECOPROD_LOG_WARNING = 4,
    ECOPROD_LOG_NOTICE = 5,
    ECOPROD_LOG_INFO = 6,
    ECOPROD_LOG_DEBUG = 7
} ecoprod_log_priority;

/* The largest message (request, reply payload, stream message, event detail)
 * that may cross the ABI: the wire's 4 MiB frame limit. A reply payload also
 * has to leave room for its response envelope (a few bytes plus the status
 * message); the host answers RESOURCE_EXHAUSTED for one that does not fit.
 * Keeping the socket's limit in-process means a method never sees a message a
 * socket client could not have sent. Since: 1.0 */
#define ECOPROD_MAX_MESSAGE_SIZE 4194304u

/* ------------------------------------------------------------------------ */
/* Buffers                                                                  */
/* ------------------------------------------------------------------------ */

/* A borrowed byte range: serialized protobuf, usually. Whoever passes one
 * keeps ownership; the receiver may read it only until the function it was
 * passed to returns, and copies what it wants to keep. No memory is ever
 * freed by the side that did not allocate it, so host and plugin may use
 * different allocators (Swift, C, a static runtime copy) without harm.
 * data may be NULL when len is 0. Passed by value; it never grows.
 * Since: 1.0 */
typedef struct ecoprod_buf {
    const uint8_t *data; /* Since: 1.0 */
    size_t len;          /* Since: 1.0 */
} ecoprod_buf;

/* ------------------------------------------------------------------------ */
/* Forward declarations and callback types                                  */
/* ------------------------------------------------------------------------ */

typedef struct ecoprod_call ecoprod_call;
typedef struct ecoprod_host_api ecoprod_host_api;
typedef struct ecoprod_method ecoprod_method;
typedef struct ecoprod_plugin_descriptor ecoprod_plugin_descriptor;

/* Final answer to a call a plugin made through ecoprod_host_api.call().
 * Called exactly once per accepted call, on a host thread, never before
 * call() has returned. status is an ecoprod_status; message is never NULL
 * ("" when there is none); payload is the response message (unary, OK only)
 * and is borrowed until this function returns. For a server-streaming method
 * the messages came through ecoprod_message_fn and payload is empty.
 * Since: 1.0 */
typedef void (*ecoprod_reply_fn)(void *reply_ctx, int32_t status,
                                 const char *message, ecoprod_buf payload);

/* One message of a server-streaming method called through
 * ecoprod_host_api.call(). Calls for one stream are made one at a time, in
 * order, all before its ecoprod_reply_fn. The message is borrowed until this
 * function returns. Return 0 to keep receiving, or non-zero to stop: the host
 * then cancels the stream and the reply follows with ECOPROD_STATUS_CANCELLED.
 * The host does not deliver the next message until this one returns, which is
 * the stream's flow control: a slow consumer slows the producer.
 * Since: 1.0 */
typedef int (*ecoprod_message_fn)(void *reply_ctx, ecoprod_buf message);

/* ------------------------------------------------------------------------ */
/* The per-call context (host -> plugin)                                    */
/* ------------------------------------------------------------------------ */

/*
 * One call the host routed to the plugin, handed to handle(). The host owns it;
 * the plugin reads its fields and uses its functions. Behind the public fields
 * the host keeps its own state (host_private), so to the plugin it is a handle
 * with a few read-only facts attached.
 *
 * Lifetime -- the host's guarantee: the structure, its strings and its functions
 * stay valid from handle() until the plugin calls reply(), exactly once, and
 * that holds even when the call has already ended for the client (deadline
 * passed, connection closed, daemon stopping). The host never frees a call the
 * plugin has not replied to, so a late reply is always safe: it is dropped and
 * the call released. After reply() the pointer is dead; touching it, or
 * replying twice, is undefined behaviour.
 *
 * Why the identity lives here: a plugin acts on behalf of the caller who
 * invoked it. Passing this pointer as `on_behalf_of` to host->call() makes the
 * host authorize the nested call with that caller's role, so a plugin can never
 * do more than its caller. Identity comes only from the kernel (SO_PEERCRED),
 * never from the plugin or from request metadata.
 *
 * Read a field appended after 1.0 only when ECOPROD_HAS_FIELD says struct_size
 * covers it.
 */
struct ecoprod_call {
    /* sizeof(ecoprod_call) as the host was built. Since: 1.0 */
    uint32_t struct_size;
    /* Index of the called method in the plugin's descriptor methods[] array:
     * switch on it instead of comparing strings. Since: 1.0 */
    uint32_t method_index;
    /* Absolute deadline in CLOCK_MONOTONIC nanoseconds, 0 when the call has
     * none. Absolute, not remaining time, so it does not go stale while a
     * request waits in a queue. Compare with clock_gettime(CLOCK_MONOTONIC).
     * (Placed at offset 8 so that no 32-bit ABI pads before it.) Since: 1.0 */
    int64_t deadline_ns;
    /* Full method name as in the descriptor, "ecoprod.scoring.v1.Scoring/Score".
     * Since: 1.0 */
    const char *method;
    /* The caller's credentials, read from the socket when its connection was
     * accepted. For a call made by a plugin on nobody's behalf these are the
     * daemon's own. Informational: authorization already happened. Since: 1.0 */
    uint32_t caller_uid; /* Since: 1.0 */
    uint32_t caller_gid; /* Since: 1.0 */
    int32_t caller_pid;  /* Since: 1.0 */
    /* The caller's role (ecoprod_role), at least the method's required role.
     * Since: 1.0 */
    uint32_t caller_role;
    /* Id of the plugin that made this call through host->call(), or NULL when
     * it came from a socket client. For logs and loop detection only.
     * Since: 1.0 */
    const char *via_plugin;
    /* The host's own state. Never read or write it. Since: 1.0 */
    void *host_private;

    /* Sends one message of a server-streaming reply. The host copies the
     * message before returning, so the buffer may be reused at once. Returns:
     *   0            queued;
     *   -EAGAIN      ECOPROD_SEND_NONBLOCK given and the client is behind;
     *                nothing was queued, try again later;
     *   -ECANCELED   the client closed its connection;
     *   -ETIMEDOUT   the call's deadline passed (the host answered
     *                DEADLINE_EXCEEDED);
     *   -ESHUTDOWN   the daemon is stopping and ended the stream cleanly;
     *   -EMSGSIZE    message larger than ECOPROD_MAX_MESSAGE_SIZE;
     *   -EINVAL      not a server-streaming method, or unknown flag bits.
     * After any error except -EAGAIN, -EMSGSIZE and -EINVAL the stream is over:
     * stop producing and call reply() (its answer is dropped) to release the
     * call.
     * Without ECOPROD_SEND_NONBLOCK, send() waits while the client is too far
     * behind (the host's per-stream backlog limit) -- flow control as a blocking
     * write(2) has it -- but only on a plugin-owned thread: called from inside
     * handle() or any other host callback it never waits, it queues, because
     * those threads serve every other call too. Produce long streams from your
     * own thread. Do not call send() for one call from two threads at once:
     * messages go out in the order the calls to send() happened. Since: 1.0 */
    int (*send)(const ecoprod_call *call, ecoprod_buf message, uint32_t flags);

    /* Ends the call: exactly once, from any thread, at any time after handle()
     * was entered (also from inside handle()), after the last send() for the
     * call has returned. status is an ecoprod_status;
     * message (UTF-8, may be NULL) is shown to people when status is not OK.
     *   Unary, OK:              payload is the response message.
     *   Server streaming, OK:   payload must be empty; ends the stream cleanly.
     *   Any method, not OK:     payload is ignored; the client gets the error.
     * The host copies what it needs before returning. If the call already
     * ended (see status()), the reply is dropped. Either way the call is
     * released and the pointer must not be used again. Since: 1.0 */
    void (*reply)(const ecoprod_call *call, int32_t status, const char *message,
                  ecoprod_buf payload);

    /* ECOPROD_STATUS_OK while replies and messages still reach the client;
     * otherwise the code the host already ended the call with:
     * ECOPROD_STATUS_CANCELLED (connection closed), ECOPROD_STATUS_DEADLINE_EXCEEDED,
     * or ECOPROD_STATUS_UNAVAILABLE (daemon stopping; server streams only).
     * Long computations poll it to stop early. Cheap, any thread. Since: 1.0 */
    int32_t (*status)(const ecoprod_call *call);
};

/* ------------------------------------------------------------------------ */
/* The host API table (host -> plugin)                                      */
/* ------------------------------------------------------------------------ */

/*
 * Passed to init(). Each plugin gets its own table: host_ctx identifies the
 * plugin, so the host knows which plugin logs, emits and reads configuration.
 *
 * Lifetime: the table and its functions stay valid for the life of the process
 * (the host never unloads anything). After the plugin's shutdown() has
 * returned, log and config_get still work, call and emit_event return
 * -ESHUTDOWN: a plugin thread that outlives shutdown() fails cleanly instead
 * of touching freed memory.
 *
 * Every function is thread-safe, may be called from any thread (including from
 * inside init(), handle() and the callbacks) and never calls into any plugin
 * before it returns: callbacks always come later, from a host thread. That rule
 * is what makes it safe to call host functions while holding your own locks.
 *
 * Buffers and strings passed in are borrowed: the host copies what it keeps
 * before returning.
 */
struct ecoprod_host_api {
    /* sizeof(ecoprod_host_api) as the host was built. Since: 1.0 */
    uint32_t struct_size;
    /* The host's ABI version (the same values entry() received). Since: 1.0 */
    uint32_t abi_major; /* Since: 1.0 */
    uint32_t abi_minor; /* Since: 1.0 */
    /* Host flags; none defined in 1.0 (always 0). Since: 1.0 */
    uint32_t flags;
    /* Pass back as the first argument of every function below. Since: 1.0 */
    void *host_ctx;
    /* The daemon's version, e.g. "0.4.0", for logs. Since: 1.0 */
    const char *host_version;

    /* Logs one message at a syslog priority (ecoprod_log_priority; out-of-range
     * values are clamped). The host adds the plugin id, and when call is not
     * NULL the call's method and caller (journald fields ECOPROD_PLUGIN,
     * ECOPROD_METHOD, ECOPROD_PEER_UID, ECOPROD_PEER_PID). Filtered by the
     * daemon's LogLevel=. Not variadic: format the message yourself (variadic
     * functions do not cross language boundaries, Swift cannot import them).
     * call must be a live call of this plugin or NULL. Since: 1.0 */
    void (*log)(void *host_ctx, const ecoprod_call *call, int priority, const char *message);

    /* Calls any method on the router by full name ("ecoprod.label.v1.Label/Get";
     * a leading "/" as in ListServices' full_name is accepted) with a
     * serialized request. Asynchronous.
     *
     * on_behalf_of: the live call (handed to handle()) whose caller this work
     *   is for. The host authorizes the nested call with that caller's identity
     *   and role -- a method needing more gets PERMISSION_DENIED -- logs mutating
     *   calls with that caller's uid and pid, and caps the deadline at that
     *   call's deadline. The identity is copied: the nested call may outlive
     *   the reply to on_behalf_of. NULL means background work on nobody's
     *   behalf: the call runs with the daemon's credentials and role READER,
     *   so background work can read but every change is attributable to a
     *   caller.
     * timeout_ns: relative, as the wire's timeout_nano: 0 = none (beyond the
     *   inherited deadline), negative = already expired.
     * flags: none defined in 1.0; must be 0.
     * on_message: required for server-streaming methods, one call per message
     *   (NULL for unary methods; a streaming method called without it gets
     *   INVALID_ARGUMENT).
     * on_reply: required; called exactly once, later, on a host thread.
     *
     * Returns 0 when the call was accepted: on_reply will come. Everything the
     * router decides (UNIMPLEMENTED, PERMISSION_DENIED, DEADLINE_EXCEEDED, the
     * method's own errors) arrives through on_reply, with the codes a socket
     * client would get. Returns a negative errno, and on_reply never comes,
     * only for: -EINVAL (NULL method or on_reply, unknown flags), -EMSGSIZE
     * (request over ECOPROD_MAX_MESSAGE_SIZE), -ESHUTDOWN (the drain is over
     * and plugins are being shut down). While the daemon drains, calls still
     * work: they may be part of in-flight work that is allowed to finish.
     * Since: 1.0 */
    int (*call)(void *host_ctx, const ecoprod_call *on_behalf_of, const char *method,
                ecoprod_buf request, int64_t timeout_ns, uint32_t flags,
                ecoprod_message_fn on_message, ecoprod_reply_fn on_reply, void *reply_ctx);

    /* Publishes an event to Daemon/Watch subscribers, with source set to the
     * plugin id. topic must start with "<plugin id>." and contain only
     * [a-z0-9._-] (so no plugin can forge "daemon.*" events); summary is one
     * line for people (NULL = ""). detail_type_url, when not NULL, makes the
     * event's detail an Any of that type ("type.googleapis.com/<full message
     * name>", a message in the plugin's descriptor set) with detail as its
     * bytes; when NULL there is no detail and detail is ignored. Returns 0, or
     * -EINVAL (bad topic or type URL), -EMSGSIZE, -ESHUTDOWN (the daemon is
     * stopping and Watch streams are closed). Since: 1.0 */
    int (*emit_event)(void *host_ctx, const char *topic, const char *summary,
                      const char *detail_type_url, ecoprod_buf detail);

    /* Reads key from the plugin's own [Plugin.<id>] configuration section
     * (case-sensitive key; the last assignment wins, drop-ins included). Copies
     * the value and a terminating NUL into buffer, truncating to size - 1
     * bytes as snprintf() does, and returns the value's full length in bytes
     * (excluding the NUL): a return value >= size means truncation, so ask
     * with size 0 to learn the length. Returns -ENOENT when the key is not
     * set, -EINVAL when key is NULL or buffer is NULL with size > 0.
     * Copying instead of returning a pointer keeps the value safe while a
     * reload replaces the configuration; each call sees the configuration of
     * the moment, so read once in init() unless you mean to follow reloads.
     * Since: 1.0 */
    int (*config_get)(void *host_ctx, const char *key, char *buffer, size_t size);
};

/* ------------------------------------------------------------------------ */
/* The plugin descriptor (plugin -> host)                                   */
/* ------------------------------------------------------------------------ */

/* One method the plugin serves. An array of these hangs off the descriptor;
 * its element size is given there (method_struct_size), so the array can grow
 * fields too. Use ECOPROD_UNARY / ECOPROD_SERVER_STREAMING to fill one. */
struct ecoprod_method {
    /* Full ttrpc name "package.Service/Method", e.g.
     * "ecoprod.scoring.v1.Scoring/Score" (no leading "/"). The service must be
     * in the descriptor set, and no other provider may serve it. Since: 1.0 */
    const char *name;
    /* Fully qualified request and response message names, e.g.
     * "ecoprod.scoring.v1.ScoreRequest"; they must match the descriptor set.
     * Since: 1.0 */
    const char *request_type;  /* Since: 1.0 */
    const char *response_type; /* Since: 1.0 */
    /* ecoprod_method_kind; must match the descriptor set's streaming flags.
     * Since: 1.0 */
    uint32_t kind;
    /* Least ecoprod_role a caller needs: READER, EDITOR or ADMIN. Since: 1.0 */
    uint32_t required_role;
    /* ECOPROD_METHOD_* bits. Since: 1.0 */
    uint32_t flags;
    /* Must be 0. Keeps the 1.0 layout free of hidden padding. Since: 1.0 */
    uint32_t reserved;
};

/* Called once, before the plugin's methods are routed, in dependency order
 * (capabilities_required before capabilities_provided). host stays valid for
 * the life of the process; keep the pointer. Returns:
 *   0         ready: the methods are routed from now on;
 *   -ENOTSUP  skip me (e.g. hardware or configuration absent); not an error;
 *   < 0       any other negative errno: failed, reported, not routed.
 * init may block (it runs on the plugin-loading thread, one plugin at a time, and
 * the daemon serves clients only after every init returned); keep it short,
 * systemd's start timeout applies. Since: 1.0 */
typedef int (*ecoprod_plugin_init_fn)(void *plugin_ctx, const ecoprod_host_api *host);

/* Serves one call: answer through call->reply(), exactly once, now or later,
 * from any thread. request is the serialized request message, borrowed until
 * handle() returns (decode or copy it first if you answer later); call stays
 * valid until reply(). Called concurrently from several host threads, so it
 * must be thread-safe, and must not block: those threads serve every client.
 * In particular never wait inside handle() for an on_reply of host->call() --
 * the reply may need the very thread you are holding. Since: 1.0 */
typedef void (*ecoprod_plugin_handle_fn)(void *plugin_ctx, const ecoprod_call *call,
                                         ecoprod_buf request);

/* Called once when the daemon stops, after client calls were drained, in the
 * reverse of init order, only if init returned 0. Stop your threads; answer
 * any call you still hold (the reply is dropped, the call released). After it
 * returns, handle() is never called again. Since: 1.0 */
typedef void (*ecoprod_plugin_shutdown_fn)(void *plugin_ctx);

/*
 * What a plugin is. Returned by the entry point; static, constant storage: the
 * descriptor and everything it points to must stay valid and unchanged for the
 * life of the process (the host never dlclose()s, so static data in the .so
 * qualifies). Fill it with the ECOPROD_PLUGIN_* macros below.
 *
 * Optional fields are NULL / 0 when absent; required ones are marked.
 */
struct ecoprod_plugin_descriptor {
    /* sizeof(ecoprod_plugin_descriptor) as the plugin was built; at least
     * ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE. Required. Since: 1.0 */
    uint32_t struct_size;
    /* ECOPROD_PLUGIN_ABI_MAJOR / _MINOR the plugin was built against. The
     * major must equal the host's. Required. Since: 1.0 */
    uint32_t abi_major; /* Since: 1.0 */
    uint32_t abi_minor; /* Since: 1.0 */
    /* Plugin flags; none defined in 1.0, must be 0 (unknown bits are refused).
     * Since: 1.0 */
    uint32_t flags;

    /* Unique id, ^[a-z0-9][a-z0-9.-]*$, at most 64 bytes: "carbon". Names the
     * [Plugin.<id>] configuration section, the provider in ListServices, the
     * event source and the prefix of its event topics. Required. Since: 1.0 */
    const char *id;
    /* The plugin's own version, free form (semver recommended): "1.2.0".
     * Required. Since: 1.0 */
    const char *version;
    /* One line for people (ListPlugins). Optional. Since: 1.0 */
    const char *description;

    /* The methods served: an array of method_count entries, each
     * method_struct_size bytes (sizeof(ecoprod_method) as the plugin was
     * built; at least ECOPROD_METHOD_MIN_SIZE). NULL / 0 for a plugin that
     * serves no methods. Since: 1.0 */
    const ecoprod_method *methods; /* Since: 1.0 */
    uint32_t method_count;         /* Since: 1.0 */
    uint32_t method_struct_size;   /* Since: 1.0 */

    /* Capabilities, NULL-terminated arrays of names like "scoring.v1"
     * (^[a-z0-9][a-z0-9.-]*$), or NULL for none. A plugin is initialised only
     * after some provider of each capability it requires is running; the host
     * itself provides one capability per built-in API package
     * ("ecoprod.daemon.v1", ...). Optional. Since: 1.0 */
    const char *const *capabilities_provided; /* Since: 1.0 */
    const char *const *capabilities_required; /* Since: 1.0 */

    /* A serialized google.protobuf.FileDescriptorSet with the .proto files of
     * the plugin's services and everything they import, dependencies first
     * (protoc --include_imports --descriptor_set_out). The host adds it to
     * Daemon/GetDescriptors, so clients and `ecoprodctl call` can describe the
     * messages, and checks every method entry against it. Required when
     * method_count > 0. Since: 1.0 */
    const uint8_t *descriptor_set;  /* Since: 1.0 */
    size_t descriptor_set_size;     /* Since: 1.0 */

    /* Lifecycle and dispatch; see the typedefs above. init and shutdown are
     * optional (NULL = nothing to do); handle is required when method_count
     * > 0. Since: 1.0 */
    ecoprod_plugin_init_fn init;         /* Since: 1.0 */
    ecoprod_plugin_handle_fn handle;     /* Since: 1.0 */
    ecoprod_plugin_shutdown_fn shutdown; /* Since: 1.0 */
    /* Passed as the first argument of init, handle and shutdown. Since: 1.0 */
    void *plugin_ctx;

    /* Append 1.1 fields here, each with a zero value meaning "as in 1.0". */
};

/* The entry point's type, for the host's dlsym(). The plugin returns its
 * descriptor, or NULL if it cannot serve host_major (the host then refuses the
 * file). host_minor tells it which additions the host understands: a plugin
 * may return a descriptor without newer method kinds or flags to an older
 * host. It must be cheap and free of side effects -- no threads, no files --
 * because the host may refuse the plugin after reading the descriptor and never
 * call init(). Since: 1.0 */
typedef const ecoprod_plugin_descriptor *(*ecoprod_plugin_entry_fn)(uint32_t host_major,
                                                                    uint32_t host_minor);

/* The entry point every plugin defines (use ECOPROD_PLUGIN_DEFINE_ENTRY).
 * Declared here so a definition is checked against this type and, in C++,
 * gets C linkage from this extern "C" block. Hidden from Swift: a Swift plugin
 * defines it with @c / @_cdecl, and in the Swift host the name would only be a
 * trap -- the host must find each plugin's entry with dlsym(), and a direct
 * call would link against a symbol no library defines. Since: 1.0 */
#ifndef __swift__
ECOPROD_PLUGIN_EXPORT const ecoprod_plugin_descriptor *ecoprod_plugin_entry_v1(uint32_t host_major,
                                                                               uint32_t host_minor);
#endif

/* ------------------------------------------------------------------------ */
/* Sizes and growth                                                         */
/* ------------------------------------------------------------------------ */

/* True when a structure of `type` that is `size` bytes long (as its builder
 * saw it) contains `field`. Since: 1.0 */
#define ECOPROD_SIZE_COVERS(type, size, field) \
    ((size_t)(size) >= offsetof(type, field) + sizeof(((type *)0)->field))

/* True when the struct_size of *ptr (of type `type`) covers `field`, i.e. the
 * other side was built with a header that has it. Check before reading any
 * field added after 1.0, and check function pointers for NULL as well:
 *   if (ECOPROD_HAS_FIELD(ecoprod_host_api, host, some_1_1_fn) && host->some_1_1_fn) ...
 * Method entries carry no struct_size of their own; for them use
 *   ECOPROD_SIZE_COVERS(ecoprod_method, descriptor->method_struct_size, field).
 * Since: 1.0 */
#define ECOPROD_HAS_FIELD(type, ptr, field) \
    ((ptr) != NULL && ECOPROD_SIZE_COVERS(type, (ptr)->struct_size, field))

/* The 1.0 sizes: offset of the last 1.0 field plus its size. Frozen forever --
 * later minors append after them. The host refuses a descriptor or method
 * array smaller than these; a plugin may rely on the host's tables being at
 * least this large. Enum constants rather than macros so that Swift, which
 * cannot import a macro using offsetof, sees them too. Since: 1.0 */
enum {
    ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE =
        offsetof(ecoprod_plugin_descriptor, plugin_ctx) + sizeof(void *),
    ECOPROD_METHOD_MIN_SIZE = offsetof(ecoprod_method, reserved) + sizeof(uint32_t),
    ECOPROD_HOST_API_MIN_SIZE = offsetof(ecoprod_host_api, config_get) + sizeof(void (*)(void)),
    ECOPROD_CALL_MIN_SIZE = offsetof(ecoprod_call, status) + sizeof(void (*)(void))
};

/* ------------------------------------------------------------------------ */
/* Helpers for defining a plugin concisely (C99; C++20 with declaration     */
/* order kept). They only fill structures: nothing here is part of the      */
/* binary contract.                                                         */
/* ------------------------------------------------------------------------ */

/* One method entry, positional so it works in C and C++ alike. Fields a later
 * header appends are zero-initialised, which means "as in 1.0". Since: 1.0 */
#define ECOPROD_METHOD(kind, name, request_type, response_type, required_role, flags) \
    { (name), (request_type), (response_type), (kind), (required_role), (flags), 0u }
#define ECOPROD_UNARY(name, request_type, response_type, required_role, flags) \
    ECOPROD_METHOD(ECOPROD_METHOD_UNARY, name, request_type, response_type, required_role, flags)
#define ECOPROD_SERVER_STREAMING(name, request_type, response_type, required_role, flags) \
    ECOPROD_METHOD(ECOPROD_METHOD_SERVER_STREAMING, name, request_type, response_type, \
                   required_role, flags)

/* Designated-initializer fragments for a descriptor:
 *
 *   static const ecoprod_plugin_descriptor my_plugin = {
 *       ECOPROD_PLUGIN_DESCRIPTOR_HEAD,
 *       .id = "echo", .version = "1.0.0",
 *       ECOPROD_PLUGIN_METHODS(my_methods),
 *       ECOPROD_PLUGIN_DESCRIPTOR_SET(my_fds, sizeof my_fds),
 *       .handle = my_handle,
 *   };
 *   ECOPROD_PLUGIN_DEFINE_ENTRY(my_plugin);
 *
 * HEAD sets struct_size and the ABI version from this header, so they can
 * never disagree with the layout the plugin was compiled with. Since: 1.0 */
#define ECOPROD_PLUGIN_DESCRIPTOR_HEAD \
    .struct_size = (uint32_t)sizeof(ecoprod_plugin_descriptor), \
    .abi_major = ECOPROD_PLUGIN_ABI_MAJOR, \
    .abi_minor = ECOPROD_PLUGIN_ABI_MINOR
/* `array` must be an array (not a pointer) of ecoprod_method. */
#define ECOPROD_PLUGIN_METHODS(array) \
    .methods = (array), \
    .method_count = (uint32_t)(sizeof(array) / sizeof((array)[0])), \
    .method_struct_size = (uint32_t)sizeof((array)[0])
#define ECOPROD_PLUGIN_DESCRIPTOR_SET(data, size) \
    .descriptor_set = (const uint8_t *)(data), \
    .descriptor_set_size = (size_t)(size)

/* Defines ecoprod_plugin_entry_v1 returning &descriptor for major 1 and NULL
 * otherwise. Use at file scope, followed by a semicolon. Write the function by
 * hand instead to tailor the descriptor to host_minor. Since: 1.0 */
#define ECOPROD_PLUGIN_DEFINE_ENTRY(descriptor) \
    ECOPROD_PLUGIN_EXPORT const ecoprod_plugin_descriptor *ecoprod_plugin_entry_v1( \
        uint32_t host_major, uint32_t host_minor) \
    { \
        (void)host_minor; \
        return host_major == ECOPROD_PLUGIN_ABI_MAJOR ? &(descriptor) : NULL; \
    } \
    struct ecoprod_plugin_entry_v1_defined /* takes the caller's semicolon */

/* Small conveniences; inline, so they are not ABI. Since: 1.0 */
static inline ecoprod_buf ecoprod_buf_make(const void *data, size_t len)
{
    ecoprod_buf buf;
#ifdef __cplusplus
    buf.data = static_cast<const uint8_t *>(data);
#else
    buf.data = (const uint8_t *)data;
#endif
    buf.len = len;
    return buf;
}

static inline void ecoprod_reply_ok(const ecoprod_call *call, ecoprod_buf payload)
{
    call->reply(call, ECOPROD_STATUS_OK, NULL, payload);
}

static inline void ecoprod_reply_error(const ecoprod_call *call, int32_t status, const char *message)
{
    call->reply(call, status, message, ecoprod_buf_make(NULL, 0));
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ECOPROD_PLUGIN_H */
