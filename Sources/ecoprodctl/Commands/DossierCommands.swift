import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation

let afnorService = "ecoprod.afnor.v1.Afnor"

struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "The AFNOR certification dossier (the afnor plugin): validate, build, rehearse.",
        subcommands: [ValidateDossierCommand.self, BuildDossierCommand.self, AuditSampleCommand.self]
    )
}

struct StageArgument: NamedArgument {
    static let names = CommandLineNames<Ecoprod_Afnor_V1_Stage>(pairs: [("application", .application), ("intermediate", .intermediate), ("final", .final)])
    let value: Ecoprod_Afnor_V1_Stage
}

struct ValidateDossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "What AFNOR would find missing at a stage, each item naming its criterion or field.",
        discussion: "Exit status 0 when nothing is missing, 2 when something is."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The production id.") var production: String
    @Option(help: "application, intermediate or final.") var stage: StageArgument

    func run() throws {
        var complete = false
        try reportingFailures {
            let validation: Ecoprod_Afnor_V1_DossierValidation = try global.connect().call(afnorService, "ValidateDossier", Ecoprod_Afnor_V1_ValidateDossierRequest.with {
                $0.productionID = production
                $0.stage = stage.value
            })
            complete = validation.complete
            if global.output == .json { return try printJSON(validation) }
            guard !validation.complete else { return print("\(production) revision \(validation.revision): nothing missing for the \(StageArgument.names.name(of: stage.value)) stage") }
            var table = Table("CRITERION", "FIELD", "WHAT IS MISSING")
            for finding in validation.findings { table.add(finding.criterionID.isEmpty ? "—" : finding.criterionID, finding.field, finding.message) }
            print(table.render())
        }
        if !complete { throw ExitCode(2) }
    }
}

struct BuildDossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Write a stage's dossier as a ZIP (the same production revision gives the same bytes).",
        discussion: "Refused while the stage does not validate, unless --force; a forced dossier says so in its summary. A progress bar shows on a terminal."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The production id.") var production: String
    @Option(help: "application, intermediate or final.") var stage: StageArgument
    @Option(name: [.short, .customLong("output-file")], help: "The ZIP to write.") var outputFile: String
    @Flag(help: "Build even though the stage does not validate.") var force = false

    func run() throws {
        let showProgress = global.output == .table
        var progress: ProgressBar?
        var received = 0
        try writingWhole(outputFile) { output in
            try reportingFailures {
                let connection = try global.connect()
                try connection.withoutTimeout {
                    try connection.stream(afnorService, "BuildDossier", Ecoprod_Afnor_V1_BuildDossierRequest.with {
                        $0.productionID = production
                        $0.stage = stage.value
                        $0.force = force
                    }, as: Ecoprod_Afnor_V1_DossierChunk.self) { chunk in
                        do { try output.write(contentsOf: chunk.data) } catch { throw unwritableFile(outputFile, error.localizedDescription) }
                        if showProgress, chunk.totalBytes > 0 { progress = ProgressBar(label: "building \(outputFile)", total: chunk.totalBytes) }
                        received += chunk.data.count
                        progress?.advance(by: UInt64(chunk.data.count))
                        return true
                    }
                }
            }
            progress?.finish()
        }
        if global.output == .table { print("\(outputFile): \(received) bytes") }
    }
}

struct AuditSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Criteria to rehearse the audit with: every mandatory one and a points-weighted draw, the same for the same production."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The production id.") var production: String
    @Option(help: "How many besides the mandatory ones.") var drawn: UInt32 = 10

    func run() throws {
        try reportingFailures {
            let sample: Ecoprod_Afnor_V1_AuditSampleResponse = try global.connect().call(afnorService, "AuditSample", Ecoprod_Afnor_V1_AuditSampleRequest.with {
                $0.productionID = production
                $0.drawn = drawn
            })
            guard global.output == .table else { return try printJSON(sample) }
            var table = Table("CRITERION", "MANDATORY", "POINTS", "TITLE")
            for criterion in sample.criteria { table.add(criterion.criterionID, criterion.mandatory ? "yes" : "", "\(criterion.points)", criterion.title) }
            print(table.render())
        }
    }
}
