"""The reference server's editor API (`/v1/editor/…`, JSON, bearer token).

It is NOT part of the Folio sync protocol (SPEC.md §5.1: "versioned on its
own"); the conformance scenario uses it only to make changes on the server.
Python standard library only.
"""
from __future__ import annotations

import http.client
import json
import urllib.parse
from typing import Any, Dict, List, Optional, Tuple


class EditorError(Exception):
    pass


class Editor:
    """PUT/GET/DELETE /v1/editor/articles/{id}, GET /v1/editor/comments?status=…,
    POST /v1/editor/comments/{id}/approve."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.scheme = parsed.scheme
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, payload: Optional[Any] = None) -> Tuple[int, bytes]:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=self.timeout)
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def _expect(self, method: str, path: str, payload: Optional[Any] = None) -> bytes:
        status, body = self.request(method, path, payload)
        if status // 100 != 2:
            raise EditorError("%s %s -> %d %s" % (method, path, status, body[:300].decode("utf-8", "replace")))
        return body

    def get_article(self, article_id: int) -> Dict[str, Any]:
        return json.loads(self._expect("GET", "/v1/editor/articles/%d" % article_id))

    def put_article(self, article: Dict[str, Any]) -> bytes:
        """Publishes or changes an article given in the import format (camelCase JSON)."""
        return self._expect("PUT", "/v1/editor/articles/%d" % article["id"], article)

    def delete_article(self, article_id: int) -> bytes:
        """Unpublishes an article (a tombstone for clients, SPEC.md §8.4)."""
        return self._expect("DELETE", "/v1/editor/articles/%d" % article_id)

    def comments(self, status: str = "pending") -> List[Dict[str, Any]]:
        return json.loads(self._expect("GET", "/v1/editor/comments?status=" + urllib.parse.quote(status)))

    def approve(self, comment_id: int) -> bytes:
        return self._expect("POST", "/v1/editor/comments/%d/approve" % comment_id)

    def reject(self, comment_id: int) -> bytes:
        return self._expect("POST", "/v1/editor/comments/%d/reject" % comment_id)
