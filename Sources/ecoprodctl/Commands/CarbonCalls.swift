import ArgumentParser
import EcoprodAPI
import EcoprodClient
import SwiftProtobuf

let carbonService = "ecoprod.carbon.v1.Carbon"

extension Connection {
    func footprint(_ id: String) throws -> Ecoprod_Carbon_V1_Footprint {
        try call(carbonService, "GetFootprint", Ecoprod_Carbon_V1_GetFootprintRequest.with { $0.id = id })
    }
}

extension ExpectedRevisionOption {
    /// Calls the Carbon write `method` on a footprint.
    func write<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        footprint id: String, _ method: String, over connection: Connection, _ build: (UInt64) throws -> Request
    ) throws -> Response {
        try write(carbonService, method, current: { try connection.footprint(id).revision },
                  check: "ecoprodctl footprint show \(id)", over: connection, build)
    }
}

struct FootprintKindArgument: NamedArgument {
    static let names = CarbonNames.footprintKinds
    let value: Ecoprod_Carbon_V1_FootprintKind
}

struct CategoryArgument: NamedArgument {
    static let names = CarbonNames.categories
    let value: Ecoprod_Carbon_V1_Category
}

struct SubcategoryArgument: NamedArgument {
    static let names = CarbonNames.subcategories
    let value: Ecoprod_Carbon_V1_Subcategory
}

struct PhaseArgument: NamedArgument {
    static let names = CarbonNames.phases
    let value: Ecoprod_Carbon_V1_Phase
}

struct QualityArgument: NamedArgument {
    static let names = CarbonNames.qualities
    let value: Ecoprod_Carbon_V1_DataQuality
}
