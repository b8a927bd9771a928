import ArgumentParser
import EcoprodAPI
import EcoprodClient

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Evidence files, stored once each under their SHA-256.",
        subcommands: [UploadEvidenceCommand.self, DownloadEvidenceCommand.self, ShowEvidenceCommand.self]
    )
}

func evidenceLines(_ evidence: Ecoprod_Label_V1_Evidence) -> String {
    keyValueLines([
        ("SHA-256", evidence.sha256),
        ("Name", evidence.name),
        ("Media type", evidence.mediaType),
        ("Size", "\(evidence.size) bytes"),
        ("Uploaded", "\(timestampText(evidence.uploadedAt)) by \(actorText(evidence.uploadedBy))"),
    ])
}

struct UploadEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload", abstract: "Store a file as evidence and print its SHA-256 (editor).",
        discussion: "Link it to a criterion with `ecoprodctl assess … --evidence FILE`, which uploads too."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file.")
    var file: String

    @Option(name: .customLong("media-type"), help: "e.g. application/pdf (default: from the file's extension, else \(MediaTypes.fallback)).")
    var mediaType: String?

    func run() throws {
        try reportingFailures {
            let evidence = try EvidenceTransfer.upload(file, mediaType: mediaType, over: try global.connect())
            guard global.output == .table else { return try printJSON(evidence) }
            print(evidenceLines(evidence))
            if evidence.alreadyStored { print("(the same bytes were stored before)") }
        }
    }
}

struct DownloadEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Save an evidence file.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file's SHA-256.")
    var sha256: String

    @Option(name: [.customShort("o"), .customLong("file")], help: "Where to save it; - for standard output (default: its stored name, here).")
    var file: String?

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let evidence: Ecoprod_Label_V1_Evidence = try connection.evidence(sha256)
            let target = file ?? evidence.name
            try EvidenceTransfer.download(evidence, to: target, over: connection)
            guard target != "-" else { return }
            switch global.output {
            case .json: try printJSON(evidence)
            case .table: print("saved \(target): \(evidence.size) bytes, \(evidence.mediaType)")
            }
        }
    }
}

struct ShowEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "What is stored under a SHA-256.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file's SHA-256.")
    var sha256: String

    func run() throws {
        try reportingFailures {
            let evidence: Ecoprod_Label_V1_Evidence = try global.connect().evidence(sha256)
            guard global.output == .table else { return try printJSON(evidence) }
            print(evidenceLines(evidence))
        }
    }
}
