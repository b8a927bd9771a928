import EcoprodAPI
import EcoprodProtocol
import Foundation

/// `ecoprod.directory.v1.Directory`: organisations and their search (here), imports and
/// exports (+Import), funding (+Funding), charter enrolments (+Enrolments).
struct DirectoryService {
    static let name = "ecoprod.directory.v1.Directory"
    static let pageSize = 500
    /// Rows read in one transaction for ListOrganisationPages, and the size its messages stay under.
    static let bulkPageSize = 20_000
    static let pageMessageBytes = 1 << 20

    let store: DirectoryStore
    let events: EventBus
    /// For FindFunding's calls to the label domain and the scoring plugin.
    let router: Router
    let clock: EnrolmentClock

    func register(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "GetTaxonomy", role: .reader, mutating: false) {
            (_: Ecoprod_Directory_V1_GetTaxonomyRequest, _) in store.reference.taxonomy
        }
        try router.registerUnary(service: Self.name, method: "Geocode", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_GeocodeRequest, _) in
            guard let geocoder = await store.reference.geocoder else { throw RPCError(.failedPrecondition, "the postcode table is not installed (geo/fr_postcodes.csv in the data directory)") }
            do {
                return OrganisationPlacement.message(try geocoder.locate(postcode: request.postcode, city: request.city))
            } catch {
                throw RPCError(.notFound, "\(error)")
            }
        }
        try registerOrganisations(on: router)
        try registerSearch(on: router)
        try registerImport(on: router)
        try registerFunding(on: router)
        try registerEnrolments(on: router)
    }

    private func registerOrganisations(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "CreateOrganisation", role: .editor, mutating: true) {
            (request: Ecoprod_Directory_V1_CreateOrganisationRequest, call) in
            let (organisation, event) = try await store.createOrganisation(request.details, by: .init(call))
            publish(event)
            return organisation
        }
        try router.registerUnary(service: Self.name, method: "GetOrganisation", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_GetOrganisationRequest, _) in try await store.organisation(id: request.id)
        }
        try router.registerUnary(service: Self.name, method: "UpdateOrganisation", role: .editor, mutating: true) {
            (request: Ecoprod_Directory_V1_UpdateOrganisationRequest, call) in
            let (organisation, event) = try await store.updateOrganisation(request, by: .init(call))
            if let event { publish(event) }
            return organisation
        }
        try router.registerUnary(service: Self.name, method: "ArchiveOrganisation", role: .editor, mutating: true) {
            (request: Ecoprod_Directory_V1_ArchiveOrganisationRequest, call) in
            let (organisation, event) = try await store.archiveOrganisation(request, by: .init(call))
            publish(event)
            return organisation
        }
        try router.registerServerStreaming(service: Self.name, method: "ListOrganisations", role: .reader) {
            (request: Ecoprod_Directory_V1_ListOrganisationsRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_Organisation>) in
            try await forEachPage(request, size: Self.pageSize) { page in
                for organisation in page { try await stream.send(serialized: organisation.content) }
            }
        }
        try router.registerServerStreaming(service: Self.name, method: "ListOrganisationPages", role: .reader) {
            (request: Ecoprod_Directory_V1_ListOrganisationsRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_OrganisationPage>) in
            try await forEachPage(request, size: Self.bulkPageSize) { page in
                // An OrganisationPage around the organisations as stored; a message is cut
                // before it passes a MiB.
                var bytes: [UInt8] = []
                bytes.reserveCapacity(min(Self.pageMessageBytes, page.reduce(0) { $0 + $1.content.count + 4 }))
                for organisation in page {
                    if !bytes.isEmpty, bytes.count + organisation.content.count + 6 > Self.pageMessageBytes {
                        try await stream.send(serialized: bytes)
                        bytes.removeAll(keepingCapacity: true)
                    }
                    bytes.appendMessageField(1, organisation.content)
                }
                if !bytes.isEmpty { try await stream.send(serialized: bytes) }
            }
        }
        try router.registerServerStreaming(service: Self.name, method: "GetOrganisationHistory", role: .reader) {
            (request: Ecoprod_Directory_V1_GetOrganisationHistoryRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_OrganisationEvent>) in
            for event in try await store.organisationHistory(id: request.organisationID, afterSequence: request.afterSequence) {
                try await stream.send(event)
            }
        }
    }

    private func registerSearch(on router: Router) throws {
        try router.registerServerStreaming(service: Self.name, method: "SearchOrganisations", role: .reader) {
            (request: Ecoprod_Directory_V1_SearchOrganisationsRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_SearchHit>) in
            let search = try await search(request)
            for (organisation, distance) in try await store.pool.read({ db in try search.run(db) }) {
                // A SearchHit around the organisation as stored.
                var hit: [UInt8] = []
                hit.reserveCapacity(organisation.count + 16)
                hit.appendMessageField(1, organisation)
                hit.appendDoubleField(2, distance)
                try await stream.send(serialized: hit)
            }
        }
        try router.registerUnary(service: Self.name, method: "CountOrganisations", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_CountOrganisationsRequest, _) in
            try await store.counts(try await filterSQL(request.filter))
        }
    }

    /// The organisations a list request asks for, `size` at a time as stored.
    private func forEachPage(_ request: Ecoprod_Directory_V1_ListOrganisationsRequest, size: Int, _ body: ([(id: String, content: Data)]) async throws -> Void) async throws {
        let filter = try await filterSQL(request.filter)
        var (after, remaining) = (request.afterID, request.pageSize == 0 ? Int.max : Int(request.pageSize))
        while remaining > 0 {
            let page = try await store.storedOrganisations(filter, afterID: after, limit: min(remaining, size), basic: request.view == .basic)
            try await body(page)
            guard let last = page.last, page.count == min(remaining, size) else { return }
            (after, remaining) = (last.id, remaining - page.count)
        }
    }

    /// The filter checked against the taxonomy, as SQL.
    func filterSQL(_ filter: Ecoprod_Directory_V1_OrganisationFilter, field: String = "filter") async throws -> OrganisationFilterSQL {
        let known = Set(store.reference.taxonomy.categories.map(\.id))
        for (index, category) in filter.categories.enumerated() where !known.contains(category) {
            throw RPCError(.invalidArgument, "\(field).categories[\(index)]: \"\(category)\" is not a category of \(store.reference.taxonomy.id) \(store.reference.taxonomy.version)")
        }
        return try OrganisationFilterSQL(filter, table: await store.reference.postcodes.value, field: field)
    }

    /// What SearchOrganisations streams, decoded.
    func hits(_ request: Ecoprod_Directory_V1_SearchOrganisationsRequest) async throws -> [(organisation: Ecoprod_Directory_V1_Organisation, distanceKm: Double)] {
        let search = try await search(request)
        return try await store.pool.read { db in try search.run(db) }.map { (try Ecoprod_Directory_V1_Organisation(serializedBytes: $0.organisation), $0.distanceKm) }
    }

    private func search(_ request: Ecoprod_Directory_V1_SearchOrganisationsRequest) async throws -> OrganisationSearch {
        guard request.limit <= OrganisationSearch.maximumLimit else {
            throw RPCError(.invalidArgument, "limit: at most \(OrganisationSearch.maximumLimit)")
        }
        var search = OrganisationSearch(
            match: OrganisationSearch.matchQuery(request.text), filter: try await filterSQL(request.filter), around: nil, box: nil,
            limit: request.limit == 0 ? OrganisationSearch.defaultLimit : Int(request.limit),
            column: request.view == .basic ? "basic" : "content"
        )
        let byName = !request.nearPostcode.isEmpty || !request.nearCity.isEmpty
        if request.hasNearPoint || byName {
            guard !(request.hasNearPoint && byName) else { throw RPCError(.invalidArgument, "near_point: give a point or a postcode and city, not both") }
            guard request.radiusKm.isFinite, request.radiusKm > 0, request.radiusKm <= OrganisationSearch.maximumRadiusKm else {
                throw RPCError(.invalidArgument, "radius_km: required around a place, more than 0 and at most \(Int(OrganisationSearch.maximumRadiusKm))")
            }
            var centre = request.nearPoint
            if byName {
                guard let geocoder = await store.reference.geocoder else { throw RPCError(.failedPrecondition, "the postcode table is not installed: search around a point") }
                do {
                    let place = try geocoder.locate(postcode: request.nearPostcode, city: request.nearCity)
                    centre = .with { $0.latitude = place.latitude; $0.longitude = place.longitude }
                } catch {
                    throw RPCError(.invalidArgument, "\(request.nearPostcode.isEmpty ? "near_city" : "near_postcode"): \(error)")
                }
            } else {
                try GeoPointRules.check(centre, field: "near_point")
            }
            search.around = .init(latitude: centre.latitude, longitude: centre.longitude, radiusKm: request.radiusKm)
        } else if request.radiusKm != 0 {
            throw RPCError(.invalidArgument, "radius_km: only around a place (near_point, near_postcode or near_city)")
        }
        if request.hasBoundingBox {
            let box = request.boundingBox
            try GeoPointRules.check(box.southWest, field: "bounding_box.south_west")
            try GeoPointRules.check(box.northEast, field: "bounding_box.north_east")
            guard box.southWest.latitude <= box.northEast.latitude else {
                throw RPCError(.invalidArgument, "bounding_box: south_west.latitude is north of north_east.latitude")
            }
            let (west, east) = (box.southWest.longitude, box.northEast.longitude)
            search.box = .init(latitudes: box.southWest.latitude...box.northEast.latitude,
                               longitudes: west <= east ? [west...east] : [west...180, -180...east])
        }
        return search
    }

    func publish(_ event: Ecoprod_Directory_V1_OrganisationEvent) {
        events.publish(
            topic: "directory.\(event.action)",
            summary: "\(event.organisationID) revision \(event.revision): \(event.action) by uid \(event.actor.uid)\(event.actor.user.isEmpty ? "" : " (\(event.actor.user))")",
            detail: event
        )
    }
}
