import CPluginABI
import EcoprodPluginKit
import SwiftProtobuf

struct Failure: Error, CustomStringConvertible {
    var description: String { "something broke" }
}

/// The methods of the test plugin, by index in its descriptor.
enum TestMethod: UInt32, CaseIterable {
    case echo, later, fail, count, relay, facts, hold

    var name: String {
        let method = "\(self)"
        return "ecoprod.test.v1.Test/" + method.prefix(1).uppercased() + method.dropFirst()
    }
}

/// A plugin defined with the SDK and driven only through its C descriptor, as the
/// daemon drives one, with a `TestHost` for its host table.
struct Harness {
    let plugin: Plugin
    let host: TestHost
    let descriptor: UnsafePointer<ecoprod_plugin_descriptor>
    /// Opened by the test to let `later` and `hold` finish.
    let gate = Gate()
    /// What `hold` saw once let through: whether its call was still active.
    let heldWasActive = Recorded<Bool?>(nil)
    /// Opened by `hold` once it recorded that.
    let held = Gate()

    static let descriptorSet: Google_Protobuf_FileDescriptorSet = {
        func method(_ name: String, _ input: String, _ output: String, streaming: Bool = false) -> Google_Protobuf_MethodDescriptorProto {
            .with {
                $0.name = name
                $0.inputType = ".google.protobuf.\(input)"
                $0.outputType = ".google.protobuf.\(output)"
                $0.serverStreaming = streaming
            }
        }
        return .with {
            $0.file = [.with {
                $0.name = "ecoprod/test/v1/test.proto"
                $0.package = "ecoprod.test.v1"
                $0.dependency = ["google/protobuf/wrappers.proto", "google/protobuf/empty.proto"]
                $0.syntax = "proto3"
                $0.service = [.with {
                    $0.name = "Test"
                    $0.method = [
                        method("Echo", "StringValue", "StringValue"),
                        method("Later", "StringValue", "StringValue"),
                        method("Fail", "Int32Value", "Empty"),
                        method("Count", "UInt32Value", "UInt32Value", streaming: true),
                        method("Relay", "StringValue", "StringValue"),
                        method("Facts", "Empty", "StringValue"),
                        method("Hold", "Empty", "Empty"),
                    ]
                }]
            }]
        }
    }()

    init(configuration: [String: String] = [:], onInit: (@Sendable (PluginHost) -> Plugin.InitResult)? = nil, initialize: Bool = true) throws {
        let gate = gate
        let heldWasActive = heldWasActive
        let held = held
        plugin = Plugin(
            id: "test", version: "1.2.3", description: "the SDK's test plugin",
            provides: ["test.v1", "test.extra"], requires: ["ecoprod.daemon.v1"],
            descriptorSet: try Self.descriptorSet.serializedBytes(),
            onInit: onInit,
            methods: [
                .inline("ecoprod.test.v1.Test/Echo", role: .reader) { (request: Google_Protobuf_StringValue, call) in
                    call.log(.debug, "echo \(request.value)")
                    return Google_Protobuf_StringValue(request.value)
                },
                .unary("ecoprod.test.v1.Test/Later", role: .editor, mutating: true) {
                    (request: Google_Protobuf_StringValue, _) -> Google_Protobuf_StringValue in
                    await gate.wait()
                    return Google_Protobuf_StringValue(request.value.uppercased())
                },
                .inline("ecoprod.test.v1.Test/Fail", role: .reader) {
                    (request: Google_Protobuf_Int32Value, _) -> Google_Protobuf_Empty in
                    if request.value < 0 { throw Failure() }
                    throw PluginError(PluginStatus(rawValue: request.value)!, "failed as asked")
                },
                .serverStreaming("ecoprod.test.v1.Test/Count", role: .reader) {
                    (request: Google_Protobuf_UInt32Value, _, stream: PluginResponseStream<Google_Protobuf_UInt32Value>) in
                    for n in 0..<request.value { try await stream.send(Google_Protobuf_UInt32Value(n + 1)) }
                },
                .unary("ecoprod.test.v1.Test/Relay", role: .admin) {
                    (request: Google_Protobuf_StringValue, call) -> Google_Protobuf_StringValue in
                    try await call.host.call(
                        request.value, Google_Protobuf_StringValue("ping"), as: Google_Protobuf_StringValue.self,
                        onBehalfOf: call, timeout: .seconds(2)
                    )
                },
                .inline("ecoprod.test.v1.Test/Facts", role: .reader) {
                    (_: Google_Protobuf_Empty, call) -> Google_Protobuf_StringValue in
                    Google_Protobuf_StringValue(
                        "\(call.method) uid=\(call.callerUID) gid=\(call.callerGID) pid=\(call.callerPID) role=\(call.callerRole) "
                            + "via=\(call.viaPlugin ?? "-") deadline=\(call.deadlineNanoseconds.map(String.init) ?? "-") status=\(call.status)"
                    )
                },
                .unary("ecoprod.test.v1.Test/Hold", role: .reader) { (_: Google_Protobuf_Empty, call) -> Google_Protobuf_Empty in
                    await gate.wait()
                    heldWasActive.update { $0 = call.isActive }
                    held.open()
                    return Google_Protobuf_Empty()
                },
            ]
        )
        host = TestHost(configuration: configuration)
        descriptor = plugin.entry(hostMajor: 1, hostMinor: 0)!
        if initialize {
            let result = descriptor.pointee.`init`!(descriptor.pointee.plugin_ctx, host.table)
            guard result == 0 else { throw PluginError(.internal, "init returned \(result)") }
        }
    }

    /// Hands the host's call for `method` to handle(), as the daemon does.
    @discardableResult
    func handle(_ method: TestMethod, _ request: some Message, _ call: TestCall? = nil) throws -> TestCall {
        try handle(method, bytes: request.serializedBytes(), call)
    }

    @discardableResult
    func handle(_ method: TestMethod, bytes: [UInt8], _ call: TestCall? = nil) -> TestCall {
        let call = call ?? TestCall(methodIndex: method.rawValue, method: method.name)
        bytes.withUnsafeBufferPointer {
            descriptor.pointee.handle!(descriptor.pointee.plugin_ctx, call.pointer, ecoprod_buf(data: $0.baseAddress, len: $0.count))
        }
        return call
    }

    func shutdown() {
        descriptor.pointee.shutdown!(descriptor.pointee.plugin_ctx)
    }
}
