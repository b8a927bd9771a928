import CPluginABI
import EcoprodPluginKit
import Glibc
import SwiftProtobuf
import Testing

/// The C descriptor the SDK builds, read as the daemon reads it.
@Suite("Plugin descriptor")
struct DescriptorTests {
    @Test func theDescriptorSaysWhatThePluginIs() throws {
        let harness = try Harness(initialize: false)
        let descriptor = harness.descriptor.pointee
        #expect(descriptor.struct_size == UInt32(MemoryLayout<ecoprod_plugin_descriptor>.size))
        #expect(descriptor.struct_size >= UInt32(ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE))
        #expect(descriptor.abi_major == 1)
        #expect(descriptor.abi_minor == UInt32(ECOPROD_PLUGIN_ABI_MINOR))
        #expect(descriptor.flags == 0)
        #expect(String(cString: descriptor.id) == "test")
        #expect(String(cString: descriptor.version) == "1.2.3")
        #expect(String(cString: descriptor.description) == "the SDK's test plugin")
        #expect(strings(descriptor.capabilities_provided) == ["test.v1", "test.extra"])
        #expect(strings(descriptor.capabilities_required) == ["ecoprod.daemon.v1"])
        #expect(descriptor.`init` != nil)
        #expect(descriptor.handle != nil)
        #expect(descriptor.shutdown != nil)
        #expect(descriptor.plugin_ctx != nil)
    }

    @Test func methodEntriesComeFromTheHandlersAndTheirMessageTypes() throws {
        let descriptor = try Harness(initialize: false).descriptor.pointee
        #expect(descriptor.method_count == UInt32(TestMethod.allCases.count))
        #expect(descriptor.method_struct_size == UInt32(MemoryLayout<ecoprod_method>.stride))
        #expect(descriptor.method_struct_size >= UInt32(ECOPROD_METHOD_MIN_SIZE))
        let methods = UnsafeBufferPointer(start: descriptor.methods, count: Int(descriptor.method_count)).map { entry in
            (name: String(cString: entry.name), request: String(cString: entry.request_type), response: String(cString: entry.response_type),
             kind: entry.kind, role: entry.required_role, flags: entry.flags, reserved: entry.reserved)
        }
        #expect(methods.map(\.name) == TestMethod.allCases.map(\.name))
        let echo = methods[Int(TestMethod.echo.rawValue)]
        #expect(echo.request == "google.protobuf.StringValue")
        #expect(echo.response == "google.protobuf.StringValue")
        #expect(echo.kind == UInt32(ECOPROD_METHOD_UNARY.rawValue))
        #expect(echo.role == UInt32(ECOPROD_ROLE_READER.rawValue))
        #expect(echo.flags == 0)
        let later = methods[Int(TestMethod.later.rawValue)]
        #expect(later.kind == UInt32(ECOPROD_METHOD_UNARY.rawValue))
        #expect(later.role == UInt32(ECOPROD_ROLE_EDITOR.rawValue))
        #expect(later.flags == ECOPROD_METHOD_MUTATING)
        let count = methods[Int(TestMethod.count.rawValue)]
        #expect(count.kind == UInt32(ECOPROD_METHOD_SERVER_STREAMING.rawValue))
        #expect(count.request == "google.protobuf.UInt32Value")
        #expect(methods[Int(TestMethod.fail.rawValue)].response == "google.protobuf.Empty")
        #expect(methods[Int(TestMethod.relay.rawValue)].role == UInt32(ECOPROD_ROLE_ADMIN.rawValue))
        #expect(methods.allSatisfy { $0.reserved == 0 })
    }

    @Test func theDescriptorSetIsTheOneGivenAndParses() throws {
        let descriptor = try Harness(initialize: false).descriptor.pointee
        let bytes = Array(UnsafeBufferPointer(start: descriptor.descriptor_set, count: descriptor.descriptor_set_size))
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        #expect(set == Harness.descriptorSet)
        #expect(set.file.first?.service.first?.method.count == TestMethod.allCases.count)
    }

    @Test func theEntryPointServesMajorOneOnlyAndAlwaysTheSameDescriptor() throws {
        let harness = try Harness(initialize: false)
        #expect(harness.plugin.entry(hostMajor: 1, hostMinor: 7) == harness.descriptor)
        #expect(harness.plugin.entry(hostMajor: 2, hostMinor: 0) == nil)
        #expect(harness.plugin.entry(hostMajor: 0, hostMinor: 0) == nil)
    }

    @Test func theSwiftEnumerationsHaveTheHeadersNumbers() {
        let statuses: [(PluginStatus, ecoprod_status)] = [
            (.ok, ECOPROD_STATUS_OK), (.cancelled, ECOPROD_STATUS_CANCELLED), (.unknown, ECOPROD_STATUS_UNKNOWN),
            (.invalidArgument, ECOPROD_STATUS_INVALID_ARGUMENT), (.deadlineExceeded, ECOPROD_STATUS_DEADLINE_EXCEEDED),
            (.notFound, ECOPROD_STATUS_NOT_FOUND), (.alreadyExists, ECOPROD_STATUS_ALREADY_EXISTS),
            (.permissionDenied, ECOPROD_STATUS_PERMISSION_DENIED), (.resourceExhausted, ECOPROD_STATUS_RESOURCE_EXHAUSTED),
            (.failedPrecondition, ECOPROD_STATUS_FAILED_PRECONDITION), (.aborted, ECOPROD_STATUS_ABORTED),
            (.outOfRange, ECOPROD_STATUS_OUT_OF_RANGE), (.unimplemented, ECOPROD_STATUS_UNIMPLEMENTED),
            (.internal, ECOPROD_STATUS_INTERNAL), (.unavailable, ECOPROD_STATUS_UNAVAILABLE),
            (.dataLoss, ECOPROD_STATUS_DATA_LOSS), (.unauthenticated, ECOPROD_STATUS_UNAUTHENTICATED),
        ]
        #expect(statuses.count == PluginStatus.allCases.count)
        for (status, code) in statuses { #expect(UInt32(bitPattern: status.rawValue) == code.rawValue, "\(status)") }

        let roles: [(PluginRole, ecoprod_role)] = [
            (.none, ECOPROD_ROLE_NONE), (.reader, ECOPROD_ROLE_READER), (.editor, ECOPROD_ROLE_EDITOR), (.admin, ECOPROD_ROLE_ADMIN),
        ]
        #expect(roles.count == PluginRole.allCases.count)
        for (role, value) in roles { #expect(role.rawValue == value.rawValue, "\(role)") }
        #expect(PluginRole.reader < .editor && PluginRole.editor < .admin)

        let priorities: [(LogPriority, ecoprod_log_priority)] = [
            (.emergency, ECOPROD_LOG_EMERG), (.alert, ECOPROD_LOG_ALERT), (.critical, ECOPROD_LOG_CRIT), (.error, ECOPROD_LOG_ERR),
            (.warning, ECOPROD_LOG_WARNING), (.notice, ECOPROD_LOG_NOTICE), (.info, ECOPROD_LOG_INFO), (.debug, ECOPROD_LOG_DEBUG),
        ]
        #expect(priorities.count == LogPriority.allCases.count)
        for (priority, value) in priorities { #expect(UInt32(bitPattern: priority.rawValue) == value.rawValue, "\(priority)") }

        #expect(PluginMethod.Kind.unary.rawValue == ECOPROD_METHOD_UNARY.rawValue)
        #expect(PluginMethod.Kind.serverStreaming.rawValue == ECOPROD_METHOD_SERVER_STREAMING.rawValue)
    }

    @Test func initReportsWhatOnInitSaysAndGivesTheHostTable() throws {
        let seen = Recorded<String?>(nil)
        let ready = try Harness(onInit: { host in
            seen.update { $0 = "\(host.version) \(host.abiMajor).\(host.abiMinor)" }
            return .ready
        })
        #expect(seen.value == "9.9.9 1.0")
        #expect(ready.plugin.host.version == "9.9.9")

        for (result, expected) in [(Plugin.InitResult.skip, -ENOTSUP), (.failed(errno: EIO), -EIO), (.failed(errno: -EPERM), -EPERM)] {
            let harness = try Harness(onInit: { _ in result }, initialize: false)
            let descriptor = harness.descriptor.pointee
            #expect(descriptor.`init`!(descriptor.plugin_ctx, harness.host.table) == expected, "\(result)")
        }
    }

    private func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        guard var entry = list else { return [] }
        var result: [String] = []
        while let string = entry.pointee {
            result.append(String(cString: string))
            entry += 1
        }
        return result
    }
}
