import EcoprodProtocol
import Foundation
import Logging

/// `ecoprod.daemon.v1.Daemon/Backup` (admin): the state directory as StateSnapshot
/// archives it, while every other call goes on being served.
struct BackupService {
    let snapshot: StateSnapshot
    let logger: Logger

    func register(on router: Router) throws {
        try router.registerServerStreaming(service: DaemonService.name, method: "Backup", role: .admin) {
            (_: Ecoprod_Daemon_V1_BackupRequest, call, stream: TypedResponseStream<Ecoprod_Daemon_V1_BackupChunk>) in
            let manifest = try await snapshot.write { bytes in try await stream.send(.with { $0.data = Data(bytes) }) }
            logger.info("backup taken: \(manifest.databases.map(\.file).joined(separator: ", ")) and \(manifest.entries.count - manifest.databases.count) evidence objects, for uid \(call.caller.uid)")
        }
    }
}
