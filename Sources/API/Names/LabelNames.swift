/// The label domain's enums as people write them.
public enum LabelNames {
    public static let productionKinds = EnumNames<Ecoprod_Label_V1_ProductionKind>(pairs: [
        ("feature-film", .featureFilm), ("tv-film", .tvFilm), ("series", .series), ("documentary", .documentary),
        ("tv-programme", .tvProgramme), ("advertisement", .advertisement), ("music-video", .musicVideo), ("other", .other),
    ])
}
