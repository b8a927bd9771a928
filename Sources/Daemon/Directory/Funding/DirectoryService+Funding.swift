import EcoprodAPI
import EcoprodProtocol

/// ListFundingProgrammes and FindFunding.
extension DirectoryService {
    private var programmes: [Ecoprod_Directory_V1_FundingProgramme] { store.reference.funding.flatMap(\.programmes) }

    func registerFunding(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "ListFundingProgrammes", role: .reader, mutating: false) {
            (_: Ecoprod_Directory_V1_ListFundingProgrammesRequest, _) in
            let drafts = store.reference.funding.filter(\.draft)
            return Ecoprod_Directory_V1_ListFundingProgrammesResponse.with {
                $0.programmes = programmes
                $0.draft = !drafts.isEmpty
                $0.draftNotice = drafts.map(\.draftNotice).joined(separator: " ")
            }
        }
        try router.registerUnary(service: Self.name, method: "FindFunding", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_FindFundingRequest, call) in
            guard !request.productionID.isEmpty else { throw RPCError(.invalidArgument, "production_id: required") }
            guard let on = request.onDate.isEmpty ? CalendarDate.today : CalendarDate(request.onDate) else {
                throw RPCError(.invalidArgument, "on_date: \"\(request.onDate)\" is not a date like 2026-03-01")
            }
            let production = try await self.router.call(
                "ecoprod.label.v1.Label/GetProduction", Ecoprod_Label_V1_GetProductionRequest.with { $0.id = request.productionID },
                as: Ecoprod_Label_V1_Production.self, for: call, via: "directory"
            )
            let programmes = programmes
            let needsScore = programmes.contains { $0.labelRequirements.contains { $0.frameworkID == production.frameworkID } }
            let eligibility = FundingEligibility(
                production: production, companyRegion: await companyRegion(production.details.companyID),
                score: needsScore ? await score(production.id, for: call) : .failure(RPCError(.failedPrecondition, "not needed")),
                on: on
            )
            let matches = programmes.map(eligibility.match)
            return Ecoprod_Directory_V1_FindFundingResponse.with {
                $0.productionID = production.id
                $0.matches = matches.filter(\.eligible) + matches.filter { !$0.eligible }
            }
        }
    }

    private func score(_ productionID: String, for call: CallContext) async -> Result<Ecoprod_Scoring_V1_ScoreReport, RPCError> {
        do {
            return .success(try await router.call(
                "ecoprod.scoring.v1.Scoring/Score", Ecoprod_Scoring_V1_ScoreRequest.with { $0.productionID = productionID },
                as: Ecoprod_Scoring_V1_ScoreReport.self, for: call, via: "directory"
            ))
        } catch {
            return .failure(call.failure(error))
        }
    }

    private func companyRegion(_ companyID: String) async -> Result<(code: String, name: String), RPCError> {
        guard !companyID.isEmpty else { return .failure(RPCError(.failedPrecondition, "the production names no company (details.company_id)")) }
        do {
            let company = try await store.organisation(id: companyID)
            guard !company.place.region.isEmpty else {
                return .failure(RPCError(.failedPrecondition, "its company \(companyID) has no French address the postcode table knows"))
            }
            return .success((company.place.region, company.place.regionName))
        } catch let error as RPCError {
            return .failure(RPCError(error.code, "its company: \(error.message)"))
        } catch {
            return .failure(RPCError(.internal, "\(error)"))
        }
    }
}
