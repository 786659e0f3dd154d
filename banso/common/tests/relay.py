"""A TCP relay in front of a test server, whose link a test can cut and restore.

A browser's emulated loss of signal (Playwright's ``set_offline``) reaches a page a moment
after it is set, and does not reach every request a service worker lets through. A cut relay
loses the signal for real: every connection it carries is closed, and each new one is closed as
soon as it is made, so no request of the browser's reaches the server until it is restored.
"""

import contextlib
import socket
import struct
import threading

_CHUNK = 64 * 1024


def _reset(sock: socket.socket) -> None:
    """Close at once with a reset, as a link that drops does (no orderly goodbye)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)  # wakes the thread reading it
    except OSError:
        pass
    sock.close()


class Relay:
    """Relays 127.0.0.1:``port`` to ``target``; ``cut()`` and ``restore()`` the link."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._is_cut = False
        threading.Thread(target=self._accept, name="relay-accept", daemon=True).start()

    def url(self, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}"

    def cut(self) -> None:
        with self._lock:
            self._is_cut = True
            carried, self._open = self._open, set()
        for sock in carried:
            _reset(sock)

    def restore(self) -> None:
        with self._lock:
            self._is_cut = False

    def close(self) -> None:
        self._listener.close()
        self.cut()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # the relay is closed
            try:
                upstream = socket.create_connection(self._target)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                if self._is_cut:
                    cut_now = True
                else:
                    cut_now = False
                    self._open.update((client, upstream))
            if cut_now:
                _reset(client)
                _reset(upstream)
                continue
            ended = [0]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pump,
                    args=(source, sink, (client, upstream), ended),
                    name="relay-pump",
                    daemon=True,
                ).start()

    def _pump(self, source, sink, pair, ended: list[int]) -> None:
        try:
            while data := source.recv(_CHUNK):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)  # this side finished: pass its goodbye on
        except OSError:
            # Cut, or one side went away: the other direction ends as well.
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        with self._lock:
            ended[0] += 1
            last = ended[0] == 2
            if last:
                self._open.difference_update(pair)
        if last:
            for sock in pair:
                sock.close()
