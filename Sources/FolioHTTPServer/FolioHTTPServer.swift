// FolioHTTPServer: the Hummingbird server that maps FolioServer onto the /v1/ endpoints of SPEC.md.
//
// The package declares this target now so that the module graph is fixed from
// the start (see README.md, "Layout"); its code lands with issue 4. It
// exports nothing yet, so no caller can mistake it for a working part.
