// FolioServer: the sync service and its storage behind a protocol (SQLite now, PostgreSQL next); it knows nothing of HTTP.
//
// The package declares this target now so that the module graph is fixed from
// the start (see README.md, "Layout"); its code lands with issue 4. It
// exports nothing yet, so no caller can mistake it for a working part.
