import Foundation
import Glibc

/// Where the plugins are built: set once, before any test reads plugins from it, and
/// read again only at exit to remove it.
nonisolated(unsafe) private var builtDirectory: String?

/// The plugins the end-to-end tests load: the C example and the C fixtures, built with
/// cc by tests/plugins/Makefile exactly as a third party would build them, and the
/// Swift probe plugin from this build.
enum TestPlugins {
    /// Built once per test run, into a directory that outlives every test and goes when
    /// the test process exits.
    private static let built: Result<String, HarnessError> = {
        var template = Array("/tmp/ecoprod-plugins-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return .failure(HarnessError("mkdtemp: \(errno)")) }
        let output = String(cString: made)
        builtDirectory = output
        atexit { builtDirectory.map { try? FileManager.default.removeItem(atPath: $0) } }
        guard let result = try? run("/usr/bin/make", ["-s", "-C", "\(Binaries.repository)/tests/plugins", "OUT=\(output)"]) else {
            return .failure(HarnessError("cannot run make"))
        }
        guard result.status == 0 else {
            return .failure(HarnessError("building tests/plugins failed:\n\(result.standardOutput)\n\(result.standardError)"))
        }
        return .success(output)
    }()

    /// The plugins this build makes with SwiftPM; the rest come from tests/plugins.
    private static let swiftPlugins = [
        "probe.so": "libecoprod-probe-plugin.so", "scoring.so": "libecoprod-scoring.so", "afnor.so": "libecoprod-afnor.so",
        "charter.so": "libecoprod-charter.so", "signatories.so": "libecoprod-signatories.so",
    ]

    /// Where a built plugin file is.
    static func file(_ name: String) throws -> String {
        if let built = swiftPlugins[name] { return "\(Binaries.directory)/\(built)" }
        return "\(try built.get())/\(name)"
    }

    /// A plugin directory in `scratch` holding copies of `names`, installed as an
    /// administrator would: owned by whoever runs the tests, mode 0644.
    static func directory(_ names: [String], in scratch: Scratch) throws -> String {
        let directory = scratch.file("plugins")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for name in names {
            let target = "\(directory)/\(name)"
            try FileManager.default.copyItem(atPath: try file(name), toPath: target)
            chmod(target, 0o644)
        }
        return directory
    }
}
