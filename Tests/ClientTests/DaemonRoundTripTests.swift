import EcoprodClient
import EcoprodProtocol
import Foundation
import SwiftProtobuf
import Testing

@Suite("The daemon's own messages, from the descriptor set it serves")
struct DaemonRoundTripTests {
    let transcoder = TestTranscoders.daemon

    static func infoResponse() -> Ecoprod_Daemon_V1_InfoResponse {
        .with {
            $0.version = "1.2.3"
            $0.apiVersions = ["ecoprod.daemon.v1"]
            $0.startedAt = Google_Protobuf_Timestamp(seconds: 1_714_566_600, nanos: 5_000_000)
            $0.uptimeSeconds = 86_400
            $0.pid = 4242
            $0.socketPath = "/run/ecoprodd/ecoprodd.sock"
            $0.stateDirectory = "/var/lib/ecoprodd"
            $0.configPath = "/etc/ecoprodd/ecoprodd.toml"
            $0.socketActivated = true
            $0.connectionsOpen = 2
            $0.connectionsTotal = 1 << 40
            $0.requestsTotal = .max
            $0.services = 3
            $0.methods = 12
            $0.plugins = 1
            $0.configGeneration = 7
            $0.caller = .with {
                $0.uid = 1000
                $0.gid = 1000
                $0.pid = 99
                $0.groups = [4, 27, 1000]
                $0.role = .admin
            }
        }
    }

    @Test func infoResponse() throws {
        try expectRoundTrip(Self.infoResponse(), through: transcoder)
    }

    @Test func infoResponseEncodesToTheBytesOfGeneratedCode() throws {
        let message = Self.infoResponse()
        let encoded = try transcoder.encode(json: try message.jsonString(), messageType: "ecoprod.daemon.v1.InfoResponse")
        #expect(encoded == (try message.serializedBytes() as [UInt8]))
    }

    @Test func eventWithAnyDetail() throws {
        let event = try Ecoprod_Daemon_V1_Event.with {
            $0.sequence = 1
            $0.time = Google_Protobuf_Timestamp(seconds: 1_714_566_600)
            $0.topic = "daemon.reloaded"
            $0.source = "builtin"
            $0.summary = "configuration reloaded"
            $0.detail = try Google_Protobuf_Any(message: Ecoprod_Daemon_V1_Reloaded.with {
                $0.generation = 2
                $0.changes = ["log_level: info -> debug"]
            })
        }
        try expectRoundTrip(event, through: transcoder)
        let json = try transcoder.decode(
            bytes: try event.serializedBytes() as [UInt8], messageType: "ecoprod.daemon.v1.Event")
        #expect(json.contains(#""@type": "type.googleapis.com/ecoprod.daemon.v1.Reloaded""#))
    }

    @Test func servicesAndPlugins() throws {
        try expectRoundTrip(Ecoprod_Daemon_V1_ListServicesResponse.with {
            $0.services = [.with {
                $0.name = "ecoprod.daemon.v1.Daemon"
                $0.provider = "builtin"
                $0.methods = [.with {
                    $0.name = "Watch"
                    $0.fullName = "/ecoprod.daemon.v1.Daemon/Watch"
                    $0.requestType = "ecoprod.daemon.v1.WatchRequest"
                    $0.responseType = "ecoprod.daemon.v1.Event"
                    $0.serverStreaming = true
                    $0.requiredRole = .reader
                }]
            }]
        }, through: transcoder)
        try expectRoundTrip(Ecoprod_Daemon_V1_ListPluginsResponse.with {
            $0.plugins = [.with { $0.id = "solar"; $0.state = .refused; $0.error = "ABI 2.0 unsupported" }]
        }, through: transcoder)
        try expectRoundTrip(Ecoprod_Daemon_V1_HealthResponse.with { $0.status = .notServing; $0.reason = "draining" },
                            through: transcoder)
    }

    /// GetDescriptors carries descriptor.proto's messages: proto2, where fields set to
    /// their default are still present and shown.
    @Test func descriptorSetOfTheDaemonItself() throws {
        let response = try Ecoprod_Daemon_V1_GetDescriptorsResponse.with {
            $0.descriptorSet = try Google_Protobuf_FileDescriptorSet(
                serializedBytes: Data(base64Encoded: EmbeddedDescriptors.fileDescriptorSetBase64)!)
        }
        try expectRoundTrip(response, through: transcoder)
    }

    @Test func requests() throws {
        try expectRoundTrip(Ecoprod_Daemon_V1_WatchRequest.with { $0.topics = ["daemon.", "plugin."] },
                            through: transcoder)
        try expectRoundTrip(Ecoprod_Daemon_V1_ReloadRequest.with { $0.wait = true }, through: transcoder)
        #expect(try transcoder.encode(json: "{}", messageType: "ecoprod.daemon.v1.HealthRequest") == [])
    }
}
