import CPluginABI
import EcoprodPluginKit
import Foundation
import Synchronization

/// The probe plugin (README.md): each method exercises one promise of the plugin ABI
/// through EcoprodPluginKit, for the end-to-end tests and the plugin benchmark.
let probe = Plugin(
    id: "probe",
    version: "1.0.0",
    description: "In-tree test plugin: pings, calls back into the daemon, emits events",
    provides: ["probe.v1"],
    requires: ["ecoprod.daemon.v1"],
    descriptorSet: Array(Data(base64Encoded: ProbeDescriptors.fileDescriptorSetBase64)!),
    onInit: { host in
        host.log(.info, "probe ready on ecoprodd \(host.version), plugin ABI \(host.abiMajor).\(host.abiMinor)")
        return .ready
    },
    methods: [
        // The benchmark's method: nothing but decoding, copying one field and encoding.
        .inline("ecoprod.probe.v1.Probe/Ping", role: .reader) {
            (request: Ecoprod_Probe_V1_PingRequest, _) -> Ecoprod_Probe_V1_PingResponse in
            var response = Ecoprod_Probe_V1_PingResponse()
            response.text = request.text
            return response
        },
        .unary("ecoprod.probe.v1.Probe/Forward", role: .reader, forward),
        .inline("ecoprod.probe.v1.Probe/Emit", role: .editor, mutating: true) {
            (request: Ecoprod_Probe_V1_EmitRequest, call) -> Ecoprod_Probe_V1_EmitResponse in
            var response = Ecoprod_Probe_V1_EmitResponse()
            do {
                try call.host.emit(topic: request.topic, summary: request.summary)
            } catch let error as HostError {
                response.result = -error.errno
            }
            return response
        },
        .inline("ecoprod.probe.v1.Probe/Config", role: .reader) {
            (request: Ecoprod_Probe_V1_ConfigRequest, call) -> Ecoprod_Probe_V1_ConfigResponse in
            var response = Ecoprod_Probe_V1_ConfigResponse()
            if let value = call.host.config(request.key) {
                response.found = true
                response.value = value
            }
            return response
        },
        .serverStreaming("ecoprod.probe.v1.Probe/Count", role: .reader) {
            (request: Ecoprod_Probe_V1_CountRequest, _, stream: PluginResponseStream<Ecoprod_Probe_V1_CountResponse>) in
            guard request.count > 0 else { return }
            for n in 1...request.count {
                var message = Ecoprod_Probe_V1_CountResponse()
                message.n = n
                try await stream.send(message)
            }
        },
        .inline("ecoprod.probe.v1.Probe/WhoAmI", role: .reader) {
            (_: Ecoprod_Probe_V1_WhoAmIRequest, call) -> Ecoprod_Probe_V1_WhoAmIResponse in
            var response = Ecoprod_Probe_V1_WhoAmIResponse()
            response.uid = call.callerUID
            response.gid = call.callerGID
            response.pid = call.callerPID
            response.role = Int32(call.callerRole.rawValue)
            response.viaPlugin = call.viaPlugin ?? ""
            response.deadlineNs = call.deadlineNanoseconds ?? 0
            return response
        },
    ]
)

/// Makes the requested call and reports its outcome as data, so a test sees exactly
/// what the daemon answered the plugin (PERMISSION_DENIED with its message, say).
@Sendable private func forward(
    _ request: Ecoprod_Probe_V1_ForwardRequest, _ call: PluginCall
) async throws -> Ecoprod_Probe_V1_ForwardResponse {
    let messages = Mutex<[Data]>([])
    var response = Ecoprod_Probe_V1_ForwardResponse()
    do {
        // The probe does not know the method's kind; taking stream messages works for both.
        let reply = try await call.host.stream(
            request.method, payload: Array(request.payload), onBehalfOf: request.background ? nil : call,
            timeout: request.timeoutNs == 0 ? nil : .nanoseconds(request.timeoutNs)
        ) { message in
            messages.withLock { $0.append(Data(message)) }
            return true
        }
        response.code = reply.status.rawValue
        response.message = reply.message
        response.payload = Data(reply.payload)
        response.messages = messages.withLock { $0 }
    } catch let error as HostError {
        response.code = -error.errno
        response.message = error.description
    }
    return response
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    probe.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
