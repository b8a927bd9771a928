import ArgumentParser
import EcoprodProtocol

@main
struct Ecoprodctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecoprodctl",
        abstract: "Talk to ecoprodd, the eco-production service, over its Unix socket.",
        discussion: """
        Exit status: 0 success; 1 the daemon refused or failed the call (or restore failed); 2 the dossier is \
        incomplete (dossier validate); 3 the daemon is not serving \
        (health); 64 usage error; 65 bad --data JSON; 66 a local file cannot be read; 69 the daemon \
        cannot be reached; 73 a local file cannot be written; 75 timed out; 76 the connection broke; \
        77 permission denied.
        """,
        version: EcoprodVersion.current,
        subcommands: [
            HealthCommand.self, InfoCommand.self, ServicesCommand.self, PluginsCommand.self,
            ReloadCommand.self, WatchCommand.self, CallCommand.self,
            FrameworksCommand.self, ProductionCommand.self, AssessCommand.self, AssessmentCommand.self,
            EvidenceCommand.self, ScoreCommand.self, PlanCommand.self, WhatIfCommand.self,
            FactorsCommand.self, FootprintCommand.self, DossierCommand.self,
            OrganisationCommand.self, FundingCommand.self, CharterCommand.self, MapCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    // Declared here too so the options may come before the subcommand, as in
    // `ecoprodctl --socket PATH reload --wait` (the form systemd units use).
    @OptionGroup var global: GlobalOptions
}
