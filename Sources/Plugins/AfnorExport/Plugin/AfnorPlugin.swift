import CPluginABI
import DossierKit
import EcoprodAPI
import EcoprodPluginKit
import Foundation

/// The AFNOR export plugin (../README.md): the certification dossier of a production,
/// validated, built as a reproducible ZIP streamed to the caller, and an audit rehearsal
/// sample. It keeps no state; everything is read through the daemon as the caller.
let afnor = Plugin(
    id: "afnor",
    version: "1.0.0",
    description: "AFNOR certification dossier: validation per stage, reproducible ZIP with XLSX grid, evidence, footprint, manifest; audit sample",
    provides: ["afnor"],
    requires: ["ecoprod.daemon.v1", "ecoprod.label.v1", "ecoprod.carbon.v1", "scoring"],
    descriptorSet: Array(Data(base64Encoded: AfnorDescriptors.fileDescriptorSetBase64)!),
    methods: [
        .unary("ecoprod.afnor.v1.Afnor/ValidateDossier", role: .reader) {
            (request: Ecoprod_Afnor_V1_ValidateDossierRequest, call) -> Ecoprod_Afnor_V1_DossierValidation in
            let stage = try checked(request.stage)
            let basis = try await DossierReader(call: call).basis(request.productionID)
            return validation(basis, stage)
        },
        .serverStreaming("ecoprod.afnor.v1.Afnor/BuildDossier", role: .reader) {
            (request: Ecoprod_Afnor_V1_BuildDossierRequest, call, stream: PluginResponseStream<Ecoprod_Afnor_V1_DossierChunk>) in
            try await buildDossier(request, DossierReader(call: call), stream)
        },
        .unary("ecoprod.afnor.v1.Afnor/AuditSample", role: .reader) {
            (request: Ecoprod_Afnor_V1_AuditSampleRequest, call) -> Ecoprod_Afnor_V1_AuditSampleResponse in
            let basis = try await DossierReader(call: call).basis(request.productionID)
            return .with {
                $0.productionID = request.productionID
                $0.criteria = AuditSample.sample(
                    productionID: request.productionID, assessment: basis.assessment, framework: basis.framework,
                    drawn: request.drawn == 0 ? 10 : Int(request.drawn)
                )
            }
        },
    ]
)

func checked(_ stage: Ecoprod_Afnor_V1_Stage) throws -> Ecoprod_Afnor_V1_Stage {
    guard stage == .application || stage == .intermediate || stage == .final else {
        throw PluginError(.invalidArgument, "stage: APPLICATION, INTERMEDIATE or FINAL")
    }
    return stage
}

func validation(_ basis: DossierReader.Basis, _ stage: Ecoprod_Afnor_V1_Stage) -> Ecoprod_Afnor_V1_DossierValidation {
    let findings = DossierValidator.findings(
        stage: stage, assessment: basis.assessment, framework: basis.framework, score: basis.score,
        hasFinalFootprint: basis.finalFootprint.map { $0.lines > 0 } ?? false
    )
    return .with {
        $0.productionID = basis.assessment.production.id
        $0.revision = basis.assessment.production.revision
        $0.stage = stage
        $0.complete = findings.isEmpty
        $0.findings = findings
    }
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    afnor.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
