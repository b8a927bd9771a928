/// The carbon domain's enums as people write them.
public enum CarbonNames {
    public static let footprintKinds = EnumNames<Ecoprod_Carbon_V1_FootprintKind>(pairs: [
        ("forecast", .forecast), ("final", .final), ("prévisionnel", .forecast), ("définitif", .final),
    ])

    public static let categories = EnumNames<Ecoprod_Carbon_V1_Category>(pairs: [
        ("production", .production), ("filming-locations", .filmingLocations), ("sets", .sets),
        ("hair-makeup-costume", .hairMakeupCostume), ("transport", .transport), ("unit-base-logistics", .unitBaseLogistics),
        ("technical-equipment", .technicalEquipment), ("post-production", .postProduction),
        ("lieux-de-tournage", .filmingLocations), ("décors", .sets), ("hmc", .hairMakeupCostume),
        ("régie", .unitBaseLogistics), ("matériel-technique", .technicalEquipment), ("postproduction", .postProduction),
    ])

    public static let subcategories = EnumNames<Ecoprod_Carbon_V1_Subcategory>(pairs: [
        ("", .unspecified), ("energy", .energy), ("accommodation", .accommodation), ("catering", .catering),
        ("waste", .waste), ("digital", .digital),
        ("énergie", .energy), ("hébergement", .accommodation), ("restauration", .catering), ("déchets", .waste), ("numérique", .digital),
    ])

    public static let phases = EnumNames<Ecoprod_Carbon_V1_Phase>(pairs: [
        ("unattributed", .unspecified), ("preparation", .preparation), ("shooting", .shooting), ("post-production", .postProduction),
        ("", .unspecified), ("préparation", .preparation), ("prépa", .preparation), ("tournage", .shooting),
        ("postproduction", .postProduction), ("post-prod", .postProduction),
    ])

    public static let qualities = EnumNames<Ecoprod_Carbon_V1_DataQuality>(pairs: [
        ("measured", .measured), ("estimated", .estimated), ("spend-based", .spendBased),
        ("mesuré", .measured), ("estimé", .estimated), ("monétaire", .spendBased),
    ])

    public static func name(_ kind: Ecoprod_Carbon_V1_FootprintKind) -> String { footprintKinds.name(of: kind) }
    public static func name(_ category: Ecoprod_Carbon_V1_Category) -> String { categories.name(of: category) }
    public static func name(_ subcategory: Ecoprod_Carbon_V1_Subcategory) -> String { subcategories.name(of: subcategory) }
    public static func name(_ phase: Ecoprod_Carbon_V1_Phase) -> String { phases.name(of: phase) }
    public static func name(_ quality: Ecoprod_Carbon_V1_DataQuality) -> String { qualities.name(of: quality) }

    /// A quantity as history and CSV write it: no trailing ".0", full precision otherwise.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
