import ArgumentParser
import EcoprodAPI
import EcoprodClient
import SwiftProtobuf

let directoryService = "ecoprod.directory.v1.Directory"

extension Connection {
    func organisation(_ id: String) throws -> Ecoprod_Directory_V1_Organisation {
        try call(directoryService, "GetOrganisation", Ecoprod_Directory_V1_GetOrganisationRequest.with { $0.id = id })
    }

    func enrolment(_ id: String) throws -> Ecoprod_Directory_V1_Enrolment {
        try call(directoryService, "GetEnrolment", Ecoprod_Directory_V1_GetEnrolmentRequest.with { $0.id = id })
    }
}

struct OrganisationKindArgument: NamedArgument {
    static let names = DirectoryNames.kinds
    let value: Ecoprod_Directory_V1_OrganisationKind
}

struct EnrolmentStateArgument: NamedArgument {
    static let names = DirectoryNames.enrolmentStates
    let value: Ecoprod_Directory_V1_EnrolmentState
}

struct TrainingStatusArgument: NamedArgument {
    static let names = DirectoryNames.trainingStatuses
    let value: Ecoprod_Directory_V1_TrainingStatus
}

/// "45.76,4.83": a point as people paste it, latitude first.
struct GeoPointArgument: ExpressibleByArgument {
    let value: Ecoprod_Directory_V1_GeoPoint

    init?(argument: String) {
        let parts = argument.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 else { return nil }
        value = .with { $0.latitude = parts[0]; $0.longitude = parts[1] }
    }
}

/// Which organisations: the filter options list, search, count and export share.
struct OrganisationFilterOptions: ParsableArguments {
    @Option(help: "Only this kind (repeatable).") var kind: [OrganisationKindArgument] = []
    @Option(help: "Only this category id (repeatable; ecoprodctl org categories).") var category: [String] = []
    @Option(help: "Only this region: INSEE code or name.") var region: String = ""
    @Option(help: "Only this department: code (69, 2A, 974) or name.") var department: String = ""
    @Flag(help: "Include archived organisations.") var archived = false

    var filter: Ecoprod_Directory_V1_OrganisationFilter {
        .with {
            $0.kinds = kind.map(\.value)
            $0.categories = category
            $0.region = region
            $0.department = department
            $0.includeArchived = archived
        }
    }
}

/// The details create and update take; `paths` names those given.
struct OrganisationDetailsOptions: ParsableArguments {
    @Option var kind: OrganisationKindArgument?
    @Option var name: String?
    @Option(help: "A category id (repeatable).") var category: [String] = []
    @Option(help: "SIREN (9 digits) or SIRET (14), spaces allowed.") var siret: String?
    @Option var address: String?
    @Option var postcode: String?
    @Option var city: String?
    @Option(help: "ISO 3166-1 alpha-2 (default FR).") var country: String?
    @Option var website: String?
    @Option var email: String?
    @Option var phone: String?
    @Option var description: String?
    @Option(help: "A tag (repeatable).") var tag: [String] = []
    @Option(help: "A certification (repeatable).") var certification: [String] = []
    @Option(help: "Explicit coordinates, \"latitude,longitude\": they override the postcode's.") var location: GeoPointArgument?

    var change: (details: Ecoprod_Directory_V1_OrganisationDetails, paths: [String]) {
        var details = Ecoprod_Directory_V1_OrganisationDetails()
        var paths: [String] = []
        func set<Value>(_ value: Value?, _ path: String, _ keyPath: WritableKeyPath<Ecoprod_Directory_V1_OrganisationDetails, Value>) {
            guard let value else { return }
            details[keyPath: keyPath] = value
            paths.append(path)
        }
        set(kind?.value, "kind", \.kind)
        set(name, "name", \.name)
        set(category.isEmpty ? nil : category, "categories", \.categories)
        set(siret, "siret", \.siret)
        set(address, "address", \.address)
        set(postcode, "postcode", \.postcode)
        set(city, "city", \.city)
        set(country, "country", \.country)
        set(website, "website", \.website)
        set(email, "email", \.email)
        set(phone, "phone", \.phone)
        set(description, "description", \.description_p)
        set(tag.isEmpty ? nil : tag, "tags", \.tags)
        set(certification.isEmpty ? nil : certification, "certifications", \.certifications)
        set(location?.value, "location", \.location)
        return (details, paths)
    }
}

extension ExpectedRevisionOption {
    /// Calls the Directory write `method` on an organisation.
    func write<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        organisation id: String, _ method: String, over connection: Connection, _ build: (UInt64) throws -> Request
    ) throws -> Response {
        try write(directoryService, method, current: { try connection.organisation(id).revision },
                  check: "ecoprodctl org show \(id)", over: connection, build)
    }
}
