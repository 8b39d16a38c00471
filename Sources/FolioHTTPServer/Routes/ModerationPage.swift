import Hummingbird

/// A small HTML page for editors to moderate comments. It holds no data: its
/// script calls the editor JSON API with the token the editor types in.
enum ModerationPage {
    static func response() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Folio moderation</title>
        <style>body{font:15px system-ui;margin:2em;max-width:60em}li{margin:1em 0}button{margin-right:.5em}</style>
        </head><body>
        <h1>Pending comments</h1>
        <p><label>Editor token <input id="token" type="password" size="70"></label>
        <button id="load">Load</button></p>
        <ul id="list"></ul>
        <script>
        const list = document.getElementById('list');
        function token() { return document.getElementById('token').value.trim(); }
        async function call(method, path) {
          const r = await fetch(path, {method, headers: {Authorization: 'Bearer ' + token()}});
          if (!r.ok) throw new Error(r.status + ' ' + (await r.text()));
          return r.json();
        }
        function text(tag, value) { const e = document.createElement(tag); e.textContent = value; return e; }
        async function load() {
          list.replaceChildren();
          try {
            for (const c of await call('GET', '/v1/editor/comments?status=pending')) {
              const li = document.createElement('li');
              li.append(text('strong', c.name + ' <' + c.email + '> on article ' + c.articleId), text('p', c.text));
              for (const action of ['approve', 'reject']) {
                const b = text('button', action);
                b.onclick = async () => { await call('POST', '/v1/editor/comments/' + c.id + '/' + action); li.remove(); };
                li.append(b);
              }
              list.append(li);
            }
            if (!list.children.length) list.append(text('li', 'Nothing to moderate.'));
          } catch (e) { list.append(text('li', e.message)); }
        }
        document.getElementById('load').onclick = load;
        </script></body></html>
        """
}
