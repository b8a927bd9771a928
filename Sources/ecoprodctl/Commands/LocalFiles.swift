import ArgumentParser
import Foundation
import Glibc

/// A local file that cannot be read (EX_NOINPUT) or written (EX_CANTCREAT): the
/// message names it and says why, as the system does.
func unreadableFile(_ path: String, _ reason: String) -> ExitCode {
    printError("cannot read \(path): \(reason)")
    return ExitCode(66)
}

func unwritableFile(_ path: String, _ reason: String) -> ExitCode {
    printError("cannot write \(path): \(reason)")
    return ExitCode(73)
}

var systemError: String { String(cString: strerror(errno)) }

/// A regular file opened for reading, with its size.
func openRegularFile(_ path: String) throws -> (file: FileHandle, size: UInt64) {
    guard let file = FileHandle(forReadingAtPath: path) else { throw unreadableFile(path, systemError) }
    var status = stat()
    guard fstat(file.fileDescriptor, &status) == 0 else { throw unreadableFile(path, systemError) }
    guard status.st_mode & S_IFMT == S_IFREG else { throw unreadableFile(path, "not a regular file") }
    return (file, UInt64(status.st_size))
}

/// Writes `path` through a temporary file beside it, renamed into place once `body` has
/// written everything and it reached the disk, so `path` never holds part of a file.
func writingWhole(_ path: String, permissions: Int = 0o644, _ body: (FileHandle) throws -> Void) throws {
    let target = URL(fileURLWithPath: path)
    let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial").path
    guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: permissions]),
          let output = FileHandle(forWritingAtPath: partial) else {
        throw unwritableFile(partial, systemError)
    }
    var completed = false
    defer {
        try? output.close()
        if !completed { unlink(partial) }
    }
    try body(output)
    do {
        try output.synchronize()
    } catch {
        throw unwritableFile(path, error.localizedDescription)
    }
    guard rename(partial, path) == 0 else { throw unwritableFile(path, systemError) }
    completed = true
}

/// Standard output for "-", else `path` written whole.
func writingOutput(_ path: String, permissions: Int = 0o644, _ body: (FileHandle) throws -> Void) throws {
    if path == "-" { try body(.standardOutput) } else { try writingWhole(path, permissions: permissions, body) }
}
