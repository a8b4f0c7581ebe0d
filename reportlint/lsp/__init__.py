"""The language server (`reportlint lsp`): findings in the editor as the writer types.

Only the `lsp` command imports this package, and only `server.py` imports pygls, so
`reportlint check` starts as fast as before. The parts:

- `positions.py`: offsets of the one line index (`doc.index`) ↔ LSP positions in the
  negotiated encoding (UTF-16 code units unless the client asks for UTF-8 or UTF-32);
- `session.py`: the workspace model, free of the protocol — each document's nearest
  config and its rules, parsed Documents and collected findings per URI (a change
  re-parses that document only), the cross-file pass over the group, config errors;
- `convert.py`: Diagnostics → LSP diagnostics, quick fixes, suppression comments, hover;
- `server.py`: the pygls wiring (stdio, debouncing, publishing, file watching).
"""

from __future__ import annotations


def serve() -> int:
    """Run the server over standard input/output until the client says exit; the exit code (LSP: 0
    after a shutdown request, else 1).

    The protocol gets its own copies of the stdio descriptors, and descriptor 1 then points at
    standard error: a stray print anywhere cannot corrupt the message stream, and closing the
    stream at exit leaves the process's own stdout usable.
    """
    import os
    import sys

    from reportlint.lsp.server import build_server

    sys.stdout.flush()
    proto_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")  # buffered: read(n) returns all n bytes
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    server = build_server()
    server.start_io(proto_in, proto_out)
    return 0 if server.shut_down else 1
