import EcoprodAPI
import EcoprodProtocol
import Foundation

/// ImportOrganisations and ExportOrganisations.
extension DirectoryService {
    func registerImport(on router: Router) throws {
        try router.registerClientStreaming(service: Self.name, method: "ImportOrganisations", role: .editor, mutating: true) {
            (messages: AsyncThrowingMapSequence<RequestStream, Ecoprod_Directory_V1_ImportOrganisationsRequest>, call) in
            let (header, file) = try await StreamedFile.read(
                messages, maximumSize: OrganisationCSV.maximumSize, kind: "a file of organisations",
                header: { if case .header(let header)? = $0.part { header } else { nil } },
                chunk: { if case .chunk(let chunk)? = $0.part { chunk } else { nil } },
                prepare: { (header: Ecoprod_Directory_V1_ImportOrganisationsHeader) in header }
            )
            let events = events
            let response = try await store.importOrganisations(file, header: header, by: .init(call)) { rows, bytes in
                events.publish(
                    topic: "directory.import.progress", summary: "\(header.fileName): \(rows) rows read",
                    detail: Ecoprod_Directory_V1_ImportProgress.with {
                        $0.fileName = header.fileName
                        $0.rowsRead = UInt64(rows)
                        $0.bytesRead = UInt64(bytes)
                    }
                )
            }
            if response.created > 0, !header.dryRun {
                // One event for the import: each organisation's creation is in its own history.
                events.publish(
                    topic: "directory.organisations.imported",
                    summary: "\(header.fileName): \(response.created) organisations created, \(response.rejected) rows rejected, by uid \(call.caller.uid)",
                    detail: response
                )
            }
            return response
        }
        try router.registerServerStreaming(service: Self.name, method: "ExportOrganisations", role: .reader) {
            (request: Ecoprod_Directory_V1_ExportOrganisationsRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_ExportChunk>) in
            let filter = try await filterSQL(request.filter)
            try await stream.send(.with { $0.data = Data(OrganisationCSV.header.utf8) })
            var after = ""
            while true {
                let page = try await store.organisations(filter, afterID: after, limit: Self.pageSize)
                try await stream.send(.with { $0.data = Data(page.map(OrganisationCSV.row).joined().utf8) })
                guard let last = page.last, page.count == Self.pageSize else { return }
                after = last.id
            }
        }
    }
}
