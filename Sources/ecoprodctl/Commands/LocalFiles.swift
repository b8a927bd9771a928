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
