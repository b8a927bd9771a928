import Foundation
import Glibc

/// A short-lived directory under /tmp (short, so socket paths stay under 108 bytes).
final class Scratch {
    let path: String

    init() throws {
        var template = Array("/tmp/ecoprod-e2e-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno)!) }
        path = String(cString: made)
        // Other users (the permission tests) must reach sockets inside.
        chmod(path, 0o711)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The binaries under test: $ECOPROD_BIN_DIR, or the build folder this test binary sits in.
enum Binaries {
    static let directory: String = {
        if let directory = ProcessInfo.processInfo.environment["ECOPROD_BIN_DIR"] { return directory }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // swift test runs .build/<config>/<package>PackageTests.xctest (a file on Linux).
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("ecoprodd").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    /// The checkout these tests belong to: its data/ is the shipped reference data.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var dataDirectory: String { "\(repository)/data" }

    static var daemon: String { "\(directory)/ecoprodd" }
    static var ctl: String { "\(directory)/ecoprodctl" }
}
