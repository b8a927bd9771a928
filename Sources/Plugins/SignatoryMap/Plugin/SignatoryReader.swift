import EcoprodAPI
import EcoprodPluginKit
import SignatoryMapKit

/// The directory as the map reads it, as the caller being served.
struct SignatoryReader: Sendable {
    static let directory = "ecoprod.directory.v1.Directory"
    /// Every point placed from the postcode table carries it (ODbL).
    static let geocodingAttribution = "Contient des données La Poste – Base officielle des codes postaux (ODbL)"
    let call: PluginCall

    /// The organisations with an active enrolment matching the request, with a point.
    func signatories(_ request: Ecoprod_Signatories_V1_MapRequest) async throws -> [Signatory] {
        try await call.host.collect("\(Self.directory)/ListOrganisationPages", Ecoprod_Directory_V1_ListOrganisationsRequest.with {
            $0.filter = filter(request)
            $0.view = .basic
        }, as: Ecoprod_Directory_V1_OrganisationPage.self, onBehalfOf: call) { page in
            page.organisations.compactMap(Signatory.init)
        }.flatMap { $0 }
    }

    func counts(_ request: Ecoprod_Signatories_V1_MapRequest) async throws -> Ecoprod_Directory_V1_OrganisationCounts {
        try await call.host.call("\(Self.directory)/CountOrganisations", Ecoprod_Directory_V1_CountOrganisationsRequest.with {
            $0.filter = filter(request)
        }, as: Ecoprod_Directory_V1_OrganisationCounts.self, onBehalfOf: call)
    }

    /// The taxonomy's categories in its order with their French names, and its draft notice.
    func categories() async throws -> (SVGMap.Categories, String?) {
        let taxonomy = try await call.host.call("\(Self.directory)/GetTaxonomy", Ecoprod_Directory_V1_GetTaxonomyRequest(),
                                                as: Ecoprod_Directory_V1_Taxonomy.self, onBehalfOf: call)
        return (taxonomy.categories.map { ($0.id, $0.nameFr.isEmpty ? $0.nameEn : $0.nameFr) }, taxonomy.draft ? taxonomy.draftNotice : nil)
    }

    /// The draft notices of the charter versions shown.
    func charterNotices(version: String) async throws -> [String] {
        let charters = try await call.host.call("\(Self.directory)/ListCharters", Ecoprod_Directory_V1_ListChartersRequest(),
                                                as: Ecoprod_Directory_V1_ListChartersResponse.self, onBehalfOf: call).charters
        return charters.filter { $0.draft && (version.isEmpty || $0.version == version) }.map(\.draftNotice)
    }

    private func filter(_ request: Ecoprod_Signatories_V1_MapRequest) -> Ecoprod_Directory_V1_OrganisationFilter {
        .with {
            $0.categories = request.categories
            $0.region = request.region
            $0.enrolmentStates = [.active]
            $0.charterVersion = request.charterVersion
        }
    }
}
