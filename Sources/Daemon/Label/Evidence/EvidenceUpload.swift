import Foundation
import Glibc

/// One upload on its way in: a private file under partial/ and the running digest of
/// what was written to it. Every method runs on the upload's own queue (see
/// `DispatchQueueExecutor`): writes and fsync may block for as long as the disk takes.
/// The file becomes an object only through `store(at:)`; otherwise `discard()` removes it.
actor EvidenceUpload {
    private let executor = DispatchQueueExecutor(label: "ecoprodd.evidence.upload")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let path: String
    private let digest = SHA256Digest()
    /// Created on the first write rather than in init, which runs on the caller's thread.
    private var fd: CInt = -1

    init(partialDirectory: String) {
        path = "\(partialDirectory)/\(UUID().uuidString.lowercased())"
    }

    func append(_ chunk: Data) throws {
        let fd = try file()
        try chunk.withUnsafeBytes { bytes in
            digest.update(bytes)
            try EvidenceFiles.writeAll(fd, bytes, to: path)
        }
    }

    /// The sha256 of every byte appended; ends the digest.
    func sha256() -> String {
        digest.finish()
    }

    /// Puts every byte on disk, with the permissions of a stored object.
    func sync() throws {
        let fd = try file()
        guard fchmod(fd, 0o640) == 0 else { throw EvidenceFiles.failure("chmod \(path)") }
        guard fsync(fd) == 0 else { throw EvidenceFiles.failure("fsync \(path)") }
    }

    /// Renames the finished file to `object` (replacing the same bytes left by an upload
    /// whose record never made it to the database) and makes the rename durable.
    func store(at object: String) throws {
        let directory = String(object[..<object.lastIndex(of: "/")!])
        if try EvidenceFiles.makeDirectory(directory) {
            try EvidenceFiles.syncDirectory(String(directory[..<directory.lastIndex(of: "/")!]))
        }
        guard rename(path, object) == 0 else { throw EvidenceFiles.failure("cannot rename \(path) to \(object)") }
        closeFile()
        try EvidenceFiles.syncDirectory(directory)
    }

    /// Removes the partial file, whatever stage the upload reached.
    func discard() {
        closeFile()
        unlink(path)
    }

    private func file() throws -> CInt {
        if fd < 0 {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw EvidenceFiles.failure("cannot create \(path)") }
        }
        return fd
    }

    private func closeFile() {
        if fd >= 0 { close(fd) }
        fd = -1
    }
}
