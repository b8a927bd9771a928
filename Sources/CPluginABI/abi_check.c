/*
 * Compile-time checks of the plugin ABI (ecoprod/plugin.h).
 *
 * This file generates no code. It exists because a SwiftPM C target needs at
 * least one source file, and it earns its place by pinning the layout of every
 * ABI structure: an edit to plugin.h that moves, resizes or reorders a 1.0
 * field -- which would silently break every plugin already built -- fails the
 * build here instead. Appending a field in a later minor changes none of these
 * numbers except the sizes, which are checked as ">= the 1.0 minimum".
 *
 * The exact offsets are those of LP64 Linux (x86_64, aarch64, the platforms
 * the daemon is built for); other data models get the portable checks only.
 * Compile with -Wpadded to see that no structure has hidden padding (none has,
 * on LP64, i386 or 32-bit arm).
 *
 * Plain C99 (no _Static_assert unless the compiler is C11), so it also builds
 * with `cc -std=c99 -pedantic`.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include "ecoprod/plugin.h"

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define ABI_CHECK(condition, name) _Static_assert(condition, #name)
#else
/* C99: an array type of negative size is a compile error. */
#define ABI_CHECK(condition, name) typedef char abi_check_##name[(condition) ? 1 : -1]
#endif

/* ---- versions ---------------------------------------------------------- */

ABI_CHECK(ECOPROD_PLUGIN_ABI_MAJOR == 1, abi_major_is_1_matching_entry_symbol_v1);
ABI_CHECK(ECOPROD_PLUGIN_ABI_AT_LEAST(1, 0), abi_at_least_1_0);
ABI_CHECK(!ECOPROD_PLUGIN_ABI_AT_LEAST(2, 0), abi_not_2_0);
ABI_CHECK(sizeof(ECOPROD_PLUGIN_ENTRY_SYMBOL) == sizeof("ecoprod_plugin_entry_v1"),
          entry_symbol_name_length);

/* The entry point's declaration and the typedef the host uses must agree: the
 * assignment is type-checked but, inside sizeof, never evaluated, so nothing
 * references the symbol (the host defines no entry point). */
ABI_CHECK(sizeof(*(ecoprod_plugin_entry_fn *)0 = ecoprod_plugin_entry_v1) == sizeof(void (*)(void)),
          entry_declaration_matches_entry_fn);

/* ---- wire values ------------------------------------------------------- */

/* gRPC status codes (google.rpc.Code). */
ABI_CHECK(ECOPROD_STATUS_OK == 0, status_ok);
ABI_CHECK(ECOPROD_STATUS_CANCELLED == 1, status_cancelled);
ABI_CHECK(ECOPROD_STATUS_UNKNOWN == 2, status_unknown);
ABI_CHECK(ECOPROD_STATUS_INVALID_ARGUMENT == 3, status_invalid_argument);
ABI_CHECK(ECOPROD_STATUS_DEADLINE_EXCEEDED == 4, status_deadline_exceeded);
ABI_CHECK(ECOPROD_STATUS_NOT_FOUND == 5, status_not_found);
ABI_CHECK(ECOPROD_STATUS_ALREADY_EXISTS == 6, status_already_exists);
ABI_CHECK(ECOPROD_STATUS_PERMISSION_DENIED == 7, status_permission_denied);
ABI_CHECK(ECOPROD_STATUS_RESOURCE_EXHAUSTED == 8, status_resource_exhausted);
ABI_CHECK(ECOPROD_STATUS_FAILED_PRECONDITION == 9, status_failed_precondition);
ABI_CHECK(ECOPROD_STATUS_ABORTED == 10, status_aborted);
ABI_CHECK(ECOPROD_STATUS_OUT_OF_RANGE == 11, status_out_of_range);
ABI_CHECK(ECOPROD_STATUS_UNIMPLEMENTED == 12, status_unimplemented);
ABI_CHECK(ECOPROD_STATUS_INTERNAL == 13, status_internal);
ABI_CHECK(ECOPROD_STATUS_UNAVAILABLE == 14, status_unavailable);
ABI_CHECK(ECOPROD_STATUS_DATA_LOSS == 15, status_data_loss);
ABI_CHECK(ECOPROD_STATUS_UNAUTHENTICATED == 16, status_unauthenticated);

/* ecoprod.daemon.v1.Role. */
ABI_CHECK(ECOPROD_ROLE_NONE == 0, role_none);
ABI_CHECK(ECOPROD_ROLE_READER == 1, role_reader);
ABI_CHECK(ECOPROD_ROLE_EDITOR == 2, role_editor);
ABI_CHECK(ECOPROD_ROLE_ADMIN == 3, role_admin);

ABI_CHECK(ECOPROD_METHOD_UNARY == 1, kind_unary);
ABI_CHECK(ECOPROD_METHOD_SERVER_STREAMING == 2, kind_server_streaming);
ABI_CHECK(ECOPROD_METHOD_CLIENT_STREAMING == 3, kind_client_streaming_reserved);
ABI_CHECK(ECOPROD_METHOD_MUTATING == 1u, method_flag_mutating);
ABI_CHECK(ECOPROD_SEND_NONBLOCK == 1u, send_flag_nonblock);

/* syslog(3) priorities, which journald's PRIORITY= uses too. */
ABI_CHECK(ECOPROD_LOG_EMERG == LOG_EMERG, log_emerg);
ABI_CHECK(ECOPROD_LOG_ALERT == LOG_ALERT, log_alert);
ABI_CHECK(ECOPROD_LOG_CRIT == LOG_CRIT, log_crit);
ABI_CHECK(ECOPROD_LOG_ERR == LOG_ERR, log_err);
ABI_CHECK(ECOPROD_LOG_WARNING == LOG_WARNING, log_warning);
ABI_CHECK(ECOPROD_LOG_NOTICE == LOG_NOTICE, log_notice);
ABI_CHECK(ECOPROD_LOG_INFO == LOG_INFO, log_info);
ABI_CHECK(ECOPROD_LOG_DEBUG == LOG_DEBUG, log_debug);

ABI_CHECK(ECOPROD_MAX_MESSAGE_SIZE == 4u * 1024u * 1024u, max_message_is_ttrpc_frame_limit);

/* The errno values the ABI returns exist on this platform. */
ABI_CHECK(ENOTSUP > 0 && EAGAIN > 0 && ECANCELED > 0 && ETIMEDOUT > 0 && ESHUTDOWN > 0 &&
              EMSGSIZE > 0 && EINVAL > 0 && ENOENT > 0,
          errno_values_exist);

/* ---- layout: portable checks ------------------------------------------- */

/* struct_size comes first wherever a structure grows, so a reader can always
 * find it without knowing anything else. */
ABI_CHECK(offsetof(ecoprod_plugin_descriptor, struct_size) == 0, descriptor_struct_size_first);
ABI_CHECK(offsetof(ecoprod_host_api, struct_size) == 0, host_api_struct_size_first);
ABI_CHECK(offsetof(ecoprod_call, struct_size) == 0, call_struct_size_first);
ABI_CHECK(sizeof(((ecoprod_plugin_descriptor *)0)->struct_size) == 4, descriptor_struct_size_u32);
ABI_CHECK(sizeof(((ecoprod_host_api *)0)->struct_size) == 4, host_api_struct_size_u32);
ABI_CHECK(sizeof(((ecoprod_call *)0)->struct_size) == 4, call_struct_size_u32);

/* The 1.0 minimums are the current sizes (this is the 1.0 header). When a
 * minor appends a field, these become ">": keep the MIN_SIZE macros naming the
 * last 1.0 field. */
ABI_CHECK(ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE == sizeof(ecoprod_plugin_descriptor),
          descriptor_min_size_is_1_0_size);
ABI_CHECK(ECOPROD_METHOD_MIN_SIZE == sizeof(ecoprod_method), method_min_size_is_1_0_size);
ABI_CHECK(ECOPROD_HOST_API_MIN_SIZE == sizeof(ecoprod_host_api), host_api_min_size_is_1_0_size);
ABI_CHECK(ECOPROD_CALL_MIN_SIZE == sizeof(ecoprod_call), call_min_size_is_1_0_size);

ABI_CHECK(sizeof(ecoprod_buf) == sizeof(void *) + sizeof(size_t), buf_has_no_padding);

/* The 64-bit field sits at an 8-byte offset on every data model, so 32-bit
 * ABIs that align int64_t to 8 (arm) and those that align it to 4 (i386)
 * agree on the layout. */
ABI_CHECK(offsetof(ecoprod_call, deadline_ns) == 8, call_deadline_at_8_everywhere);

/* ---- layout: exact LP64 offsets ---------------------------------------- */

#if UINTPTR_MAX == UINT64_MAX && SIZE_MAX == UINT64_MAX

#define ABI_OFFSET(type, field, offset) \
    ABI_CHECK(offsetof(type, field) == (offset), type##_##field##_at_##offset)

ABI_OFFSET(ecoprod_buf, data, 0);
ABI_OFFSET(ecoprod_buf, len, 8);
ABI_CHECK(sizeof(ecoprod_buf) == 16, ecoprod_buf_size_16);

ABI_OFFSET(ecoprod_method, name, 0);
ABI_OFFSET(ecoprod_method, request_type, 8);
ABI_OFFSET(ecoprod_method, response_type, 16);
ABI_OFFSET(ecoprod_method, kind, 24);
ABI_OFFSET(ecoprod_method, required_role, 28);
ABI_OFFSET(ecoprod_method, flags, 32);
ABI_OFFSET(ecoprod_method, reserved, 36);
ABI_CHECK(sizeof(ecoprod_method) == 40, ecoprod_method_size_40);

ABI_OFFSET(ecoprod_call, struct_size, 0);
ABI_OFFSET(ecoprod_call, method_index, 4);
ABI_OFFSET(ecoprod_call, deadline_ns, 8);
ABI_OFFSET(ecoprod_call, method, 16);
ABI_OFFSET(ecoprod_call, caller_uid, 24);
ABI_OFFSET(ecoprod_call, caller_gid, 28);
ABI_OFFSET(ecoprod_call, caller_pid, 32);
ABI_OFFSET(ecoprod_call, caller_role, 36);
ABI_OFFSET(ecoprod_call, via_plugin, 40);
ABI_OFFSET(ecoprod_call, host_private, 48);
ABI_OFFSET(ecoprod_call, send, 56);
ABI_OFFSET(ecoprod_call, reply, 64);
ABI_OFFSET(ecoprod_call, status, 72);
ABI_CHECK(ECOPROD_CALL_MIN_SIZE == 80, ecoprod_call_min_size_80);

ABI_OFFSET(ecoprod_host_api, struct_size, 0);
ABI_OFFSET(ecoprod_host_api, abi_major, 4);
ABI_OFFSET(ecoprod_host_api, abi_minor, 8);
ABI_OFFSET(ecoprod_host_api, flags, 12);
ABI_OFFSET(ecoprod_host_api, host_ctx, 16);
ABI_OFFSET(ecoprod_host_api, host_version, 24);
ABI_OFFSET(ecoprod_host_api, log, 32);
ABI_OFFSET(ecoprod_host_api, call, 40);
ABI_OFFSET(ecoprod_host_api, emit_event, 48);
ABI_OFFSET(ecoprod_host_api, config_get, 56);
ABI_CHECK(ECOPROD_HOST_API_MIN_SIZE == 64, ecoprod_host_api_min_size_64);

ABI_OFFSET(ecoprod_plugin_descriptor, struct_size, 0);
ABI_OFFSET(ecoprod_plugin_descriptor, abi_major, 4);
ABI_OFFSET(ecoprod_plugin_descriptor, abi_minor, 8);
ABI_OFFSET(ecoprod_plugin_descriptor, flags, 12);
ABI_OFFSET(ecoprod_plugin_descriptor, id, 16);
ABI_OFFSET(ecoprod_plugin_descriptor, version, 24);
ABI_OFFSET(ecoprod_plugin_descriptor, description, 32);
ABI_OFFSET(ecoprod_plugin_descriptor, methods, 40);
ABI_OFFSET(ecoprod_plugin_descriptor, method_count, 48);
ABI_OFFSET(ecoprod_plugin_descriptor, method_struct_size, 52);
ABI_OFFSET(ecoprod_plugin_descriptor, capabilities_provided, 56);
ABI_OFFSET(ecoprod_plugin_descriptor, capabilities_required, 64);
ABI_OFFSET(ecoprod_plugin_descriptor, descriptor_set, 72);
ABI_OFFSET(ecoprod_plugin_descriptor, descriptor_set_size, 80);
ABI_OFFSET(ecoprod_plugin_descriptor, init, 88);
ABI_OFFSET(ecoprod_plugin_descriptor, handle, 96);
ABI_OFFSET(ecoprod_plugin_descriptor, shutdown, 104);
ABI_OFFSET(ecoprod_plugin_descriptor, plugin_ctx, 112);
ABI_CHECK(ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE == 120, ecoprod_plugin_descriptor_min_size_120);

#endif /* LP64 */

/* ---- the helper macros fill every 1.0 field with the right types -------- */

/* Only compilation matters here, so everything lives inside sizeof: nothing is
 * emitted, and the declarations below are never defined or referenced. */
extern const ecoprod_method abi_check_methods[2];
extern const uint8_t abi_check_descriptor_set[16];
int abi_check_init(void *plugin_ctx, const ecoprod_host_api *host);
void abi_check_handle(void *plugin_ctx, const ecoprod_call *call, ecoprod_buf request);
void abi_check_shutdown(void *plugin_ctx);

ABI_CHECK(sizeof((const ecoprod_method[]){
              ECOPROD_UNARY("ecoprod.check.v1.Check/Get", "ecoprod.check.v1.GetRequest",
                            "ecoprod.check.v1.GetResponse", ECOPROD_ROLE_READER, 0),
              ECOPROD_SERVER_STREAMING("ecoprod.check.v1.Check/List", "ecoprod.check.v1.ListRequest",
                                       "ecoprod.check.v1.Item", ECOPROD_ROLE_EDITOR,
                                       ECOPROD_METHOD_MUTATING),
          }) == 2 * sizeof(ecoprod_method),
          method_macros);

ABI_CHECK(sizeof((const ecoprod_plugin_descriptor){
              ECOPROD_PLUGIN_DESCRIPTOR_HEAD,
              .id = "abi-check",
              .version = "1.0",
              .description = "compile-time check",
              ECOPROD_PLUGIN_METHODS(abi_check_methods),
              ECOPROD_PLUGIN_DESCRIPTOR_SET(abi_check_descriptor_set, sizeof abi_check_descriptor_set),
              .init = abi_check_init,
              .handle = abi_check_handle,
              .shutdown = abi_check_shutdown,
          }) == sizeof(ecoprod_plugin_descriptor),
          descriptor_macros);
