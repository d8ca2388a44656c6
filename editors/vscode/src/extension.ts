// Starts pschema-lsp (the `pschema.serverPath` setting) for .pschema files.
import { workspace, ExtensionContext } from "vscode";
import { LanguageClient, ServerOptions, LanguageClientOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration("pschema").get<string>("serverPath", "pschema-lsp");
  const server: ServerOptions = { command, args: [] };
  const options: LanguageClientOptions = { documentSelector: [{ language: "pschema" }] };
  client = new LanguageClient("pschema", "pschema", server, options);
  context.subscriptions.push(client);
  return client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
