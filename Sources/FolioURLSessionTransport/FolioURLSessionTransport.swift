// FolioURLSessionTransport: the HTTP transport of the client, on URLSession, so that the client never links NIO.
//
// The package declares this target now so that the module graph is fixed from
// the start (see README.md, "Layout"); its code lands with issue 5. It
// exports nothing yet, so no caller can mistake it for a working part.
