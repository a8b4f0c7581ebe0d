"""A minimal LSP client for the tests: `reportlint lsp` in a subprocess, JSON-RPC with Content-Length framing.

It does what an editor does on the wire and nothing more: requests get ids and wait for
their response; notifications from the server (publishDiagnostics, logs, registrations)
are queued and waited for by predicate, never by sleeping.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

WAIT_S = 30.0  # a bound for a hung server, not a timing assumption: every wait ends on a message


class LspClient:
    def __init__(self, cwd: Path, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "reportlint", "lsp"], cwd=cwd, env=full_env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._next_id = 0
        self._responses: dict[int, dict] = {}
        self._cond = threading.Condition()
        self.notifications: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ the wire

    def _send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(out.read(length).decode("utf-8"))
            if "id" in message and "method" not in message:
                with self._cond:
                    self._responses[message["id"]] = message
                    self._cond.notify_all()
            elif "id" in message:  # a request from the server (registerCapability): answer it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                self.notifications.put(message)
            else:
                self.notifications.put(message)

    # ------------------------------------------------------------ what tests call

    def request(self, method: str, params: object = None) -> object:
        self._next_id += 1
        rid = self._next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self._cond:
            if not self._cond.wait_for(lambda: rid in self._responses, WAIT_S):
                raise TimeoutError(f"no response to {method}; stderr: {self._stderr()}")
            response = self._responses.pop(rid)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: object = None) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate, what: str = "a notification") -> dict:
        """The first queued notification `predicate` accepts (earlier ones are kept in `seen`)."""
        while True:
            try:
                message = self.notifications.get(timeout=WAIT_S)
            except queue.Empty:
                raise TimeoutError(f"no {what}; stderr: {self._stderr()}") from None
            self.seen.append(message)
            if predicate(message):
                return message

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        """The next publishDiagnostics for `uri` (of `version`, when given)."""
        def ok(m: dict) -> bool:
            p = m.get("params") or {}
            return (m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri
                    and (version is None or p.get("version") == version))

        return self.wait_for(ok, f"diagnostics for {uri}")["params"]["diagnostics"]

    def initialize(self, root: Path, options: dict | None = None, encodings: list[str] | None = None) -> dict:
        caps: dict = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
                      "textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
        if encodings:
            caps["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                             "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                                             "capabilities": caps, "initializationOptions": options or {}})
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "markdown", version: int = 1) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                              "version": version, "text": text}})
        return uri

    def change(self, uri: str, text: str, version: int, range: dict | None = None) -> None:
        """The whole text, or (with `range`, in the server's position encoding) an incremental edit."""
        change = {"text": text} if range is None else {"range": range, "text": text}
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [change]})

    def close(self) -> int:
        """shutdown, exit, and the server's exit code."""
        try:
            self.request("shutdown")
            self.notify("exit")
            return self.proc.wait(timeout=WAIT_S)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                stream.close()

    def _stderr(self) -> str:
        if self.proc.poll() is None:
            return "(server still running)"
        return self.proc.stderr.read().decode("utf-8", "replace")[-2000:]
