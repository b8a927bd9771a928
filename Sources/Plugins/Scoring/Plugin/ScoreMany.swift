import EcoprodAPI
import EcoprodPluginKit
import ScoringEngine

/// Scores every production the label domain exports, one report each, in export order.
///
/// The export hands over its messages on a host thread that must not wait, so they are
/// queued for this task, which scores each (fetching a framework not prepared yet) and
/// sends at the client's pace. The export therefore runs ahead of a slow client, holding
/// the statuses-only grids it has read in memory. When the client goes away (send
/// throws) or the call is cancelled, leaving this scope cancels the export, which stops
/// at its next message.
func scoreMany(
    _ request: Ecoprod_Scoring_V1_ScoreManyRequest, _ label: LabelReader, _ stream: PluginResponseStream<Ecoprod_Scoring_V1_ScoreReport>
) async throws {
    let (assessments, queue) = AsyncThrowingStream.makeStream(of: Ecoprod_Label_V1_ProductionAssessment.self)
    async let exported: Void = {
        do {
            try await label.export(request) { assessment in
                queue.yield(assessment)
                return true
            }
            queue.finish()
        } catch {
            queue.finish(throwing: error)
        }
    }()
    for try await assessment in assessments {
        let index = try await label.index(for: assessment.production)
        try await stream.send(try answer { () throws(ScoringError) in try Scorer.score(assessment, with: index) })
    }
    await exported
}
