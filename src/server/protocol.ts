/**
 * What the language client and the server agree on beyond LSP itself. Kept free of imports so that the client
 * bundle takes nothing else from the server.
 */

/** Client-side command behind the code lenses: (uri: string, position?: {line, character}) opens the decoded tree. */
export const SHOW_TREE_COMMAND = 'sccpDissect.hex.showDecodedTree';

/** Custom request: { uri, position? } -> { title, text } | null (all messages of the document when no position). */
export const DECODED_TREE_REQUEST = 'sccpHex/decodedTree';

export interface DecodedTreeParams {
  uri: string;
  position?: { line: number; character: number };
}

export interface DecodedTreeResult {
  title: string;
  text: string;
}

/** The language id of hex dumps. */
export const SCCP_HEX_LANGUAGE = 'sccp-hex';
