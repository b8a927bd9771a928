import EcoprodClient
import Foundation
import SwiftProtobuf
import Testing

@Suite("DescriptorPool")
struct DescriptorPoolTests {
    let fixtures = TestTranscoders.fixtures.pool
    let daemon = TestTranscoders.daemon.pool

    @Test func looksUpTypesByFullyQualifiedName() throws {
        #expect(daemon.message(named: "ecoprod.daemon.v1.HealthRequest")?.fullName == "ecoprod.daemon.v1.HealthRequest")
        #expect(daemon.message(named: ".ecoprod.daemon.v1.HealthRequest") != nil)
        #expect(daemon.message(named: "HealthRequest") == nil)
        #expect(daemon.enumType(named: "ecoprod.daemon.v1.HealthResponse.ServingStatus")?.values.map(\.name)
            == ["SERVING_STATUS_UNSPECIFIED", "SERVING", "NOT_SERVING"])
        #expect(fixtures.message(named: "ecoprod.client.fixtures.Everything.Nested")?.fields.map(\.name)
            == ["id", "label", "children"])
        #expect(daemon.message(named: "google.protobuf.FileDescriptorSet") != nil)
    }

    @Test func resolvesFields() throws {
        let everything = try #require(fixtures.message(named: "ecoprod.client.fixtures.Everything"))
        let renamed = try #require(everything.field(named: "renamed"))
        #expect(renamed.jsonName == "displayName")
        #expect(everything.field(named: "displayName")?.number == 19)
        #expect(everything.field(named: "f_int32")?.jsonName == "fInt32")
        #expect(everything.field(number: 18)?.kind == .message("ecoprod.client.fixtures.Everything.Nested"))
        #expect(everything.field(number: 17)?.kind == .enumeration("ecoprod.client.fixtures.Everything.Size"))
        #expect(everything.field(number: 50)?.kind == .message("google.protobuf.Timestamp"))

        let map = try #require(everything.field(named: "m_int64_string"))
        guard case .map(let key, let value) = map.cardinality else {
            Issue.record("m_int64_string is not a map")
            return
        }
        #expect(key.kind == .int64)
        #expect(value.kind == .string)

        // The synthetic oneof of proto3 `optional` is not a oneof to JSON.
        #expect(everything.oneofNames == ["choice"])
        #expect(everything.field(named: "choice_text")?.oneofIndex == 0)
        #expect(everything.field(named: "maybe_count")?.oneofIndex == nil)
        #expect(everything.field(named: "maybe_count")?.hasPresence == true)
        #expect(everything.field(named: "f_int32")?.hasPresence == false)
        #expect(everything.field(named: "r_int32")?.isPacked == true)
        #expect(everything.field(named: "r_unpacked")?.isPacked == false)
    }

    @Test(arguments: [
        "ecoprod.daemon.v1.Daemon/Watch", "/ecoprod.daemon.v1.Daemon/Watch", "ecoprod.daemon.v1.Daemon.Watch",
    ])
    func findsMethods(path: String) throws {
        let method = try daemon.method(path)
        #expect(method.path == "/ecoprod.daemon.v1.Daemon/Watch")
        #expect(method.inputType.fullName == "ecoprod.daemon.v1.WatchRequest")
        #expect(method.outputType.fullName == "ecoprod.daemon.v1.Event")
        #expect(method.serverStreaming)
        #expect(!method.clientStreaming)
    }

    @Test func methodLookupErrorsSayWhatIsUnknown() {
        #expect(throws: DescriptorPoolError.self) { try daemon.method("Health") }
        do {
            _ = try daemon.method("ecoprod.daemon.v2.Daemon/Health")
        } catch {
            #expect(error.description == #"unknown service "ecoprod.daemon.v2.Daemon""#)
        }
        do {
            _ = try daemon.method("ecoprod.daemon.v1.Daemon/Restart")
        } catch {
            #expect(error.description == #"service "ecoprod.daemon.v1.Daemon" has no method "Restart" (it has: "#
                + "Health, Info, ListServices, GetDescriptors, ListPlugins, Reload, Watch, Backup)")
        }
        #expect(daemon.services.map(\.fullName).contains("ecoprod.daemon.v1.Daemon"))
    }

    /// protoc always writes fully qualified type names, but other producers may not.
    @Test func resolvesRelativeTypeNamesFromTheInnermostScope() throws {
        let set = Self.descriptorSet(fields: [
            .with { $0.name = "inner"; $0.number = 1; $0.typeName = "Inner" },
            .with { $0.name = "other"; $0.number = 2; $0.typeName = "p.Other"; $0.type = .message },
            .with { $0.name = "color"; $0.number = 3; $0.typeName = "Color" },
        ])
        let outer = try #require(try DescriptorPool(fileDescriptorSet: set).message(named: "p.Outer"))
        #expect(outer.fields.map(\.kind) == [.message("p.Outer.Inner"), .message("p.Other"), .enumeration("p.Color")])
    }

    @Test func refusesDanglingReferencesAndDuplicates() {
        func poolError(_ build: () throws -> DescriptorPool) -> String? {
            do {
                _ = try build()
                return nil
            } catch {
                return "\(error)"
            }
        }
        let dangling = Self.descriptorSet(fields: [
            .with { $0.name = "missing"; $0.number = 1; $0.typeName = ".p.Missing" },
        ])
        #expect(poolError { try DescriptorPool(fileDescriptorSet: dangling) }
            == #"field p.Outer.missing refers to unknown type ".p.Missing""#)

        var duplicated = Self.descriptorSet(fields: [])
        var copy = duplicated.file[0]
        copy.name = "q.proto"
        duplicated.file.append(copy)
        #expect(poolError { try DescriptorPool(fileDescriptorSet: duplicated) } == #""p.Outer" is declared twice"#)

        #expect(poolError { try DescriptorPool(serializedFileDescriptorSet: Data([0xFF])) }?
            .hasPrefix("not a serialized FileDescriptorSet") == true)
    }

    private static func descriptorSet(fields: [Google_Protobuf_FieldDescriptorProto])
        -> Google_Protobuf_FileDescriptorSet
    {
        .with {
            $0.file = [.with {
                $0.name = "p.proto"
                $0.package = "p"
                $0.syntax = "proto3"
                $0.messageType = [
                    .with {
                        $0.name = "Outer"
                        $0.field = fields
                        $0.nestedType = [.with { $0.name = "Inner" }]
                    },
                    .with { $0.name = "Other" },
                ]
                $0.enumType = [.with {
                    $0.name = "Color"
                    $0.value = [.with { $0.name = "COLOR_UNSPECIFIED"; $0.number = 0 }]
                }]
            }]
        }
    }
}
