@testable import EcoprodDaemon
import Foundation
import Testing

/// A fresh directory for one test's files, removed afterwards.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprodd-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}

@Suite("INIFile")
struct INIFileTests {
    @Test func parsesSectionsKeysValuesAndRemembersLines() throws {
        let text = """
        # a comment
        ; another comment

        [ Daemon ]
          Socket = /run/x.sock  
        LogLevel=debug
        Empty=
        [Plugin.solar]
        Url=http://host/?a=b=c
        """
        let (file, errors) = INIFile.parse(text, file: "/etc/test.conf")
        #expect(errors.isEmpty)
        #expect(file.entries.map(\.section) == ["Daemon", "Daemon", "Daemon", "Plugin.solar"])
        #expect(file.entries.map(\.key) == ["Socket", "LogLevel", "Empty", "Url"])
        #expect(file.entries.map(\.value) == ["/run/x.sock", "debug", "", "http://host/?a=b=c"])
        #expect(file.entries.map(\.location.line) == [5, 6, 7, 9])
        #expect(file.entries.allSatisfy { $0.location.file == "/etc/test.conf" })
        #expect(file.entries[0].location.description == "/etc/test.conf:5")
    }

    @Test func windowsLineEndingsAreLineEndings() {
        // "\r\n" is one Character in Swift: splitting on "\n" alone would see one line.
        let (file, errors) = INIFile.parse("[Daemon]\r\nSocket=/x\r\n\r\nLogLevel=debug\r\n", file: "dos.conf")
        #expect(errors.isEmpty)
        #expect(file.entries.map(\.key) == ["Socket", "LogLevel"])
        #expect(file.entries.map(\.value) == ["/x", "debug"])
        #expect(file.entries.map(\.location.line) == [2, 4])
    }

    @Test(arguments: [
        ("[Daemon]\nSocket=/x\n[Daemon\n", 3, "malformed section header"),
        ("[Daemon]\n[]\n", 2, "malformed section header"),
        ("\n\nSocket=/x\n", 3, "comes before any [Section] header"),
        ("[Daemon]\n\n\njust words\n", 4, "expected Key=Value"),
        ("[Daemon]\n = value\n", 2, "missing key"),
    ])
    func syntaxErrorsPointAtTheirLine(text: String, line: Int, message: String) {
        let errors = INIFile.parse(text, file: "f.conf").errors
        #expect(errors.count == 1)
        let error = errors.first
        #expect(error?.location == SourceLocation(file: "f.conf", line: line))
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.description.hasPrefix("f.conf:\(line): ") == true)
    }
}

@Suite("ConfigurationLoader")
struct ConfigurationLoaderTests {
    @Test func emptyFileGivesTheDefaults() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("ecoprodd.conf", "# nothing here\n")
        let configuration = try ConfigurationLoader(path: file, flags: []).load()
        #expect(configuration == Configuration())
        #expect(configuration.socketPath == "/run/ecoprod/ecoprod.sock")
        #expect(configuration.stateDirectory == "/var/lib/ecoprod")
        #expect(configuration.pluginDirectory == "/usr/lib/ecoprod/plugins")
        #expect(configuration.logLevel == .info)
        #expect(configuration.logTarget == .auto)
        #expect(configuration.drainTimeoutSeconds == 10)
        #expect(configuration.maximumStreamsPerConnection == 1024)
        #expect(configuration.readerGroup == "ecoprod")
        #expect(configuration.editorGroup == "ecoprod-editors")
        #expect(configuration.adminGroup == "ecoprod-admins")
        #expect(configuration.pluginSections.isEmpty)
    }

    @Test func characterDeviceIsReadable() throws {
        #expect(try ConfigurationLoader(path: "/dev/null", flags: []).load() == Configuration())
    }

    @Test func everyValueIsApplied() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("ecoprodd.conf", """
        [Daemon]
        Socket=/tmp/e.sock
        StateDirectory=/srv/state
        PluginDirectory=/opt/plugins
        LogLevel=WARNING
        LogTarget=stderr
        DrainTimeoutSec=2.5
        MaxStreamsPerConnection=64
        [Roles]
        ReaderGroup=readers
        EditorGroup=edit_ors
        AdminGroup=ad.mins-1
        [Plugin.solar]
        Url=http://inverter
        Interval=5
        [Plugin.meter]
        Port=/dev/ttyUSB0
        """)
        let configuration = try ConfigurationLoader(path: file, flags: []).load()
        #expect(configuration.socketPath == "/tmp/e.sock")
        #expect(configuration.stateDirectory == "/srv/state")
        #expect(configuration.pluginDirectory == "/opt/plugins")
        #expect(configuration.logLevel == .warning)
        #expect(configuration.logTarget == .stderr)
        #expect(configuration.drainTimeoutSeconds == 2.5)
        #expect(configuration.maximumStreamsPerConnection == 64)
        #expect(configuration.readerGroup == "readers")
        #expect(configuration.editorGroup == "edit_ors")
        #expect(configuration.adminGroup == "ad.mins-1")
        #expect(configuration.pluginSections == [
            "solar": ["Url": "http://inverter", "Interval": "5"],
            "meter": ["Port": "/dev/ttyUSB0"],
        ])
        #expect(configuration.rendered.contains("Daemon.MaxStreamsPerConnection=64"))
        #expect(configuration.rendered.suffix(3) == [
            "Plugin.meter.Port=/dev/ttyUSB0", "Plugin.solar.Interval=5", "Plugin.solar.Url=http://inverter",
        ])
    }

    @Test func everyBadEntryIsReportedWithItsFileAndLine() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("ecoprodd.conf", """
        # line 1
        [Daemon]
        Socket=relative/path
        Bogus=1
        [Nope]
        Key=value
        [Daemon]
        LogLevel=loud
        MaxStreamsPerConnection=0
        DrainTimeoutSec=nan
        LogTarget=journal
        [Roles]
        AdminGroup=bad group!
        [Plugin.carbon]
        Required=maybe
        Colour=any value is the plugin's business
        """)
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: file, flags: []).load()
        }?.errors ?? []
        #expect(errors.map(\.location) == [3, 4, 6, 8, 9, 10, 13, 15].map { SourceLocation(file: file, line: $0) })
        let messages = errors.map(\.message)
        guard messages.count == 8 else { return }
        #expect(messages[0].contains("not an absolute path"))
        #expect(messages[1].contains("unknown key Bogus in [Daemon]"))
        #expect(messages[2].contains("unknown section [Nope]"))
        #expect(messages[3].contains("\"loud\" is not one of debug, info, notice, warning, error"))
        #expect(messages[4].contains("MaxStreamsPerConnection"))
        #expect(messages[5].contains("DrainTimeoutSec"))
        #expect(messages[6].contains("not a valid group name"))
        #expect(messages[7] == "Required= must be yes or no, not \"maybe\"")
        #expect(errors[0].description.hasPrefix("\(file):3: "))
    }

    @Test func errorsInSeveralFilesAndFlagsAreAllReported() throws {
        let directory = try TemporaryDirectory()
        let main = try directory.write("ecoprodd.conf", "[Daemon]\nLogLevel=nope\n")
        let dropIn = try directory.write("ecoprodd.conf.d/10-x.conf", "[Daemon\n")
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: main, flags: [("--bogus", "1"), ("--socket", "relative")]).load()
        }?.errors ?? []
        #expect(errors.map(\.location) == [
            SourceLocation(file: main, line: 2), SourceLocation(file: dropIn, line: 1),
            .flag("--bogus"), .flag("--socket"),
        ])
        #expect(errors.count == 4 && errors[2].message == "unknown option")
        #expect(errors.count == 4 && errors[2].description == "command line --bogus: unknown option")
    }

    @Test func syntaxErrorDoesNotHideTheOtherErrorsOfItsFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("ecoprodd.conf", """
        [Daemon]
        LogLevel=loud
        not a key value line
        [Broken
        """)
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: file, flags: []).load()
        }?.errors ?? []
        // Every error of the file is reported, syntax and values alike, in line order.
        #expect(errors.compactMap(\.location.line).sorted() == [2, 3, 4])
    }

    @Test func dropInsInNameOrderOverrideTheMainFile() throws {
        let directory = try TemporaryDirectory()
        let main = try directory.write("ecoprodd.conf", """
        [Daemon]
        LogLevel=debug
        Socket=/main.sock
        DrainTimeoutSec=1
        [Plugin.p]
        A=main
        B=main
        """)
        try directory.write("ecoprodd.conf.d/20-second.conf", "[Daemon]\nLogLevel=error\n[Plugin.p]\nB=second\n")
        try directory.write("ecoprodd.conf.d/10-first.conf", "[Daemon]\nLogLevel=warning\nSocket=/first.sock\n")
        try directory.write("ecoprodd.conf.d/30-ignored.txt", "[Daemon]\nLogLevel=info\n")
        try directory.write("ecoprodd.conf.d/05-broken.conf.bak", "this is not read\n")
        let configuration = try ConfigurationLoader(path: main, flags: []).load()
        #expect(configuration.logLevel == .error)
        #expect(configuration.socketPath == "/first.sock")
        #expect(configuration.drainTimeoutSeconds == 1)
        #expect(configuration.pluginSections == ["p": ["A": "main", "B": "second"]])
    }

    @Test func flagsOverrideFilesInTheOrderGiven() throws {
        let directory = try TemporaryDirectory()
        let main = try directory.write("ecoprodd.conf", "[Daemon]\nLogLevel=debug\nSocket=/file.sock\n")
        try directory.write("ecoprodd.conf.d/10.conf", "[Daemon]\nMaxStreamsPerConnection=8\n")
        let configuration = try ConfigurationLoader(path: main, flags: [
            ("--log-level", "notice"), ("--max-streams", "16"), ("--socket", "/flag.sock"), ("--log-level", "error"),
            ("--admin-group", "wheel"), ("--drain-timeout", "0"),
        ]).load()
        #expect(configuration.logLevel == .error)
        #expect(configuration.maximumStreamsPerConnection == 16)
        #expect(configuration.socketPath == "/flag.sock")
        #expect(configuration.adminGroup == "wheel")
        #expect(configuration.drainTimeoutSeconds == 0)
    }

    @Test func unknownFlagIsAnError() {
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: "/dev/null", flags: [("--no-such-flag", "x")]).load()
        }?.errors ?? []
        #expect(errors.map(\.location) == [.flag("--no-such-flag")])
        #expect(errors.map(\.message) == ["unknown option"])
    }

    @Test func explicitMissingFileIsAnError() throws {
        let directory = try TemporaryDirectory()
        let missing = "\(directory.path)/absent.conf"
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: missing, flags: []).load()
        }?.errors ?? []
        #expect(errors.map(\.location) == [SourceLocation(file: missing, line: nil)])
        #expect(errors.first?.message == "no such file")
    }

    @Test func missingDefaultFileIsNotAnErrorButItsDropInsStillApply() throws {
        let directory = try TemporaryDirectory()
        var loader = ConfigurationLoader(path: "\(directory.path)/ecoprodd.conf", flags: [("--log-level", "debug")])
        loader.pathWasExplicit = false
        #expect(try loader.load() == {
            var expected = Configuration()
            expected.logLevel = .debug
            return expected
        }())
        try directory.write("ecoprodd.conf.d/10.conf", "[Daemon]\nLogTarget=journal\n")
        #expect(try loader.load().logTarget == .journal)
    }

    @Test func withoutAPathTheDefaultIsUsedAndMayBeMissing() throws {
        let loader = ConfigurationLoader(path: nil, flags: [])
        #expect(loader.path == "/etc/ecoprod/ecoprodd.conf")
        #expect(!loader.pathWasExplicit)
        if !FileManager.default.fileExists(atPath: loader.path), !FileManager.default.fileExists(atPath: loader.path + ".d") {
            #expect(try loader.load() == Configuration())
        }
    }

    @Test func invalidUTF8IsReported() throws {
        let directory = try TemporaryDirectory()
        let file = "\(directory.path)/latin1.conf"
        try Data([0x5B, 0x44, 0x61, 0x65, 0x6D, 0x6F, 0x6E, 0x5D, 0x0A, 0xE9, 0x3D, 0x31, 0x0A]).write(to: URL(fileURLWithPath: file))
        let errors = #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader(path: file, flags: []).load()
        }?.errors ?? []
        #expect(errors.map(\.location) == [SourceLocation(file: file, line: nil)])
        #expect(errors.first?.message == "not valid UTF-8")
    }

    @Test(arguments: [
        ("--drain-timeout", "3600", true), ("--drain-timeout", "3600.5", false), ("--drain-timeout", "-1", false),
        ("--drain-timeout", "inf", false), ("--max-streams", "1", true), ("--max-streams", "65536", true),
        ("--max-streams", "65537", false), ("--max-streams", "ten", false), ("--log-target", "Journal", true),
        ("--log-target", "syslog", false), ("--plugin-dir", "/", true), ("--state-dir", "", false),
        ("--reader-group", "", false), ("--editor-group", "a b", false), ("--editor-group", "ädmins", true),
    ])
    func valueValidation(flag: String, value: String, valid: Bool) {
        let result = Result { try ConfigurationLoader(path: "/dev/null", flags: [(flag, value)]).load() }
        switch result {
        case .success:
            #expect(valid, "\(flag) \(value) was accepted")
        case .failure(let error):
            #expect(!valid, "\(flag) \(value) was refused: \(error)")
        }
    }
}

@Suite("Configuration reload")
struct ConfigurationReloadTests {
    static var changed: Configuration {
        var new = Configuration()
        new.socketPath = "/new.sock"
        new.stateDirectory = "/new/state"
        new.pluginDirectory = "/new/plugins"
        new.logLevel = .debug
        new.logTarget = .journal
        new.drainTimeoutSeconds = 3
        new.maximumStreamsPerConnection = 7
        new.readerGroup = "r"
        new.editorGroup = "e"
        new.adminGroup = "a"
        new.pluginSections = ["p": ["k": "v"]]
        return new
    }

    @Test func changesListsEveryDifferenceAndMarksRestartOptions() {
        let old = Configuration()
        #expect(old.changes(to: old).isEmpty)
        #expect(old.changes(to: Self.changed) == [
            "Daemon.Socket: /run/ecoprod/ecoprod.sock -> /new.sock (takes effect after a restart)",
            "Daemon.StateDirectory: /var/lib/ecoprod -> /new/state (takes effect after a restart)",
            "Daemon.PluginDirectory: /usr/lib/ecoprod/plugins -> /new/plugins (takes effect after a restart)",
            "Daemon.LogLevel: info -> debug",
            "Daemon.LogTarget: auto -> journal (takes effect after a restart)",
            "Daemon.DrainTimeoutSec: 10.0 -> 3.0",
            "Daemon.MaxStreamsPerConnection: 1024 -> 7 (takes effect after a restart)",
            "Roles.ReaderGroup: ecoprod -> r",
            "Roles.EditorGroup: ecoprod-editors -> e",
            "Roles.AdminGroup: ecoprod-admins -> a",
            "Plugin.p: settings changed",
        ])
        var removed = Self.changed
        removed.pluginSections = ["q": [:]]
        #expect(Self.changed.changes(to: removed).suffix(2) == ["Plugin.p: settings changed", "Plugin.q: settings changed"])
    }

    @Test func reloadedKeepsRestartOptionsAndTakesTheRest() {
        let old = Configuration()
        let reloaded = old.reloaded(with: Self.changed)
        // Kept: read only at start.
        #expect(reloaded.socketPath == old.socketPath)
        #expect(reloaded.stateDirectory == old.stateDirectory)
        #expect(reloaded.pluginDirectory == old.pluginDirectory)
        #expect(reloaded.logTarget == old.logTarget)
        #expect(reloaded.maximumStreamsPerConnection == old.maximumStreamsPerConnection)
        // Taken from the new configuration.
        #expect(reloaded.logLevel == .debug)
        #expect(reloaded.drainTimeoutSeconds == 3)
        #expect(reloaded.readerGroup == "r")
        #expect(reloaded.editorGroup == "e")
        #expect(reloaded.adminGroup == "a")
        #expect(reloaded.pluginSections == ["p": ["k": "v"]])
        // Reloading again with the same file changes nothing further.
        #expect(reloaded.reloaded(with: Self.changed) == reloaded)
    }
}
