// A minimal VS Code client for `reportlint lsp`: starts the server over stdio for Markdown and
// plain-text documents and hands it the extension's settings as initializationOptions.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const cfg = vscode.workspace.getConfiguration("reportlint");
  const server = { command: cfg.get("path", "reportlint"), args: ["lsp"] };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: {
      debounceMs: cfg.get("debounceMs", 250),
      crossFile: cfg.get("crossFile", null),
      preview: cfg.get("preview", null),
      rulesUrl: cfg.get("rulesUrl", null),
    },
  };
  client = new LanguageClient("reportlint", "reportlint", { run: server, debug: server }, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
