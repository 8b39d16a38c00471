import Hummingbird

/// `GET /v1/editor/openapi.json`: the OpenAPI 3.1 description of the editor
/// API (``EditorRoutes``), served without a token because it holds no data.
///
/// ``json`` is `Protocol/editor-openapi.json` byte for byte, embedded here
/// rather than as a SwiftPM resource so that `Package.swift` stays as it is;
/// `EditorOpenAPITests` fails when the two differ. That is why this file is
/// far longer than 300 lines: all but the first few are the document. After
/// editing the JSON file, paste it between the delimiters (keeping the empty
/// line before the closing one, which stands for the file's final newline),
/// or run from the package root:
///
/// ```sh
/// f=Sources/FolioHTTPServer/Routes/EditorOpenAPI.swift
/// { sed '/^    static let json = #"""$/q' $f; cat Protocol/editor-openapi.json; printf '\n"""#\n}\n'; } > /tmp/e.swift && mv /tmp/e.swift $f
/// ```
enum EditorOpenAPI {
    /// The document's path. ``AuthMiddleware`` lets a `GET` of exactly this
    /// path through without a token, and nothing else.
    static let path = "/v1/editor/openapi.json"

    /// The answer: 200 with `Content-Type: application/json` and ``json``.
    static func response() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    /// `Protocol/editor-openapi.json`, byte for byte (a raw string: nothing in
    /// it is escaped or interpolated, and the JSON holds no `"""#`).
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Folio editor API",
    "version": "1.0.0",
    "summary": "Publish, correct, read and unpublish articles; list and moderate comments.",
    "description": "The JSON API of the reference server `folio-server` under `/v1/editor/`. It is not part of the Folio sync protocol (Protocol/SPEC.md §5.1) and is versioned on its own.\n\nEvery route needs `Authorization: Bearer <token>` with a token of role `editor` (`folio-server token create --role editor`), except `GET /v1/editor/openapi.json`, which serves this document, and the moderation page `GET /moderation`. Without a token, with a malformed `Authorization` header or an unknown token the server answers 401; with a `reader` token it answers 403.\n\nEvery answer carries `Folio-Request-Id` and `Folio-Protocol`. Every error answer is the JSON object `{\"code\", \"message\"}` (schema `Error`) with the same code in the `Folio-Error` header; the codes are those of Protocol/SPEC.md §12.1 (E502 bad request, E503 not found, E504 payload too large, E507 internal error). `Retry-After` accompanies only HTTP 429 and 503 answers, which no editor route gives.\n\nA request below `/v1/editor/` that no route takes, whether for its path or for its method (a method a path does not take is answered 404, never 405), is answered 404 (E503) after the token check, so 401 or 403 without an editor token. Request bodies are read as JSON whatever their `Content-Type`.\n\nThis document is Protocol/editor-openapi.json, written by hand from the server's code, and served byte for byte by the server; Protocol/python/check_openapi.py checks a running server against it with Schemathesis."
  },
  "tags": [
    {
      "name": "articles",
      "description": "Articles in the import format of `folio-server import`."
    },
    {
      "name": "comments",
      "description": "Readers' comments, with their e-mail addresses, and their moderation."
    },
    {
      "name": "meta",
      "description": "This document and the moderation page: public, they hold no data."
    }
  ],
  "security": [
    {
      "editorToken": []
    }
  ],
  "paths": {
    "/v1/editor/openapi.json": {
      "get": {
        "operationId": "getOpenAPI",
        "tags": ["meta"],
        "summary": "This document",
        "description": "Protocol/editor-openapi.json, byte for byte. Public: it holds no data, and a token that is sent is not looked at.",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": ["openapi", "info", "paths"],
                  "properties": {
                    "openapi": {
                      "type": "string",
                      "pattern": "^3\\.1\\.[0-9]+$"
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
    "/moderation": {
      "get": {
        "operationId": "getModerationPage",
        "tags": ["meta"],
        "summary": "The moderation page",
        "description": "A small HTML page for editors: its script asks for an editor token and calls the comment routes of this API with it. Public: it holds no data, a browser cannot attach a bearer token to a navigation, and a token that is sent is not looked at.",
        "security": [],
        "responses": {
          "200": {
            "description": "The page (`Cache-Control: no-store`).",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              },
              "Cache-Control": {
                "required": true,
                "schema": {
                  "type": "string",
                  "const": "no-store"
                }
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/v1/editor/articles/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/ArticleId"
        }
      ],
      "put": {
        "operationId": "putArticle",
        "tags": ["articles"],
        "summary": "Publish or correct an article",
        "description": "Publishes the article if the server has no article with this id, or only its tombstone (201, outcome `published`); corrects it if it is live and differs (200, `corrected`); changes nothing if it is live and the same (200, `unchanged`). The body's `id` must equal the path's. The body is at most 2 MiB (2097152 bytes; `HTTPServerConfiguration.maxEditorRequestBytes`).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ArticleInput"
              },
              "examples": {
                "report": {
                  "summary": "A new article",
                  "value": {
                    "id": 5000,
                    "newsCode": 260301,
                    "language": "en",
                    "title": "Water talks resume in Tashkent",
                    "lead": "Delegations of the five states meet for the first time since spring.",
                    "body": "Delegations met on Monday to discuss the allocation of the river's water.",
                    "author": "Editorial desk",
                    "source": "Folio",
                    "publishedAt": "2026-03-01T08:00:00Z",
                    "updatedAt": "2026-03-01T09:15:00Z",
                    "regions": ["central-asia"],
                    "topics": ["economic"],
                    "kind": "report",
                    "readingMinutes": 2,
                    "related": [1001]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published: the article is new, or was unpublished and is live again.",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/ArticleWriteResult"
                    },
                    {
                      "properties": {
                        "outcome": {
                          "const": "published"
                        },
                        "unpublished": {
                          "const": false
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "200": {
            "description": "Corrected, or unchanged (the same content was live already; no sequence number was used).",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/ArticleWriteResult"
                    },
                    {
                      "properties": {
                        "outcome": {
                          "enum": ["corrected", "unchanged"]
                        },
                        "unpublished": {
                          "const": false
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      },
      "get": {
        "operationId": "getArticle",
        "tags": ["articles"],
        "summary": "Read an article",
        "description": "The article as last written, in the import format with times in UTC. An unpublished article (a tombstone) is answered too, with its content before it was unpublished.",
        "responses": {
          "200": {
            "description": "The article.",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Article"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      },
      "delete": {
        "operationId": "deleteArticle",
        "tags": ["articles"],
        "summary": "Unpublish an article",
        "description": "The article becomes a tombstone for clients (Protocol/SPEC.md §8.4): outcome `unpublished`, or `unchanged` if it was unpublished already. Its content is kept and a later PUT publishes it again.",
        "responses": {
          "200": {
            "description": "Unpublished, or unchanged (it was unpublished already).",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/ArticleWriteResult"
                    },
                    {
                      "properties": {
                        "outcome": {
                          "enum": ["unpublished", "unchanged"]
                        },
                        "unpublished": {
                          "const": true
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/v1/editor/comments": {
      "get": {
        "operationId": "listComments",
        "tags": ["comments"],
        "summary": "List comments",
        "description": "Comments in ascending id order, with their authors' e-mail addresses. Page with `after` set to the last id of the previous page.",
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "Only comments with this moderation status; all comments if left out. Any other value is answered 400.",
            "schema": {
              "$ref": "#/components/schemas/ModerationStatus"
            }
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "description": "Only comments with a greater id. Default 0. A value that is not a decimal integer is ignored (the default applies).",
            "schema": {
              "type": "integer",
              "format": "int64",
              "default": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "The most comments to answer. Default 100; a value above 1000 counts as 1000, a negative one as 0. A value that is not a decimal integer is ignored (the default applies).",
            "schema": {
              "type": "integer",
              "format": "int64",
              "default": 100
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The comments (possibly none).",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "maxItems": 1000,
                  "items": {
                    "$ref": "#/components/schemas/EditorComment"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/v1/editor/comments/{id}/approve": {
      "parameters": [
        {
          "$ref": "#/components/parameters/CommentId"
        }
      ],
      "post": {
        "operationId": "approveComment",
        "tags": ["comments"],
        "summary": "Approve a comment",
        "description": "The comment becomes visible to every reader. Approving an approved comment changes nothing. No request body is read.",
        "responses": {
          "200": {
            "description": "The comment, now approved.",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/EditorComment"
                    },
                    {
                      "properties": {
                        "status": {
                          "const": "approved"
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/v1/editor/comments/{id}/reject": {
      "parameters": [
        {
          "$ref": "#/components/parameters/CommentId"
        }
      ],
      "post": {
        "operationId": "rejectComment",
        "tags": ["comments"],
        "summary": "Reject a comment",
        "description": "The comment becomes visible only to its author's client. Rejecting a rejected comment changes nothing. No request body is read.",
        "responses": {
          "200": {
            "description": "The comment, now rejected.",
            "headers": {
              "Folio-Request-Id": {
                "$ref": "#/components/headers/FolioRequestId"
              },
              "Folio-Protocol": {
                "$ref": "#/components/headers/FolioProtocol"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/EditorComment"
                    },
                    {
                      "properties": {
                        "status": {
                          "const": "rejected"
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "editorToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "fst_ and 64 lowercase hex digits",
        "description": "A token of role `editor`, made with `folio-server token create --role editor`. The server keeps only its SHA-256."
      }
    },
    "parameters": {
      "ArticleId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The article id: a positive decimal integer (otherwise 400).",
        "schema": {
          "type": "integer",
          "format": "int64",
          "minimum": 1
        },
        "example": 5000
      },
      "CommentId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The comment id: a positive decimal integer (otherwise 400).",
        "schema": {
          "type": "integer",
          "format": "int64",
          "minimum": 1
        },
        "example": 1
      }
    },
    "headers": {
      "FolioRequestId": {
        "description": "The id of this request, also in the server's log line for it.",
        "required": true,
        "schema": {
          "type": "string",
          "format": "uuid"
        }
      },
      "FolioProtocol": {
        "description": "The version of the sync protocol the server speaks (Protocol/SPEC.md §5.3), on every answer.",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[0-9]+$"
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "E502: the id is not a positive integer; the body is not an article (not JSON, a field missing, named twice or of the wrong type, a number out of its field's range, a time that is not ISO 8601); the body's id differs from the path's; the article breaks a rule of `ArticleInput` (the message names the first field); or `status` is not a moderation status.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "502"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 502
                    }
                  }
                }
              ]
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No `Authorization` header, one that is not `Bearer <token>`, or a token the server does not know.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "502"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 502
                    }
                  }
                }
              ]
            }
          }
        }
      },
      "Forbidden": {
        "description": "The token is valid but of role `reader`.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "502"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 502
                    }
                  }
                }
              ]
            }
          }
        }
      },
      "NotFound": {
        "description": "E503: no article or comment has this id.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "503"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 503
                    }
                  }
                }
              ]
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "E504: the body is larger than 2 MiB (2097152 bytes). Refused before it is read when `Content-Length` says so.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "504"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 504
                    }
                  }
                }
              ]
            }
          }
        }
      },
      "InternalError": {
        "description": "E507: the server failed (for example its database could not be read or written). The message says no more.",
        "headers": {
          "Folio-Error": {
            "description": "The error code of the body.",
            "required": true,
            "schema": {
              "type": "string",
              "const": "507"
            }
          },
          "Folio-Request-Id": {
            "$ref": "#/components/headers/FolioRequestId"
          },
          "Folio-Protocol": {
            "$ref": "#/components/headers/FolioProtocol"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/Error"
                },
                {
                  "properties": {
                    "code": {
                      "const": 507
                    }
                  }
                }
              ]
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "description": "Every error answer of the editor API. `code` is a Protocol/SPEC.md §12.1 code, also sent as the `Folio-Error` header. 401 and 403 answers carry 502.",
        "required": ["code", "message"],
        "additionalProperties": false,
        "properties": {
          "code": {
            "type": "integer",
            "description": "The Protocol/SPEC.md §12.1 error code.",
            "enum": [502, 503, 504, 507]
          },
          "message": {
            "type": "string",
            "description": "What went wrong, in English; never another user's data."
          }
        }
      },
      "ArticleWriteResult": {
        "type": "object",
        "description": "What an article write did.",
        "required": ["outcome", "id", "revision", "sequence", "unpublished"],
        "additionalProperties": false,
        "properties": {
          "outcome": {
            "type": "string",
            "enum": ["published", "corrected", "unpublished", "unchanged"]
          },
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The article id."
          },
          "revision": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The server revision: 1 on first publication, one more on every correction, unpublication and republication."
          },
          "sequence": {
            "type": "integer",
            "minimum": 1,
            "maximum": 18446744073709551615,
            "description": "The global sequence number of the article's latest change (unsigned 64 bits)."
          },
          "unpublished": {
            "type": "boolean",
            "description": "True if the article is a tombstone."
          }
        }
      },
      "ModerationStatus": {
        "type": "string",
        "enum": ["pending", "approved", "rejected"],
        "description": "`pending`: waiting for an editor (every new comment); `approved`: visible to every reader; `rejected`: visible only to its author's client."
      },
      "EditorComment": {
        "type": "object",
        "description": "A comment as editors see it, e-mail address included (also the JSON of `folio-server comments list --json`).",
        "required": ["id", "articleId", "name", "email", "text", "createdAt", "receivedAt", "status"],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The server's comment id."
          },
          "articleId": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The article it is about."
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "The commenter's name: not blank, at most 100 Unicode scalars (Protocol/SPEC.md §10.2)."
          },
          "email": {
            "type": "string",
            "minLength": 5,
            "maxLength": 254,
            "description": "The commenter's e-mail address, at most 254 UTF-8 bytes (editors only)."
          },
          "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4000,
            "description": "The comment: not blank, at most 4000 Unicode scalars."
          },
          "createdAt": {
            "$ref": "#/components/schemas/ServerTime",
            "description": "When the commenter wrote it, as their client said (UTC)."
          },
          "receivedAt": {
            "$ref": "#/components/schemas/ServerTime",
            "description": "When the server received it (UTC)."
          },
          "status": {
            "$ref": "#/components/schemas/ModerationStatus"
          }
        }
      },
      "ServerTime": {
        "type": "string",
        "description": "A time the server writes: UTC, `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` milliseconds only when they are not zero. A comment's `createdAt` is its client's, so its year may have more than four digits.",
        "pattern": "^[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3})?Z$"
      },
      "InputTime": {
        "type": "string",
        "description": "An ISO 8601 time the server reads: `YYYY-MM-DDTHH:MM:SS`, optionally 1 to 9 fraction digits (kept to the millisecond), then `Z` or an offset `±HH:MM` (`T` and `Z` may be lowercase). The date must exist, the hours, minutes and seconds be in range (no leap second), and the time, in UTC, be no later than 9999-12-31T23:59:59.999Z; otherwise 400.",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
      },
      "Slug": {
        "type": "string",
        "description": "A lowercase ASCII slug, e.g. `central-asia`: `[a-z0-9]+(-[a-z0-9]+)*`, at most 64 bytes.",
        "minLength": 1,
        "maxLength": 64,
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"
      },
      "ShortText": {
        "type": "string",
        "description": "At most 4096 UTF-8 bytes (`FieldLimits.maxShortTextBytes`; `maxLength` bounds characters, the server counts bytes), no NUL character.",
        "maxLength": 4096,
        "pattern": "^[^\\u0000]*$"
      },
      "ArticleKind": {
        "type": "string",
        "enum": ["article", "report", "interview", "special-report"],
        "description": "The kind of piece."
      },
      "ArticleInput": {
        "type": "object",
        "description": "An article as an editor writes it (the line format of `folio-server import`). Besides the rules of each field: `updatedAt` must not precede `publishedAt`, and `publishedAt` must not precede 1970-01-01T00:00:00Z. Any rule broken is answered 400 naming the first bad field. Members not named here are ignored.",
        "required": ["id", "newsCode", "language", "title", "lead", "body", "author", "source", "publishedAt", "updatedAt", "regions", "topics", "kind", "readingMinutes"],
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The article id chosen by the publisher; equal to the path's id."
          },
          "newsCode": {
            "type": "integer",
            "format": "int64",
            "minimum": 0,
            "description": "The publisher's news code."
          },
          "language": {
            "type": "string",
            "enum": ["en", "fa"]
          },
          "title": {
            "allOf": [
              {
                "$ref": "#/components/schemas/ShortText"
              }
            ],
            "minLength": 1,
            "description": "The headline: not empty."
          },
          "lead": {
            "$ref": "#/components/schemas/ShortText",
            "description": "The standfirst (may be empty)."
          },
          "body": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1048576,
            "pattern": "^[^\\u0000]*$",
            "description": "The text: not empty, at most 1 MiB (1048576 UTF-8 bytes; `maxLength` bounds characters, the server counts bytes), no NUL character."
          },
          "author": {
            "$ref": "#/components/schemas/ShortText",
            "description": "The author's name (may be empty)."
          },
          "source": {
            "$ref": "#/components/schemas/ShortText",
            "description": "The source, a desk or agency (may be empty)."
          },
          "publishedAt": {
            "$ref": "#/components/schemas/InputTime",
            "description": "First publication."
          },
          "updatedAt": {
            "$ref": "#/components/schemas/InputTime",
            "description": "Last update; not before `publishedAt`."
          },
          "regions": {
            "type": "array",
            "maxItems": 64,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/Slug"
            },
            "description": "Region slugs, at most 64, no duplicates."
          },
          "topics": {
            "type": "array",
            "maxItems": 64,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/Slug"
            },
            "description": "Topic slugs, at most 64, no duplicates."
          },
          "kind": {
            "$ref": "#/components/schemas/ArticleKind"
          },
          "readingMinutes": {
            "type": "integer",
            "minimum": 0,
            "maximum": 4294967295,
            "description": "Estimated reading time in minutes (unsigned 32 bits)."
          },
          "related": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            },
            "default": [],
            "description": "Ids of related articles, at most 64, none equal to `id`. Optional: left out means none."
          }
        }
      },
      "Article": {
        "type": "object",
        "description": "An article as the server answers it: every field of `ArticleInput`, `related` always present, times as `ServerTime`.",
        "required": ["id", "newsCode", "language", "title", "lead", "body", "author", "source", "publishedAt", "updatedAt", "regions", "topics", "kind", "readingMinutes", "related"],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "newsCode": {
            "type": "integer",
            "format": "int64"
          },
          "language": {
            "type": "string",
            "enum": ["en", "fa"]
          },
          "title": {
            "type": "string",
            "minLength": 1
          },
          "lead": {
            "type": "string"
          },
          "body": {
            "type": "string",
            "minLength": 1
          },
          "author": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "publishedAt": {
            "$ref": "#/components/schemas/ServerTime"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/ServerTime"
          },
          "regions": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "$ref": "#/components/schemas/Slug"
            }
          },
          "topics": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "$ref": "#/components/schemas/Slug"
            }
          },
          "kind": {
            "$ref": "#/components/schemas/ArticleKind"
          },
          "readingMinutes": {
            "type": "integer",
            "minimum": 0,
            "maximum": 4294967295
          },
          "related": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            }
          }
        }
      }
    }
  }
}

"""#
}
