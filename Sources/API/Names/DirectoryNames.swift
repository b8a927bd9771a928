/// The directory domain's enums as people write them.
public enum DirectoryNames {
    public static let kinds = EnumNames<Ecoprod_Directory_V1_OrganisationKind>(pairs: [
        ("service-provider", .serviceProvider), ("resource", .resource), ("funding-body", .fundingBody),
        ("production-company", .productionCompany), ("broadcaster", .broadcaster), ("other", .other),
        ("prestataire", .serviceProvider), ("ressource", .resource), ("financeur", .fundingBody),
        ("société-de-production", .productionCompany), ("producteur", .productionCompany), ("diffuseur", .broadcaster), ("autre", .other),
    ])

    public static let enrolmentStates = EnumNames<Ecoprod_Directory_V1_EnrolmentState>(pairs: [
        ("pending", .pending), ("active", .active), ("lapsed", .lapsed), ("withdrawn", .withdrawn),
    ])

    public static let trainingStatuses = EnumNames<Ecoprod_Directory_V1_TrainingStatus>(pairs: [
        ("", .unspecified), ("not-started", .notStarted), ("in-progress", .inProgress), ("completed", .completed),
    ])

    public static let geocodingSources = EnumNames<Ecoprod_Directory_V1_GeocodingSource>(pairs: [
        ("none", .none), ("postcode-table", .postcodeTable), ("explicit", .explicit),
    ])
}
