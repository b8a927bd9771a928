import NIOCore
import EcoprodProtocol
import Foundation
import SwiftProtobuf

/// `ecoprod.daemon.v1.Daemon`: health, introspection, reload and the event stream.
struct DaemonService {
    static let name = "ecoprod.daemon.v1.Daemon"

    let daemon: Daemon

    func register(on router: Router) throws {
        let (serving, draining) = try (ByteBuffer(message: daemon.health(draining: false)), ByteBuffer(message: daemon.health(draining: true)))
        try router.registerInline(
            service: Self.name, method: "Health", role: .reader,
            ignoring: Ecoprod_Daemon_V1_HealthRequest.self, answering: Ecoprod_Daemon_V1_HealthResponse.self
        ) { _ in daemon.isDraining ? draining : serving }
        try router.registerInline(service: Self.name, method: "Info", role: .reader) {
            (_: Ecoprod_Daemon_V1_InfoRequest, call) in daemon.info(for: call)
        }
        try router.registerInline(service: Self.name, method: "ListServices", role: .reader) {
            (_: Ecoprod_Daemon_V1_ListServicesRequest, _) in Self.services(router.descriptors)
        }
        try router.registerInline(service: Self.name, method: "GetDescriptors", role: .reader) {
            (_: Ecoprod_Daemon_V1_GetDescriptorsRequest, _) in
            Ecoprod_Daemon_V1_GetDescriptorsResponse.with { $0.descriptorSet = daemon.descriptors.fileDescriptorSet }
        }
        try router.registerInline(service: Self.name, method: "ListPlugins", role: .reader) {
            (_: Ecoprod_Daemon_V1_ListPluginsRequest, _) in daemon.plugins.list
        }
        try router.registerUnary(service: Self.name, method: "Reload", role: .admin, mutating: true) {
            (request: Ecoprod_Daemon_V1_ReloadRequest, _) in
            try await daemon.reload(wait: request.wait)
        }
        try router.registerServerStreaming(service: Self.name, method: "Watch", role: .reader) {
            (request: Ecoprod_Daemon_V1_WatchRequest, _, stream: TypedResponseStream<Ecoprod_Daemon_V1_Event>) in
            for await event in daemon.events.subscribe(prefixes: request.topics) {
                try await stream.send(event)
            }
        }
    }

    static func services(_ descriptors: [MethodDescriptor]) -> Ecoprod_Daemon_V1_ListServicesResponse {
        let byService = Dictionary(grouping: descriptors, by: \.service)
        return .with { response in
            response.services = byService.keys.sorted().map { name in
                let methods = byService[name]!
                return .with { service in
                    service.name = name
                    service.provider = methods[0].provider
                    service.methods = methods.map { method in
                        .with {
                            $0.name = method.method
                            $0.fullName = method.fullName
                            $0.requestType = method.requestType
                            $0.responseType = method.responseType
                            $0.clientStreaming = method.kind.clientStreams
                            $0.serverStreaming = method.kind.serverStreams
                            $0.requiredRole = method.role.proto
                            $0.mutating = method.mutating
                        }
                    }
                }
            }
        }
    }
}
