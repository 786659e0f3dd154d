"""A small LibreTranslate-compatible server for the engine's tests, on a free local port.

It answers ``GET /languages`` and ``POST /translate`` like LibreTranslate, from a fixed table
(any other text comes back as ``"[target] text"``), records every request it gets, and can be
told to be slow, to fail the next requests, to call Chinese "zh" (before 1.6) or "zh-Hans", to
require an API key, or to be down (its port closed).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TABLE = {
    "en": {
        "Chè Shan tuyết cổ thụ": "Ancient Shan Tuyet tea",
        "Mận hậu Bắc Hà": "Bac Ha plums",
        "Chợ phiên Cán Cấu": "Can Cau market",
    },
    "zh": {
        "Chè Shan tuyết cổ thụ": "古树雪山茶",
        "Mận hậu Bắc Hà": "北河李子",
        "Chợ phiên Cán Cấu": "坎究集市",
    },
}


@dataclass
class Received:
    method: str
    path: str
    body: dict | None


@dataclass
class LibreTranslateServer:
    chinese_code: str = "zh-Hans"
    api_key: str = ""
    # Seconds each POST /translate waits before answering.
    delay: float = 0.0
    # The next this many requests (to ``fail_path``, or any path when it is empty) get
    # ``fail_status``.
    fail_times: int = 0
    fail_status: int = 500
    fail_path: str = ""
    received: list[Received] = field(default_factory=list)
    _httpd: ThreadingHTTPServer | None = None
    _released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def start(self) -> "LibreTranslateServer":
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        # Polled every 50 ms: shutdown() at the end of a test returns at once, not after up to
        # the default half second.
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Close the port: the engine then meets "connection refused"."""
        self._released.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def fail(self, times: int, *, status: int = 500, path: str = "") -> None:
        with self._lock:
            self.fail_times, self.fail_status, self.fail_path = times, status, path

    def requests_to(self, path: str) -> list[Received]:
        with self._lock:
            return [request for request in self.received if request.path == path]

    def languages(self) -> list[dict]:
        codes = ["vi", "en", self.chinese_code]
        return [
            {"code": code, "name": code, "targets": [other for other in codes if other != code]}
            for code in codes
        ]

    def answer(self, method: str, path: str, body: dict | None) -> tuple[int, object]:
        with self._lock:
            self.received.append(Received(method, path, body))
            if self.fail_times and self.fail_path in ("", path):
                self.fail_times -= 1
                return self.fail_status, {"error": "Failing as told"}
        if method == "GET" and path == "/languages":
            return 200, self.languages()
        if method != "POST" or path != "/translate" or body is None:
            return 404, {"error": "Not found"}
        if self.delay:
            self._released.wait(self.delay)
        if self.api_key and body.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        offered = {"vi", "en", self.chinese_code}
        if body.get("source") not in offered or body.get("target") not in offered:
            return 400, {"error": f"{body.get('target')} is not supported"}
        target = "zh" if body["target"] == self.chinese_code else body["target"]
        table = TABLE.get(target, {})
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        translated = [table.get(text, f"[{target}] {text}") for text in texts]
        return 200, {"translatedText": translated if isinstance(body["q"], list) else translated[0]}


def _handler(server: LibreTranslateServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._reply(*server.answer("GET", self.path, None))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            self._reply(*server.answer("POST", self.path, body))

        def _reply(self, status: int, payload: object) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the engine gave up waiting (the slow server's tests)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
