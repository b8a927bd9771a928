import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation

struct FrameworksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frameworks", abstract: "The reference frameworks productions are assessed against.",
        subcommands: [ListFrameworksCommand.self, ShowFrameworkCommand.self, ImportFrameworkCommand.self]
    )
}

struct ListFrameworksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every stored framework version.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let list: Ecoprod_Label_V1_ListFrameworksResponse = try global.connect().call(labelService, "ListFrameworks", Ecoprod_Label_V1_ListFrameworksRequest())
            guard global.output == .table else { return try printJSON(list) }
            guard !list.frameworks.isEmpty else { return print("no frameworks stored") }
            var table = Table("ID", "VERSION", "RULE", "CRITERIA", "DRAFT", "IMPORTED", "TITLE")
            for framework in list.frameworks {
                table.add(
                    framework.id, framework.version, scoringRules.name(of: framework.rule), "\(framework.criteria)",
                    framework.draft ? "DRAFT" : "", timestampText(framework.importedAt), framework.title
                )
            }
            print(table.render())
        }
    }
}

struct ShowFrameworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A framework: schemes, sections and criteria.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The framework id, e.g. ecoprod-label.")
    var id: String

    @Option(help: "The version (default: the latest imported).")
    var version: String = ""

    func run() throws {
        try reportingFailures {
            let framework = try global.connect().framework(id: id, version: version)
            guard global.output == .table else { return try printJSON(framework) }
            print(FrameworkDescription(framework).render())
        }
    }
}

struct ImportFrameworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store a framework file, the JSON mapping of Framework (admin)."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The framework file.")
    var file: String

    func run() throws {
        let (handle, _) = try openRegularFile(file)
        defer { try? handle.close() }
        let content: Data
        do {
            content = try handle.readToEnd() ?? Data()
        } catch {
            throw unreadableFile(file, error.localizedDescription)
        }
        try reportingFailures {
            let request = Ecoprod_Label_V1_ImportFrameworkRequest.with {
                $0.content = content
                $0.fileName = URL(fileURLWithPath: file).lastPathComponent
            }
            let framework: Ecoprod_Label_V1_Framework = try global.connect().call(labelService, "ImportFramework", request)
            guard global.output == .table else { return try printJSON(framework) }
            if framework.draft { print(draftBanner(notice: framework.draftNotice)) }
            print("stored \(framework.id) \(framework.version): \(framework.criteria.count) criteria, imported \(timestampText(framework.importedAt)) from \(framework.importedFrom)")
        }
    }
}

/// A framework laid out for reading: what it is, how it scores, then its grid.
private struct FrameworkDescription {
    let framework: Ecoprod_Label_V1_Framework

    init(_ framework: Ecoprod_Label_V1_Framework) { self.framework = framework }

    func render() -> String {
        var blocks = [String]()
        if framework.draft { blocks.append(draftBanner(notice: framework.draftNotice)) }
        blocks.append(keyValueLines([
            ("ID", framework.id),
            ("Version", framework.version),
            ("Title", framework.title),
            ("Rule", scoringRules.name(of: framework.rule)),
            ("Stages", framework.stages.joined(separator: ", ")),
            ("Source", framework.source),
            ("Licence", framework.licence),
            ("Imported", "\(timestampText(framework.importedAt)) from \(framework.importedFrom)"),
        ].filter { !$0.1.isEmpty }))
        blocks.append(schemes())
        if !framework.stars.isEmpty {
            blocks.append(framework.stars.map { "\(String(repeating: "★", count: Int($0.stars))) from \(percentText($0.thresholdPercent))" }.joined(separator: "\n"))
        }
        if !framework.levels.isEmpty {
            blocks.append(framework.levels.map { "level \($0.number): \($0.title)" }.joined(separator: "\n"))
        }
        blocks.append(sections())
        blocks.append(criteria())
        return blocks.joined(separator: "\n\n")
    }

    private var usesLevels: Bool { framework.rule == .levels }

    private func schemes() -> String {
        var table = Table("SCHEME", usesLevels ? "REQUIRED LEVEL" : "THRESHOLD", "TITLE")
        for scheme in framework.schemes {
            table.add(scheme.id, usesLevels ? "\(scheme.requiredLevel)" : percentText(scheme.thresholdPercent), scheme.title)
        }
        return table.render()
    }

    private func sections() -> String {
        var table = Table("SECTION", "CRITERIA", "POINTS", "TITLE")
        for section in framework.sections {
            let criteria = framework.criteria.filter { $0.section == section.code }
            table.add(section.code, "\(criteria.count)", "\(criteria.reduce(0) { $0 + $1.points })", section.title)
        }
        return table.render()
    }

    private func criteria() -> String {
        var table = Table("CRITERION", "SECTION", "STAGE", usesLevels ? "LEVEL" : "POINTS", "MANDATORY", "KINDS", "TITLE")
        for criterion in framework.criteria {
            table.add(
                criterion.id, criterion.section, criterion.stage, "\(usesLevels ? criterion.level : criterion.points)",
                criterion.mandatory ? "mandatory" : "",
                criterion.applicableKinds.isEmpty ? "all" : criterion.applicableKinds.map(productionKinds.name(of:)).joined(separator: ","),
                shortened(criterion.title)
            )
        }
        return table.render()
    }
}
