import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import Foundation
import NIOCore
import Testing

/// ADEME's Base Carbone export imported through the socket, as an administrator does.
struct FactorSetImportTests {
    static let carbon = "ecoprod.carbon.v1.Carbon"

    static func importMessages(_ file: Data, format: Ecoprod_Carbon_V1_FactorFileFormat, chunk: Int = 4096) throws -> [ByteBuffer] {
        let header = Ecoprod_Carbon_V1_ImportFactorSetRequest.with {
            $0.header.format = format
            $0.header.fileName = "base_carbone.csv"
            $0.header.description_p = .with {
                $0.id = "base-carbone"
                $0.version = "23.6"
                $0.title = "Base Carbone"
                $0.source = "ADEME"
                $0.licence = "Licence Ouverte 2.0"
            }
        }
        let chunks = stride(from: 0, to: file.count, by: chunk).map { start in
            Ecoprod_Carbon_V1_ImportFactorSetRequest.with { $0.chunk = file[start..<min(start + chunk, file.count)] }
        }
        return try ([header] + chunks).map { try ByteBuffer(message: $0) }
    }

    @Test func aBaseCarboneExportIsImportedListedAndSearched() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let connection = try daemon.connect()
        let sample = try String(contentsOfFile: "\(Binaries.repository)/tests/fixtures/carbon/base_carbone_v23.6_sample.csv", encoding: .utf8)
        let file = try #require(sample.data(using: .windowsCP1252))

        let reply = try connection.clientStream(service: Self.carbon, method: "ImportFactorSet", messages: try Self.importMessages(file, format: .baseCarboneCsv))
        let summary = try reply.decodeMessage(Ecoprod_Carbon_V1_FactorSetSummary.self)
        #expect((summary.id, summary.version, summary.factors, summary.importedFrom) == ("base-carbone", "23.6", 5, "base_carbone.csv"))

        let sets: Ecoprod_Carbon_V1_ListFactorSetsResponse = try connection.call(Self.carbon, "ListFactorSets", Ecoprod_Carbon_V1_ListFactorSetsRequest())
        #expect(sets.factorSets.map(\.id) == ["base-carbone", "ecoprod-reference"], "the imported set and the shipped one")

        var found: [Ecoprod_Carbon_V1_Factor] = []
        try connection.stream(Self.carbon, "ListFactors", Ecoprod_Carbon_V1_ListFactorsRequest.with {
            $0.factorSetID = "base-carbone"
            $0.textContains = "électricité"
        }) { (factor: Ecoprod_Carbon_V1_Factor) in
            found.append(factor)
            return true
        }
        #expect(found.map(\.id) == ["42513"])
        #expect(found.first?.kgCo2EPerUnit == 0.052 && found.first?.breakdown.count == 3)
    }

    @Test func aBrokenFileIsRefusedNamingItsLineAndNothingIsStored() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let connection = try daemon.connect()
        let sample = try String(contentsOfFile: "\(Binaries.repository)/tests/fixtures/carbon/base_carbone_v23.6_sample.csv", encoding: .utf8)
        let broken = try #require(sample.replacingOccurrences(of: ";3,1;", with: ";3,1x;").data(using: .windowsCP1252))

        #expect(rpcError {
            _ = try connection.clientStream(service: Self.carbon, method: "ImportFactorSet", messages: try Self.importMessages(broken, format: .baseCarboneCsv))
        } == RPCError(.invalidArgument, #"file: line 6, column Total poste non décomposé: "3,1x" is not a number"#))
        #expect(rpcError {
            let _: Ecoprod_Carbon_V1_FactorSetSummary = try connection.call(Self.carbon, "GetFactorSet", Ecoprod_Carbon_V1_GetFactorSetRequest.with { $0.id = "base-carbone" })
        } == RPCError(.notFound, "factor set base-carbone is not stored"))
    }
}

/// The status a call was refused with; nil if it succeeded.
private func rpcError(_ body: () throws -> Void) -> RPCError? {
    do {
        try body()
        return nil
    } catch ClientError.rpc(let error) {
        return error
    } catch {
        return RPCError(.unknown, "\(error)")
    }
}
