// FolioClient: the sync engine: a state machine without I/O (SPEC.md client state machine) and the actor that drives it through a SyncTransport.
//
// The package declares this target now so that the module graph is fixed from
// the start (see README.md, "Layout"); its code lands with issue 5. It
// exports nothing yet, so no caller can mistake it for a working part.
