import EcoprodProtocol

/// The rule every write of a revisioned record follows (productions, footprints): it
/// names the revision it was based on, is refused if another change came first, and
/// never changes an archived record.
enum OptimisticConcurrency {
    static func checkWritable(_ kind: String, id: String, revision: UInt64, archived: Bool, expectedRevision: UInt64) throws {
        guard revision == expectedRevision else {
            throw RPCError(.aborted, "\(kind) \(id) is at revision \(revision); the request was based on revision \(expectedRevision)")
        }
        guard !archived else { throw RPCError(.failedPrecondition, "\(kind) \(id) is archived") }
    }

    static func requireExpectedRevision(_ expectedRevision: UInt64) throws {
        guard expectedRevision > 0 else { throw RPCError(.invalidArgument, "expected_revision: required (the revision the change is based on)") }
    }
}
