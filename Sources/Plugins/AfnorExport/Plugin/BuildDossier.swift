import DossierKit
import EcoprodAPI
import EcoprodPluginKit
import Foundation

/// BuildDossier: validates the stage, reads the inputs, and streams the ZIP as it is
/// written — the generated files whole, each evidence file chunk by chunk from the label
/// domain — with the manifest last.
func buildDossier(
    _ request: Ecoprod_Afnor_V1_BuildDossierRequest, _ reader: DossierReader, _ stream: PluginResponseStream<Ecoprod_Afnor_V1_DossierChunk>
) async throws {
    let stage = try checked(request.stage)
    let basis = try await reader.basis(request.productionID)
    let validated = validation(basis, stage)
    guard validated.complete || request.force else {
        throw PluginError(.failedPrecondition, "the \(DossierContent.stageName(stage)) dossier of \(request.productionID) is incomplete: "
            + validated.findings.map { $0.criterionID.isEmpty ? $0.message : "\($0.criterionID) \($0.field): \($0.message)" }.joined(separator: "; ")
            + " (build it anyway with force)")
    }
    var evidence: [String: Ecoprod_Label_V1_Evidence] = [:]
    for sha256 in Set(basis.assessment.criteria.flatMap(\.evidenceSha256)).sorted() {
        evidence[sha256] = try await reader.evidence(sha256)
    }
    var carbonFiles: [(name: String, bytes: [UInt8])] = []
    if stage == .final, let final = basis.finalFootprint {
        carbonFiles.append(("final-results.csv", try await reader.export(final.id, .results)))
        carbonFiles.append(("final-lines.csv", try await reader.export(final.id, .lines)))
        if let forecast = basis.forecast {
            carbonFiles.append(("variance.csv", DossierContent.varianceCSV(try await reader.variance(forecast: forecast.id, final: final.id))))
        }
    }
    do {
        let content = try DossierContent(DossierInputs(
            stage: stage, findings: validated.findings, forced: !validated.complete, assessment: basis.assessment, framework: basis.framework,
            score: basis.score, evidence: evidence, finalFootprint: stage == .final ? basis.finalFootprint : nil, carbonFiles: carbonFiles,
            daemonVersion: try await reader.daemonVersion()
        ))

        let manifest = try content.manifest()
        var total: UInt64? = ZipWriter.archiveSize(content.files.map { path, file in
            switch file {
            case .generated(let bytes): (path, UInt64(bytes.count), false)
            case .evidence(_, let size): (path, size, true)
            }
        } + [("manifest.json", UInt64(manifest.count), false)])
        var zip = ZipWriter()
        func flush() async throws {
            let bytes = zip.takeOutput()
            guard !bytes.isEmpty else { return }
            try await stream.send(.with {
                $0.data = Data(bytes)
                if let total { $0.totalBytes = total }
            })
            total = nil
        }
        for (path, file) in content.files {
            switch file {
            case .generated(let bytes):
                try zip.add(path, bytes)
            case .evidence(let sha256, _):
                try zip.begin(path)
                try await flush()
                for try await chunk in download(sha256, reader) {
                    try chunk.withUnsafeBytes { try zip.write($0) }
                    try await flush()
                }
                try zip.end()
            }
            try await flush()
        }
        try zip.add("manifest.json", manifest)
        try zip.finish()
        try await flush()
    } catch let failure as ZipWriter.Failure {
        throw PluginError(.resourceExhausted, "\(failure)")
    }
}

/// An evidence file's chunks, queued from the host thread that delivers them to the task
/// that writes them into the archive. When that task stops reading (the client went away,
/// a write failed), the download is cancelled rather than left to fill the queue.
private func download(_ sha256: String, _ reader: DossierReader) -> AsyncThrowingStream<[UInt8], Error> {
    let (chunks, queue) = AsyncThrowingStream.makeStream(of: [UInt8].self)
    let task = Task {
        do {
            try await reader.download(sha256) { queue.yield($0) }
            queue.finish()
        } catch {
            queue.finish(throwing: error)
        }
    }
    queue.onTermination = { _ in task.cancel() }
    return chunks
}
